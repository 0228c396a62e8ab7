"""Locate the templates shipped inside the package (``scaffold/_templates``)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable


@cache
def templates_root() -> Traversable:
    """The root of the shipped templates (a real folder in the wheel)."""
    return files("scaffold") / "_templates"


def walk(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    """Every file under ``folder`` as ``(relative posix path, entry)``, sorted."""
    out: list[tuple[str, Traversable]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        rel = f"{prefix}{entry.name}"
        if entry.is_dir():
            out.extend(walk(entry, rel + "/"))
        else:
            out.append((rel, entry))
    return out
