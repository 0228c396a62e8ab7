"""The built wheel works on its own: installed into a fresh virtualenv, run elsewhere.

Builds the wheel with pip (as a user would), installs it with ``--no-deps`` into a
virtualenv that borrows the dependencies from the running interpreter (a ``.pth`` file
naming its site-packages, so it works whether the suite runs in a virtualenv or not),
then runs the installed console script from a directory that is not the repository. The
templates must come from inside the installed package.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
TEMPLATE_FILES = sorted(p.relative_to(REPO / "templates").as_posix()
                        for p in (REPO / "templates").rglob("*") if p.is_file())


def _run(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env=env)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(REPO)],
                cwd=out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    wheels = list(out.glob("scaffold_serverless-*.whl"))
    assert len(wheels) == 1, list(out.iterdir())
    return wheels[0]


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("venv") / "env"
    proc = _run([sys.executable, "-m", "venv", str(root)], cwd=root.parent)
    assert proc.returncode == 0, proc.stderr
    # The running interpreter's site-packages (a virtualenv's own when the suite runs in
    # one; --system-site-packages would give the base interpreter's instead). Paths named
    # in a .pth file come after the venv's own site-packages, so the wheel wins.
    borrowed = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    proc = _run([str(root / "bin" / "python"), "-c",
                 "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=root.parent)
    assert proc.returncode == 0, proc.stderr
    (Path(proc.stdout.strip()) / "borrowed-deps.pth").write_text("\n".join(borrowed) + "\n")
    proc = _run([str(root / "bin" / "python"), "-m", "pip", "install", "--no-deps",
                 str(wheel)], cwd=root.parent)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A working directory with nothing of the repository in it."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_the_wheel_holds_the_templates_once(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    duplicates = [name for name, count in Counter(names).items() if count > 1]
    assert not duplicates
    shipped = sorted(n[len("scaffold/_templates/"):] for n in names
                     if n.startswith("scaffold/_templates/") and not n.endswith("/"))
    assert shipped == TEMPLATE_FILES
    # the source checkout's symlink is not shipped as a link or as a second copy
    assert not any(n.startswith("templates/") for n in names)
    assert "scaffold/_templates" not in names


def test_installed_scaffold_validates_the_example(venv: Path, elsewhere: Path) -> None:
    proc = _run([str(venv / "bin" / "scaffold"), "validate",
                 str(REPO / "blueprints" / "webapp.yaml")], cwd=elsewhere)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "valid — 3 services" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_installed_package_contains_its_templates(venv: Path, elsewhere: Path) -> None:
    python = str(venv / "bin" / "python")
    proc = _run([python, "-c", "import importlib.resources as r; "
                 "print((r.files('scaffold')/'_templates').is_dir())"], cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "True"


def test_the_installed_copy_is_used_not_the_checkout(venv: Path, elsewhere: Path) -> None:
    python = str(venv / "bin" / "python")
    proc = _run([python, "-c", "import os, scaffold, importlib.resources as r; "
                 "t = r.files('scaffold') / '_templates'; "
                 "print(scaffold.__file__); print(os.path.islink(str(t))); "
                 "print(sum(1 for _ in __import__('pathlib').Path(str(t)).rglob('*.tf*')))"],
                cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    location, is_link, tf_count = proc.stdout.split()
    assert Path(location).resolve().is_relative_to(venv.resolve()), location
    assert is_link == "False"
    assert int(tf_count) == sum(1 for f in TEMPLATE_FILES if ".tf" in Path(f).name)


def test_a_new_project_grows_a_service_and_renders_from_the_installed_wheel(
        venv: Path, elsewhere: Path) -> None:
    scaffold = str(venv / "bin" / "scaffold")
    env_cache = {"SCAFFOLD_CACHE_DIR": str(elsewhere / "cache")}
    os.environ.update(env_cache)
    try:
        steps = [([scaffold, "init", "demo"], elsewhere),
                 ([scaffold, "new-service", "billing"], elsewhere / "demo"),
                 ([scaffold, "validate"], elsewhere / "demo"),
                 ([scaffold, "render"], elsewhere / "demo")]
        for args, cwd in steps:
            proc = _run(args, cwd=cwd)
            assert proc.returncode == 0, f"{args[1:]}: {proc.stdout}{proc.stderr}"
            assert "Traceback" not in proc.stderr
    finally:
        for key in env_cache:
            os.environ.pop(key, None)
    demo = elsewhere / "demo"
    assert "billing:" in (demo / "blueprint.yaml").read_text()
    assert (demo / "services" / "billing" / ".copier-answers.yml").is_file()
    assert (demo / "infra" / "services" / "billing" / "main.tf").is_file()
    assert (demo / ".scaffold" / "manifest.json").is_file()
