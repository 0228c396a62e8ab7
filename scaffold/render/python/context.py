"""Render stage (Python stubs): what one Python service needs, as template-ready values.

Pure: a service's handler plan (:class:`~scaffold.plan.handlers.ServiceCode`) in, frozen
values out; the blueprint itself is never read here. Names that become Python
identifiers are checked here (:func:`~scaffold.render.python.env.ident`); everything else
stays plain data that the template environment writes as literals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scaffold.blueprint import names
from scaffold.errors import ScaffoldError
from scaffold.plan import contract
from scaffold.plan.handlers import EventContract, Handler, KeyAttr, ServiceCode, TableCode, Uses
from scaffold.render.python.env import Code, ident, is_ident, py_literal
from scaffold.render.spellings import FIELD_SPELLINGS

__all__ = ["CONNECTION_KEY", "EventCtx", "FieldCtx", "QueueCtx", "ServiceCtx", "TableCtx",
           "service_context"]

CONNECTION_KEY = contract.CONNECTIONS_KEY
CONNECTION_TTL = contract.CONNECTIONS_TTL

_KEY_TYPES = {"string": "S", "number": "N", "binary": "B"}

@dataclass(frozen=True)
class FieldCtx:
    """One detail field of an event contract."""

    key: str
    type: Code
    coerce: str  # format string with {src}: the expression that builds this field
    sample: object  # a value of the field's type, for tests


@dataclass(frozen=True)
class EventCtx:
    """An event contract: its TypedDict and where it comes from."""

    name: str  # EventBridge detail-type
    cls: Code  # class name in generated/events.py
    service: str
    source: str  # EventBridge source
    description: str | None
    fields: tuple[FieldCtx, ...]
    class_syntax: bool
    recipient: str | None = None  # the field naming the user a push of this event goes to

    def detail(self, src: str, indent: int = 8) -> Code:
        """A dict display typed as this event, built from mapping variable ``src``.

        Args:
            src: Name of a ``Mapping[str, Any]`` variable in the generated code.
            indent: Column of the statement the display is part of.
        """
        if not self.fields:
            return Code("{}")
        pad = " " * (indent + 4)
        parts = [f"{pad}{py_literal(field.key)}: "
                 + field.coerce.format(src=ident(src), key=py_literal(field.key)) + ","
                 for field in self.fields]
        return Code("{\n" + "\n".join(parts) + "\n" + " " * indent + "}")

    def sample(self) -> dict[str, object]:
        """A detail with a value of the right type in every field, for tests."""
        return {field.key: field.sample for field in self.fields}


@dataclass(frozen=True)
class TableCtx:
    """One of the service's DynamoDB tables and how code finds it."""

    name: str
    env: str
    accessor: Code
    key: str
    key_type: str  # S, N or B
    sort: str | None
    sort_type: str | None
    indexes: dict[str, tuple[tuple[str, str], tuple[str, str] | None]] = field(
        default_factory=dict)  # global secondary index -> (key, sort) as (name, S/N/B)


@dataclass(frozen=True)
class UploadCtx:
    """An upload bucket (per presign / on-upload function environment)."""

    bucket: str
    prefix: str
    max_bytes: int
    test_bucket: str
    content_types: tuple[str, ...] = ()

    @property
    def allowed_sample(self) -> str:
        """A content type the bucket accepts, for tests."""
        return self.content_types[0].replace("/*", "/x-test") if self.content_types \
            else "image/png"


@dataclass(frozen=True)
class QueueCtx:
    """A work queue of the service: its URL variable, accessor and FIFO rules."""

    name: str
    env: str
    accessor: Code  # function of generated/env.py answering its URL
    fifo: bool
    content_based_deduplication: bool
    sent: bool  # some function of the service sends to it

    @property
    def test_name(self) -> str:
        """The queue's name in moto."""
        return f"test-{self.name}" + (".fifo" if self.fifo else "")


@dataclass(frozen=True)
class ServiceCtx:
    """Everything the Python templates of one service share."""

    app: str
    service: str
    package: Code
    region: str
    runtime: str
    events: tuple[EventCtx, ...]  # own events first, then subscribed ones
    published: tuple[EventCtx, ...]  # own events some function publishes
    tables: dict[str, TableCtx]
    secrets: tuple[tuple[str, str], ...]  # (secret, env var) read by some function
    started: tuple[tuple[str, str, Code], ...]  # (workflow, env var, accessor)
    uploads: dict[str, UploadCtx]
    queues: dict[str, QueueCtx]
    uses: tuple[Handler, ...]  # first declaration of each handler, blueprint order
    options: dict[str, Uses]  # merged options per handler
    websocket: bool
    push: bool
    resumes: bool
    users: bool
    routes: bool
    auth: bool  # the blueprint has a user pool
    correlated: tuple[tuple[str, str], ...] = ()  # (workflow, correlate field) with a token store
    tokens: bool = False  # some function stores or takes task tokens
    signed: bool = False  # some route verifies an HMAC signature
    platform_uses: tuple[tuple[str, str], ...] = ()  # (uses: name, env var)
    topics: bool = False  # a WebSocket route subscribes connections to topics

    def event(self, service: str, name: str) -> EventCtx:
        """The context of event ``service.name``."""
        return next(e for e in self.events if e.service == service and e.name == name)

    @property
    def sent_queues(self) -> tuple[QueueCtx, ...]:
        """The queues some function sends to (the ``send`` helper addresses these)."""
        return tuple(q for q in self.queues.values() if q.sent)

    @property
    def helpers(self) -> tuple[str, ...]:
        """Modules of ``generated/`` this service needs, in a fixed order."""
        wanted = {
            "aws": True, "env": True, "powertools": True,
            "events": bool(self.events), "publish": bool(self.published),
            "http": self.routes, "connections": self.websocket, "push": self.push,
            "uploads": bool(self.uploads), "secrets": bool(self.secrets),
            "workflows": self.resumes or bool(self.started),
            "queues": bool(self.sent_queues),
            "tokens": self.tokens, "signatures": self.signed,
        }
        return tuple(name for name, need in wanted.items() if need)


