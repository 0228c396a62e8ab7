"""The benchmark workloads (benchmarks/make_blueprint.py) are valid blueprints that render.

No timing here: benchmarks/run.py measures; this only guards the workload it measures.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from scaffold.blueprint.functions import iter_functions
from scaffold.blueprint.load import load_text
from scaffold.blueprint.validate import validate
from scaffold.project.rendering import render

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "make_blueprint.py"


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_blueprint", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_blueprint = _module().make_blueprint


@pytest.mark.parametrize("groups", [1, 10])
def test_generated_blueprint_validates_and_renders(groups: int) -> None:
    bp = validate(load_text(make_blueprint(groups), f"w{groups * 3}.yaml"))

    assert len(bp.services) == 3 * groups
    uses = [u for name, svc in bp.services.items() for u in iter_functions(name, svc)]
    triggers = Counter(u.trigger for u in uses)
    assert triggers == {"route": 10 * groups, "subscription": 3 * groups,
                        "schedule": groups, "websocket": 3}
    assert sum(len(svc.tables) for svc in bp.services.values()) == 2 * groups
    websocket = [name for name, svc in bp.services.items() if svc.websocket]
    assert websocket == ["g1-campaigns"]
    assert set(bp.services["g1-campaigns"].websocket) == {"$connect", "$disconnect", "message"}

    files = render(bp)
    paths = [f.path for f in files]
    assert len(paths) == len(set(paths))
    assert all(f"infra/services/g{k}-projects/main.tf" in paths for k in (1, groups))


def test_group_has_the_ten_routes_of_the_issue_with_unique_paths() -> None:
    bp = validate(load_text(make_blueprint(2)))
    routes = [key for svc in bp.services.values() for key in svc.routes]
    assert len(routes) == len(set(routes)) == 20
    group_one = sorted(r.replace("/g1", "") for r in routes if "/g1/" in r)
    assert group_one == sorted([
        "GET /projects", "POST /projects", "GET /projects/{id}", "PUT /projects/{id}",
        "DELETE /projects/{id}", "POST /users", "GET /users/{id}", "DELETE /users/{id}",
        "GET /campaigns", "POST /campaigns"])


def test_output_is_deterministic_and_the_script_prints_it() -> None:
    assert make_blueprint(3) == make_blueprint(3)
    printed = subprocess.run([sys.executable, str(SCRIPT), "--groups", "3"], check=True,
                             capture_output=True, text=True).stdout
    assert printed == make_blueprint(3)


def test_groups_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        make_blueprint(0)
