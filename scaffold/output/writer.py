"""Write stage: decide per file what to do (``plan_writes``), then do it safely (``apply_writes``).

Atomic per file (temp file, fsync, ``os.replace``), manifest last: an interrupted write never
leaves a truncated file, and the next render resumes from what is on disk.
"""

from __future__ import annotations

import difflib
import os
import secrets
from collections.abc import Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from scaffold.errors import ScaffoldError, WriteConflictError
from scaffold.output.files import OutputFile, Ownership, is_user_terraform
from scaffold.output.manifest import (
    MANIFEST_PATH,
    PENDING_PATH,
    Manifest,
    ManifestEntry,
    check_output_path,
    dump_manifest,
    sha256_hex,
)

__all__ = [
    "ACTIONS",
    "TEMP_MARKER",
    "Action",
    "FileAction",
    "WritePlan",
    "WriteReporter",
    "WriteResult",
    "apply_writes",
    "plan_writes",
    "remove_stale_temps",
    "write_atomic",
]

Action = Literal["create", "update", "identical", "conflict", "skip", "delete", "orphan"]
ACTIONS: tuple[Action, ...] = (
    "create", "update", "identical", "conflict", "skip", "delete", "orphan",
)
"""Every action, in the order summaries list them."""
TEMP_MARKER = ".scaffold-tmp-"
"""Temp files are named ``.<name>.scaffold-tmp-<hex>`` next to their target."""

_WRITE_THREADS = 8
"""Files written at once by ``apply_writes``: fsync waits on the disk, not on the CPU."""

_WRITES: frozenset[Action] = frozenset({"create", "update", "conflict"})
_DIFFED: frozenset[Action] = frozenset({"create", "update", "conflict", "delete"})


@dataclass(frozen=True)
class FileAction:
    """What the writer will do with one path, and why.

    Attributes:
        path: POSIX path relative to the output root.
        action: One of ``ACTIONS``.
        ownership: ``generated`` or ``seed``.
        reason: Why, for ``conflict`` and ``orphan`` (empty otherwise).
        content: Bytes to write (``create``, ``update``, ``conflict``), else None.
        previous: Bytes on disk when planned (``update``, ``conflict``, ``delete``,
            ``orphan``), else None.
        executable: Whether the written file gets the executable bits.
    """

    path: str
    action: Action
    ownership: Ownership
    reason: str = ""
    content: bytes | None = None
    previous: bytes | None = None
    executable: bool = False


@dataclass(frozen=True)
class WritePlan:
    """Every decision for one render, sorted by path, and the manifest to record after it.

    Attributes:
        root: The output root.
        actions: One action per path, sorted by path.
        manifest: The manifest ``apply_writes`` records once every file is written.
        user_terraform: User-owned ``*.custom.tf`` files found next to generated Terraform,
            sorted; never written, deleted or reported as orphaned (listed by ``render -v``).
    """

    root: Path
    actions: tuple[FileAction, ...]
    manifest: Manifest
    user_terraform: tuple[str, ...] = ()

    @property
    def changes(self) -> tuple[FileAction, ...]:
        """Actions other than ``identical`` and ``skip`` (what a dry run lists)."""
        return tuple(a for a in self.actions if a.action not in ("identical", "skip"))

    @property
    def conflicts(self) -> tuple[FileAction, ...]:
        """Generated files edited by hand (or not written by scaffold) that would be lost."""
        return tuple(a for a in self.actions if a.action == "conflict")

    @property
    def orphans(self) -> tuple[FileAction, ...]:
        """Files no longer produced that scaffold will leave alone."""
        return tuple(a for a in self.actions if a.action == "orphan")

    @property
    def writes_nothing(self) -> bool:
        """True when ``apply_writes`` would change nothing on disk: no file to create,
        update or delete, no conflict, the manifest already as recorded and no
        interrupted render to finish. Such a plan needs neither the lock nor applying."""
        root = self.root
        if any(a.action in _WRITES or a.action == "delete" for a in self.actions):
            return False
        if (root / PENDING_PATH).exists():
            return False
        return _read(root / MANIFEST_PATH) == dump_manifest(self.manifest)

    @property
    def is_clean(self) -> bool:
        """True when the output is up to date: nothing to create, update or delete, no conflict.

        This is ``render --check``. Orphans do not make a plan dirty: they are the user's.
        """
        return not any(a.action in ("create", "update", "delete", "conflict")
                       for a in self.actions)

    def summary(self) -> dict[Action, int]:
        """Count actions, with every action present, in ``ACTIONS`` order."""
        counts: dict[Action, int] = dict.fromkeys(ACTIONS, 0)
        for a in self.actions:
            counts[a.action] += 1
        return counts

    def diff(self) -> str:
        """Unified diff of every create, update, conflict and delete, in path order.

        Returns:
            Git-style diff text (``a/``, ``b/``, ``/dev/null``); empty when nothing changes.
        """
        return "".join(_diff_one(a) for a in self.actions if a.action in _DIFFED)


