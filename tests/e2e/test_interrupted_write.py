"""Story: a render killed at any moment leaves every file whole, and the next render recovers.

A child process applies a write plan (20 updates, 5 creates, 5 deletes of large files) and
is killed with SIGKILL: after N files (a reporter pauses between files), inside the N-th
write (``os.fsync`` pauses, so a whole temp file exists but is not renamed yet), or after a
short timer (no pause at all). Afterwards every file holds exactly its old or its new
content, the manifest is whole, temp files are never planned as output, and a new render
completes the job and removes the temp files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import scaffold
from scaffold.output.files import OutputFile
from scaffold.output.manifest import MANIFEST_PATH, load_manifest
from scaffold.output.writer import TEMP_MARKER, apply_writes, plan_writes

SIZE = 256 * 1024
CHILD = """
import json, os, sys, time
from pathlib import Path
from scaffold.output.files import OutputFile
from scaffold.output.manifest import load_manifest
from scaffold.output.writer import apply_writes, plan_writes

root, spec, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
delay = 0.05 if mode != "timer" else 0.0
real_fsync = os.fsync

def slow_fsync(fd):
    print("fsync", flush=True)
    time.sleep(delay)
    real_fsync(fd)

if mode == "in-write":
    os.fsync = slow_fsync
files = [OutputFile(p, c.encode(), o) for p, (c, o) in json.loads(spec.read_text()).items()]

class Reporter:
    def applied(self, action):
        print("applied", action.path, flush=True)
        if mode == "after-file":
            time.sleep(delay)

    def cleaned(self, path):
        pass

plan = plan_writes(root, files, load_manifest(root))
print("ready", flush=True)
apply_writes(plan, reporter=Reporter())
print("done", flush=True)
"""


def content(path: str, version: str) -> str:
    line = f"# {version} content of {path}\n"
    return line * (SIZE // len(line))


def old_files() -> list[OutputFile]:
    paths = [f"infra/services/s{i % 4}/f{i}.tf" for i in range(25)]
    files = [OutputFile(p, content(p, "old").encode()) for p in paths]
    files.append(OutputFile("services/s0/handler.py", b"# seed\n", "seed"))
    return files


def new_files() -> list[OutputFile]:
    kept = [f"infra/services/s{i % 4}/f{i}.tf" for i in range(20)]  # f20..f24 are deleted
    created = [f"infra/services/new/g{i}.tf" for i in range(5)]
    files = [OutputFile(p, content(p, "new").encode()) for p in kept + created]
    files.append(OutputFile("services/s0/handler.py", b"# newer seed\n", "seed"))
    return files


def temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob(f"*{TEMP_MARKER}*")]


def run_child(root: Path, spec: Path, mode: str) -> subprocess.Popen[str]:
    env = dict(os.environ)
    repo = str(Path(scaffold.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [repo, env.get("PYTHONPATH")]))
    return subprocess.Popen([sys.executable, "-c", CHILD, str(root), str(spec), mode],
                            stdout=subprocess.PIPE, text=True, env=env)


def kill_at(child: subprocess.Popen[str], mode: str, when: float) -> None:
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    if mode == "timer":
        time.sleep(when)
    else:
        event = "applied " if mode == "after-file" else "fsync"
        seen = 0
        while seen < when:
            seen += child.stdout.readline().startswith(event)
    child.kill()
    child.wait(timeout=30)
    child.stdout.close()


@pytest.fixture(scope="module")
def new_manifest(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    root = tmp_path_factory.mktemp("reference")
    apply_writes(plan_writes(root, old_files(), load_manifest(root)))
    apply_writes(plan_writes(root, new_files(), load_manifest(root)))
    return (root / MANIFEST_PATH).read_bytes()


@pytest.mark.parametrize(("mode", "when"), [
    ("after-file", 0), ("after-file", 1), ("after-file", 7), ("after-file", 22),
    ("after-file", 29), ("in-write", 1), ("in-write", 14),
    ("timer", 0.0), ("timer", 0.01), ("timer", 0.03), ("timer", 0.06),
])
def test_killed_render_leaves_whole_files_and_the_next_render_recovers(
        tmp_path: Path, new_manifest: bytes, mode: str, when: float) -> None:
    root = tmp_path / "project"
    old, new = old_files(), new_files()
    apply_writes(plan_writes(root, old, load_manifest(root)))
    old_manifest = (root / MANIFEST_PATH).read_bytes()
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({f.path: [f.content.decode(), f.ownership] for f in new}))

    kill_at(run_child(root, spec, mode), mode, when)
    if mode == "in-write":
        assert temp_files(root), "the kill should have left a temp file behind"

    before = {f.path: f.content for f in old}
    after = {f.path: f.content for f in new if f.ownership == "generated"}
    for path in sorted(before.keys() | after.keys()):
        if path == "services/s0/handler.py":
            assert (root / path).read_bytes() == b"# seed\n"  # seed: never rewritten
            continue
        on_disk = (root / path).read_bytes() if (root / path).exists() else None
        allowed = {before.get(path), after.get(path)}
        assert on_disk in allowed, f"{path} is neither its old nor its new content"
    assert (root / MANIFEST_PATH).read_bytes() in (old_manifest, new_manifest)

    recovery = plan_writes(root, new, load_manifest(root))
    assert not recovery.conflicts
    assert not any(TEMP_MARKER in a.path for a in recovery.actions)
    apply_writes(recovery)

    assert temp_files(root) == []
    for f in new:
        expected = b"# seed\n" if f.ownership == "seed" else f.content
        assert (root / f.path).read_bytes() == expected
    assert not any((root / f"infra/services/s{i % 4}/f{i}.tf").exists() for i in range(20, 25))
    assert (root / MANIFEST_PATH).read_bytes() == new_manifest
    assert plan_writes(root, new, load_manifest(root)).is_clean
