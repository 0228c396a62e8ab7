"""Render stage (TypeScript): what one Node.js service's generated helpers must know.

A TypeScript view of the handler plan (:class:`scaffold.plan.handlers.ServiceCode`):
events with their TypeScript types, tables with key attributes and env var names, and
which helpers the service needs. No Jinja, no I/O, no decision the plan has not made.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scaffold.blueprint import names
from scaffold.plan import contract
from scaffold.plan.handlers import EventContract, Handler, ServiceCode, TableCode
from scaffold.render.spellings import FIELD_SPELLINGS
from scaffold.render.typescript.env import Code, Comment, Ident

__all__ = ["CONNECTION_KEY", "TsEvent", "TsField", "TsFunction", "TsKey",
           "TsQueue", "TsService", "TsTable", "function_auth", "service_model"]


CONNECTION_KEY = contract.CONNECTIONS_KEY


@dataclass(frozen=True)
class TsField:
    """One field of an event's detail."""

    key: str
    type: Code
    placeholder: Code


@dataclass(frozen=True)
class TsEvent:
    """An event contract as a TypeScript interface."""

    name: str  # the DetailType string
    detail: Ident  # interface name
    service: str  # publishing service
    source: str  # EventBridge source
    description: Comment | None
    fields: tuple[TsField, ...]
    own: bool  # published by this service


@dataclass(frozen=True)
class TsKey:
    """A key attribute of a table."""

    name: str
    type: str  # string | number | binary


@dataclass(frozen=True)
class TsTable:
    """One of the service's tables."""

    name: str
    env: str
    key: TsKey
    sort: TsKey | None

    @property
    def keys(self) -> tuple[TsKey, ...]:
        """Partition key, then sort key if any."""
        return (self.key,) if self.sort is None else (self.key, self.sort)


@dataclass(frozen=True)
class TsQueue:
    """One of the service's work queues."""

    name: str
    env: str  # variable holding its URL (set on the functions that send to it)
    fifo: bool
    content_based_deduplication: bool
    sent: bool  # some function of the service sends to it


@dataclass(frozen=True)
class TsFunction:
    """One handler of the service: its declaration in the handler plan."""

    h: Handler

    @property
    def name(self) -> Ident:
        """The handler name (a validated camelCase identifier)."""
        return Ident(self.h.handler)


@dataclass(frozen=True)
class TsUpload:
    """The service's upload bucket as its generated test environment sees it."""

    prefix: str
    max_bytes: int
    content_types: tuple[str, ...]


@dataclass(frozen=True)
class TsService:
    """Everything the TypeScript emitters need about one Node.js service."""

    app: str
    region: str
    name: str
    runtime: str
    has_auth: bool
    tables: dict[str, TsTable]
    events: dict[str, TsEvent]  # by ``service.Event``: own events first, then subscribed ones
    secrets: dict[str, str]  # secret name -> env var
    started: dict[str, str]  # workflow name -> env var of its ARN
    functions: tuple[TsFunction, ...]
    websocket: bool  # the service owns the WebSocket API (and its connections table)
    connect: bool  # the service has a ``$connect`` route
    users: bool  # some function lists Cognito users
    upload: TsUpload | None  # the first upload bucket (the generated test environment's)
    helpers: frozenset[str] = field(default_factory=frozenset)
    queues: dict[str, TsQueue] = field(default_factory=dict)
    correlated: dict[str, str] = field(default_factory=dict)  # workflow -> correlate field
    platform_uses: dict[str, str] = field(default_factory=dict)  # uses: name -> env var
    topics: bool = False  # a WebSocket route subscribes connections to topics

    @property
    def sent_queues(self) -> tuple[TsQueue, ...]:
        """The queues some function sends to (the ``send`` helper addresses these)."""
        return tuple(q for q in self.queues.values() if q.sent)

    def event(self, key: str) -> TsEvent:
        """The event a subscription names (``service.Event``) or an own event's name."""
        return self.events[key if "." in key else f"{self.name}.{key}"]


