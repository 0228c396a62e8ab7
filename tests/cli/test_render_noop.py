"""The no-op `scaffold render` fast path: skipped only when provably nothing would change."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scaffold.cli import app
from scaffold.cli.noop_render import FAST_PATH_NOTE, try_from_argv
from scaffold.output import fingerprint
from scaffold.output.manifest import MANIFEST_PATH
from tests.helpers import REPO

runner = CliRunner()

BLUEPRINT = """\
blueprint: 1
name: shop
region: eu-west-1
services:
  orders:
    tables: {orders: {key: id}}
    routes:
      GET /orders: {handler: listOrders, auth: public, reads: [orders]}
  billing:
    runtime: python3.12
    routes:
      GET /invoices: {handler: listInvoices, auth: public}
"""
GENERATED = "infra/services/orders/main.tf"


def _project(tmp_path: Path) -> Path:
    (tmp_path / "blueprint.yaml").write_text(BLUEPRINT)
    first = _render(tmp_path)
    assert first.exit_code == 0, first.output
    assert FAST_PATH_NOTE not in first.output
    return tmp_path


def _render(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["render", str(root / "blueprint.yaml"), *args])


def _mtimes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*")
            if p.is_file() and p.name not in ("lock", "stat-cache.json")}


def _seed(root: Path) -> str:
    manifest = json.loads((root / MANIFEST_PATH).read_text())
    return next(p for p, e in sorted(manifest["files"].items()) if e["ownership"] == "seed")


@pytest.fixture(params=["hashing", "stat cache"])
def trusted_stats(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Run each story with every file hashed, and with the stat cache trusted at once."""
    if request.param == "stat cache":
        monkeypatch.setattr(fingerprint, "RACY_NS", 0)
        return True
    return False


def test_an_unchanged_rerender_takes_the_fast_path_and_writes_nothing(
        tmp_path: Path, trusted_stats: bool) -> None:
    root = _project(tmp_path)
    before, manifest = _mtimes(root), (root / MANIFEST_PATH).read_bytes()
    for _ in range(2):  # the second run uses the stat cache the first one made
        again = _render(root)
        assert again.exit_code == 0, again.output
        assert f"nothing to do ({len(json.loads(manifest)['files'])} files; " \
               f"{FAST_PATH_NOTE})" in again.output
    assert _mtimes(root) == before
    assert (root / MANIFEST_PATH).read_bytes() == manifest
    assert (root / fingerprint.STAT_CACHE_PATH).exists() == trusted_stats


def test_check_is_answered_by_the_fast_path_with_exit_0(tmp_path: Path) -> None:
    root = _project(tmp_path)
    checked = _render(root, "--check")
    assert checked.exit_code == 0, checked.output
    assert FAST_PATH_NOTE in checked.output


@pytest.mark.parametrize("flag", ["--force", "--diff", "--dry-run"])
def test_force_diff_and_dry_run_always_render(tmp_path: Path, flag: str) -> None:
    root = _project(tmp_path)
    result = _render(root, flag)
    assert result.exit_code == 0, result.output
    assert FAST_PATH_NOTE not in result.output
    assert "identical" in result.output or "nothing to do" in result.output


def test_an_edited_blueprint_renders_in_full(tmp_path: Path, trusted_stats: bool) -> None:
    root = _project(tmp_path)
    _render(root)
    (root / "blueprint.yaml").write_text(BLUEPRINT.replace("GET /invoices", "GET /bills"))
    result = _render(root, "-v")
    assert result.exit_code == 0, result.output
    assert FAST_PATH_NOTE not in result.output
    assert "update    infra/services/billing/main.tf" in result.output
    assert "GET /bills" in (root / "infra/services/billing/main.tf").read_text()
    assert FAST_PATH_NOTE in _render(root).output  # recorded again


@pytest.mark.parametrize("edit", ["append", "same size"])
def test_a_hand_edited_generated_file_is_still_a_conflict(
        tmp_path: Path, trusted_stats: bool, edit: str) -> None:
    root = _project(tmp_path)
    _render(root)  # fills the stat cache when it is trusted
    target = root / GENERATED
    text = target.read_text()
    target.write_text(text + "# mine\n" if edit == "append" else text.replace("=", "~", 1))
    result = _render(root)
    assert result.exit_code == 1
    assert FAST_PATH_NOTE not in result.output
    assert f"{GENERATED}: edited by hand since scaffold wrote it" in result.output


def test_a_deleted_generated_file_is_recreated(tmp_path: Path, trusted_stats: bool) -> None:
    root = _project(tmp_path)
    _render(root)
    expected = (root / GENERATED).read_bytes()
    (root / GENERATED).unlink()
    result = _render(root, "-v")
    assert result.exit_code == 0, result.output
    assert f"create    {GENERATED}" in result.output
    assert (root / GENERATED).read_bytes() == expected


