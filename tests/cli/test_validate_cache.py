"""`scaffold validate` answers from its record when nothing it depends on changed.

Each test runs the console entry point in a fresh interpreter (the record is read before
Typer, pydantic or YAML are imported), with the cache in a temporary folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

BLUEPRINT = """\
blueprint: 1
name: shop
region: eu-west-1
services:
  orders:
    tables: {orders: {key: id}}
    routes:
      GET /orders: {handler: listOrders, auth: public, reads: [orders]}
"""
# Prints, after the command, whether the full check ran (pydantic imported).
_RUN = ("import sys; from scaffold.cli import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\nelse:\n    code = 0\n"
        "print('FULL' if 'pydantic' in sys.modules else 'RECORDED', file=sys.stderr)\n"
        "sys.exit(code)\n")


def _validate(cwd: Path, cache: Path, *args: str,
              **env: str) -> tuple[int, str, str, bool]:
    proc = subprocess.run(
        [sys.executable, "-c", _RUN, "validate", *args], cwd=cwd, capture_output=True,
        text=True, timeout=120, check=False,
        env={**os.environ, "SCAFFOLD_CACHE_DIR": str(cache), "PYTHONPATH": str(REPO),
             **env})
    *printed, how = proc.stderr.splitlines(keepends=True)
    assert how.strip() in ("FULL", "RECORDED"), proc.stderr
    return proc.returncode, proc.stdout, "".join(printed), how.strip() == "RECORDED"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "blueprint.yaml").write_text(BLUEPRINT)
    return tmp_path / "app"


def test_a_second_run_prints_the_same_answer_without_the_full_check(
        project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _validate(project, cache)
    assert first[0] == 0 and first[1].startswith("blueprint.yaml: valid — ")
    assert not first[3]
    second = _validate(project, cache)
    assert second[3], "the second run imported pydantic"
    assert second[:3] == first[:3]
    # The same file typed another way is printed as the command prints it.
    dotted = _validate(project, cache, "./blueprint.yaml")
    assert dotted[3] and dotted[:3] == first[:3]


def test_warnings_are_part_of_the_recorded_answer(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    webapp = REPO / "blueprints" / "webapp.yaml"
    first = _validate(tmp_path, cache, str(webapp))
    second = _validate(tmp_path, cache, str(webapp))
    assert "warning[" in first[2] and second[3]
    assert second[:3] == first[:3]


def test_an_edit_runs_the_full_check_and_an_invalid_blueprint_is_never_recorded(
        project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert _validate(project, cache)[0] == 0
    (project / "blueprint.yaml").write_text(BLUEPRINT.replace("reads: [orders]",
                                                             "reads: [nothing]"))
    for _ in range(2):
        code, out, err, recorded = _validate(project, cache)
        assert (code, recorded) == (1, False)
        assert "nothing" in err and out == ""
    (project / "blueprint.yaml").write_text(BLUEPRINT.replace("listOrders", "listAll"))
    assert _validate(project, cache)[3] is False
    assert _validate(project, cache)[3] is True


def test_a_changed_scaffold_is_a_new_key(project: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from scaffold.cli import validate_cache
    from scaffold.output import fingerprint

    monkeypatch.setenv("SCAFFOLD_CACHE_DIR", str(tmp_path / "cache"))
    raw = (project / "blueprint.yaml").read_bytes()
    before = validate_cache._key("blueprint.yaml", raw)
    monkeypatch.setattr(fingerprint, "package_digest", lambda: "another build")
    assert validate_cache._key("blueprint.yaml", raw) != before
    assert validate_cache._key("other.yaml", raw) != before


def test_no_cache_unwritable_and_corrupt_records_fall_back_to_the_full_check(
        project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert _validate(project, cache, SCAFFOLD_NO_CACHE="1")[0] == 0
    assert not cache.exists()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    for _ in range(2):
        code, out, _, recorded = _validate(project, blocked)
        assert code == 0 and "valid" in out and not recorded
    _validate(project, cache)
    (record,) = (cache / "validate").iterdir()
    answer = json.loads(record.read_text())
    assert set(answer) == {"key", "stdout", "stderr"}
    record.write_text("{broken")
    code, out, _, recorded = _validate(project, cache)
    assert code == 0 and "valid" in out and not recorded
    assert _validate(project, cache)[3]  # the full run wrote a good record again


def test_the_fast_path_reads_at_most_what_a_blueprint_may_hold() -> None:
    from scaffold.blueprint.load import MAX_BYTES
    from scaffold.cli import validate_cache

    assert validate_cache._LARGEST == MAX_BYTES
    assert validate_cache.try_from_argv(["validate", os.devnull]) is False
