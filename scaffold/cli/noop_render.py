"""``scaffold render`` when nothing changed: answer "nothing to do" without rendering.

``main`` calls :func:`try_from_argv` before Typer is imported; the ``render`` command calls
:func:`try_noop` too. Both go through ``scaffold.output.fingerprint.unchanged`` and print
the same line. Only the standard library and ``scaffold.output`` are imported here (no
Typer, pydantic, YAML or Jinja). Any doubt (an option this parser does not know, no
record, a changed file) returns False and the full render decides, as before.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["FAST_PATH_NOTE", "try_from_argv", "try_noop"]

FAST_PATH_NOTE = "inputs and files unchanged since the last render; nothing rendered"
"""Printed after ``nothing to do`` when the fast path answered (tests look for it)."""

# -v/--verbose lists every file (and the user's *.custom.tf): a full render answers it.
_FLAGS = {"--check": "check"}


def try_from_argv(argv: list[str]) -> bool:
    """Answer ``scaffold render [BLUEPRINT] [--out DIR] [--check]`` when nothing changed.

    Args:
        argv: The arguments after the program name.

    Returns:
        True when the command was answered here (its exit status is 0); False to run the
        Typer application on the same arguments.
    """
    if not argv or argv[0] != "render":
        return False
    blueprint: str | None = None
    out_dir: str | None = None
    rest = iter(argv[1:])
    for arg in rest:
        if arg in _FLAGS:
            continue
        if arg == "--out" or arg.startswith("--out="):
            if out_dir is not None:
                return False
            out_dir = arg[len("--out="):] if arg.startswith("--out=") else next(rest, "")
            if not out_dir:
                return False
        elif arg.startswith("-") or blueprint is not None or not arg:
            return False  # --force, --diff, --dry-run, --help, anything unknown: Typer
        else:
            blueprint = arg
    return try_noop(Path(blueprint or "blueprint.yaml"),
                    Path(out_dir) if out_dir is not None else None)


def try_noop(blueprint: Path, out_dir: Path | None) -> bool:
    """Print the no-op summary and return True when re-rendering would change nothing.

    Args:
        blueprint: The blueprint file.
        out_dir: ``--out``, or None for the blueprint's folder.

    Returns:
        False when a full render must run (nothing was printed).
    """
    from scaffold.output.fingerprint import unchanged

    try:
        raw = blueprint.read_bytes()
        root = out_dir or blueprint.resolve().parent
        manifest = unchanged(root, raw)
    except (OSError, ValueError):
        return False
    if manifest is None:
        return False
    sys.stdout.write(f"{root}: nothing to do ({len(manifest.entries)} files; "
                     f"{FAST_PATH_NOTE})\n")
    sys.stdout.flush()
    return True
