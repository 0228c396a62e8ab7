"""The progress protocol every builder reports through; the CLI implements it."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


class BuildReporter(Protocol):
    """Progress callbacks the CLI implements; the library never prints."""

    def step(self, message: str) -> None:
        """Called before each slow step (dependency install, bundling, zipping)."""


@runtime_checkable
class ServiceProgress(Protocol):
    """Optional per-service callbacks: a reporter that has them hears where a build is."""

    def service_started(self, service: str, runtime: str, index: int, total: int) -> None:
        """Called before the ``index``-th of ``total`` services is built."""
