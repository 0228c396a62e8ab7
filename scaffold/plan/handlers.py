"""Plan stage: the handler plan, what every back end needs to know about a service's code.

Language-neutral facts, decided once from a valid blueprint: each function's trigger and
what it touches (the merged options), who may call it, the path parameters of its route,
the callback token it stores or the workflows it resumes, the owner attribute it fills or
queries, its upload limits; each service's tables, event contracts, queues and secrets.
The TypeScript and Python stub emitters, the graph and the docs read these values and never
``scaffold.blueprint.model`` (``docs/decisions/0018-back-ends-read-the-handler-plan.md``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scaffold.blueprint import model
from scaffold.blueprint.functions import FunctionUse, iter_functions, merged_options
from scaffold.blueprint.topics import has_topics, topic_parts
from scaffold.plan import callbacks, contract, websocket
from scaffold.plan.access import (
    Access,
    api_key_secret,
    authorizer_decides,
    function_access,
    guard_groups,
)
from scaffold.plan.callbacks import Correlation, Resume, Signature
from scaffold.plan.defaults import runtime_of
from scaffold.plan.iam import SERVICE_CUSTOM_SID, custom_statements
from scaffold.plan.ir import Statement
from scaffold.plan.kinds import Trigger
from scaffold.plan.ownership import OwnerQuery, fills_owner, lists_by_owner, scan_note

__all__ = ["AppCode", "EventContract", "Handler", "KeyAttr", "ObjectFilter", "QueueCode",
           "ServiceCode", "TableCode", "Upload", "Uses", "build_code"]

_PARAM = re.compile(r"\{([^}]+)\}")


@dataclass(frozen=True)
class Uses:
    """What a function touches: its own options merged with ``functions.<handler>``."""

    reads: tuple[str, ...] = ()  # own tables it reads
    writes: tuple[str, ...] = ()  # own tables it reads and writes
    publishes: tuple[str, ...] = ()  # own events
    secrets: tuple[str, ...] = ()  # a signed route's signing secret first
    resumes: tuple[str, ...] = ()  # workflows
    starts: tuple[str, ...] = ()
    sends: tuple[str, ...] = ()  # work queues
    bucket_reads: tuple[str, ...] = ()
    bucket_writes: tuple[str, ...] = ()
    platform: tuple[str, ...] = ()  # ``uses:`` platform values
    push: bool = False
    users: bool = False  # lists and reads Cognito users
    iam: tuple[Statement, ...] = ()  # the function's own ``iam:`` statements
    websocket: dict[str, str] = field(default_factory=dict)  # WebSocket table -> reads/writes


@dataclass(frozen=True)
class Upload:
    """An upload bucket as its presign and on-upload functions see it."""

    bucket: str
    route: str  # METHOD /path of the presign route
    prefix: str
    max_bytes: int
    content_types: tuple[str, ...]


@dataclass(frozen=True)
class ObjectFilter:
    """Which object events of a storage bucket start a function."""

    events: tuple[str, ...]
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Handler:
    """One function declaration with every decision its code depends on."""

    service: str
    handler: str
    trigger: Trigger
    key: str  # route, event, table, schedule, bucket, queue, WebSocket route, kind, workflow
    uses: Uses
    access: Access | None = None  # HTTP functions only: who may call
    route: str | None = None  # METHOD /path (routes and presign routes)
    params: tuple[str, ...] = ()  # the route's path parameters, in order (``+`` stripped)
    guard_groups: tuple[str, ...] = ()  # groups the generated entry lets through
    authorizer_decides: bool = False  # ``auth: custom``: the Lambda authorizer alone decides
    api_key_secret: str | None = None  # a public webhook's shared key
    signature: Signature | None = None  # a signed webhook's HMAC check
    stores_token: Correlation | None = None  # a correlated callback step's token
    resumable: tuple[str, ...] = ()  # correlated workflows it resumes by correlation id
    resume: Resume | None = None  # where a resuming route finds the correlation id
    fresh: str | None = None  # correlation field a starter fills with a new id
    fills_owner: dict[str, str] = field(default_factory=dict)  # table -> owner attribute
    owner_query: dict[str, OwnerQuery] = field(default_factory=dict)  # table -> Query
    scan_notes: dict[str, str] = field(default_factory=dict)  # table -> why a list Scans
    upload: Upload | None = None  # presign and upload triggers
    object: ObjectFilter | None = None  # object triggers
    identity: tuple[str, ...] = ()  # authorizer: identity sources
    push_topic: str | None = None  # subscription: the topic template its push goes to
    push_topic_parts: tuple[tuple[str, bool], ...] = ()  # (text, is a field name), in order
    roles: tuple[str, ...] = ()  # WebSocket roles (connect, disconnect, subscribe, push)
    default_group: str | None = None  # post_confirmation: the group a sign-up joins

    @property
    def method(self) -> str:
        """The route's HTTP method (empty for non-HTTP functions)."""
        return (self.route or "").partition(" ")[0]

    @property
    def path(self) -> str:
        """The route's path (empty for non-HTTP functions)."""
        return (self.route or "").partition(" ")[2]


