"""Render stage (TypeScript): what one Node.js service's generated helpers must know.

Pure data derived from the blueprint: events with their TypeScript types, tables with key
attributes and env var names, and which helpers the service needs. No Jinja, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scaffold.blueprint import model, names
from scaffold.blueprint.functions import FunctionUse, iter_functions, merged_options
from scaffold.blueprint.topics import has_topics
from scaffold.plan import callbacks, contract, ownership
from scaffold.plan.access import resolve_access
from scaffold.plan.defaults import runtime_of
from scaffold.render.typescript.env import Code, Comment, Ident

__all__ = ["CONNECTION_KEY", "FIELD_TYPES", "TsEvent", "TsField", "TsFunction", "TsKey",
           "TsQueue", "TsService", "TsTable", "function_auth", "route_auth", "service_model"]

FIELD_TYPES: dict[str, tuple[str, str]] = {
    "string": ("string", '""'),
    "number": ("number", "0"),
    "integer": ("number", "0"),
    "boolean": ("boolean", "false"),
    "object": ("Record<string, unknown>", "{}"),
    "string[]": ("string[]", "[]"),
    "number[]": ("number[]", "[]"),
    "object[]": ("Array<Record<string, unknown>>", "[]"),
}
"""Blueprint field type -> (TypeScript type, placeholder value)."""

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
    """One handler of the service with its merged options."""

    use: FunctionUse
    options: model.FunctionOptions

    @property
    def name(self) -> Ident:
        """The handler name (a validated camelCase identifier)."""
        return Ident(self.use.handler)


@dataclass(frozen=True)
class TsService:
    """Everything the TypeScript emitters need about one Node.js service."""

    app: str
    name: str
    runtime: str
    has_auth: bool
    tables: dict[str, TsTable]
    events: dict[str, TsEvent]  # by ``service.Event``: own events first, then subscribed ones
    secrets: dict[str, str]  # secret name -> env var
    started: dict[str, str]  # workflow name -> env var of its ARN
    functions: tuple[TsFunction, ...]
    websocket: bool  # the service owns the WebSocket API (and its connections table)
    users: bool  # some function lists Cognito users
    helpers: frozenset[str] = field(default_factory=frozenset)
    queues: dict[str, TsQueue] = field(default_factory=dict)

    @property
    def sent_queues(self) -> tuple[TsQueue, ...]:
        """The queues some function sends to (the ``send`` helper addresses these)."""
        return tuple(q for q in self.queues.values() if q.sent)
    correlated: dict[str, str] = field(default_factory=dict)  # workflow -> correlate field
    platform_uses: dict[str, str] = field(default_factory=dict)  # uses: name -> env var
    topics: bool = False  # a WebSocket route subscribes connections to topics
    push_topics: dict[str, str] = field(default_factory=dict)  # subscriber -> push_topic

    def event(self, key: str) -> TsEvent:
        """The event a subscription names (``service.Event``) or an own event's name."""
        return self.events[key if "." in key else f"{self.name}.{key}"]


def route_auth(bp: model.Blueprint, auth: str | list[str] | None) -> str | tuple[str, ...]:
    """``public``, ``user`` or the groups allowed, after ``api.default_auth`` applies."""
    access = resolve_access(bp, auth)
    return access.groups if access.kind == "groups" else access.kind


def _fields(spec: model.EventSpec) -> tuple[TsField, ...]:
    return tuple(TsField(key, Code(FIELD_TYPES[kind][0]), Code(FIELD_TYPES[kind][1]))
                 for key, kind in spec.fields.items())


def _events(bp: model.Blueprint, service: str, svc: model.ServiceSpec) -> dict[str, TsEvent]:
    found: dict[str, tuple[str, str, model.EventSpec]] = {
        f"{service}.{e}": (service, e, s) for e, s in svc.events.items()}
    for sub in svc.subscribes.values():
        owner, _, event = sub.event.rpartition(".")
        spec = bp.services[owner].events.get(event) if owner in bp.services else None
        if spec is not None:
            found.setdefault(sub.event, (owner, event, spec))
    counts: dict[str, int] = {}
    for _, event, _ in found.values():
        counts[event] = counts.get(event, 0) + 1
    return {key: TsEvent(event, Ident(f"{names.pascal(owner) if counts[event] > 1 else ''}"
                                      f"{event}Detail"),
                         owner, contract.event_source(bp.name, owner),
                         Comment(spec.description) if spec.description else None,
                         _fields(spec), owner == service)
            for key, (owner, event, spec) in found.items()}


