"""The value the render stage hands to the write stage: files held in memory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
