"""The deployed stage at hand: CloudWatch Logs of a service's functions, merged in time order.

Log group names come from the physical-name table (``blueprint/physical.py``: the
``/aws/lambda/<function>`` group the ``lambda_function`` module creates, and a workflow's
``/aws/vendedlogs/states/<state machine>`` group), so they are the ones Terraform made.
Each group is read with ``FilterLogEvents``; the events of all groups are merged by
timestamp. boto3 is imported only here (``pip install 'scaffold-serverless[aws]'``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from scaffold.blueprint import physical
from scaffold.errors import ExitCode, ScaffoldError
from scaffold.plan.ir import BuildPlan
from scaffold.run.aws import aws_client

__all__ = ["LogEvent", "LogSource", "LogsUsageError", "follow_events", "format_event",
           "log_sources", "logs_client", "parse_since", "read_events"]

_DURATION = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
COLOURS = ("cyan", "magenta", "green", "yellow", "blue", "red")
"""Rich colours given to the functions in turn (on a terminal only)."""


@dataclass(frozen=True)
class LogSource:
    """One log group and the short label its lines carry (the handler or workflow name)."""

    label: str
    group: str


@dataclass(frozen=True)
class LogEvent:
    """One CloudWatch Logs event of a source."""

    timestamp: int  # milliseconds since the epoch
    label: str
    message: str
    event_id: str


class LogsUsageError(ScaffoldError):
    """A service, function or --since the command line gives that cannot work (exit 2)."""

    exit_code = ExitCode.USAGE


def _derived_group(templates: tuple[tuple[str, str], ...], name: str) -> str:
    return next(d.name for d in physical.expand(templates, name) if d.kind == "log_group")


def log_sources(plan: BuildPlan, stage: str, service: str,
                function: str | None = None) -> list[LogSource]:
    """The log groups of a service's functions (and workflows), or of one function.

    Raises:
        LogsUsageError: When the plan has no such service or function; the hint
            lists the known ones.
    """
    root = next((s for s in plan.services if s.service == service), None)
    if root is None:
        raise LogsUsageError(f"no service {service!r} in the blueprint",
                                  hint="name one of: " + ", ".join(
                                      s.service for s in plan.services))
    prefix = physical.prefix(plan.app, stage)
    sources = [LogSource(fn.handler, _derived_group(physical.FUNCTION_DERIVED,
                                                    f"{prefix}-{fn.name.rest}"))
               for fn in root.functions
               if function is None or function in (fn.handler, fn.id)]
    if function is None:
        sources += [LogSource(wf.id, _derived_group(physical.STATE_MACHINE_DERIVED,
                                                    f"{prefix}-{wf.name.rest}"))
                    for wf in root.workflows]
    elif not sources:
        raise LogsUsageError(f"no function {service}.{function} in the blueprint",
                                  hint="name one of: " + ", ".join(
                                      f"{service}.{fn.handler}" for fn in root.functions))
    return sources


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """``10m``, ``2h``, ``1d``, ``30s``, ``1w`` ago, or an ISO 8601 time (UTC unless it says).

    Raises:
        ScaffoldError: (usage) When the text is neither.
    """
    now = now or datetime.now(UTC)
    match = _DURATION.match(text)
    if match:
        return now - timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise LogsUsageError(f"--since {text!r} is neither a duration nor an ISO time",
                                  hint="e.g. --since 10m, 2h, 1d or 2030-01-01T12:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def logs_client(region: str, endpoint_url: str | None,
                environ: Mapping[str, str]) -> Any:
    """A boto3 CloudWatch Logs client (fake credentials for an endpoint without any).

    Raises:
        ScaffoldError: When boto3 is not installed.
    """
    return aws_client("logs", region, endpoint_url, environ, "logs")


def _group_events(client: Any, source: LogSource, start: int,
                  end: int | None) -> Iterator[LogEvent]:
    args: dict[str, Any] = {"logGroupName": source.group, "startTime": start}
    if end is not None:
        args["endTime"] = end
    for page in client.get_paginator("filter_log_events").paginate(**args):
        for event in page.get("events", []):
            yield LogEvent(int(event["timestamp"]), source.label,
                           str(event.get("message", "")), str(event.get("eventId", "")))


def read_events(client: Any, sources: list[LogSource], start: int,
                end: int | None = None) -> tuple[list[LogEvent], list[LogSource]]:
    """Every event of the sources from ``start`` (ms), merged by timestamp.

    Returns:
        The events, and the sources whose log group does not exist (never invoked, or not
        deployed).

    Raises:
        ScaffoldError: When AWS refuses (credentials, permissions, endpoint).
    """
    from botocore.exceptions import (  # type: ignore[import-untyped]
        BotoCoreError,
        ClientError,
    )

    events: list[LogEvent] = []
    missing: list[LogSource] = []
    for source in sources:
        try:
            events.extend(_group_events(client, source, start, end))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
                missing.append(source)
                continue
            raise ScaffoldError(f"cannot read {source.group}: {exc}",
                                hint="check the credentials and the region") from None
        except BotoCoreError as exc:
            raise ScaffoldError(f"cannot read {source.group}: {exc}",
                                hint="configure AWS credentials (aws configure, AWS_PROFILE) "
                                "or pass --endpoint-url") from None
    events.sort(key=lambda e: (e.timestamp, e.label, e.event_id))
    return events, missing


def follow_events(client: Any, sources: list[LogSource], start: int, *,
                  interval: float = 2.0, sleep: Callable[[float], None] = time.sleep,
                  rounds: int | None = None) -> Iterator[LogEvent]:
    """Poll the sources for new events from ``start`` (ms) until interrupted.

    An event is yielded once, even when a later poll returns it again (the poll window
    starts at the newest timestamp seen, which may hold more than one event).
    """
    seen: set[str] = set()
    done = 0
    while rounds is None or done < rounds:
        events, _ = read_events(client, sources, start)
        for event in events:
            if event.event_id not in seen:
                seen.add(event.event_id)
                yield event
        if events:
            start = events[-1].timestamp
        done += 1
        if rounds is None or done < rounds:
            sleep(interval)


def format_event(event: LogEvent, width: int) -> str:
    """``HH:MM:SS.mmm function | message`` (UTC); continuation lines keep the bar."""
    moment = datetime.fromtimestamp(event.timestamp / 1000, UTC)
    stamp = moment.strftime("%H:%M:%S.") + f"{moment.microsecond // 1000:03d}"
    lines = event.message.rstrip("\n").split("\n") or [""]
    head = f"{stamp} {event.label:<{width}} | "
    pad = " " * (len(head) - 2) + "| "
    return "\n".join([head + lines[0], *(pad + line for line in lines[1:])])
