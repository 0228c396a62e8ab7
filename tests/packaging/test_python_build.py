"""``scaffold build`` for Python: reproducible zips of the package plus its dependencies.

Dependencies are installed by the real pip, offline: each test builds tiny wheels in a
local wheel house (``PIP_NO_INDEX`` + ``PIP_FIND_LINKS``), so nothing reaches the network.
"""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from scaffold.blueprint import model
from scaffold.blueprint.load import load_blueprint, load_text
from scaffold.blueprint.validate import validate
from scaffold.bundle import python as pybuild
from scaffold.bundle.cache import BuildCache
from scaffold.bundle.package import build
from scaffold.bundle.python import build_python_service
from scaffold.errors import BuildError
from scaffold.plan.build import build_plan
from scaffold.render.python.emit import emit_python_stubs
from tests.support.terraform import terraform_bin

REPO = Path(__file__).resolve().parents[2]
WEBAPP = REPO / "blueprints" / "webapp.yaml"
FUNCTIONS = ("get-me", "list-users", "on-signed-up")


class Steps:
    """A reporter that remembers the progress messages."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def step(self, message: str) -> None:
        self.messages.append(message)


def _wheel(house: Path, name: str, requires: tuple[str, ...] = (),
           version: str = "1.0") -> None:
    """Write a minimal pure-Python wheel ``name-<version>-py3-none-any.whl`` into ``house``."""
    dist = f"{name}-{version}.dist-info"
    files = {
        f"{name}/__init__.py": f"VALUE = {name!r}\nVERSION = {version!r}\n".encode(),
        f"{dist}/METADATA": ("Metadata-Version: 2.1\n"
                             f"Name: {name}\nVersion: {version}\n"
                             + "".join(f"Requires-Dist: {r}\n" for r in requires)).encode(),
        f"{dist}/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
                         b"Tag: py3-none-any\n",
    }
    record = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{dist}/RECORD,,")
    files[f"{dist}/RECORD"] = ("\n".join(record) + "\n").encode()
    house.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(house / f"{name}-{version}-py3-none-any.whl", "w") as whl:
        for path, data in files.items():
            whl.writestr(path, data)


@pytest.fixture
def offline_pip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """pip sees only a local wheel house (no index, no user or site configuration)."""
    house = tmp_path / "wheelhouse"
    house.mkdir()
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(house))
    return house


def _project(root: Path, deps: list[str],
             blueprint: model.Blueprint | None = None) -> model.Blueprint:
    """Render the webapp's Python service into ``root`` with these dependencies."""
    bp = blueprint or validate(load_blueprint(WEBAPP))
    for f in emit_python_stubs(build_plan(bp).code.services["users"]):
        target = root / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(f.content)
    pyproject = root / "services/users/pyproject.toml"
    text = pyproject.read_text()
    start = text.index("dependencies = [")
    end = text.index("\n]", start) + 2
    pyproject.write_text(text[:start] + "dependencies = [" + ", ".join(f'"{d}"' for d in deps)
                         + "]" + text[end:])
    return bp


def test_each_function_gets_a_zip_of_the_package_without_tests_or_bytecode(tmp_path: Path) -> None:
    bp = _project(tmp_path, [])
    cache = tmp_path / "services/users/src/users/__pycache__"
    cache.mkdir()
    (cache / "stale.cpython-313.pyc").write_bytes(b"junk")
    zips = build_python_service(tmp_path, bp, "users", Steps())
    assert zips == [tmp_path / f"dist/users/{name}.zip" for name in FUNCTIONS]
    names = zipfile.ZipFile(zips[0]).namelist()
    assert "users/handlers/get_me.py" in names and "users/generated/publish.py" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert not [n for n in names if n.startswith(("tests/", "pyproject"))]
    assert names == sorted(names)


