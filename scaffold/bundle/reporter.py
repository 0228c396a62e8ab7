"""The progress protocol every builder reports through; the CLI implements it."""

from __future__ import annotations

from typing import Protocol


class BuildReporter(Protocol):
    """Progress callbacks the CLI implements; the library never prints."""

    def step(self, message: str) -> None:
        """Called before each slow step (dependency install, bundling, zipping)."""