@dataclass(frozen=True)
class WriteResult:
    """What ``apply_writes`` did, as paths relative to the root."""

    written: tuple[str, ...]
    deleted: tuple[str, ...]
    cleaned: tuple[str, ...]
    manifest_written: bool


class WriteReporter(Protocol):
    """Progress callbacks the CLI implements; the library never prints."""

    def applied(self, action: FileAction) -> None:
        """Called after a create, update, forced conflict or delete has reached the disk."""

    def cleaned(self, path: str) -> None:
        """Called after a stale temp file or a folder left empty was removed."""


def plan_writes(root: Path, files: Sequence[OutputFile], manifest: Manifest) -> WritePlan:
    """Compare rendered files with the disk and the manifest; decide, write nothing.

    Args:
        root: The output root.
        files: Every file render produced.
        manifest: The manifest loaded from ``root`` (empty on a first render).

    Returns:
        The plan; apply it with ``apply_writes``.

    Raises:
        ScaffoldError: If a path is unsafe or produced twice (a bug in render).
    """
    produced: dict[str, OutputFile] = {}
    for f in files:
        check_output_path(f.path)
        if f.path in produced:
            raise ScaffoldError(f"{f.path} is produced twice", hint="this is a bug in scaffold")
        if is_user_terraform(f.path):
            raise ScaffoldError(f"{f.path} is named like a user-owned Terraform file "
                                "(*.custom.tf)", hint="this is a bug in scaffold")
        produced[f.path] = f
    actions: list[FileAction] = []
    entries: dict[str, ManifestEntry] = {}
    for path, f in produced.items():
        action, entry = _decide_produced(root, f, manifest.get(path), manifest)
        actions.append(action)
        entries[path] = entry
    for path, old in manifest.entries.items():
        if path in produced or is_user_terraform(path):
            continue  # a user file in an old or hand-edited manifest: the user's, say nothing
        disk = _read(root / path)
        if disk is None:
            continue
        if old.ownership == "generated" and manifest.wrote(path, sha256_hex(disk)):
            actions.append(FileAction(path, "delete", old.ownership, previous=disk))
            continue
        why = ("seed file is no longer produced; it is yours to keep or delete"
               if old.ownership == "seed"
               else "generated file is no longer produced but was edited by hand; not deleted")
        actions.append(FileAction(path, "orphan", old.ownership, why, previous=disk))
        entries[path] = old  # keep reporting it until the user removes it
    actions.sort(key=lambda a: a.path)
    return WritePlan(root, tuple(actions), Manifest(entries), _user_terraform(root, produced))


def _user_terraform(root: Path, produced: Iterable[str]) -> tuple[str, ...]:
    """The ``*.custom.tf`` files in every folder scaffold writes Terraform into."""
    folders = sorted({p.rpartition("/")[0] for p in produced if p.endswith(".tf")})
    found: list[str] = []
    for folder in folders:
        with suppress(FileNotFoundError, NotADirectoryError), os.scandir(root / folder) as it:
            found += [f"{folder}/{e.name}" if folder else e.name for e in it
                      if is_user_terraform(e.name) and e.is_file()]
    return tuple(sorted(found))


