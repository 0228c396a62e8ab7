"""The render stage from a validated blueprint: plan it once, then render every file.

The one place where a blueprint meets the back ends: ``scaffold.render`` takes the plan
alone (``docs/decisions/0018-back-ends-read-the-handler-plan.md``).
"""

from __future__ import annotations

from scaffold.blueprint import model
from scaffold.output.files import OutputFile
from scaffold.plan.build import build_plan
from scaffold.render.pipeline import render_plan


def render(bp: model.Blueprint) -> list[OutputFile]:
    """Plan and render a validated blueprint: every output file, in memory, sorted."""
    return render_plan(build_plan(bp))
