"""Validate stage: WebSocket topics (``topics: true`` routes and ``push_topic`` subscribers).

A topic template is literal text from a safe charset (nothing to escape in a TypeScript
template literal or a Python f-string) and ``{field}`` placeholders naming string or
integer fields of the event; both languages format those the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scaffold.blueprint import model
from scaffold.blueprint.functions import iter_functions, merged_options
from scaffold.blueprint.source_map import SourceMap
from scaffold.errors import Diagnostic, Location

CONNECTIONS_TABLE = "connections"
SUBSCRIPTIONS_TABLE = "subscriptions"
"""The tables scaffold adds to a WebSocket service (the plan's contract repeats them)."""
TOPIC_LITERAL = r"[A-Za-z0-9_\-/:.#]"
"""Characters a topic template may hold outside ``{field}`` placeholders."""
TOPIC_MAX = 256
"""Longest topic template (DynamoDB allows 2048 bytes in a partition key; keep a margin)."""
TOPIC_FIELD_TYPES = ("string", "integer")
"""Field types a placeholder may name: both languages turn them into the same text."""
_PART = re.compile(rf"{TOPIC_LITERAL}+|\{{(?P<field>[^{{}}]*)\}}")
_CONNECTION_ROUTES = ("$connect", "$disconnect")


def has_topics(svc: model.ServiceSpec) -> bool:
    """Whether a route of the service's WebSocket API subscribes connections to topics."""
    return any(route.topics for route in svc.websocket.values())


def topic_parts(template: str) -> list[tuple[str, bool]] | None:
    """``campaign/{id}`` -> ``[("campaign/", False), ("id", True)]``; None if malformed."""
    parts: list[tuple[str, bool]] = []
    pos = 0
    while pos < len(template):
        match = _PART.match(template, pos)
        if match is None:
            return None
        field = match["field"]
        parts.append((field, True) if field is not None else (match[0], False))
        pos = match.end()
    return parts or None


def check_topics(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """``topics`` only on message routes; ``push_topic`` well formed, pushing, with topics;
    no user table takes the name of a table scaffold adds."""
    for sname, svc in bp.services.items():
        base = ("services", sname)
        for key, route in svc.websocket.items():
            if route.topics and key in _CONNECTION_ROUTES:
                yield Diagnostic(sm.value((*base, "websocket", key, "topics")), "C144",
                                 f"'{key}' cannot subscribe to topics: a connection has no "
                                 "message yet on $connect and none any more on $disconnect",
                                 "put `topics: true` on a message route, e.g. "
                                 "`subscribe: {handler: onSubscribe, topics: true}`")
        reserved = [CONNECTIONS_TABLE] if svc.websocket else []
        if has_topics(svc):
            reserved.append(SUBSCRIPTIONS_TABLE)
        for table in reserved:
            if table in svc.tables:
                yield Diagnostic(sm.key((*base, "tables", table)), "C149",
                                 f"table '{table}' collides with the '{table}' table scaffold "
                                 f"creates for the WebSocket API of service '{sname}'",
                                 "rename your table")
        uses = {u.handler: u for u in iter_functions(sname, svc) if u.trigger == "subscription"}
        for handler, sub in svc.subscribes.items():
            if sub.push_topic is None:
                continue
            where = sm.value((*base, "subscribes", handler, "push_topic"))
            if not merged_options(svc, uses[handler]).push:
                yield Diagnostic(where, "C145", f"'{handler}' has a push_topic but does not "
                                 "push", "add `push: true`, or remove push_topic")
            elif svc.websocket and not has_topics(svc):
                yield Diagnostic(where, "C148", f"'{handler}' pushes to topic "
                                 f"'{sub.push_topic}', but no WebSocket route of service "
                                 f"'{sname}' subscribes connections to topics",
                                 "mark the subscribing route, e.g. "
                                 "`subscribe: {handler: onSubscribe, topics: true}`")
            yield from _template(bp, sub, where)


def _template(bp: model.Blueprint, sub: model.SubscriptionSpec,
              where: Location) -> Iterator[Diagnostic]:
    """C146 / C147: the template's shape, then the event fields it names."""
    template = sub.push_topic or ""
    parts = topic_parts(template)
    if parts is None or len(template) > TOPIC_MAX or any(f and not p for p, f in parts):
        yield Diagnostic(where, "C146", f"push_topic '{template}' is not a topic template",
                         f"at most {TOPIC_MAX} characters: letters, digits, _ - / : . # and "
                         "{field} placeholders, e.g. campaign/{campaignId}")
        return
    owner, _, name = sub.event.partition(".")
    spec = bp.services[owner].events.get(name) if owner in bp.services else None
    if spec is None:
        return  # C103 already says the event does not exist
    for field, is_field in parts:
        if not is_field:
            continue
        kind = spec.fields.get(field)
        if kind is None:
            yield Diagnostic(where, "C147", f"push_topic '{template}' names '{field}', which "
                             f"is not a field of '{sub.event}'",
                             "fields: " + (", ".join(spec.fields) or "none"))
        elif kind not in TOPIC_FIELD_TYPES:
            yield Diagnostic(where, "C147", f"push_topic '{template}' names '{field}', a "
                             f"{kind} field", "a placeholder names a string or integer field "
                             "(other values print differently in TypeScript and Python)")
