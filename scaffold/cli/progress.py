"""Command line: progress events of render, build, plan, apply and destroy, for people or machines.

A command reports :class:`Event` values to a sink. :class:`JsonSink` writes one JSON object
per line on stdout (``--json``); :class:`ConsoleSink` writes readable lines with Rich,
coloured only when the stream is a terminal (never in CI logs or pipes, and never under
``NO_COLOR``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from scaffold.errors import ScaffoldError

__all__ = ["ConsoleSink", "Event", "EventSink", "JsonSink", "event_json", "event_text",
           "json_errors", "make_sink"]


@dataclass(frozen=True)
class Event:
    """Something a command did, in the order it happened.

    Attributes:
        event: ``start`` (a root or service begins), ``step`` (a terraform command or build
            step begins), ``log`` (a line of terraform output), ``planned`` (a root's plan
            counts, before anything is changed), ``done``, ``failed``, ``file`` (one write
            of render, one zip of build), ``diff`` (render's unified diff),
            ``summary`` (the command's totals and, for render, the conflicts), ``error``
            (the command stops: message and hint, with the resume command when known).
        command: ``render``, ``build``, ``plan``, ``apply`` or ``destroy``.
        root: The Terraform root (``platform``, a service) or the service being built.
        phase: The terraform subcommand (``init``, ``plan``, ``apply``...) or build step.
        counts: Numbers: plan counts (add/change/destroy/import) or summary totals.
        error: What failed: exit code, terraform diagnostics, message, hint, resume.
        message: Text for people (a terraform line, a build step, a file path).
        index: Position of ``root`` among the roots or services of this run (1-based).
        total: How many roots or services this run has.
        items: Names a summary lists (render's conflicts).
        data: Structured results (the stage's outputs at the end of an apply).
    """

    event: str
    command: str
    root: str | None = None
    phase: str | None = None
    counts: Mapping[str, int] | None = None
    error: Mapping[str, Any] | None = None
    message: str | None = None
    index: int | None = None
    total: int | None = None
    items: Sequence[str] = field(default_factory=tuple)
    data: Mapping[str, Any] | None = None


def event_json(event: Event) -> str:
    """One line of JSON: every field that is set, keys sorted."""
    data: dict[str, Any] = {"event": event.event, "command": event.command}
    for key in ("root", "phase", "message", "index", "total"):
        value = getattr(event, key)
        if value is not None:
            data[key] = value
    if event.counts is not None:
        data["counts"] = dict(event.counts)
    if event.error is not None:
        data["error"] = dict(event.error)
    if event.items:
        data["items"] = list(event.items)
    if event.data is not None:
        data["data"] = dict(event.data)
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def event_text(event: Event) -> tuple[str, str | None]:
    """The line a person reads for ``event``, and the Rich style it gets on a terminal.

    Returns:
        ``(text, style)``; the text has no markup and no colour codes.
    """
    root, phase = event.root or "", event.phase or ""
    position = f" ({event.index}/{event.total})" if event.index and event.total else ""
    if event.event == "start":
        verb = "building" if event.command == "build" else f"{event.command}"
        return f"==> {root}{position}: {verb}", "bold"
    if event.event == "step":
        what = event.message or (f"terraform {phase}" if event.command != "build" else phase)
        return f"==> {root}: {what}", "cyan"
    if event.event == "planned":
        counts = dict(event.counts or {})
        text = ("no changes" if not any(counts.values()) else
                f"{counts.get('add', 0)} to add, {counts.get('change', 0)} to change, "
                f"{counts.get('destroy', 0)} to destroy"
                + (f", {counts['import']} to import" if counts.get("import") else ""))
        style = "red" if counts.get("destroy") else ("yellow" if any(counts.values()) else
                                                      "green")
        return f"==> {root}: plan: {text}", f"bold {style}"
    if event.event == "failed":
        error = event.error or {}
        return (f"==> {root}: terraform {phase} failed (exit {error.get('exit_code', '?')})",
                "bold red")
    if event.event == "done":
        return f"==> {root}: {event.message or 'done'}", "green"
    if event.event in ("summary", "file", "diff") and event.message:
        return event.message, None
    if event.event == "error":
        error = event.error or {}
        return f"error: {error.get('message', event.message or '')}", "bold red"
    return event.message or "", None


class EventSink(Protocol):
    """Where a command's events go."""

    json: bool

    def emit(self, event: Event) -> None:
        """Report one event."""

    def lines(self, text: Sequence[str], style: str | None = None) -> None:
        """Print lines for people (a Terraform error block); a JSON sink drops them."""


class JsonSink:
    """One JSON object per line on ``stream`` (stdout): every event, nothing else."""

    json = True

    def __init__(self, stream: IO[str] | None = None) -> None:
        """Write to ``stream`` (default: the current ``sys.stdout``)."""
        self.stream = stream or sys.stdout

    def emit(self, event: Event) -> None:
        """Write the event as one line of JSON."""
        self.stream.write(event_json(event) + "\n")
        self.stream.flush()

    def lines(self, text: Sequence[str], style: str | None = None) -> None:
        """Drop text for people: the events carry the same facts."""


class ConsoleSink:
    """Readable lines: progress on stderr, terraform's own lines and results on stdout.

    On a terminal the lines go through Rich, with colour; elsewhere (CI logs, pipes,
    files) they are written as they are: no colour, no wrapping, tabs kept.
    """

    json = False

    def __init__(self, out: IO[str] | None = None, err: IO[str] | None = None) -> None:
        """Print on ``out`` and ``err`` (default: the current stdout and stderr)."""
        self.out = _Lines(out or sys.stdout)
        self.err = _Lines(err or sys.stderr)

    def emit(self, event: Event) -> None:
        """Print the event's line: ``log``, ``file``, ``diff`` and ``summary`` on stdout."""
        text, style = event_text(event)
        stream = self.out if event.event in ("log", "file", "summary", "diff") else self.err
        stream.print(text, style)

    def lines(self, text: Sequence[str], style: str | None = None) -> None:
        """Print a block of lines on stderr."""
        for line in text:
            self.err.print(line, style)


class _Lines:
    """One output stream: Rich with colour on a terminal, plain writes otherwise."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.console: Any = None
        if getattr(stream, "isatty", lambda: False)():
            from rich.console import Console  # only on a terminal: a fast start elsewhere

            # Rich honours NO_COLOR; off a terminal there is no colour, whatever
            # FORCE_COLOR says.
            self.console = Console(file=stream, force_terminal=True, highlight=False,
                                   soft_wrap=True, markup=False, emoji=False)

    def print(self, text: str, style: str | None) -> None:
        if self.console is not None:
            from rich.text import Text

            self.console.print(Text(text, style=style or ""))
        else:
            self.stream.write(text + "\n")
            self.stream.flush()


@contextmanager
def json_errors(sink: EventSink, command: str) -> Iterator[None]:
    """On a ``ScaffoldError``, also emit an ``error`` event (JSON mode) before it propagates."""
    try:
        yield
    except ScaffoldError as exc:
        if sink.json:
            error: dict[str, Any] = {"message": exc.message, "hint": exc.hint}
            if resume := getattr(exc, "resume", None):
                error["resume"] = resume
            sink.emit(Event("error", command, error=error))
        raise


def make_sink(as_json: bool) -> EventSink:
    """The sink for ``--json`` (JSON lines) or for people (Rich, colour on a TTY only)."""
    return JsonSink() if as_json else ConsoleSink()
