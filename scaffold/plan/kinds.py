"""The trigger kinds: one row each, with the facts every back end shares.

A kind is what starts a function (``scaffold.blueprint.functions.Trigger``). Its row says
how docs describe it, how the graph labels the arrow that starts it, whether AWS invokes
it asynchronously (so it gets an on-failure destination) and whether callers reach it over
HTTP (so it has an access rule). Each back end keeps one entry per kind next to its own
code (TypeScript ``render/typescript/emit._BUILDERS``, Python
``render/python/functions.function_context``, Terraform ``render/terraform/service``, the
graph; the facts each needs are in the handler plan, ``plan/handlers.py``);
``tests/plan/test_kinds.py`` fails when a kind is missing from this table or from any of
them.
"""

from __future__ import annotations

from dataclasses import dataclass

from scaffold.blueprint.functions import Trigger

__all__ = ["ASYNC_TRIGGERS", "KINDS", "Kind", "Trigger"]


@dataclass(frozen=True)
class Kind:
    """One trigger kind."""

    trigger: Trigger
    described: str  # docs text; ``{key}`` is the route, event, table, bucket, ...
    started_by: str | None  # graph label of the arrow into it (None: the key labels it)
    async_invoked: bool = False
    http: bool = False


KINDS: dict[Trigger, Kind] = {k.trigger: k for k in (
    Kind("route", "HTTP route {key}", None, http=True),
    Kind("subscription", "event {key} on the bus", None, async_invoked=True),
    Kind("stream", "stream of table {key}", "stream"),
    Kind("schedule", "schedule {key}", "runs", async_invoked=True),
    Kind("presign", "presigned upload URL for bucket {key}", None, http=True),
    Kind("upload", "file uploaded to bucket {key}", "object created", async_invoked=True),
    Kind("queue", "messages of work queue {key}", "messages"),
    Kind("object", "object event in bucket {key}", "object event", async_invoked=True),
    Kind("websocket", "WebSocket route {key}", None),
    Kind("auth_trigger", "Cognito trigger {key}", None),
    Kind("authorizer", "Lambda authorizer of the `auth: custom` routes of service {key}",
         "authorizes"),
    Kind("task", "task of workflow {key}", "task"),
    Kind("callback", "callback step of workflow {key}", "wait for callback"),
)}

ASYNC_TRIGGERS: frozenset[str] = frozenset(t for t, k in KINDS.items() if k.async_invoked)
"""Kinds AWS invokes asynchronously: their functions get an on-failure destination."""
