"""Where scaffold keeps what it may rebuild at any time: the per-user cache folder.

``$SCAFFOLD_CACHE_DIR``, else ``$XDG_CACHE_HOME/scaffold``, else ``~/.cache/scaffold``
(the same on Linux and macOS, on purpose: answers files record paths below it, and a team
shares them). Nothing in it is ever needed: deleting the folder costs time, never output.
Standard library only (the ``render`` fast path imports it).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["CACHE_ENV", "cache_dir"]

CACHE_ENV = "SCAFFOLD_CACHE_DIR"


def cache_dir() -> Path:
    """The cache folder (absolute; it may not exist yet)."""
    if override := os.environ.get(CACHE_ENV):
        return Path(override).expanduser().absolute()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return (base / "scaffold").absolute()
