"""``scaffold build`` for TypeScript: esbuild bundles in reproducible zips, and clear failures.

The ``node`` tests share one npm install per session with the stub tests (same folder under
the session's temp root, or ``SCAFFOLD_NODE_MODULES``); with ``CI=true`` (or
``SCAFFOLD_REQUIRE_NODE=1``) a missing node/npm fails them instead of skipping them.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scaffold.blueprint import model
from scaffold.blueprint.load import load_blueprint
from scaffold.blueprint.validate import validate
from scaffold.bundle.typescript import (
    BUNDLE,
    build_ssr,
    build_typescript_service,
    find_node,
)
from scaffold.bundle.typescript import _ensure_dependencies as ensure_dependencies
from scaffold.bundle.typescript import _target as esbuild_target
from scaffold.errors import BuildError
from scaffold.output.files import OutputFile
from scaffold.plan import contract
from scaffold.plan.build import build_plan
from scaffold.render.typescript.emit import (
    emit_ssr_stub,
    emit_typescript_stubs,
)
from tests.support.node import shared_node_modules

REPO = Path(__file__).resolve().parents[2]


class Steps:
    """A reporter that remembers what it was told."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def step(self, message: str) -> None:
        self.messages.append(message)


@pytest.fixture(scope="module")
def webapp() -> model.Blueprint:
    return validate(load_blueprint(REPO / "blueprints" / "webapp.yaml"))


def _stubs(bp: model.Blueprint, service: str) -> list[OutputFile]:
    """The TypeScript files of one service, from its handler plan."""
    return emit_typescript_stubs(build_plan(bp).code.services[service])


def _write(root: Path, files: list[OutputFile]) -> None:
    for f in files:
        target = root / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(f.content)


# --- failures that need no node ---------------------------------------------------------------


def test_missing_node_is_a_clear_build_error(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="node and npm not found on PATH") as caught:
        find_node({"PATH": str(tmp_path)})
    assert caught.value.hint is not None and "nodejs.org" in caught.value.hint


