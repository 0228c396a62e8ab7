"""The render stage as one call: build plan -> every output file, in memory, sorted.

Every back end takes the plan alone (decision 0018); ``scaffold.project.rendering.render``
plans a blueprint and calls :func:`render_plan`.
"""

from __future__ import annotations

from scaffold.output.files import OutputFile
from scaffold.plan.ir import BuildPlan
from scaffold.render.terraform.emit import emit_terraform


def render_plan(plan: BuildPlan) -> list[OutputFile]:
    """Render every file of the project for ``plan`` (Terraform, stubs, docs)."""
    files = emit_terraform(plan)
    # The lock file and the stat cache are per machine; the manifest next to them is committed.
    files.append(OutputFile(".scaffold/.gitignore",
                            b"lock\nmanifest.pending.json\nstat-cache.json\n"))
    files += _optional("scaffold.render.stubs", "emit_stubs", plan.code)
    files += _optional("scaffold.render.docs", "emit_docs", plan)
    return sorted(files, key=lambda f: f.path)


def _optional(module: str, function: str, *args: object) -> list[OutputFile]:
    import importlib

    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        return []
    result: list[OutputFile] = getattr(mod, function)(*args)
    return result