def apply_writes(plan: WritePlan, force: bool = False,
                 reporter: WriteReporter | None = None) -> WriteResult:
    """Carry out a plan: refuse on conflicts, then delete, write, and record the manifest.

    Nothing is written when it refuses. Identical and skipped files are never touched, so
    their mtimes stay. Hold ``scaffold.output.lock.output_lock`` around plan and apply.

    Args:
        plan: From ``plan_writes``.
        force: Overwrite conflicting files (hand edits are lost).
        reporter: Receives progress; None for silence.

    Returns:
        What was written, deleted and cleaned.

    Raises:
        WriteConflictError: On a conflict without ``force``, or when a file changed on disk
            since the plan was made (before anything is written).
        ScaffoldError: When the disk refuses a write.
    """
    root = plan.root
    if plan.conflicts and not force:
        raise _conflict_error(plan.conflicts)
    pending = [a for a in plan.actions if a.action in _WRITES or a.action == "delete"]
    for a in pending:
        if _read(root / a.path) != a.previous:
            raise WriteConflictError(f"{a.path} changed on disk while scaffold was planning",
                                     hint="run the command again")
    folders = {(root / a.path).parent for a in plan.actions} | {(root / MANIFEST_PATH).parent}
    cleaned = [p.relative_to(root).as_posix()
               for folder in sorted(folders) for p in remove_stale_temps(folder)]
    written: list[str] = []
    deleted: list[str] = []
    touched: set[Path] = set()
    # Deletes first: a folder that becomes a file (or the reverse) then works.
    for a in sorted((a for a in pending if a.action == "delete"), key=lambda a: a.path):
        target = root / a.path
        try:
            target.unlink(missing_ok=True)
        except OSError as exc:
            raise _write_error(a, exc) from exc
        deleted.append(a.path)
        cleaned += _prune_empty(root, target.parent)
        touched.add(target.parent)
        if reporter is not None:
            reporter.applied(a)
    writes = sorted((a for a in pending if a.action != "delete"), key=lambda a: a.path)
    journal = root / PENDING_PATH
    if writes:
        # Say what is about to be written before writing it: if this render is killed, the
        # next one knows these bytes are scaffold's, whatever blueprint it renders.
        intent = Manifest({a.path: plan.manifest.entries[a.path] for a in writes
                           if a.path in plan.manifest.entries})
        try:
            write_atomic(journal, dump_manifest(intent))
        except OSError as exc:
            raise ScaffoldError(f"cannot write {PENDING_PATH}: {exc.strerror or exc}",
                                hint="nothing was written; fix the cause and run render "
                                     "again") from exc
        # Each file is still written, fsynced and renamed on its own (write_atomic); doing
        # several at once lets the file system commit their fsyncs together. Results are
        # taken, and reported, in path order.
        from concurrent.futures import ThreadPoolExecutor  # only when there is work to do

        with ThreadPoolExecutor(min(_WRITE_THREADS, len(writes))) as pool:
            futures = []
            for a in writes:
                assert a.content is not None
                futures.append(pool.submit(write_atomic, root / a.path, a.content,
                                           executable=a.executable))
            try:
                for a, future in zip(writes, futures, strict=True):
                    try:
                        future.result()
                    except OSError as exc:
                        raise _write_error(a, exc) from exc
                    written.append(a.path)
                    touched.add((root / a.path).parent)
                    if reporter is not None:
                        reporter.applied(a)
            except BaseException:
                for future in futures:
                    future.cancel()  # files already being written finish whole
                raise
        with ThreadPoolExecutor(min(_WRITE_THREADS, len(touched))) as pool:
            list(pool.map(_fsync_dir, sorted(touched)))
    else:
        for folder in sorted(touched):
            _fsync_dir(folder)
    if reporter is not None:
        for path in cleaned:
            reporter.cleaned(path)
    manifest_bytes = dump_manifest(plan.manifest)
    manifest_path = root / MANIFEST_PATH
    manifest_written = _read(manifest_path) != manifest_bytes
    if manifest_written:
        write_atomic(manifest_path, manifest_bytes)
        _fsync_dir(manifest_path.parent)
    journal.unlink(missing_ok=True)
    return WriteResult(tuple(written), tuple(deleted), tuple(cleaned), manifest_written)


def _write_error(action: FileAction, exc: OSError) -> ScaffoldError:
    return ScaffoldError(
        f"cannot write {action.path}: {exc.strerror or exc}",
        hint="files already written are complete and the manifest is unchanged; "
             "fix the cause and run render again",
    )