def test_building_without_node_on_path_fails_with_build_error(
        tmp_path: Path, webapp: model.Blueprint, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, _stubs(webapp, "notifications"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(BuildError, match="not found on PATH"):
        build_typescript_service(tmp_path, webapp, "notifications", Steps())


def test_a_missing_handler_file_is_named(tmp_path: Path, webapp: model.Blueprint) -> None:
    _write(tmp_path, _stubs(webapp, "notifications"))
    (tmp_path / "services/notifications/src/handlers/onConnect.ts").unlink()
    with pytest.raises(BuildError, match="onConnect"):
        build_typescript_service(tmp_path, webapp, "notifications", Steps())


def test_a_python_service_is_not_built_here(tmp_path: Path, webapp: model.Blueprint) -> None:
    with pytest.raises(BuildError, match="not Node.js"):
        build_typescript_service(tmp_path, webapp, "users", Steps())


def test_no_ssr_means_no_ssr_artifact(tmp_path: Path, webapp: model.Blueprint) -> None:
    assert build_ssr(tmp_path, webapp.model_copy(update={"frontend": None}), Steps()) == []


@pytest.mark.parametrize(("runtime", "target"), [("nodejs22.x", "node22"),
                                                 ("nodejs20.x", "node20")])
def test_the_esbuild_target_follows_the_runtime(runtime: str, target: str) -> None:
    assert esbuild_target(runtime) == target


@pytest.mark.skipif(sys.platform == "win32", reason="fake npm is a POSIX shell script")
@pytest.mark.parametrize(("lockfile", "command"), [(False, "install"), (True, "ci")])
def test_missing_node_modules_are_installed_and_reported(
        tmp_path: Path, lockfile: bool, command: str) -> None:
    fake_npm = tmp_path / "npm"
    fake_npm.write_text('#!/bin/sh\necho "$@" > npm-args\n'
                        "mkdir -p node_modules/esbuild/bin\n"
                        "touch node_modules/esbuild/bin/esbuild\n")
    fake_npm.chmod(fake_npm.stat().st_mode | stat.S_IXUSR)
    service = tmp_path / "services" / "svc"
    service.mkdir(parents=True)
    (service / "package.json").write_text("{}")
    if lockfile:
        (service / "package-lock.json").write_text("{}")
    steps = Steps()
    esbuild = ensure_dependencies(service, str(fake_npm), steps)
    assert esbuild == service / "node_modules" / "esbuild" / "bin" / "esbuild"
    assert (service / "npm-args").read_text().split()[0] == command
    assert steps.messages == [f"svc: node_modules missing, running npm {command}"]


def test_a_failing_npm_install_is_a_build_error_with_its_output(tmp_path: Path) -> None:
    if sys.platform == "win32":
        pytest.skip("fake npm is a POSIX shell script")
    fake_npm = tmp_path / "npm"
    fake_npm.write_text("#!/bin/sh\necho 'E404 no such package' >&2\nexit 1\n")
    fake_npm.chmod(fake_npm.stat().st_mode | stat.S_IXUSR)
    (tmp_path / "package.json").write_text("{}")
    with pytest.raises(BuildError, match="E404 no such package"):
        ensure_dependencies(tmp_path, str(fake_npm), Steps())


# --- real builds (node) -----------------------------------------------------------------------


def require_node() -> None:
    """Skip (or fail, when CI requires node) unless node and npm are on PATH."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        reason = f"{' and '.join(missing)} not found on PATH"
        if os.environ.get("CI") == "true" or os.environ.get("SCAFFOLD_REQUIRE_NODE") == "1":
            pytest.fail(f"{reason} (CI requires Node.js for the TypeScript build tests)")
        pytest.skip(f"{reason}; set SCAFFOLD_REQUIRE_NODE=1 to make this a failure")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, webapp: model.Blueprint) -> Path:
    """The webapp's TypeScript code (stubs as rendered), dependencies linked in."""
    require_node()
    modules = shared_node_modules(tmp_path_factory.getbasetemp())
    root = tmp_path_factory.mktemp("ts-build")
    _write(root, _stubs(webapp, "notifications") + emit_ssr_stub(build_plan(webapp).code))
    for folder in ("services/notifications", contract.SSR_SOURCE):
        (root / folder / "node_modules").symlink_to(modules, target_is_directory=True)
    return root


@pytest.fixture(scope="module")
def two_builds(project: Path, webapp: model.Blueprint) -> tuple[list[Path], list[bytes],
                                                                 list[bytes], list[str]]:
    steps = Steps()
    paths = (build_typescript_service(project, webapp, "notifications", steps)
             + build_ssr(project, webapp, steps))
    first = [p.read_bytes() for p in paths]
    again = (build_typescript_service(project, webapp, "notifications", steps)
             + build_ssr(project, webapp, steps))
    assert again == paths
    return paths, first, [p.read_bytes() for p in again], steps.messages


@pytest.mark.node
def test_each_function_is_zipped_where_terraform_expects_it(
        project: Path, two_builds: tuple[list[Path], list[bytes], list[bytes], list[str]]) -> None:
    paths = two_builds[0]
    expected = [project / contract.artifact("notifications", h) for h in
                ("pushProjectCreated", "pushCampaignSent", "onConnect", "onDisconnect",
                 "onSubscribe")] + [project / contract.SSR_ARTIFACT]
    assert paths == expected
    assert not (project / "dist" / ".build").exists() or not any(
        (project / "dist" / ".build").iterdir())


@pytest.mark.node
def test_building_twice_gives_identical_zip_bytes(
        two_builds: tuple[list[Path], list[bytes], list[bytes], list[str]]) -> None:
    _, first, second, _ = two_builds
    assert first == second


@pytest.mark.node
def test_each_zip_holds_an_esm_bundle_and_its_source_map(
        two_builds: tuple[list[Path], list[bytes], list[bytes], list[str]]) -> None:
    for path in two_builds[0]:
        with zipfile.ZipFile(path) as archive:
            assert archive.namelist() == [BUNDLE, BUNDLE + ".map"]
            code = archive.read(BUNDLE).decode()
            assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
        assert code.rstrip().endswith(f"//# sourceMappingURL={BUNDLE}.map")


@pytest.mark.node
def test_the_aws_sdk_stays_external(
        project: Path, two_builds: tuple[list[Path], list[bytes], list[bytes], list[str]]) -> None:
    with zipfile.ZipFile(project / contract.artifact("notifications", "onConnect")) as archive:
        code = archive.read(BUNDLE).decode()
    assert 'from"@aws-sdk/lib-dynamodb"' in code


@pytest.mark.node
def test_the_bundle_loads_and_exports_its_handler(
        project: Path, two_builds: tuple[list[Path], list[bytes], list[bytes], list[str]]) -> None:
    # Extracted inside the service so the external @aws-sdk/* resolve from its node_modules,
    # as they resolve from the Lambda runtime.
    smoke = project / "services" / "notifications" / "smoke"
    smoke.mkdir()
    with zipfile.ZipFile(project / contract.artifact("notifications", "onConnect")) as archive:
        archive.extractall(smoke)
    proc = subprocess.run(
        ["node", "--input-type=module", "-e",
         f"const m = await import({str(smoke / BUNDLE)!r}); "
         "if (typeof m.handler !== 'function') process.exit(3);"],
        capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.node
def test_progress_names_each_bundling_step(
        two_builds: tuple[list[Path], list[bytes], list[bytes], list[str]]) -> None:
    messages = two_builds[3]
    assert "notifications: bundling 5 function(s) with esbuild" in messages
    assert "frontend/ssr: bundling the SSR function with esbuild" in messages


@pytest.mark.node
def test_a_group_route_is_bundled_from_its_generated_entry(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    from scaffold.blueprint.load import load_text

    require_node()
    bp = validate(load_text(
        "blueprint: 1\nname: acme\nregion: eu-west-1\nauth: {groups: [admin]}\n"
        "services:\n  shop:\n    routes:\n      DELETE /items/{id}: {handler: dropItem, "
        "auth: admin}\n"))
    root = tmp_path_factory.mktemp("ts-guard")
    _write(root, _stubs(bp, "shop"))
    modules = shared_node_modules(tmp_path_factory.getbasetemp())
    (root / "services/shop/node_modules").symlink_to(modules, target_is_directory=True)
    (zip_path,) = build_typescript_service(root, bp, "shop", Steps())
    with zipfile.ZipFile(zip_path) as archive:
        code = archive.read(BUNDLE).decode()
    assert "forbidden: only members of admin" in code  # the entry's guard, not the stub's
