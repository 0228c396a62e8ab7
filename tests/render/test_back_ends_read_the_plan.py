"""Back ends read the plan alone (issue 11, step 3; decision 0018).

Every module of ``scaffold/render/`` (Terraform, TypeScript, Python, docs) and
``scaffold/graph/`` may take pure naming functions from the blueprint package
(``scaffold.blueprint.names``) and pure helpers or data classes from the plan, but never the
blueprint model or a plan function that needs blueprint objects: those decisions are made
once, in ``scaffold/plan/``. The import-linter contract in pyproject.toml checks the first
half; this test also checks the second, which import-linter cannot express.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from scaffold.blueprint.load import load_blueprint
from scaffold.blueprint.validate import validate
from scaffold.plan.build import build_plan
from scaffold.render.python.emit import emit_python_stubs
from tests.helpers import BLUEPRINTS

PACKAGE = Path(__file__).resolve().parents[2] / "scaffold"
BACK_ENDS = sorted(str(p.relative_to(PACKAGE)) for folder in ("render", "graph")
                   for p in (PACKAGE / folder).rglob("*.py"))
# Plan modules whose functions take blueprint objects: only their data classes may be used.
MODEL_READERS = {"callbacks", "ownership", "access", "websocket", "defaults", "functions",
                 "topics", "model"}
ALLOWED_NAMES = {"Resume", "Correlation", "Signature", "OwnerQuery", "bind_key"}


def _imports(path: Path) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found += [(node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(alias.name, "") for alias in node.names]
    return found


def test_every_back_end_module_is_checked() -> None:
    assert {"render/python/emit.py", "render/typescript/emit.py", "render/terraform/emit.py",
            "render/docs.py", "graph/build.py"} <= set(BACK_ENDS)


@pytest.mark.parametrize("module", BACK_ENDS)
def test_no_back_end_module_reads_the_blueprint_model(module: str) -> None:
    for source, name in _imports(PACKAGE / module):
        if source.startswith("scaffold.blueprint"):
            assert (source, name) == ("scaffold.blueprint", "names") \
                or source == "scaffold.blueprint.names", (source, name)
        if source == "scaffold.plan":
            assert name not in MODEL_READERS, name
        if source.startswith("scaffold.plan.") and source.rpartition(".")[2] in MODEL_READERS:
            assert name in ALLOWED_NAMES, (source, name)


@pytest.mark.parametrize("blueprint", BLUEPRINTS, ids=lambda p: p.stem)
def test_every_service_renders_from_its_plan_alone(blueprint: Path) -> None:
    code = build_plan(validate(load_blueprint(blueprint))).code
    for svc in code.services.values():
        if svc.python:
            files = emit_python_stubs(svc)
            assert files == sorted(files, key=lambda f: f.path)
            assert any(f.path == f"services/{svc.name}/pyproject.toml" for f in files)