def check_package(service: str) -> Code:
    """The service's Python package name, refusing names that cannot be a top-level package.

    Raises:
        ScaffoldError: If the name is a keyword or shadows a standard library module.
    """
    package = contract.python_package(service)
    problem = names.python_package_problem(package)
    if problem:
        raise ScaffoldError(f"service '{service}' cannot be a Python service: {problem}",
                            hint=f"rename the service, e.g. '{service}-service'")
    return ident(package)


def _fields(spec: tuple[tuple[str, str], ...]) -> tuple[tuple[FieldCtx, ...], bool]:
    fields = tuple(FieldCtx(key, Code(FIELD_SPELLINGS[kind].py_annotation),
                            FIELD_SPELLINGS[kind].py_coercion, FIELD_SPELLINGS[kind].py_sample)
                   for key, kind in spec)
    class_syntax = all(is_ident(k) and not k.startswith("_") for k, _ in spec)
    return fields, class_syntax


def _event(event: EventContract) -> EventCtx:
    # An event named like another of the list is prefixed with its publisher's name.
    cls = names.pascal(event.service) + event.name if event.shared_name else event.name
    if not is_ident(cls):  # True / False / None are PascalCase too
        cls += "Event"
    fields, class_syntax = _fields(event.fields)
    return EventCtx(event.name, ident(cls), event.service, event.source, event.description,
                    fields, class_syntax, event.recipient)


def _key(attr: KeyAttr) -> tuple[str, str]:
    return attr.name, _KEY_TYPES[attr.type]


def _table(table: TableCode) -> TableCtx:
    sort = _key(table.sort) if table.sort else None
    return TableCtx(table.name, table.env, ident("table_" + names.snake(table.name)),
                    table.key.name, _KEY_TYPES[table.key.type],
                    sort[0] if sort else None, sort[1] if sort else None,
                    {index: (_key(key), _key(sort_key) if sort_key else None)
                     for index, (key, sort_key) in table.indexes.items()})


def service_context(svc: ServiceCode) -> ServiceCtx:
    """Collect what the Python templates of one service need.

    Args:
        svc: The service's handler plan (any runtime; callers pick Python ones).

    Returns:
        The frozen template context.

    Raises:
        ScaffoldError: If the service's package name is unusable.
    """
    package = check_package(svc.name)
    handlers = svc.first_handlers()
    options = {h.handler: h.uses for h in handlers}
    events = tuple(_event(e) for e in svc.events)
    publishes = {e for o in options.values() for e in o.publishes}
    return ServiceCtx(
        app=svc.app, service=svc.name, package=package, region=svc.region,
        runtime=svc.runtime,
        events=events,
        published=tuple(e for e in events if e.service == svc.name and e.name in publishes),
        tables={name: _table(table) for name, table in svc.tables.items()},
        secrets=tuple((s, contract.env_secret(s)) for s in svc.secrets),
        started=tuple((w, contract.env_workflow(w), ident("workflow_" + names.snake(w) + "_arn"))
                      for w in svc.started),
        uploads={b: UploadCtx(b, u.prefix, u.max_bytes, f"test-{b}", u.content_types)
                 for b, u in svc.uploads.items()},
        queues={q: QueueCtx(q, spec.env, ident("queue_" + names.snake(q) + "_url"),
                            spec.fifo, spec.content_based_deduplication, spec.sent)
                for q, spec in svc.queues.items()},
        uses=handlers, options=options, websocket=bool(svc.websocket),
        push=any(o.push for o in options.values()),
        resumes=any(o.resumes for o in options.values()),
        users=any(o.users for o in options.values()),
        routes=any(h.trigger == "route" for h in handlers) or bool(svc.uploads),
        auth=svc.has_auth,
        correlated=tuple(svc.correlated.items()),
        tokens=any(h.stores_token or h.resumable for h in handlers),
        signed=any(h.signature for h in handlers),
        platform_uses=tuple((u, contract.PLATFORM_USES[u][0]) for u in dict.fromkeys(
            x for o in options.values() for x in o.platform)),
        topics=svc.topics,
    )
