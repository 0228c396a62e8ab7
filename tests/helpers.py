"""Shared test helpers: render a blueprint into a folder."""

from __future__ import annotations

from pathlib import Path

from scaffold.blueprint.load import load_blueprint, load_text
from scaffold.blueprint.validate import validate
from scaffold.output.files import OutputFile
from scaffold.project.rendering import render

REPO = Path(__file__).resolve().parent.parent
BLUEPRINTS = sorted((REPO / "blueprints").glob("*.yaml"))


def render_files(blueprint: Path | str) -> list[OutputFile]:
    """Render a blueprint file, or YAML text, in memory."""
    if isinstance(blueprint, Path):
        return render(validate(load_blueprint(blueprint)))
    return render(validate(load_text(blueprint)))


def render_to(blueprint: Path | str, out: Path) -> list[OutputFile]:
    """Render and write every file under ``out`` (no manifest; for inspection)."""
    files = render_files(blueprint)
    for f in files:
        target = out / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(f.content)
    return files
