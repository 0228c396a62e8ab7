"""Writer decisions and safe application, observed on a temp output tree."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from scaffold.errors import ScaffoldError, WriteConflictError
from scaffold.output.files import OutputFile
from scaffold.output.lock import output_lock
from scaffold.output.manifest import MANIFEST_PATH, load_manifest
from scaffold.output.writer import (
    FileAction,
    WritePlan,
    WriteResult,
    apply_writes,
    plan_writes,
)


def gen(path: str, text: str, executable: bool = False) -> OutputFile:
    return OutputFile(path, text.encode(), "generated", executable)


def seed(path: str, text: str) -> OutputFile:
    return OutputFile(path, text.encode(), "seed")


def plan(root: Path, files: list[OutputFile]) -> WritePlan:
    return plan_writes(root, files, load_manifest(root))


def render(root: Path, files: list[OutputFile], force: bool = False) -> WriteResult:
    return apply_writes(plan(root, files), force=force)


def actions(p: WritePlan) -> dict[str, str]:
    return {a.path: a.action for a in p.actions}


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*"))
            if p.is_file() and ".scaffold" not in p.parts}


BASE = [
    gen("infra/platform/main.tf", "# platform v1\n"),
    gen("infra/services/a/main.tf", "# a v1\n"),
    seed("services/a/handler.py", "def handler(event, context):\n    return {}\n"),
]


class Recorder:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.events: list[tuple[str, str, bytes | None]] = []
        self.removed: list[str] = []

    def manifest_now(self) -> bytes | None:
        path = self.root / MANIFEST_PATH
        return path.read_bytes() if path.exists() else None

    def applied(self, action: FileAction) -> None:
        self.events.append((action.path, action.action, self.manifest_now()))

    def cleaned(self, path: str) -> None:
        self.removed.append(path)


def test_first_render_creates_every_file_and_records_ownership(tmp_path: Path) -> None:
    p = plan(tmp_path, BASE)
    assert set(actions(p).values()) == {"create"}
    apply_writes(p)
    assert tree(tmp_path)["infra/services/a/main.tf"] == "# a v1\n"
    manifest = load_manifest(tmp_path)
    assert manifest.get("services/a/handler.py").ownership == "seed"  # type: ignore[union-attr]
    assert manifest.get("infra/platform/main.tf").ownership == "generated"  # type: ignore[union-attr]


def test_second_render_with_no_change_writes_nothing(tmp_path: Path) -> None:
    render(tmp_path, BASE)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    before = {p: p.stat().st_mtime_ns for p in files}
    p = plan(tmp_path, BASE)
    assert actions(p) == {"infra/platform/main.tf": "identical",
                          "infra/services/a/main.tf": "identical",
                          "services/a/handler.py": "skip"}
    assert p.is_clean and p.changes == () and p.diff() == ""
    result = apply_writes(p)
    assert result.written == () and not result.manifest_written
    assert {p: p.stat().st_mtime_ns for p in files} == before


def test_unmodified_generated_file_is_updated(tmp_path: Path) -> None:
    render(tmp_path, BASE)
    new = [gen("infra/platform/main.tf", "# platform v2\n"), *BASE[1:]]
    p = plan(tmp_path, new)
    assert actions(p)["infra/platform/main.tf"] == "update"
    assert not p.is_clean
    apply_writes(p)
    assert (tmp_path / "infra/platform/main.tf").read_text() == "# platform v2\n"


def test_hand_edited_generated_file_is_a_conflict_and_nothing_is_written(tmp_path: Path) -> None:
    render(tmp_path, BASE)
    edited = tmp_path / "infra/services/a/main.tf"
    edited.write_text("# a v1 + my edit\n")
    manifest_before = (tmp_path / MANIFEST_PATH).read_bytes()
    new = [gen("infra/platform/main.tf", "# platform v2\n"), gen("infra/services/a/main.tf",
           "# a v2\n"), gen("infra/services/b/main.tf", "# b\n"), BASE[2]]
    p = plan(tmp_path, new)
    assert actions(p)["infra/services/a/main.tf"] == "conflict"
    assert "edited by hand" in p.conflicts[0].reason
    with pytest.raises(WriteConflictError) as info:
        apply_writes(p)
    assert "infra/services/a/main.tf" in info.value.message
    assert info.value.hint is not None and "--force" in info.value.hint
    assert "blueprint" in info.value.hint
    assert (tmp_path / "infra/platform/main.tf").read_text() == "# platform v1\n"
    assert not (tmp_path / "infra/services/b").exists()
    assert edited.read_text() == "# a v1 + my edit\n"
    assert (tmp_path / MANIFEST_PATH).read_bytes() == manifest_before


def test_force_overwrites_a_conflict(tmp_path: Path) -> None:
    render(tmp_path, BASE)
    (tmp_path / "infra/services/a/main.tf").write_text("# my edit\n")
    result = render(tmp_path, BASE, force=True)
    assert result.written == ("infra/services/a/main.tf",)
    assert (tmp_path / "infra/services/a/main.tf").read_text() == "# a v1\n"
    assert plan(tmp_path, BASE).is_clean


@pytest.mark.parametrize(("on_disk", "expected"), [("# other\n", "conflict"),
                                                   ("# platform v1\n", "identical")])
def test_generated_file_present_but_not_in_manifest(tmp_path: Path, on_disk: str,
                                                    expected: str) -> None:
    (tmp_path / "infra/platform").mkdir(parents=True)
    (tmp_path / "infra/platform/main.tf").write_text(on_disk)
    p = plan(tmp_path, BASE[:1])
    assert actions(p) == {"infra/platform/main.tf": expected}
    if expected == "conflict":
        assert "not in .scaffold/manifest.json" in p.conflicts[0].reason


def test_seed_file_is_written_once_and_never_overwritten(tmp_path: Path) -> None:
    render(tmp_path, BASE)
    handler = tmp_path / "services/a/handler.py"
    handler.write_text("# my code\n")
    new_seed = seed("services/a/handler.py", "# a newer template\n")
    p = plan(tmp_path, [BASE[0], BASE[1], new_seed])
    assert actions(p)["services/a/handler.py"] == "skip"
    apply_writes(p, force=True)
    assert handler.read_text() == "# my code\n"


def test_missing_seed_file_is_created(tmp_path: Path) -> None:
    render(tmp_path, BASE)
    (tmp_path / "services/a/handler.py").unlink()
    assert actions(plan(tmp_path, BASE))["services/a/handler.py"] == "create"


def test_file_no_longer_produced_and_unmodified_is_deleted_and_empty_folders_pruned(
        tmp_path: Path) -> None:
    files = [*BASE, gen("infra/services/b/deep/x.tf", "# x\n"), gen("infra/services/b/y.tf", "")]
    render(tmp_path, files)
    p = plan(tmp_path, BASE)
    assert actions(p)["infra/services/b/deep/x.tf"] == "delete"
    assert actions(p)["infra/services/b/y.tf"] == "delete"
    assert not p.is_clean
    result = apply_writes(p)
    assert set(result.deleted) == {"infra/services/b/deep/x.tf", "infra/services/b/y.tf"}
    assert not (tmp_path / "infra/services/b").exists()
    assert (tmp_path / "infra/services/a/main.tf").exists()
    assert "infra/services/b/deep/x.tf" not in load_manifest(tmp_path).entries


def test_deletion_keeps_folders_that_hold_other_files(tmp_path: Path) -> None:
    render(tmp_path, [*BASE, gen("infra/services/b/x.tf", "# x\n")])
    (tmp_path / "infra/services/b/notes.md").write_text("mine\n")
    render(tmp_path, BASE)
    assert (tmp_path / "infra/services/b/notes.md").exists()
    assert not (tmp_path / "infra/services/b/x.tf").exists()


def test_modified_file_no_longer_produced_is_an_orphan_and_kept(tmp_path: Path) -> None:
    render(tmp_path, [*BASE, gen("infra/services/b/x.tf", "# x\n")])
    (tmp_path / "infra/services/b/x.tf").write_text("# x, edited\n")
    p = plan(tmp_path, BASE)
    assert actions(p)["infra/services/b/x.tf"] == "orphan"
    assert p.is_clean  # orphans are the user's; --check does not fail on them
    apply_writes(p)
    assert (tmp_path / "infra/services/b/x.tf").read_text() == "# x, edited\n"
    assert actions(plan(tmp_path, BASE))["infra/services/b/x.tf"] == "orphan"


def test_seed_file_no_longer_produced_is_an_orphan_even_when_unmodified(tmp_path: Path) -> None:
    render(tmp_path, BASE)
    p = plan(tmp_path, BASE[:2])
    assert actions(p)["services/a/handler.py"] == "orphan"
    assert "yours" in p.orphans[0].reason
    apply_writes(p)
    assert (tmp_path / "services/a/handler.py").exists()


def test_orphan_removed_by_the_user_leaves_the_manifest(tmp_path: Path) -> None:
    render(tmp_path, BASE)
    render(tmp_path, BASE[:2])
    (tmp_path / "services/a/handler.py").unlink()
    p = plan(tmp_path, BASE[:2])
    assert "services/a/handler.py" not in actions(p)
    apply_writes(p)
    assert "services/a/handler.py" not in load_manifest(tmp_path).entries


def test_manifest_is_written_after_every_file(tmp_path: Path) -> None:
    render(tmp_path, BASE)
    old_manifest = (tmp_path / MANIFEST_PATH).read_bytes()
    recorder = Recorder(tmp_path)
    new = [gen("infra/platform/main.tf", "# v2\n"), gen("infra/services/c/main.tf", "# c\n")]
    result = apply_writes(plan(tmp_path, new), reporter=recorder)
    assert [(path, action) for path, action, _ in recorder.events] == [
        ("infra/services/a/main.tf", "delete"), ("infra/platform/main.tf", "update"),
        ("infra/services/c/main.tf", "create")]
    assert all(manifest == old_manifest for _, _, manifest in recorder.events)
    assert result.manifest_written
    assert (tmp_path / MANIFEST_PATH).read_bytes() != old_manifest


def test_file_changed_between_plan_and_apply_stops_before_writing(tmp_path: Path) -> None:
    render(tmp_path, BASE)
    p = plan(tmp_path, [gen("infra/platform/main.tf", "# v2\n"), *BASE[1:]])
    (tmp_path / "infra/platform/main.tf").write_text("# edited meanwhile\n")
    with pytest.raises(WriteConflictError, match="changed on disk"):
        apply_writes(p)
    assert (tmp_path / "infra/platform/main.tf").read_text() == "# edited meanwhile\n"


def test_executable_bit_is_set_and_a_mode_change_is_an_update(tmp_path: Path) -> None:
    render(tmp_path, [gen("bin/run.sh", "#!/bin/sh\n", executable=True)])
    mode = (tmp_path / "bin/run.sh").stat().st_mode
    assert mode & stat.S_IXUSR
    p = plan(tmp_path, [gen("bin/run.sh", "#!/bin/sh\n", executable=False)])
    assert actions(p) == {"bin/run.sh": "update"}
    assert "old mode 100755" in p.diff()
    apply_writes(p)
    assert not (tmp_path / "bin/run.sh").stat().st_mode & 0o111


def test_update_keeps_the_existing_permission_bits(tmp_path: Path) -> None:
    render(tmp_path, BASE[:1])
    target = tmp_path / "infra/platform/main.tf"
    target.chmod(0o640)
    render(tmp_path, [gen("infra/platform/main.tf", "# v2\n")])
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_summary_counts_every_action(tmp_path: Path) -> None:
    render(tmp_path, [*BASE, gen("old.tf", "# old\n")])
    counts = plan(tmp_path, [gen("infra/platform/main.tf", "# v2\n"), *BASE[1:],
                             gen("new.tf", "# new\n")]).summary()
    assert counts == {"create": 1, "update": 1, "identical": 1, "conflict": 0, "skip": 1,
                      "delete": 1, "orphan": 0}


def test_diff_shows_creates_updates_and_deletes_in_path_order(tmp_path: Path) -> None:
    render(tmp_path, [gen("b.tf", "one\ntwo\n"), gen("c.tf", "gone\n")])
    p = plan(tmp_path, [gen("a.tf", "new\n"), gen("b.tf", "one\nTWO\n")])
    assert p.diff() == (
        "--- /dev/null\n+++ b/a.tf\n@@ -0,0 +1 @@\n+new\n"
        "--- a/b.tf\n+++ b/b.tf\n@@ -1,2 +1,2 @@\n one\n-two\n+TWO\n"
        "--- a/c.tf\n+++ /dev/null\n@@ -1 +0,0 @@\n-gone\n"
    )
    assert p.diff() == plan(tmp_path, [gen("b.tf", "one\nTWO\n"), gen("a.tf", "new\n")]).diff()


def test_diff_marks_a_missing_final_newline(tmp_path: Path) -> None:
    assert "\\ No newline at end of file\n" in plan(tmp_path, [gen("a.tf", "x")]).diff()


@pytest.mark.parametrize("bad", ["../escape.tf", "/etc/passwd", "a//b.tf", "a/./b.tf",
                                 "a\\b.tf", ".scaffold/manifest.json", ".scaffold/lock",
                                 "x/.main.tf.scaffold-tmp-1234", ""])
def test_unsafe_or_reserved_paths_are_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ScaffoldError):
        plan(tmp_path, [gen(bad, "x\n")])


def test_a_path_produced_twice_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError, match="twice"):
        plan(tmp_path, [gen("a.tf", "1\n"), gen("a.tf", "2\n")])


def test_stale_temp_files_are_ignored_by_the_plan_and_cleaned_by_the_next_write(
        tmp_path: Path) -> None:
    render(tmp_path, BASE)
    stale = tmp_path / "infra/platform/.main.tf.scaffold-tmp-0badf00d"
    stale.write_text("half a fi")
    p = plan(tmp_path, BASE)
    assert p.is_clean and all("scaffold-tmp" not in a.path for a in p.actions)
    recorder = Recorder(tmp_path)
    result = apply_writes(p, reporter=recorder)
    assert not stale.exists()
    assert result.cleaned == ("infra/platform/.main.tf.scaffold-tmp-0badf00d",)
    assert recorder.removed == list(result.cleaned)


def test_a_folder_in_the_way_is_a_conflict(tmp_path: Path) -> None:
    (tmp_path / "infra/platform/main.tf").mkdir(parents=True)
    p = plan(tmp_path, BASE[:1])
    assert actions(p) == {"infra/platform/main.tf": "conflict"}
    with pytest.raises(ScaffoldError):
        apply_writes(p, force=True)


def test_a_second_writer_gets_a_clear_error_while_the_lock_is_held(tmp_path: Path) -> None:
    with output_lock(tmp_path):
        with pytest.raises(ScaffoldError) as info, output_lock(tmp_path):
            pass
        assert info.value.message.startswith(f"another scaffold render is writing to {tmp_path}")
        assert f"(process {os.getpid()})" in info.value.message
        assert info.value.hint is not None
    with output_lock(tmp_path):  # released on exit
        pass
