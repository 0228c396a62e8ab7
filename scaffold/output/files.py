"""The value the render stage hands to the write stage: files held in memory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

USER_TERRAFORM_SUFFIXES = (".custom.tf", ".custom.tf.json")
"""Terraform files the user owns inside a generated root (``infra/platform/*.custom.tf``,
``infra/services/<service>/*.custom.tf``): Terraform loads them with the generated files,
scaffold never writes, deletes or reports them, and never generates a file so named."""

Ownership = Literal["generated", "seed"]
"""``generated``: scaffold owns it and rewrites it (if unmodified since it wrote it).
``seed``: written once when absent, then the user's (handler stubs, package files)."""


@dataclass(frozen=True)
class OutputFile:
    """One file to write, relative to the output root (POSIX separators)."""

    path: str
    content: bytes
    ownership: Ownership = "generated"
    executable: bool = False


def is_user_terraform(path: str) -> bool:
    """Tell whether ``path`` (POSIX, relative) names a user-owned ``*.custom.tf`` file."""
    return path.rsplit("/", 1)[-1].endswith(USER_TERRAFORM_SUFFIXES)
