"""The one family of errors users see, and the diagnostics the validator reports."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Literal


class ExitCode(IntEnum):
    """Process exit codes shared by every command."""

    OK = 0
    FAILURE = 1
    USAGE = 2


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based position in a source file."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


def one_line(text: str) -> str:
    """``text`` with every control character (newline, NUL, ...) written as an escape."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a blueprint, with where it is and how to fix it."""

    location: Location
    code: str
    message: str
    hint: str | None = None
    # A warning is printed like an error but never fails a command.
    severity: Literal["error", "warning"] = "error"

    def __post_init__(self) -> None:
        """Keep a diagnostic on one line: blueprint text inside it (a name with a newline,
        a NUL) is shown as escapes, so it can never forge another line of output."""
        object.__setattr__(self, "message", one_line(self.message))
        if self.hint is not None:
            object.__setattr__(self, "hint", one_line(self.hint))

    def format(self) -> str:
        """Render as ``FILE:LINE:COL: error[CODE]: message`` plus an indented hint line."""
        text = f"{self.location}: {self.severity}[{self.code}]: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class ScaffoldError(Exception):
    """An error with a message meant for the user; the CLI prints it without a traceback."""

    exit_code: ExitCode = ExitCode.FAILURE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def format(self) -> str:
        """Render the message and the hint, if any."""
        return self.message + (f"\nhint: {self.hint}" if self.hint else "")


class BlueprintError(ScaffoldError):
    """The blueprint could not be loaded or is invalid; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.location, d.code, d.message))
        count = len(self.diagnostics)
        super().__init__(f"{count} error{'s' if count != 1 else ''} in blueprint")

    def format(self) -> str:
        """Render every diagnostic followed by a count line."""
        lines = [d.format() for d in self.diagnostics]
        lines.append(f"found {self.message}")
        return "\n".join(lines)


class WriteConflictError(ScaffoldError):
    """Generated files were edited by hand; writing would lose those edits."""


class TerraformError(ScaffoldError):
    """Terraform is missing or a Terraform step failed."""


class BuildError(ScaffoldError):
    """Packaging function code failed."""