def function_auth(fn: TsFunction) -> str | tuple[str, ...]:
    """``public``, ``user``, ``custom`` or the groups allowed to call an HTTP function.

    ``public`` for every trigger that is not a route or a presign route (AWS calls those).
    """
    access = fn.h.access
    if access is None:
        return "public"
    return access.groups if access.kind == "groups" else access.kind


def _event(e: EventContract) -> TsEvent:
    detail = Ident(f"{names.pascal(e.service) if e.shared_name else ''}{e.name}Detail")
    fields = tuple(TsField(key, Code(FIELD_SPELLINGS[kind].ts_type),
                           Code(FIELD_SPELLINGS[kind].ts_placeholder)) for key, kind in e.fields)
    return TsEvent(e.name, detail, e.service, e.source,
                   Comment(e.description) if e.description else None, fields, e.own)


def _table(t: TableCode) -> TsTable:
    return TsTable(t.name, t.env, TsKey(t.key.name, t.key.type),
                   TsKey(t.sort.name, t.sort.type) if t.sort else None)


def _helpers(code: ServiceCode, fns: tuple[TsFunction, ...],
             events: dict[str, TsEvent]) -> frozenset[str]:
    need = {"powertools", "env", "testing"}
    uses = [f.h.uses for f in fns]
    triggers = {f.h.trigger for f in fns}
    if any(u.reads or u.writes for u in uses) or code.websocket:
        need.add("db")
    if code.websocket:
        need.add("connections")
    if events:
        need.add("events")
    wanted = {"publish": any(u.publishes for u in uses), "push": any(u.push for u in uses),
              "uploads": "presign" in triggers, "secrets": any(u.secrets for u in uses),
              "workflows": any(u.resumes or u.starts for u in uses),
              "queues": any(u.sends for u in uses)}
    need.update(helper for helper, used in wanted.items() if used)
    if any(f.h.stores_token or f.h.resumable for f in fns):
        need.update(("tokens", "db"))
    if any(f.h.signature for f in fns):
        need.update(("signatures", "secrets"))
    if triggers & {"route", "presign"}:
        need.add("http")
    if (any(isinstance(function_auth(f), tuple) for f in fns)
            or ("$connect" in code.websocket and code.has_auth) or _owns(fns)):
        need.add("auth")
    return frozenset(need)


def _owns(fns: tuple[TsFunction, ...]) -> bool:
    """Some route reads the caller's identity to own or list items (``callerId``)."""
    return any(f.h.fills_owner or f.h.owner_query for f in fns if f.h.trigger == "route")


def service_model(code: ServiceCode) -> TsService:
    """Collect what the TypeScript emitters need for a Node.js service.

    Args:
        code: The service's handler plan.

    Returns:
        The service's events, tables, secrets, started workflows, functions and helpers.
    """
    fns = tuple(TsFunction(h) for h in code.handlers)
    events = {e.key: _event(e) for e in code.events}
    first = next(iter(code.uploads.values()), None)
    upload = TsUpload(first.prefix, first.max_bytes, first.content_types) if first else None
    queues = {q.name: TsQueue(q.name, q.env, q.fifo, q.content_based_deduplication, q.sent)
              for q in code.queues.values()}
    return TsService(
        code.app, code.region, code.name, code.runtime, code.has_auth,
        {name: _table(t) for name, t in code.tables.items()}, events,
        {s: contract.env_secret(s) for s in code.secrets},
        {w: contract.env_workflow(w) for w in code.started}, fns, bool(code.websocket),
        "$connect" in code.websocket, any(f.h.uses.users for f in fns), upload,
        _helpers(code, fns, events), queues, dict(code.correlated),
        {u: contract.PLATFORM_USES[u][0]
         for u in dict.fromkeys(x for f in fns for x in f.h.uses.platform)},
        code.topics)
