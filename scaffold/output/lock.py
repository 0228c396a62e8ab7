"""Write stage: one writer at a time per output root, via ``<root>/.scaffold/lock``.

``flock`` locks vanish with the process that held them, so a crashed render never leaves a
stale lock behind; the lock file itself stays (deleting it would race with a new writer).
A render with nothing to write takes no lock (``WritePlan.writes_nothing``), so a no-op
render leaves the lock file, and all of ``.scaffold/``, untouched.
POSIX only, like the rest of the write stage's durability guarantees.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scaffold.errors import ScaffoldError
from scaffold.output.manifest import LOCK_PATH

__all__ = ["output_lock"]


@contextmanager
def output_lock(root: Path) -> Iterator[Path]:
    """Hold the exclusive write lock of an output root for the duration of the block.

    Take it before ``load_manifest``/``plan_writes`` and release it after ``apply_writes``,
    so the plan cannot go stale under another render. Read-only commands (``render
    --check``, ``--dry-run``, ``--diff``) need no lock.

    Args:
        root: The output root; ``.scaffold/`` is created in it if missing.

    Yields:
        The lock file path.

    Raises:
        ScaffoldError: If another process holds the lock (the call does not wait).
    """
    path = root / LOCK_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            raise ScaffoldError(
                f"another scaffold render is writing to {root}"
                + (f" (process {holder})" if holder else ""),
                hint="wait for it to finish and run the command again; the lock is released "
                     "as soon as that process exits",
            ) from None
        # Record the holder for the message above; informational only.
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield path
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _read_holder(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return text if text.isdigit() else ""