def test_a_deleted_seed_file_is_recreated_and_an_edited_one_kept(tmp_path: Path) -> None:
    root = _project(tmp_path)
    seed = root / _seed(root)
    seed.write_text(seed.read_text() + "\n# my handler code\n")
    kept = _render(root)
    assert FAST_PATH_NOTE in kept.output  # a seed is the user's: editing it changes nothing
    assert "# my handler code" in seed.read_text()
    seed.unlink()
    result = _render(root, "-v")
    assert result.exit_code == 0, result.output
    assert f"create    {_seed(root)}" in result.output
    assert seed.exists()


def test_changed_templates_render_in_full(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    monkeypatch.setattr(fingerprint, "package_digest", lambda: "0" * 64)
    result = _render(root)
    assert result.exit_code == 0, result.output
    assert FAST_PATH_NOTE not in result.output
    assert "identical" in result.output
    assert FAST_PATH_NOTE in _render(root).output  # recorded with the new digest


def test_a_changed_executable_bit_renders_in_full(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / GENERATED).chmod(0o755)
    result = _render(root, "-v")
    assert FAST_PATH_NOTE not in result.output
    assert f"update    {GENERATED}" in result.output
    assert not os.access(root / GENERATED, os.X_OK)


def test_a_render_with_orphans_records_nothing_and_keeps_reporting_them(
        tmp_path: Path) -> None:
    root = _project(tmp_path)
    orphan = root / "infra/services/billing/outputs.tf"
    orphan.write_text(orphan.read_text() + "# mine\n")
    (root / "blueprint.yaml").write_text(BLUEPRINT.split("  billing:")[0])
    for _ in range(2):
        result = _render(root)
        assert result.exit_code == 0, result.output
        assert FAST_PATH_NOTE not in result.output
        assert "orphan" in result.output
    assert "render" not in json.loads((root / MANIFEST_PATH).read_text())


def test_an_interrupted_render_renders_in_full(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / ".scaffold/manifest.pending.json").write_text('{"files": {}, "version": 1}\n')
    result = _render(root)
    assert result.exit_code == 0, result.output
    assert FAST_PATH_NOTE not in result.output
    assert not (root / ".scaffold/manifest.pending.json").exists()


@pytest.mark.parametrize(("argv", "taken"), [
    (["render", "{bp}"], True),
    (["render", "{bp}", "--check"], True),
    (["render", "{bp}", "--check", "-v"], False),  # -v lists every file: a full render
    (["render", "{bp}", "--out", "{root}"], True),
    (["render", "--out={root}", "{bp}"], True),
    (["render", "{bp}", "--force"], False),
    (["render", "{bp}", "--diff"], False),
    (["render", "{bp}", "--dry-run"], False),
    (["render", "{bp}", "--help"], False),
    (["render", "{bp}", "--unknown"], False),
    (["render", "{bp}", "{bp}"], False),
    (["render", "{bp}", "--out"], False),
    (["--debug", "render", "{bp}"], False),
    (["validate", "{bp}"], False),
    ([], False),
])
def test_the_argv_fast_path_takes_only_what_it_understands(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
        taken: bool) -> None:
    root = _project(tmp_path)
    capsys.readouterr()
    args = [a.format(bp=root / "blueprint.yaml", root=root) for a in argv]
    assert try_from_argv(args) is taken
    assert (FAST_PATH_NOTE in capsys.readouterr().out) is taken


def test_the_fast_path_imports_no_typer_pydantic_yaml_or_jinja(tmp_path: Path) -> None:
    root = _project(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "scaffold", "render"],
                          cwd=root, env=env, capture_output=True, text=True, check=True)
    assert FAST_PATH_NOTE in done.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert "scaffold.output.fingerprint" in imported  # the check can see our modules
    heavy = {m for m in imported if m.split(".")[0] in {"typer", "click", "pydantic", "yaml",
                                                         "jinja2", "ruamel"}}
    assert heavy == set()


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder (``.scaffold/`` and its lock included): size and mtime."""
    return {p.relative_to(root).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*"))}


@pytest.mark.parametrize("args", [(), ("-v",), ("--check",)],
                         ids=["fast path", "full render", "check"])
def test_a_noop_render_leaves_every_file_and_the_scaffold_folder_untouched(
        tmp_path: Path, args: tuple[str, ...]) -> None:
    root = _project(tmp_path)
    assert (root / ".scaffold" / "lock").is_file()  # the first render took the lock
    before = _snapshot(root)
    for _ in range(2):
        again = _render(root, *args)
        assert again.exit_code == 0, again.output
    assert _snapshot(root) == before
