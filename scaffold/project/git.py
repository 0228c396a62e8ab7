"""Project stage: the few git operations scaffold needs (init, commit, tags), as subprocesses.

Commits made here carry an explicit identity only when the user has none configured, so a
machine without ``git config user.email`` still gets its initial commit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from scaffold.errors import ScaffoldError

__all__ = [
    "FALLBACK_IDENTITY",
    "commit_all",
    "git",
    "git_available",
    "has_identity",
    "init_repo",
    "work_tree_root",
]

FALLBACK_IDENTITY = ("scaffold", "scaffold@localhost")
"""Author of commits scaffold makes when git has no ``user.name``/``user.email``."""


def git_available() -> bool:
    """Tell whether a ``git`` executable is on ``PATH``."""
    return shutil.which("git") is not None


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``git ARGS`` in ``cwd`` without prompts and capture its output.

    Args:
        cwd: Working directory.
        *args: Git arguments.
        check: Raise when git exits non-zero.

    Returns:
        The completed process (stdout and stderr as text).

    Raises:
        ScaffoldError: If git is missing, or fails while ``check`` is true.
    """
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True,
                              text=True, check=False)
    except FileNotFoundError:
        raise ScaffoldError("git is not installed",
                            hint="install git; Copier template updates need it") from None
    if check and proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise ScaffoldError(f"git {' '.join(args[:2])} failed in {cwd}: "
                            + (detail[-1] if detail else f"exit code {proc.returncode}"))
    return proc


def work_tree_root(path: Path) -> Path | None:
    """The top folder of the git work tree holding ``path``, or None when there is none."""
    proc = git(path, "rev-parse", "--show-toplevel", check=False)
    return Path(proc.stdout.strip()) if proc.returncode == 0 and proc.stdout.strip() else None


def has_identity(cwd: Path) -> bool:
    """Tell whether git knows who commits (``user.name`` and ``user.email``) in ``cwd``."""
    return all(git(cwd, "config", key, check=False).stdout.strip()
               for key in ("user.name", "user.email"))


def init_repo(path: Path) -> None:
    """``git init`` with ``main`` as the first branch, whatever the user's default is."""
    git(path, "-c", "init.defaultBranch=main", "init", "-q")


def commit_all(path: Path, message: str, *, internal: bool = False,
               allow_empty: bool = False) -> bool:
    """Stage everything under ``path`` and commit it.

    Args:
        path: A folder inside a git work tree.
        message: The commit message.
        internal: A commit in scaffold's own template repository: always authored by
            :data:`FALLBACK_IDENTITY`, never signed.
        allow_empty: Commit even when nothing changed.

    Returns:
        True when :data:`FALLBACK_IDENTITY` was used because git had no user identity
        (always false for ``internal`` commits, which never use the user's).
    """
    git(path, "add", "-A", ".")
    fallback = not internal and not has_identity(path)
    ident = ["-c", f"user.name={FALLBACK_IDENTITY[0]}",
             "-c", f"user.email={FALLBACK_IDENTITY[1]}"] if internal or fallback else []
    unsigned = ["-c", "commit.gpgSign=false"] if internal else []
    git(path, *ident, *unsigned, "commit", "-q", "--no-verify", "-m", message,
        *(["--allow-empty"] if allow_empty else []))
    return fallback
