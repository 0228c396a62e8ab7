"""``scaffold build`` skips what has not changed (TypeScript): esbuild's import graph per zip.

Each test renders the webapp's notifications service (5 functions), builds it once, changes
one thing and builds again; ``dist/.scaffold-build.json`` must rebuild exactly the zips whose
inputs changed. Uses the session's shared npm install (see test_typescript_build.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.blueprint import model
from scaffold.blueprint.load import load_blueprint
from scaffold.blueprint.validate import validate
from scaffold.bundle.cache import CACHE_FILE
from scaffold.bundle.package import Built, build
from scaffold.plan.build import build_plan
from scaffold.render.typescript.emit import emit_typescript_stubs
from tests.packaging.test_typescript_build import Steps, require_node, shared_node_modules

REPO = Path(__file__).resolve().parents[2]
SERVICE = "notifications"
ZIPS = ("push-project-created", "push-campaign-sent", "on-connect", "on-disconnect",
        "on-subscribe")
pytestmark = pytest.mark.node


@pytest.fixture(scope="module")
def webapp() -> model.Blueprint:
    return validate(load_blueprint(REPO / "blueprints" / "webapp.yaml"))


@pytest.fixture
def built(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory,
          webapp: model.Blueprint) -> Path:
    """A project whose notifications service was built once (every zip built)."""
    require_node()
    modules = shared_node_modules(tmp_path_factory.getbasetemp())
    for f in emit_typescript_stubs(build_plan(webapp).code.services[SERVICE]):
        (tmp_path / f.path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / f.path).write_bytes(f.content)
    (tmp_path / "services" / SERVICE / "node_modules").symlink_to(modules,
                                                                 target_is_directory=True)
    first = build(tmp_path, webapp, [SERVICE], Steps())
    assert [b.path.name for b in first] == [f"{z}.zip" for z in ZIPS]
    assert all(b.rebuilt for b in first)
    assert (tmp_path / CACHE_FILE).is_file()
    return tmp_path


def _mtimes(root: Path) -> dict[str, int]:
    return {z: (root / f"dist/{SERVICE}/{z}.zip").stat().st_mtime_ns for z in ZIPS}


def _rebuilt(result: list[Built]) -> set[str]:
    return {b.path.stem for b in result if b.rebuilt}


def _again(root: Path, bp: model.Blueprint, **kwargs: bool) -> tuple[set[str], list[str]]:
    steps = Steps()
    return _rebuilt(build(root, bp, [SERVICE], steps, **kwargs)), steps.messages


def test_a_build_with_no_change_bundles_nothing(built: Path, webapp: model.Blueprint) -> None:
    before = _mtimes(built)
    rebuilt, messages = _again(built, webapp)
    assert rebuilt == set()
    assert not [m for m in messages if "esbuild" in m]
    assert _mtimes(built) == before


def test_editing_one_handler_rebuilds_only_its_zip(built: Path,
                                                   webapp: model.Blueprint) -> None:
    before = _mtimes(built)
    old = (built / f"dist/{SERVICE}/on-connect.zip").read_bytes()
    handler = built / f"services/{SERVICE}/src/handlers/onConnect.ts"
    handler.write_text(handler.read_text() + '\nconsole.log("cache probe");\n')
    rebuilt, messages = _again(built, webapp)
    assert rebuilt == {"on-connect"}
    assert f"{SERVICE}: bundling 1 function(s) with esbuild" in messages
    assert (built / f"dist/{SERVICE}/on-connect.zip").read_bytes() != old
    after = _mtimes(built)
    assert {z for z in ZIPS if after[z] != before[z]} == {"on-connect"}


def test_editing_a_shared_helper_rebuilds_the_zips_that_import_it(
        built: Path, webapp: model.Blueprint) -> None:
    # auth.ts (the $connect token check) is imported by onConnect alone; push.ts by
    # the two event subscribers that push; powertools.ts by all five.
    auth = built / f"services/{SERVICE}/src/generated/auth.ts"
    auth.write_text(auth.read_text() + '\nconsole.log("auth probe");\n')
    assert _again(built, webapp)[0] == {"on-connect"}
    push = built / f"services/{SERVICE}/src/generated/push.ts"
    push.write_text(push.read_text() + '\nconsole.log("push probe");\n')
    assert _again(built, webapp)[0] == {"push-project-created", "push-campaign-sent"}
    powertools = built / f"services/{SERVICE}/src/generated/powertools.ts"
    powertools.write_text(powertools.read_text() + '\nconsole.log("powertools probe");\n')
    assert _again(built, webapp)[0] == set(ZIPS)


@pytest.mark.parametrize("change", ["package.json", "tsconfig.json", "new file under src"])
def test_a_change_every_bundle_depends_on_rebuilds_them_all(
        built: Path, webapp: model.Blueprint, change: str) -> None:
    folder = built / "services" / SERVICE
    if change == "new file under src":  # may change how an import resolves
        (folder / "src/generated/extra.ts").write_text("export const extra = 1;\n")
    else:
        (folder / change).write_text((folder / change).read_text().replace("{", '{"x": 1,', 1))
    rebuilt, messages = _again(built, webapp)
    assert rebuilt == set(ZIPS)
    assert f"{SERVICE}: bundling 5 function(s) with esbuild" in messages


def test_a_deleted_zip_is_rebuilt_alone_and_force_rebuilds_all(
        built: Path, webapp: model.Blueprint) -> None:
    gone = built / f"dist/{SERVICE}/on-subscribe.zip"
    old = gone.read_bytes()
    gone.unlink()
    assert _again(built, webapp)[0] == {"on-subscribe"}
    assert gone.read_bytes() == old
    assert _again(built, webapp, force=True)[0] == set(ZIPS)
    assert _again(built, webapp)[0] == set()
