"""Command line: Typer only. Parse arguments, call the library, print, map errors to exit codes.

``main`` first tries the no-op ``scaffold render`` fast path (``scaffold.cli.noop_render``)
and the recorded answer of ``scaffold validate`` (``scaffold.cli.validate_cache``), both
standard library only, then hands over to the Typer application (``scaffold.cli.typer_app``,
also reachable as ``scaffold.cli.app``), which is imported only when needed.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``scaffold`` console script."""
    from scaffold.cli import noop_render, validate_cache

    if noop_render.try_from_argv(sys.argv[1:]) or validate_cache.try_from_argv(sys.argv[1:]):
        return
    from scaffold.cli.typer_app import run

    run()


def __getattr__(name: str) -> Any:
    if name == "app":
        from scaffold.cli.typer_app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