def test_two_builds_give_identical_bytes(tmp_path: Path) -> None:
    bp = _project(tmp_path, [])
    first = [p.read_bytes() for p in build_python_service(tmp_path, bp, "users", Steps())]
    for source in (tmp_path / "services/users/src").rglob("*.py"):
        os.utime(source, (1_000_000_000, 1_000_000_000))
    second = [p.read_bytes() for p in build_python_service(tmp_path, bp, "users", Steps())]
    assert first == second


def test_the_zip_hash_is_what_terraform_filebase64sha256_reads(tmp_path: Path) -> None:
    bp = _project(tmp_path, [])
    zip_path = build_python_service(tmp_path, bp, "users", Steps())[0]
    expected = base64.b64encode(hashlib.sha256(zip_path.read_bytes()).digest()).decode()
    result = subprocess.run([terraform_bin(), "console"], cwd=tmp_path / "dist" / "users",
                            input=f'filebase64sha256("{zip_path.name}")\n', text=True,
                            capture_output=True, timeout=120, check=False,
                            env={**os.environ, "TF_CLI_CONFIG_FILE": os.devnull})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().strip('"') == expected


def test_dependencies_are_installed_once_then_reused(tmp_path: Path, offline_pip: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _wheel(offline_pip, "tinydep")
    bp = _project(tmp_path, ["tinydep>=1.0"])
    steps = Steps()
    zip_path = build_python_service(tmp_path, bp, "users", steps)[0]
    assert any("installing 1 dependency for arm64 / Python 3.13" in m for m in steps.messages)
    names = zipfile.ZipFile(zip_path).namelist()
    assert "tinydep/__init__.py" in names and "tinydep-1.0.dist-info/METADATA" in names
    first = zip_path.read_bytes()

    def no_pip(*args: object, **kwargs: object) -> None:
        raise AssertionError("pip ran although the dependencies were cached")

    monkeypatch.setattr(pybuild.subprocess, "run", no_pip)
    steps = Steps()
    assert build_python_service(tmp_path, bp, "users", steps)[0].read_bytes() == first
    assert any("from cache" in m for m in steps.messages)


def _installed(zip_path: Path, name: str) -> set[str]:
    return {n.split("/")[0] for n in zipfile.ZipFile(zip_path).namelist()
            if n.startswith(f"{name}-") and ".dist-info/" in n}


def test_a_committed_lock_pins_what_pip_installs_and_what_the_zip_holds(
        tmp_path: Path, offline_pip: Path) -> None:
    _wheel(offline_pip, "helper", version="1.0")
    _wheel(offline_pip, "helper", version="2.0")
    _wheel(offline_pip, "tinydep", requires=("helper>=1",))
    bp = _project(tmp_path, ["tinydep>=1.0"])
    unlocked = build_python_service(tmp_path, bp, "users", Steps())[0]
    assert _installed(unlocked, "helper") == {"helper-2.0.dist-info"}  # the newest that fits

    # what `uv pip compile pyproject.toml -o requirements.lock` writes: every pin, transitive too
    lock = tmp_path / "services/users" / pybuild.LOCK_FILE
    lock.write_text("# uv pip compile pyproject.toml -o requirements.lock\n"
                    "helper==1.0\n    # via tinydep\ntinydep==1.0\n")
    steps = Steps()
    locked = build_python_service(tmp_path, bp, "users", steps, cache=BuildCache(tmp_path))[0]
    assert any(f"installing the versions pinned in {pybuild.LOCK_FILE}" in m
               for m in steps.messages)
    assert _installed(locked, "helper") == {"helper-1.0.dist-info"}
    assert _installed(locked, "tinydep") == {"tinydep-1.0.dist-info"}


def test_the_lock_is_an_input_of_the_zips(tmp_path: Path, offline_pip: Path) -> None:
    _wheel(offline_pip, "tinydep")
    bp = _project(tmp_path, ["tinydep>=1.0"])
    lock = tmp_path / "services/users" / pybuild.LOCK_FILE
    lock.write_text("tinydep==1.0\n")
    assert _rebuilt(tmp_path, bp) == set(FUNCTIONS)
    assert _rebuilt(tmp_path, bp) == set()
    lock.write_text("tinydep==1.0 \\\n    --hash=sha256:" + "0" * 64 + "\n")
    with pytest.raises(BuildError, match="pip could not install"):  # pip checks the hash
        build(tmp_path, bp, ["users"], Steps())


def test_without_a_lock_pip_resolves_the_pyproject_ranges(tmp_path: Path) -> None:
    command = pybuild._pip_command(tmp_path / "site", ["tinydep>=1"], "manylinux2014_aarch64",
                                   "3.13")
    assert command[-1] == "tinydep>=1" and "--no-deps" not in command
    locked = pybuild._pip_command(tmp_path / "site", ["tinydep>=1"], "manylinux2014_aarch64",
                                  "3.13", tmp_path / "requirements.lock")
    assert locked[-3:] == ["--no-deps", "-r", str(tmp_path / "requirements.lock")]
    assert "tinydep>=1" not in locked


def test_packages_the_lambda_runtime_provides_are_left_out(tmp_path: Path,
                                                           offline_pip: Path) -> None:
    _wheel(offline_pip, "botocore")
    _wheel(offline_pip, "needsboto", requires=("botocore",))
    bp = _project(tmp_path, ["needsboto"])
    names = zipfile.ZipFile(build_python_service(tmp_path, bp, "users", Steps())[0]).namelist()
    assert "needsboto/__init__.py" in names
    assert not [n for n in names if n.startswith("botocore")]


def test_a_runtime_package_the_service_lists_itself_is_kept(tmp_path: Path,
                                                           offline_pip: Path) -> None:
    _wheel(offline_pip, "botocore")
    bp = _project(tmp_path, ["botocore==1.0"])
    names = zipfile.ZipFile(build_python_service(tmp_path, bp, "users", Steps())[0]).namelist()
    assert "botocore/__init__.py" in names


def test_a_dependency_pip_cannot_find_is_a_build_error(tmp_path: Path, offline_pip: Path) -> None:
    bp = _project(tmp_path, ["no-such-package-anywhere"])
    with pytest.raises(BuildError, match="pip could not install") as caught:
        build_python_service(tmp_path, bp, "users", Steps())
    assert caught.value.hint and "manylinux2014_aarch64" in caught.value.hint
    assert not list((tmp_path / pybuild.CACHE_DIR / "users").glob("arm64-*"))


def test_a_missing_handler_module_is_named_with_a_hint(tmp_path: Path) -> None:
    bp = _project(tmp_path, [])
    (tmp_path / "services/users/src/users/handlers/list_users.py").unlink()
    with pytest.raises(BuildError, match="listUsers") as caught:
        build_python_service(tmp_path, bp, "users", Steps())
    assert caught.value.hint and "scaffold render" in caught.value.hint


def test_stages_on_different_architectures_need_a_stage(tmp_path: Path) -> None:
    text = (WEBAPP.read_text().replace("    memory: 512\n", "    memory: 512\n"
                                       "    architecture: x86_64\n"))
    bp = _project(tmp_path, [], validate(load_text(text)))
    with pytest.raises(BuildError, match="arm64 and x86_64"):
        build_python_service(tmp_path, bp, "users", Steps())
    steps = Steps()
    build_python_service(tmp_path, bp, "users", steps, stage="prod")
    assert any("for x86_64" in m for m in steps.messages)


def test_the_dispatcher_builds_the_chosen_python_service(tmp_path: Path) -> None:
    bp = _project(tmp_path, [])
    steps = Steps()
    zips = build(tmp_path, bp, ["users"], steps)
    assert [z.path.name for z in zips] == [f"{name}.zip" for name in FUNCTIONS]
    assert steps.messages[0] == "users: building (python3.13)"


def test_the_dispatcher_refuses_an_unknown_service(tmp_path: Path) -> None:
    bp = validate(load_blueprint(WEBAPP))
    with pytest.raises(BuildError, match="unknown service 'user'") as caught:
        build(tmp_path, bp, ["user"])
    assert caught.value.hint and "did you mean 'users'" in caught.value.hint


# --- the build cache (dist/.scaffold-build.json) ---------------------------------------------


def _rebuilt(root: Path, bp: model.Blueprint, **kwargs: bool) -> set[str]:
    return {b.path.stem for b in build(root, bp, ["users"], Steps(), **kwargs) if b.rebuilt}


def _mtimes(root: Path) -> dict[str, int]:
    return {name: (root / f"dist/users/{name}.zip").stat().st_mtime_ns for name in FUNCTIONS}


def test_an_unchanged_rebuild_leaves_every_zip_alone(tmp_path: Path) -> None:
    bp = _project(tmp_path, [])
    assert _rebuilt(tmp_path, bp) == set(FUNCTIONS)
    before = _mtimes(tmp_path)
    steps = Steps()
    again = build(tmp_path, bp, ["users"], steps)
    assert [b.rebuilt for b in again] == [False] * len(FUNCTIONS)
    assert not [m for m in steps.messages if "zipping" in m]
    assert _mtimes(tmp_path) == before


def test_a_changed_module_rebuilds_every_zip_of_the_service(tmp_path: Path) -> None:
    bp = _project(tmp_path, [])
    old = [p.read_bytes() for p in build_python_service(tmp_path, bp, "users", Steps())]
    _rebuilt(tmp_path, bp)
    module = tmp_path / "services/users/src/users/handlers/get_me.py"
    module.write_text(module.read_text() + "\nPROBE = 1\n")
    assert _rebuilt(tmp_path, bp) == set(FUNCTIONS)  # every zip ships the whole package
    assert all((tmp_path / f"dist/users/{n}.zip").read_bytes() != o
               for n, o in zip(FUNCTIONS, old, strict=True))


def test_a_deleted_or_edited_zip_is_rebuilt_alone(tmp_path: Path) -> None:
    bp = _project(tmp_path, [])
    _rebuilt(tmp_path, bp)
    good = (tmp_path / "dist/users/get-me.zip").read_bytes()
    (tmp_path / "dist/users/get-me.zip").unlink()
    (tmp_path / "dist/users/list-users.zip").write_bytes(b"not the zip we built")
    untouched = (tmp_path / "dist/users/on-signed-up.zip").stat().st_mtime_ns
    assert _rebuilt(tmp_path, bp) == {"get-me", "list-users"}
    assert (tmp_path / "dist/users/list-users.zip").read_bytes() == good
    assert (tmp_path / "dist/users/on-signed-up.zip").stat().st_mtime_ns == untouched


def test_a_changed_dependency_rebuilds_every_zip(tmp_path: Path, offline_pip: Path) -> None:
    _wheel(offline_pip, "tinydep")
    bp = _project(tmp_path, [])
    _rebuilt(tmp_path, bp)
    _project(tmp_path, ["tinydep"])
    assert _rebuilt(tmp_path, bp) == set(FUNCTIONS)
    assert "tinydep/__init__.py" in zipfile.ZipFile(tmp_path / "dist/users/get-me.zip").namelist()


@pytest.mark.parametrize("what", ["force", "unreadable record", "other scaffold version",
                                  "other architecture"])
def test_what_invalidates_every_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       what: str) -> None:
    from scaffold.bundle import cache

    bp = _project(tmp_path, [])
    _rebuilt(tmp_path, bp)
    if what == "force":
        assert _rebuilt(tmp_path, bp, force=True) == set(FUNCTIONS)
        return
    if what == "unreadable record":
        (tmp_path / cache.CACHE_FILE).write_text("{not json")
    elif what == "other scaffold version":
        monkeypatch.setattr(cache, "__version__", "99.0.0")
    else:
        text = WEBAPP.read_text().replace("    memory: 512\n",
                                          "    memory: 512\n    architecture: x86_64\n")
        bp = validate(load_text(text))
        assert build(tmp_path, bp, ["users"], Steps(), stage="prod")[0].rebuilt
        return
    assert _rebuilt(tmp_path, bp) == set(FUNCTIONS)