def write_atomic(path: Path, content: bytes, *, executable: bool = False) -> None:
    """Replace ``path`` with ``content`` so readers see the old or the new file, never half.

    The temp file lives in the same folder (``os.replace`` is atomic only within one file
    system) and is fsynced before the rename. An existing file keeps its permission bits,
    except the executable bits, which follow ``executable``.

    Args:
        path: Target file; missing parent folders are created.
        content: The new bytes.
        executable: Give the file the executable bits (as the umask allows).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}{TEMP_MARKER}{secrets.token_hex(4)}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(tmp, flags, 0o777 if executable else 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            default = os.fstat(fh.fileno()).st_mode & 0o7777
            mode = _kept_mode(path, default, executable)
            if mode != default:
                os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
        tmp.replace(path)
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise


def remove_stale_temps(folder: Path) -> list[Path]:
    """Delete temp files an interrupted write left in ``folder``.

    Call only while holding the output lock: another writer's live temp files look alike.

    Args:
        folder: A folder scaffold writes into; a missing folder is fine.

    Returns:
        The removed paths, sorted.
    """
    removed: list[Path] = []
    with suppress(FileNotFoundError, NotADirectoryError), os.scandir(folder) as it:
        for entry in it:
            if entry.name.startswith(".") and TEMP_MARKER in entry.name and entry.is_file(
                    follow_symlinks=False):
                with suppress(FileNotFoundError):
                    Path(entry.path).unlink()
                    removed.append(Path(entry.path))
    return sorted(removed)


def _decide_produced(root: Path, f: OutputFile, old: ManifestEntry | None,
                     manifest: Manifest) -> tuple[FileAction, ManifestEntry]:
    target = root / f.path
    disk = _read(target)
    new_entry = ManifestEntry(sha256_hex(f.content), f.ownership)
    if disk is None:
        if target.is_dir():
            return (FileAction(f.path, "conflict", f.ownership, "a folder is in the way",
                               f.content, None, f.executable), new_entry)
        return FileAction(f.path, "create", f.ownership, content=f.content,
                          executable=f.executable), new_entry
    if f.ownership == "seed":
        # Write-once: the user owns it now. Keep the hash first recorded for it.
        kept = old if old is not None and old.ownership == "seed" else ManifestEntry(
            sha256_hex(disk), "seed")
        return FileAction(f.path, "skip", "seed"), kept
    if disk == f.content and _is_executable(target) == f.executable:
        return FileAction(f.path, "identical", "generated"), new_entry
    if disk == f.content or manifest.wrote(f.path, sha256_hex(disk)):
        return FileAction(f.path, "update", "generated", content=f.content, previous=disk,
                          executable=f.executable), new_entry
    why = ("edited by hand since scaffold wrote it" if old is not None
           else "exists but scaffold did not write it (not in .scaffold/manifest.json)")
    return FileAction(f.path, "conflict", "generated", why, f.content, disk,
                      f.executable), new_entry


def _conflict_error(conflicts: Iterable[FileAction]) -> WriteConflictError:
    lines = [f"  {a.path}: {a.reason}" for a in conflicts]
    return WriteConflictError(
        f"render stopped: {len(lines)} generated file(s) would lose changes; nothing was "
        "written:\n" + "\n".join(lines),
        hint="move the change into the blueprint (or into a handler file, which scaffold "
             "never overwrites), or re-run with --force to overwrite these files",
    )


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    except OSError as exc:
        raise ScaffoldError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _is_executable(path: Path) -> bool:
    return bool(path.stat().st_mode & 0o111)


def _kept_mode(path: Path, default: int, executable: bool) -> int:
    try:
        mode = path.stat().st_mode & 0o7777
    except (FileNotFoundError, NotADirectoryError):
        return default
    return (mode | (default & 0o111)) if executable else (mode & ~0o111)


def _prune_empty(root: Path, folder: Path) -> list[str]:
    pruned: list[str] = []
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            break
        pruned.append(folder.relative_to(root).as_posix())
        folder = folder.parent
    return pruned


def _fsync_dir(folder: Path) -> None:
    # Makes the renames durable; some file systems refuse to fsync a folder, which is fine.
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _diff_one(a: FileAction) -> str:
    old_name = "/dev/null" if a.action == "create" else f"a/{a.path}"
    new_name = "/dev/null" if a.action == "delete" else f"b/{a.path}"
    old, new = a.previous or b"", a.content or b""
    try:
        old_text, new_text = old.decode("utf-8"), new.decode("utf-8")
    except UnicodeDecodeError:
        return f"Binary files {old_name} and {new_name} differ\n"
    if old_text == new_text and a.action in ("update", "conflict"):
        modes = ("100644", "100755") if a.executable else ("100755", "100644")
        return f"diff --git a/{a.path} b/{a.path}\nold mode {modes[0]}\nnew mode {modes[1]}\n"
    lines = difflib.unified_diff(old_text.splitlines(keepends=True),
                                 new_text.splitlines(keepends=True), old_name, new_name)
    return "".join(_mark_missing_newline(lines)) or f"--- {old_name}\n+++ {new_name}\n"


def _mark_missing_newline(lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        if line.endswith("\n"):
            yield line
        else:
            yield line + "\n\\ No newline at end of file\n"