def _tables(svc: model.ServiceSpec) -> dict[str, TsTable]:
    return {name: TsTable(name, contract.env_table(name), TsKey(t.key.name, t.key.type),
                          TsKey(t.sort.name, t.sort.type) if t.sort else None)
            for name, t in svc.tables.items()}


def _helpers(bp: model.Blueprint, fns: tuple[TsFunction, ...], svc: model.ServiceSpec,
             events: dict[str, TsEvent]) -> frozenset[str]:
    need = {"powertools", "env", "testing"}
    opts = [f.options for f in fns]
    triggers = {f.use.trigger for f in fns}
    if any(o.reads or o.writes for o in opts) or svc.websocket:
        need.add("db")
    if svc.websocket:
        need.add("connections")
    if events:
        need.add("events")
    if any(o.publishes for o in opts):
        need.add("publish")
    if any(o.push for o in opts):
        need.add("push")
    if "presign" in triggers:
        need.add("uploads")
    if any(o.secrets for o in opts):
        need.add("secrets")
    if any(o.resumes or o.starts for o in opts):
        need.add("workflows")
    if any(o.sends for o in opts):
        need.add("queues")
    if any(callbacks.stores_token(svc, f.use) or callbacks.resumable(svc, f.use) for f in fns):
        need.update(("tokens", "db"))
    if any(callbacks.signature(f.use) for f in fns):
        need.update(("signatures", "secrets"))
    if triggers & {"route", "presign"}:
        need.add("http")
    if _group_routes(bp, fns) or ("$connect" in svc.websocket and bp.auth) or _owns(bp, fns):
        need.add("auth")
    return frozenset(need)


def function_auth(bp: model.Blueprint, fn: TsFunction) -> str | tuple[str, ...]:
    """The auth of a route or presign function (``public`` for every other trigger)."""
    spec = fn.use.spec
    if fn.use.trigger == "route" and isinstance(spec, model.RouteSpec):
        return route_auth(bp, spec.auth)
    if fn.use.trigger == "presign" and isinstance(spec, model.UploadSpec):
        return route_auth(bp, spec.auth)
    return "public"


def _owns(bp: model.Blueprint, fns: tuple[TsFunction, ...]) -> bool:
    """Some route reads the caller's identity to own or list items (``callerId``)."""
    return any(ownership.fills_owner(bp, f.use, t, f.use.key.partition(" ")[0]) is not None
               or ownership.lists_by_owner(bp, f.use, t) is not None
               for f in fns if f.use.trigger == "route"
               for t in (*f.options.reads, *f.options.writes))


def _group_routes(bp: model.Blueprint, fns: tuple[TsFunction, ...]) -> bool:
    return any(isinstance(function_auth(bp, f), tuple) for f in fns)


def service_model(bp: model.Blueprint, service: str) -> TsService:
    """Collect what the TypeScript emitters need for ``service``.

    Args:
        bp: A validated blueprint.
        service: Name of a Node.js service of ``bp``.

    Returns:
        The service's events, tables, secrets, started workflows, functions and helpers.
    """
    svc = bp.services[service]
    runtime = runtime_of(bp, svc)
    fns = tuple(TsFunction(use, merged_options(svc, use)) for use in iter_functions(service, svc))
    events = _events(bp, service, svc)
    secrets = {s: contract.env_secret(s)
               for s in dict.fromkeys(x for f in fns for x in f.options.secrets)}
    started = {w: contract.env_workflow(w)
               for w in dict.fromkeys(x for f in fns for x in f.options.starts)}
    sent = {q for f in fns for q in f.options.sends}
    queues = {q: TsQueue(q, contract.env_queue(q), spec.fifo, spec.content_based_deduplication,
                         q in sent) for q, spec in svc.queues.items()}
    return TsService(bp.name, service, runtime, bp.auth is not None, _tables(svc), events,
                     secrets, started, fns, bool(svc.websocket),
                     any(f.options.users for f in fns), _helpers(bp, fns, svc, events), queues,
                     callbacks.correlated_workflows(svc),
                     {u: contract.PLATFORM_USES[u][0]
                      for u in dict.fromkeys(x for f in fns for x in f.options.uses)},
                     has_topics(svc), {h: sub.push_topic for h, sub in svc.subscribes.items()
                                       if sub.push_topic is not None})
