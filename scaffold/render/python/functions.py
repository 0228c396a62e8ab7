"""Render stage (Python stubs): pick the stub of each function and the values it shows.

A function's trigger and options decide its *flavour*: one handler template and one test
template under ``templates/stubs/python/`` (e.g. ``route_write`` for a POST route that
writes a table). Pure, and read from the handler plan alone; no Jinja here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scaffold.blueprint import names
from scaffold.plan.access import bind_key
from scaffold.plan.callbacks import Resume
from scaffold.plan.handlers import Handler, Uses
from scaffold.plan.ownership import OwnerQuery
from scaffold.plan.samples import COGNITO_SOURCES
from scaffold.render.python.context import EventCtx, QueueCtx, ServiceCtx, TableCtx, UploadCtx
from scaffold.render.python.env import Code, ident, py_literal

__all__ = ["AUTH_EVENTS", "FunctionCtx", "function_context"]

_PARAM = re.compile(r"\{([^}]+)\}")
_WRITE_METHODS = ("POST", "PUT", "PATCH")

AUTH_EVENTS: dict[str, str] = {
    "pre_sign_up": "PreSignUpTriggerEvent",
    "post_confirmation": "PostConfirmationTriggerEvent",
    "pre_authentication": "PreAuthenticationTriggerEvent",
    "post_authentication": "PostAuthenticationTriggerEvent",
    "pre_token_generation": "PreTokenGenerationTriggerEvent",
    "custom_message": "CustomMessageTriggerEvent",
    "define_auth_challenge": "DefineAuthChallengeTriggerEvent",
    "create_auth_challenge": "CreateAuthChallengeTriggerEvent",
    "verify_auth_challenge_response": "VerifyAuthChallengeResponseTriggerEvent",
    "user_migration": "UserMigrationTriggerEvent",
}
"""Auth trigger kind -> Powertools data class of its event."""


@dataclass(frozen=True)
class KeyPlan:
    """How a route finds the item key: from path parameters, the body, or a new id."""

    pk_param: str | None
    sk_param: str | None


@dataclass(frozen=True)
class FunctionCtx:
    """Template values of one handler stub and its test."""

    handler: str
    module: Code  # snake-case module name under handlers/
    trigger: str
    flavour: str
    summary: str  # one line for the docstring (escaped by the template)
    options: Uses  # the merged options
    route_key: str | None = None
    method: str | None = None
    path: str | None = None
    path_params: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()  # any of these groups may call the route (empty: no check)
    table: TableCtx | None = None
    keys: KeyPlan = KeyPlan(None, None)
    publishes: tuple[EventCtx, ...] = ()
    event: EventCtx | None = None
    upload: UploadCtx | None = None
    queue: QueueCtx | None = None
    workflow: str | None = None
    correlation: Resume | None = None  # a resumer of a correlated workflow
    fresh: str | None = None  # correlation field a starter fills with a new id
    topics: bool = False  # a WebSocket route subscribing its connection to topics
    topic: Code | None = None  # the push_topic of a subscriber, as a Python expression
    topic_template: str | None = None
    auth_kind: str | None = None
    auth_event: Code | None = None
    trigger_source: str | None = None
    secrets: tuple[str, ...] = ()
    schedule: str | None = None
    bucket: str | None = None  # the bucket of an object trigger
    test_key: str | None = None  # an object key the trigger's test sends
    owner: str | None = None  # attribute a create route sets to the caller's sub
    owner_query: OwnerQuery | None = None  # a list route's Query by the caller
    scan_note: str | None = None  # why a list route Scans

    def _sample(self, param: str) -> str:
        table = self.table
        if table is not None and param == self.keys.pk_param and table.key_type == "N":
            return "1"
        if table is not None and param == self.keys.sk_param and table.sort_type == "N":
            return "2"
        return f"test-{param}"

    @property
    def sample_params(self) -> dict[str, str]:
        """Path parameter values the tests send (numbers where a numeric key is expected)."""
        return {p: self._sample(p) for p in self.path_params}

    @property
    def sample_path(self) -> str:
        """The route path with every parameter filled in, as tests request it."""
        return _PARAM.sub(lambda m: self._sample(m.group(1).rstrip("+")), self.path or "/")

    def sample_key(self) -> dict[str, object]:
        """The item key the route's request addresses (path, query or a fixed value)."""
        table = self.table
        if table is None:
            return {}
        key: dict[str, object] = {}
        for attr, kind, param, fixed in ((table.key, table.key_type, self.keys.pk_param, 1),
                                         (table.sort, table.sort_type, self.keys.sk_param, 2)):
            if attr is None or kind is None:
                continue
            raw = self._sample(param) if param else (f"test-{attr}" if kind != "N" else str(fixed))
            key[attr] = int(raw) if kind == "N" else raw.encode() if kind == "B" else raw
        return key

    def other_sample_key(self) -> dict[str, object]:
        """Another item's key than :meth:`sample_key` (the item of another owner, in tests)."""
        return {attr: value + 1 if isinstance(value, int) else value + b"-2"
                if isinstance(value, bytes) else f"{value}-2"
                for attr, value in self.sample_key().items()}

    def sample_query(self) -> dict[str, str]:
        """Key attributes not in the path, as query string values (delete routes)."""
        table, key = self.table, self.sample_key()
        wanted = [] if table is None else [
            *([table.key] if not self.keys.pk_param else []),
            *([table.sort] if table.sort and not self.keys.sk_param else [])]
        return {attr: _text(key[attr]) for attr in wanted}

    def sample_body(self) -> dict[str, object]:
        """A request body for a write route: a field, plus key attributes not in the path."""
        body: dict[str, object] = {"name": "test"}
        table = self.table
        if table is None:
            return body
        key = {k: _text(v) if isinstance(v, bytes) else v for k, v in self.sample_key().items()}
        if not self.keys.pk_param and table.key_type != "S":
            body[table.key] = key[table.key]
        if table.sort and not self.keys.sk_param:
            body[table.sort] = key[table.sort]
        return body


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _keys(table: TableCtx | None, params: tuple[str, ...]) -> KeyPlan:
    if table is None:
        return KeyPlan(None, None)
    sources = bind_key([table.key, *([table.sort] if table.sort else [])], params)
    return KeyPlan(sources.get(table.key), sources.get(table.sort) if table.sort else None)


