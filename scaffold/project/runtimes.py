"""The Lambda runtimes a service may be created with (CLI choices of init and new-service).

A module of its own so that the CLI can offer the choices at start-up without importing the
Copier template machinery (``scaffold.project.templates``).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Runtime"]


class Runtime(StrEnum):
    """Lambda runtimes a service may use (the blueprint model's ``RUNTIMES``)."""

    NODEJS22 = "nodejs22.x"
    NODEJS20 = "nodejs20.x"
    PYTHON313 = "python3.13"
    PYTHON312 = "python3.12"