@dataclass(frozen=True)
class KeyAttr:
    """A key attribute: its name and DynamoDB type word (string, number, binary)."""

    name: str
    type: str


@dataclass(frozen=True)
class TableCode:
    """One of the service's tables as code addresses it."""

    name: str
    env: str  # variable holding its physical name
    key: KeyAttr
    sort: KeyAttr | None
    indexes: dict[str, tuple[KeyAttr, KeyAttr | None]]
    owner: str | None


@dataclass(frozen=True)
class EventContract:
    """An event a service publishes or subscribes to."""

    name: str  # the DetailType
    service: str  # the publisher
    source: str  # EventBridge source
    description: str | None
    fields: tuple[tuple[str, str], ...]  # (field, blueprint type)
    own: bool  # published by the service this contract belongs to
    shared_name: bool  # another event of the service's list has the same name
    recipient: str | None  # the field naming the user a push of this event goes to

    @property
    def key(self) -> str:
        """``service.Event``."""
        return f"{self.service}.{self.name}"


@dataclass(frozen=True)
class QueueCode:
    """A work queue of the service."""

    name: str
    env: str  # variable holding its URL
    fifo: bool
    content_based_deduplication: bool
    sent: bool  # some function of the service sends to it


@dataclass(frozen=True)
class ServiceCode:
    """Everything the stub emitters, graph and docs need about one service's code."""

    app: str
    region: str
    name: str
    description: str | None
    runtime: str
    has_auth: bool  # the blueprint has a user pool
    tables: dict[str, TableCode]
    events: tuple[EventContract, ...]  # own events first, then subscribed ones
    secrets: tuple[str, ...]  # secrets some function reads, in order
    own_secrets: tuple[str, ...]  # secrets the service declares (else they are shared)
    started: tuple[str, ...]  # workflows some function starts
    queues: dict[str, QueueCode]
    uploads: dict[str, Upload]
    handlers: tuple[Handler, ...]  # every declaration, blueprint order
    websocket: tuple[str, ...]  # WebSocket route keys the service owns
    topics: bool  # a WebSocket route subscribes connections to topics
    correlated: dict[str, str]  # workflow -> correlation field of its callback step
    token_store: bool  # the service has a task-token table
    iam: tuple[Statement, ...]  # the service's own ``iam:`` statements
    workflows: tuple[str, ...]
    buckets: tuple[str, ...]  # storage buckets (not uploads)
    subscribed: tuple[tuple[str, str], ...] = ()  # (handler, service.Event)

    @property
    def python(self) -> bool:
        """Whether the service runs on Python (else Node.js)."""
        return self.runtime.startswith("python")

    def first_handlers(self) -> tuple[Handler, ...]:
        """The first declaration of each handler, blueprint order."""
        seen: set[str] = set()
        out = []
        for h in self.handlers:
            if h.handler not in seen:
                seen.add(h.handler)
                out.append(h)
        return tuple(out)

    def event(self, key: str) -> EventContract:
        """The contract of ``service.Event`` (or of an own event's bare name)."""
        key = key if "." in key else f"{self.name}.{key}"
        return next(e for e in self.events if e.key == key)


@dataclass(frozen=True)
class AppCode:
    """The handler plan of the whole blueprint."""

    app: str
    region: str
    description: str | None
    services: dict[str, ServiceCode]
    ssr: bool  # frontend.ssr: a Lambda@Edge rendering function
    site_domain: str  # frontend.domain ("" when there is none)
    bus_used: bool  # some service publishes or subscribes


def _uses(use: FunctionUse, opts: model.FunctionOptions, svc: model.ServiceSpec) -> Uses:
    return Uses(
        reads=tuple(opts.reads), writes=tuple(opts.writes), publishes=tuple(opts.publishes),
        secrets=tuple(opts.secrets), resumes=tuple(opts.resumes), starts=tuple(opts.starts),
        sends=tuple(opts.sends), bucket_reads=tuple(opts.bucket_reads),
        bucket_writes=tuple(opts.bucket_writes), platform=tuple(opts.uses), push=opts.push,
        users=opts.users is not None, iam=tuple(custom_statements(opts.iam)),
        websocket=dict(websocket.table_access(use, opts, svc)))


def _route_of(svc: model.ServiceSpec, use: FunctionUse) -> str | None:
    if use.trigger == "route":
        return use.key
    if use.trigger == "presign":
        return svc.uploads[use.key].route
    return None


def _upload(bucket: str, spec: model.UploadSpec) -> Upload:
    return Upload(bucket, spec.route, spec.prefix, spec.max_size_mb * 1024 * 1024,
                  tuple(spec.content_types))


