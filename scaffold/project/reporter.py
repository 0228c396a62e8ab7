"""Progress reporting for the project commands: library code calls, the CLI prints."""

from __future__ import annotations

from typing import Protocol

__all__ = ["NullReporter", "Reporter"]


class Reporter(Protocol):
    """Receives progress and warnings from ``init_project`` and ``add_service``."""

    def step(self, message: str) -> None:
        """One thing done (or about to be done)."""

    def warn(self, message: str) -> None:
        """Something the user should know; the command still succeeds."""


class NullReporter:
    """A reporter that discards everything (the Python API's default)."""

    def step(self, message: str) -> None:
        """Ignore ``message``."""

    def warn(self, message: str) -> None:
        """Ignore ``message``."""
