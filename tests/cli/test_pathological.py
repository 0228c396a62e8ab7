"""Hostile and broken inputs: one clean message, exit code 1, no traceback, under 5 s of CPU.

Each input runs ``python -m scaffold validate <file>`` in a subprocess. The child's CPU
time (``getrusage``) must stay under the budget: that is what an exponential blow-up
would spend. Wall time is not asserted (on a machine shared with other jobs it measures
them); a hang still fails through the subprocess timeout.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from scaffold.blueprint.load import MAX_BYTES, MAX_DEPTH, load_blueprint
from scaffold.errors import BlueprintError

BUDGET_SECONDS = 5.0
DIAGNOSTIC = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): "
                        r"error\[(?P<code>[A-Z]\d{3})\]: (?P<message>.+)$")


def _billion_laughs() -> str:
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*lol{i - 1}"] * 9)
        lines.append(f"lol{i}: &lol{i} [{refs}]")
    return "\n".join(lines) + "\n"


def _merge_bomb() -> str:
    keys = ", ".join(f"k{i}: {i}" for i in range(9))
    lines = [f"m0: &m0 {{{keys}}}"]
    for i in range(1, 12):
        refs = ", ".join([f"*m{i - 1}"] * 9)
        lines.append(f"m{i}: &m{i} {{<<: [{refs}]}}")
    return "\n".join(lines) + "\n"


def _write_big(path: Path) -> None:
    chunk = ("# " + "x" * 1021 + "\n").encode()  # 1 KiB of YAML comment per line
    with path.open("wb") as handle:
        for _ in range(50 * 1024):
            handle.write(chunk)


@dataclass(frozen=True)
class Bad:
    name: str
    make: Callable[[Path], str]  # creates the input under tmp_path, returns the argument
    code: str
    words: tuple[str, ...]


def _file(content: str | bytes, name: str = "blueprint.yaml") -> Callable[[Path], str]:
    def make(tmp: Path) -> str:
        path = tmp / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return name

    return make


def _big(tmp: Path) -> str:
    _write_big(tmp / "big.yaml")
    return "big.yaml"


def _directory(tmp: Path) -> str:
    (tmp / "project").mkdir()
    return "project"


BAD: list[Bad] = [
    Bad("missing_file", lambda tmp: "nope.yaml", "L001", ("not found",)),
    Bad("empty_file", _file(""), "L005", ("empty",)),
    Bad("whitespace_only", _file("  \n\n\t \n   \n"), "L005", ("empty",)),
    Bad("comments_only", _file("# just a comment\n# another\n"), "L005", ("empty",)),
    Bad("binary_garbage", _file(bytes(range(256)) * 64), "L002", ("binary",)),
    Bad("invalid_utf8", _file(b"blueprint: 1\nname: caf\xe9\xff\n"), "L002", ("utf-8",)),
    Bad("invalid_yaml", _file("blueprint: 1\nservices: [a, {b: c]\n"), "L003",
        ("invalid yaml",)),
    Bad("list_instead_of_mapping", _file("- blueprint: 1\n- name: acme\n"), "S001",
        ("mapping", "a list")),
    Bad("scalar", _file("just some words\n"), "S001", ("mapping", "string")),
    Bad("number", _file("42\n"), "S001", ("mapping", "number")),
    Bad("file_of_50_mb", _big, "L004", ("MB", "limit")),
    Bad("two_mb_of_values", _file("- x\n" * 500_000), "L006", ("more than", "values")),
    Bad("billion_laughs", _file(_billion_laughs()), "L006", ("expands", "aliases")),
    Bad("merge_key_bomb", _file(_merge_bomb()), "L006", ("expands",)),
    Bad("nested_lists_10k", _file("[" * 10_000 + "]" * 10_000 + "\n"), "L006",
        ("nested", str(MAX_DEPTH))),
    Bad("nested_mappings_10k", _file("{a: " * 10_000 + "1" + "}" * 10_000 + "\n"), "L006",
        ("nested",)),
    Bad("nested_block_lists_10k", _file("- " * 10_000 + "x\n"), "L006", ("nested",)),
    Bad("recursive_alias", _file("a: &loop [1, *loop]\n"), "L006", ("nested",)),
    Bad("recursive_merge", _file("a: &self\n  b: 1\n  <<: *self\n"), "L006", ("merges itself",)),
    Bad("undefined_alias", _file("blueprint: 1\nname: *nothing\n"), "L003", ("alias",)),
    Bad("complex_key", _file("? [a, b]\n: 1\nblueprint: 1\n"), "L007", ("key",)),
    Bad("non_string_keys", _file("blueprint: 1\nname: acme\nregion: eu-west-1\n"
                                 "services: {a: {}}\n1: one\nnull: nothing\ntrue: yes\n"),
        "S002", ("unknown key '1'",)),
    Bad("python_tag", _file("blueprint: !!python/object/apply:os.system ['true']\n"), "L003",
        ("unsupported yaml tag",)),
    Bad("two_documents", _file("blueprint: 1\n---\nblueprint: 1\n"), "L003",
        ("single document",)),
    Bad("not_a_regular_file", lambda tmp: os.devnull, "L001", ("not a regular file",)),
]


def _run(args: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess[str], float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "scaffold", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    elapsed = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return proc, elapsed, cpu


def _timed(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # CPU time is what a blow-up (billion laughs, deep nesting) would spend; wall time on a
    # shared machine measures the other jobs, so it only guards against a hang (timeout).
    proc, _, cpu = _run(args, cwd)
    assert cpu < BUDGET_SECONDS, f"used {cpu:.1f} s of CPU; the budget is {BUDGET_SECONDS} s"
    return proc


@pytest.mark.parametrize("bad", BAD, ids=[b.name for b in BAD])
def test_pathological_input(bad: Bad, tmp_path: Path) -> None:
    arg = bad.make(tmp_path)
    proc = _timed(["validate", arg], tmp_path)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "Traceback" not in output
    assert "internal error" not in output
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    first = DIAGNOSTIC.match(lines[0])
    assert first, output
    assert first["file"] == arg
    assert first["code"] == bad.code, output
    text = proc.stderr.lower()
    for word in bad.words:
        assert word.lower() in text, output
    assert lines[-1].startswith("found ")
    assert len(proc.stderr) < 4000  # one clear message, not a dump of the input


def test_directory_path(tmp_path: Path) -> None:
    """A directory given as the blueprint is a bad blueprint: exit 1, a clean message."""
    arg = _directory(tmp_path)
    proc = _timed(["validate", arg], tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "directory" in proc.stderr


def test_directory_path_in_the_loader(tmp_path: Path) -> None:
    with pytest.raises(BlueprintError) as info:
        load_blueprint(tmp_path)
    assert info.value.diagnostics[0].code == "L001"
    assert "directory" in info.value.diagnostics[0].message


def test_the_limits_leave_room_for_real_blueprints() -> None:
    assert MAX_BYTES >= 1024 * 1024
    assert MAX_DEPTH >= 32
