"""Terraform stage: read terraform's machine-readable UI (``-json``), never its human output.

Terraform's ``plan``, ``apply``, ``destroy`` and ``init`` take ``-json`` and then print one
JSON object per line (https://developer.hashicorp.com/terraform/internals/machine-readable-ui):
each carries a human ``@message``; ``change_summary`` carries resource counts and
``diagnostic`` an error or warning with its source range and snippet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

__all__ = ["MachineMessage", "PlanSummary", "TerraformDiagnostic", "parse_machine_line"]


@dataclass(frozen=True)
class PlanSummary:
    """Resource counts of a plan (or of an apply or destroy that ran).

    A plan that changes only outputs still has a summary, with every count zero.
    """

    add: int = 0
    change: int = 0
    destroy: int = 0
    imports: int = 0
    forget: int = 0

    @property
    def has_changes(self) -> bool:
        """True when the plan would change any resource."""
        return any((self.add, self.change, self.destroy, self.imports, self.forget))

    def counts(self) -> dict[str, int]:
        """The counts by name, for JSON events (``add``, ``change``, ``destroy``, ``import``)."""
        return {"add": self.add, "change": self.change, "destroy": self.destroy,
                "import": self.imports}

    def describe(self) -> str:
        """``2 to add, 0 to change, 1 to destroy`` or ``no changes``."""
        if not self.has_changes:
            return "no changes"
        text = f"{self.add} to add, {self.change} to change, {self.destroy} to destroy"
        return text + (f", {self.imports} to import" if self.imports else "")


@dataclass(frozen=True)
class TerraformDiagnostic:
    """One error or warning terraform reported (a ``diagnostic`` message).

    Attributes:
        severity: ``error`` or ``warning``.
        summary: The one-line summary (``Error: <summary>`` in terraform's own output).
        detail: The explanation, possibly several lines.
        address: The resource it concerns, when terraform names one.
        filename: The configuration file, relative to the root.
        line: The line in ``filename``.
        context: The enclosing block (``resource "aws_sqs_queue" "jobs"``).
        code: The source line the diagnostic points at.
    """

    severity: str
    summary: str
    detail: str = ""
    address: str | None = None
    filename: str | None = None
    line: int | None = None
    context: str | None = None
    code: str | None = None

    def block(self) -> list[str]:
        """The diagnostic laid out as terraform prints it (without the box drawing)."""
        lines = [f"{self.severity.capitalize()}: {self.summary}"]
        if self.filename is not None and self.line is not None:
            where = f"  on {self.filename} line {self.line}"
            lines.append(where + (f", in {self.context}:" if self.context else ":"))
            if self.code is not None:
                lines.append(f"  {self.line:>4}: {self.code}")
        elif self.address:
            lines.append(f"  with {self.address}")
        if self.detail:
            lines.append("")
            lines.extend(f"  {d}".rstrip() for d in self.detail.rstrip("\n").splitlines())
        return lines

    def to_json(self) -> dict[str, Any]:
        """The fields that are set, for a JSON event."""
        fields = {"severity": self.severity, "summary": self.summary, "detail": self.detail,
                  "address": self.address, "filename": self.filename, "line": self.line}
        return {k: v for k, v in fields.items() if v not in (None, "")}


@dataclass(frozen=True)
class MachineMessage:
    """One line of terraform's ``-json`` output.

    Attributes:
        type: The message type (``planned_change``, ``change_summary``, ``diagnostic``...).
        text: The human ``@message``; empty for the version banner.
        summary: Resource counts of a ``change_summary``.
        operation: ``plan``, ``apply`` or ``destroy`` for a ``change_summary``.
        diagnostic: The error or warning of a ``diagnostic``.
    """

    type: str
    text: str
    summary: PlanSummary | None = None
    operation: str | None = None
    diagnostic: TerraformDiagnostic | None = None


def parse_machine_line(line: str) -> MachineMessage | None:
    """Read one line of ``-json`` output.

    Args:
        line: A line of terraform's output (it may also be a plain warning on stderr).

    Returns:
        The message, or None when the line is not a machine-readable UI message.
    """
    if not line.startswith("{"):
        return None
    try:
        data = json.loads(line)
    except ValueError:
        return None
    if not isinstance(data, dict) or "@message" not in data:
        return None
    kind = str(data.get("type", ""))
    text = "" if kind == "version" else str(data["@message"])
    if kind == "change_summary" and isinstance(data.get("changes"), dict):
        changes = data["changes"]
        summary = PlanSummary(_int(changes, "add"), _int(changes, "change"),
                              _int(changes, "remove"), _int(changes, "import"))
        return MachineMessage(kind, text, summary, str(changes.get("operation", "")) or None)
    if kind == "diagnostic" and isinstance(data.get("diagnostic"), dict):
        return MachineMessage(kind, text, diagnostic=_diagnostic(data["diagnostic"]))
    return MachineMessage(kind, text)


def _int(data: dict[str, Any], key: str) -> int:
    value = data.get(key, 0)
    return value if isinstance(value, int) else 0


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _diagnostic(data: dict[str, Any]) -> TerraformDiagnostic:
    where = _dict(data.get("range"))
    start = _dict(where.get("start"))
    snippet = _dict(data.get("snippet"))
    line = start.get("line")
    return TerraformDiagnostic(
        severity=str(data.get("severity", "error")), summary=str(data.get("summary", "")),
        detail=str(data.get("detail") or ""),
        address=str(data["address"]) if data.get("address") else None,
        filename=str(where["filename"]) if where.get("filename") else None,
        line=line if isinstance(line, int) else None,
        context=str(snippet["context"]) if snippet.get("context") else None,
        code=str(snippet["code"]).strip() if snippet.get("code") else None)