def _handler(bp: model.Blueprint, svc: model.ServiceSpec, use: FunctionUse) -> Handler:
    opts = merged_options(svc, use)
    route = _route_of(svc, use)
    params = tuple(p.rstrip("+") for p in _PARAM.findall(route.partition(" ")[2])) \
        if route else ()
    tables = tuple(dict.fromkeys([*opts.reads, *opts.writes]))
    method = (route or "").partition(" ")[0]
    owner_query = {t: q for t in tables if (q := lists_by_owner(bp, use, t)) is not None}
    fills = {t: a for t in tables if (a := fills_owner(bp, use, t, method)) is not None}
    upload = _upload(use.key, svc.uploads[use.key]) \
        if use.trigger in ("presign", "upload") else None
    on_object = svc.buckets[use.key].on_object if use.trigger == "object" else None
    push_topic = svc.subscribes[use.handler].push_topic if use.trigger == "subscription" \
        else None
    return Handler(
        service=use.service, handler=use.handler, trigger=use.trigger, key=use.key,
        uses=_uses(use, opts, svc), access=function_access(bp, use), route=route,
        params=params, guard_groups=guard_groups(bp, use),
        authorizer_decides=authorizer_decides(bp, use), api_key_secret=api_key_secret(bp, use),
        signature=callbacks.signature(use), stores_token=callbacks.stores_token(svc, use),
        resumable=callbacks.resumable(svc, use),
        resume=callbacks.resume_source(svc, use, params) if route else None,
        fresh=callbacks.new_correlation(svc, use, params) if route else None,
        fills_owner=fills, owner_query=owner_query,
        scan_notes={t: scan_note(bp, use, t) for t in tables},
        upload=upload,
        object=ObjectFilter(tuple(on_object.events), on_object.prefix, on_object.suffix)
        if on_object is not None else None,
        identity=tuple(svc.authorizer.identity)
        if use.trigger == "authorizer" and svc.authorizer is not None else (),
        push_topic=push_topic, push_topic_parts=tuple(topic_parts(push_topic) or ())
        if push_topic else (),
        roles=websocket.roles(use, opts),
        default_group=bp.auth.default_group
        if bp.auth is not None and use.trigger == "auth_trigger"
        and use.key == "post_confirmation" else None)


def _key(spec: model.KeySpec) -> KeyAttr:
    return KeyAttr(spec.name, spec.type)


def _table(name: str, spec: model.TableSpec) -> TableCode:
    return TableCode(name, contract.env_table(name), _key(spec.key),
                     _key(spec.sort) if spec.sort else None,
                     {index: (_key(i.key), _key(i.sort) if i.sort else None)
                      for index, i in spec.indexes.items()}, spec.owner)


def _events(bp: model.Blueprint, name: str, svc: model.ServiceSpec) -> tuple[EventContract, ...]:
    """Own events, then each subscribed event of another service once, blueprint order."""
    wanted: list[tuple[str, str]] = [(name, event) for event in svc.events]
    for sub in svc.subscribes.values():
        owner, _, event = sub.event.partition(".")
        if (owner, event) not in wanted and owner in bp.services:
            wanted.append((owner, event))
    counts: dict[str, int] = {}
    for _, event in wanted:
        counts[event] = counts.get(event, 0) + 1
    out = []
    for owner, event in wanted:
        spec = bp.services[owner].events.get(event, model.EventSpec())
        fields = tuple((k, str(v)) for k, v in spec.fields.items())
        out.append(EventContract(event, owner, contract.event_source(bp.name, owner),
                                 spec.description, fields, owner == name, counts[event] > 1,
                                 contract.push_recipient(dict(fields))))
    return tuple(out)


def _service(bp: model.Blueprint, name: str, svc: model.ServiceSpec) -> ServiceCode:
    handlers = tuple(_handler(bp, svc, use) for use in iter_functions(name, svc))
    sent = {q for h in handlers for q in h.uses.sends}
    return ServiceCode(
        app=bp.name, region=bp.region, name=name, description=svc.description,
        runtime=runtime_of(bp, svc), has_auth=bp.auth is not None,
        tables={t: _table(t, spec) for t, spec in svc.tables.items()},
        events=_events(bp, name, svc),
        secrets=tuple(dict.fromkeys(s for h in handlers for s in h.uses.secrets)),
        own_secrets=tuple(svc.secrets),
        started=tuple(dict.fromkeys(w for h in handlers for w in h.uses.starts)),
        queues={q: QueueCode(q, contract.env_queue(q), spec.fifo,
                             spec.content_based_deduplication, q in sent)
                for q, spec in svc.queues.items()},
        uploads={b: _upload(b, u) for b, u in svc.uploads.items()},
        handlers=handlers, websocket=tuple(svc.websocket), topics=has_topics(svc),
        correlated=callbacks.correlated_workflows(svc),
        token_store=callbacks.has_token_store(svc),
        iam=tuple(custom_statements(svc.iam, SERVICE_CUSTOM_SID)),
        workflows=tuple(svc.workflows), buckets=tuple(svc.buckets),
        subscribed=tuple((h, sub.event) for h, sub in svc.subscribes.items()))


def build_code(bp: model.Blueprint) -> AppCode:
    """The handler plan of a valid blueprint."""
    services = {name: _service(bp, name, svc) for name, svc in sorted(bp.services.items())}
    bus_used = any(s.subscribed or any(h.uses.publishes for h in s.handlers)
                   for s in services.values())
    return AppCode(bp.name, bp.region, bp.description, services,
                   bool(bp.frontend and bp.frontend.ssr),
                   (bp.frontend.domain or "") if bp.frontend else "", bus_used)