def _route_flavour(method: str, opts: Uses) -> str:
    if opts.users:
        return "route_users"
    if opts.starts:
        return "route_start"
    if opts.resumes:
        return "route_resume"
    if method == "DELETE" and opts.writes:
        return "route_delete"
    if method in _WRITE_METHODS and opts.writes:
        return "route_write"
    if method in ("GET", "HEAD") and (opts.reads or opts.writes):
        return "route_read"
    return "route_basic"


def _table(ctx: ServiceCtx, opts: Uses, prefer_writes: bool) -> TableCtx | None:
    order = [*opts.writes, *opts.reads] if prefer_writes else [*opts.reads, *opts.writes]
    return ctx.tables[order[0]] if order else None


def _route(ctx: ServiceCtx, fn: Handler) -> dict[str, object]:
    route_key, method, path, params, opts = fn.route or "", fn.method, fn.path, fn.params, fn.uses
    flavour = "presign" if fn.trigger == "presign" else _route_flavour(method, opts)
    table = _table(ctx, opts, prefer_writes=flavour in ("route_write", "route_delete"))
    # Groups are checked by the generated entry point (entries.py), never in the user's
    # stub, which would go stale when the blueprint's auth changes.
    owned: dict[str, object] = {}
    if table is not None and fn.trigger == "route":
        if flavour == "route_write":
            owned["owner"] = fn.fills_owner.get(table.name)
        if flavour == "route_read" and not _keys(table, params).pk_param:
            owned["owner_query"] = fn.owner_query.get(table.name)
            if owned["owner_query"] is None:
                owned["scan_note"] = fn.scan_notes[table.name]
    return {**owned, "flavour": flavour, "route_key": route_key, "method": method, "path": path,
            "path_params": params, "groups": (), "table": table,
            "keys": _keys(table, params), "summary": f"{route_key} ({fn.trigger})",
            "workflow": next(iter([*opts.starts, *opts.resumes]), None),
            "correlation": fn.resume, "fresh": fn.fresh}


def _topic(parts: tuple[tuple[str, bool], ...], src: str) -> Code:
    """``campaign/{id}`` -> ``"campaign/" + str(detail["id"])`` (each part escaped)."""
    return Code(" + ".join(f"str({ident(src)}[{py_literal(text)}])" if is_field
                           else py_literal(text) for text, is_field in parts))


def function_context(ctx: ServiceCtx, fn: Handler) -> FunctionCtx:
    """Choose the stub of one function and gather what its templates show.

    Args:
        ctx: The service context (:func:`~scaffold.render.python.context.service_context`).
        fn: The function's first declaration in the handler plan.

    Returns:
        The function's template context.
    """
    opts = fn.uses
    values: dict[str, object] = {
        "flavour": fn.trigger, "summary": f"{fn.trigger} {fn.key}",
        "publishes": tuple(ctx.event(ctx.service, e) for e in dict.fromkeys(opts.publishes)),
        "secrets": tuple(dict.fromkeys(opts.secrets)),
    }
    if fn.trigger in ("route", "presign"):  # an upload's presign function is a route too
        values.update(_route(ctx, fn))
    if fn.trigger in ("presign", "upload"):
        values["upload"] = ctx.uploads[fn.key]
    elif fn.trigger == "object":
        where = fn.object
        values["bucket"] = fn.key
        values["test_key"] = (where.prefix if where else "") + "test/report" + (
            where.suffix if where else "")
    elif fn.trigger == "subscription":
        owner, _, event = fn.key.partition(".")
        values["event"] = ctx.event(owner, event)
        if opts.push and fn.push_topic is not None:
            values["topic"] = _topic(fn.push_topic_parts, "detail")
            values["topic_template"] = fn.push_topic
    elif fn.trigger == "stream":
        values["table"] = ctx.tables[fn.key]
    elif fn.trigger == "queue":
        values["queue"] = ctx.queues[fn.key]
    elif fn.trigger == "schedule":
        values["table"] = _table(ctx, opts, prefer_writes=False)
        values["schedule"] = fn.key
    elif fn.trigger == "websocket":
        values["flavour"] = {"$connect": "ws_connect", "$disconnect": "ws_disconnect"}.get(
            fn.key, "ws_message")
        values["route_key"] = fn.key
        values["topics"] = "subscribe" in fn.roles
    elif fn.trigger == "auth_trigger":
        values.update(auth_kind=fn.key, auth_event=Code(AUTH_EVENTS[fn.key]),
                      trigger_source=COGNITO_SOURCES[fn.key],
                      table=_table(ctx, opts, prefer_writes=True))
    elif fn.trigger in ("task", "callback"):
        values["workflow"] = fn.key
        corr = fn.stores_token
        if corr is not None:
            values["correlation"] = Resume(corr.workflow, corr.field, None)
    return FunctionCtx(handler=fn.handler, module=ident(names.snake(fn.handler)),
                       trigger=fn.trigger, options=opts, **values)  # type: ignore[arg-type]
