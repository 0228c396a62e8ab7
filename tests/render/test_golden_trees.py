"""Golden rendered trees: every file render produces, compared byte for byte.

Each blueprint under ``blueprints/`` renders (in memory) into the tree kept in
``tests/golden/render/<blueprint>/``. Any change of output shows up here as a diff to
review; refresh with ``python3 -m pytest tests/render/test_golden_trees.py --update-golden``.

The building-block modules under ``infra/modules/`` are copied verbatim from
``templates/terraform/modules``; they are checked against that source instead of being
stored three more times.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from tests.helpers import BLUEPRINTS, REPO, render_files

GOLDEN = REPO / "tests" / "golden" / "render"
MODULES = "infra/modules/"
REFRESH = "python3 -m pytest tests/render/test_golden_trees.py --update-golden"


def _tree(blueprint: Path) -> dict[str, bytes]:
    return {f.path: f.content for f in render_files(blueprint) if not f.path.startswith(MODULES)}


def _stored(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _write(folder: Path, tree: dict[str, bytes]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    for path, content in tree.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def _difference(stored: dict[str, bytes], rendered: dict[str, bytes]) -> str:
    lines: list[str] = []
    for path in sorted(stored.keys() | rendered.keys()):
        old, new = stored.get(path), rendered.get(path)
        if old == new:
            continue
        if old is None:
            lines.append(f"+ new file {path}")
        elif new is None:
            lines.append(f"- file no longer rendered {path}")
        else:
            lines += difflib.unified_diff(
                old.decode(errors="replace").splitlines(),
                new.decode(errors="replace").splitlines(),
                f"golden/{path}", f"rendered/{path}", lineterm="", n=2)
    return "\n".join(lines)


@pytest.mark.parametrize("blueprint", BLUEPRINTS, ids=lambda p: p.stem)
def test_rendered_tree_matches_golden(blueprint: Path, update_golden: bool) -> None:
    folder = GOLDEN / blueprint.stem
    rendered = _tree(blueprint)
    if update_golden:
        _write(folder, rendered)
    difference = _difference(_stored(folder), rendered)
    assert not difference, f"rendered output differs from {folder} (refresh: {REFRESH}):\n" + (
        difference[:20000])


def test_every_golden_tree_has_its_blueprint() -> None:
    folders = {p.name for p in GOLDEN.iterdir() if p.is_dir()}
    assert folders == {b.stem for b in BLUEPRINTS}


@pytest.mark.parametrize("blueprint", BLUEPRINTS, ids=lambda p: p.stem)
def test_modules_are_copied_verbatim(blueprint: Path) -> None:
    source = REPO / "templates" / "terraform" / "modules"
    modules = {f.path[len(MODULES):]: f.content
               for f in render_files(blueprint) if f.path.startswith(MODULES)}
    assert modules, "every blueprint renders the building-block modules"
    for path, content in modules.items():
        assert content == (source / path).read_bytes(), path
