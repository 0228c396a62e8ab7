"""Render stage: handler stubs, their tests and per-service helpers, by runtime."""

from __future__ import annotations

from scaffold.blueprint import model
from scaffold.output.files import OutputFile
from scaffold.plan.defaults import runtime_of


def emit_stubs(bp: model.Blueprint) -> list[OutputFile]:
    """Stubs and helpers of every service in its runtime, plus the optional SSR stub."""
    from scaffold.render.stubs_python import emit_python_stubs
    from scaffold.render.stubs_typescript import emit_ssr_stub, emit_typescript_stubs

    files: list[OutputFile] = []
    for name, svc in sorted(bp.services.items()):
        if runtime_of(bp, svc).startswith("python"):
            files += emit_python_stubs(bp, name)
        else:
            files += emit_typescript_stubs(bp, name)
    if bp.frontend and bp.frontend.ssr:
        files += emit_ssr_stub(bp)
    return files
