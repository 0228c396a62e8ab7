"""Render the Terraform of a build plan: static modules, platform and service roots, stages."""

from __future__ import annotations

from functools import cache

from scaffold.output.files import OutputFile
from scaffold.plan.ir import BuildPlan
from scaffold.render.resources import templates_root, walk
from scaffold.render.terraform.bootstrap import emit_bootstrap_root
from scaffold.render.terraform.common import stage_tfvars
from scaffold.render.terraform.platform import emit_platform_root
from scaffold.render.terraform.service import emit_service_root

MODULE_FILES = (".tf", ".md")


@cache
def _static_modules() -> tuple[OutputFile, ...]:
    """The building-block modules, copied verbatim (read once per process)."""
    root = templates_root() / "terraform" / "modules"
    return tuple(OutputFile(f"infra/modules/{rel}", entry.read_bytes())
                 for rel, entry in walk(root) if rel.endswith(MODULE_FILES))


def emit_terraform(plan: BuildPlan) -> list[OutputFile]:
    """All Terraform files of the project."""
    files = list(_static_modules())
    texts = emit_platform_root(plan)
    for root in plan.services:
        texts.update(emit_service_root(plan, root))
    texts.update(emit_bootstrap_root(plan))
    for stage in plan.stages:
        texts[f"infra/stages/{stage}.tfvars"] = stage_tfvars(stage)
    files += [OutputFile(path, text.encode()) for path, text in sorted(texts.items())]
    return files
