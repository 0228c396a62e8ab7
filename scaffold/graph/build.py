"""BuildPlan -> :class:`Graph`: every building block and the arrows between them.

Structure (functions, tables, routes, rules, streams, queues, buckets, workflows, WebSocket
routes, platform parts) comes from the Terraform roots of the build plan, so the picture shows
what ``scaffold render`` generates; what each function touches (reads, writes, publishes, ...)
comes from the handler plan (``plan.code``), the same merged options the IAM policies are
derived from. The graph never reads the blueprint
(``docs/decisions/0018-back-ends-read-the-handler-plan.md``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from scaffold.blueprint.names import snake
from scaffold.errors import ExitCode, ScaffoldError
from scaffold.graph.model import Cluster, Edge, Graph, Node, NodeKind, node_id
from scaffold.plan import contract
from scaffold.plan.handlers import AppCode, Handler, ServiceCode
from scaffold.plan.ir import BuildPlan, ServiceRoot
from scaffold.plan.kinds import KINDS, Trigger

FRONTEND = "frontend"
"""Cluster id of the website hosting parts (CloudFront, S3, SSR)."""


def _label(trigger: Trigger) -> str:
    label = KINDS[trigger].started_by
    assert label is not None, f"{trigger} arrows are labelled by their key"
    return label


class UnknownServiceError(ScaffoldError):
    """``--service`` names no service of the blueprint (a usage error)."""

    exit_code = ExitCode.USAGE


class _Builder:
    """Collects nodes and edges; ids are derived from keys and made unique."""

    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.edges: dict[Edge, None] = {}
        self.clusters: list[Cluster] = []
        self._cluster_ids: set[str] = set()
        self._ids: dict[tuple[str, ...], str] = {}

    def node(self, key: tuple[str, ...], lines: Iterable[str], kind: NodeKind,
             cluster: str | None = None) -> str:
        base = node_id(*key)
        ident, n = base, 2
        while ident in self.nodes or ident in self._cluster_ids:
            ident, n = f"{base}_{n}", n + 1
        self._ids[key] = ident
        self.nodes[ident] = Node(ident, tuple(lines), kind, cluster)
        return ident

    def cluster(self, key: tuple[str, ...], lines: Iterable[str],
                service: str | None = None) -> str:
        base = node_id(*key)
        ident, n = base, 2
        while ident in self.nodes or ident in self._cluster_ids:
            ident, n = f"{base}_{n}", n + 1
        self.clusters.append(Cluster(ident, tuple(lines), service))
        self._cluster_ids.add(ident)
        return ident

    def get(self, *key: str) -> str | None:
        return self._ids.get(key)

    def edge(self, source: str | None, target: str | None, label: str) -> None:
        if source is not None and target is not None:
            self.edges.setdefault(Edge(source, target, label))

    def graph(self, title: str) -> Graph:
        return Graph(title, tuple(self.clusters), tuple(self.nodes.values()),
                     tuple(self.edges))


def build_graph(plan: BuildPlan, service: str | None = None) -> Graph:
    """Draw the architecture of a build plan as a graph.

    Args:
        plan: the build plan of a validated blueprint (its roots and its handler plan).
        service: limit the graph to this service and the platform parts it touches.

    Returns:
        The graph, in a deterministic order (platform, then services by name).

    Raises:
        UnknownServiceError: ``service`` is not a service of the blueprint.
    """
    code = plan.code
    if service is not None and service not in code.services:
        names = ", ".join(sorted(code.services))
        raise UnknownServiceError(f"no service '{service}' in blueprint '{plan.app}'",
                                  hint=f"--service takes one of: {names}")
    b = _Builder()
    _platform(b, plan, code)
    for root in plan.services:
        _service(b, code.services[root.service], root)
    graph = b.graph(plan.app)
    return only_service(graph, service) if service else graph


def _platform(b: _Builder, plan: BuildPlan, code: AppCode) -> None:
    p = plan.platform
    has_uploads = any(r.buckets for r in plan.services)
    if p.frontend or p.has_http_api or p.has_websocket or has_uploads or p.auth:
        b.node(("client",), ["Users", "browser app"], "client")
    if p.frontend:
        # The blueprint's domain, also while undelegated (``p.site_domain`` is None then).
        domain = code.site_domain
        site = b.cluster((FRONTEND,), ["Website hosting"])
        b.node(("cdn",), ["CloudFront", *([domain] if domain else [])], "cdn", site)
        b.node(("site",), ["site bucket", "S3"], "site", site)
        if p.ssr:
            b.node(("ssr",), ["server-side rendering", "Lambda@Edge"], "ssr", site)
        b.edge(b.get("client"), b.get("cdn"), "HTTPS")
        b.edge(b.get("cdn"), b.get("site"), "static files")
        b.edge(b.get("cdn"), b.get("ssr"), "renders pages")
    if p.auth:
        groups = ", ".join(p.groups)
        b.node(("pool",), ["Cognito user pool", *([f"groups: {groups}"] if groups else [])],
               "user_pool")
        b.edge(b.get("client"), b.get("pool"), "signs in")
    if p.has_http_api:
        b.node(("http",), ["HTTP API", *([p.api_domain] if p.api_domain else [])], "http_api")
        b.edge(b.get("client"), b.get("http"), "HTTPS")
        if any(r.auth == "JWT" for s in plan.services for r in s.routes):
            b.edge(b.get("http"), b.get("pool"), "verifies JWT")
    if p.has_websocket:
        b.node(("ws",), ["WebSocket API"], "websocket_api")
        b.edge(b.get("client"), b.get("ws"), "WebSocket")
    if code.bus_used:
        b.node(("bus",), ["EventBridge bus", plan.app], "event_bus")
    for secret in p.secrets:
        b.node(("psec", secret), [secret, "shared secret", "SSM SecureString"], "secret")
    if any(r.needs_failures for r in plan.services):
        b.node(("alerts",), ["alerts topic", "SNS", *p.alert_emails], "alerts")


@dataclass
class _Touches:
    """What one function uses, over all its uses (a handler may serve several steps)."""

    reads: list[str] = field(default_factory=list)
    writes: list[str] = field(default_factory=list)
    publishes: list[str] = field(default_factory=list)
    starts: list[str] = field(default_factory=list)
    resumes: list[str] = field(default_factory=list)
    sends: list[str] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)
    bucket_reads: list[str] = field(default_factory=list)
    bucket_writes: list[str] = field(default_factory=list)
    push: bool = False
    users: bool = False
    custom: list[str] = field(default_factory=list)  # actions of custom IAM statements
    websocket: dict[str, str] = field(default_factory=dict)  # WebSocket table -> verb

    def add(self, h: Handler, svc: ServiceCode) -> None:
        uses = h.uses
        for name in ("reads", "writes", "publishes", "starts", "resumes", "sends", "secrets",
                     "bucket_reads", "bucket_writes"):
            mine: list[str] = getattr(self, name)
            mine.extend(x for x in getattr(uses, name) if x not in mine)
        self.push = self.push or uses.push
        self.users = self.users or uses.users
        for st in [*uses.iam, *svc.iam]:
            self.custom.extend(a for a in st.actions if a not in self.custom)
        for table, verb in uses.websocket.items():
            if self.websocket.get(table) != "writes":
                self.websocket[table] = verb


def _touches_of(svc: ServiceCode) -> dict[str, _Touches]:
    """Per function id, the merged options of all its declarations."""
    touches: dict[str, _Touches] = {}
    for h in svc.handlers:
        touches.setdefault(snake(h.handler), _Touches()).add(h, svc)
    return touches


def _service(b: _Builder, svc: ServiceCode, root: ServiceRoot) -> None:
    name = root.service
    touches = _touches_of(svc)
    cid = b.cluster(("svc", name), [f"{name} service", *([svc.description] if svc.description
                                                         else []), f"runtime {svc.runtime}"],
                    name)

    def fn(function_id: str) -> str | None:
        return b.get("fn", name, function_id)

    for f in root.functions:
        b.node(("fn", name, f.id), [f.handler], "function", cid)
    tables = {snake(t): t for t in svc.tables}
    if svc.websocket:
        for table in contract.WEBSOCKET_TABLE_ENV:
            tables[snake(table)] = table
    if svc.token_store:
        tables[snake(contract.TOKENS_TABLE)] = contract.TOKENS_TABLE
    for t in root.tables:
        b.node(("tbl", name, t.id), [tables.get(t.id, t.id), "table"], "table", cid)
    for bucket in root.buckets:
        b.node(("bkt", name, bucket.id), [bucket.name.rest.removeprefix(f"{name}-"),
                                          "upload bucket"], "bucket", cid)
    for storage in root.storage_buckets:
        b.node(("bkt", name, storage.id), [storage.name.rest.removeprefix(f"{name}-"),
                                           "bucket"], "bucket", cid)
    for wf in root.workflows:
        b.node(("wf", name, wf.id), [wf.name.rest.removeprefix(f"{name}-"), "state machine"],
               "workflow", cid)
    for secret in root.secrets:
        b.node(("sec", name, snake(secret)), [secret, "secret"], "secret", cid)
    for rule in root.rules:
        if rule.schedule is not None:
            b.node(("sched", name, rule.id), ["schedule", rule.schedule], "schedule", cid)
    for q in root.queues:
        b.node(("q", name, q.id), [q.name.rest.removeprefix(f"{name}-"),
                                   "FIFO queue" if q.fifo else "work queue"], "queue", cid)
        b.node(("qdlq", name, q.id), [f"{q.name.rest.removeprefix(f'{name}-')}-dlq",
                                      "dead-letter queue"], "dead_letter_queue", cid)
    if root.needs_failures:
        b.node(("dlt", name), ["dead-letter topic"], "dead_letter_topic", cid)
        b.node(("dlq", name), ["dead-letter queue"], "dead_letter_queue", cid)

    for route in root.routes:
        b.edge(b.get("http"), fn(route.function), route.route_key)
    if root.authorizer is not None:
        b.edge(b.get("http"), fn(root.authorizer.function), _label("authorizer"))
    for ws in root.websocket:
        b.edge(b.get("ws"), fn(ws.function), ws.route_key)
    for kind, function_id in root.auth_triggers.items():
        b.edge(b.get("pool"), fn(function_id), kind)
    for handler, event in svc.subscribed:
        b.edge(b.get("bus"), fn(snake(handler)), event.split(".", 1)[-1])
    for rule in root.rules:
        if rule.schedule is not None:
            b.edge(b.get("sched", name, rule.id), fn(rule.function), _label("schedule"))
    for stream in root.streams:
        b.edge(b.get("tbl", name, snake(stream.table)), fn(stream.function), _label("stream"))
    for q in root.queues:
        b.edge(b.get("q", name, q.id), fn(q.consumer), _label("queue"))
        b.edge(b.get("q", name, q.id), b.get("qdlq", name, q.id),
               f"after {q.max_receives} receives")
        b.edge(b.get("qdlq", name, q.id), b.get("alerts"), "alarm")
    for bucket in root.buckets:
        key = b.get("bkt", name, bucket.id)
        b.edge(b.get("client"), key, "uploads via presigned URL")
        if bucket.on_upload:
            b.edge(key, fn(bucket.on_upload), _label("upload"))
    for storage in root.storage_buckets:
        if storage.on_object:
            b.edge(b.get("bkt", name, storage.id), fn(storage.on_object.function),
                   _label("object"))
    for h in svc.handlers:
        if h.trigger == "presign":
            b.edge(fn(snake(h.handler)), b.get("bkt", name, snake(h.key)), "presigns upload")
        elif h.trigger in ("task", "callback"):
            b.edge(b.get("wf", name, snake(h.key)), fn(snake(h.handler)), _label(h.trigger))
        # The token store: the same rule (plan.callbacks) grants the IAM and the environment.
        tokens = b.get("tbl", name, snake(contract.TOKENS_TABLE))
        if h.stores_token is not None:
            b.edge(fn(snake(h.handler)), tokens, "stores task token")
        if h.resumable:
            b.edge(fn(snake(h.handler)), tokens, "takes task token")
    for f in root.functions:
        _arrows_out(b, name, f.id, touches[f.id])
    for f in root.functions:
        if f.async_invoked or any(s.function == f.id for s in root.streams):
            b.edge(fn(f.id), b.get("dlt", name), "on failure")
    if root.needs_failures:
        b.edge(b.get("dlt", name), b.get("dlq", name), "dead letters")
        b.edge(b.get("dlq", name), b.get("alerts"), "alarm")


def _arrows_out(b: _Builder, service: str, function_id: str, opts: _Touches) -> None:
    """Arrows from one function to the tables, bus, pool, APIs and workflows it uses."""
    me = b.get("fn", service, function_id)
    for table in dict.fromkeys([*opts.writes, *opts.reads]):
        b.edge(me, b.get("tbl", service, snake(table)),
               "writes" if table in opts.writes else "reads")
    for bucket in dict.fromkeys([*opts.bucket_writes, *opts.bucket_reads]):
        access = [verb for verb, names in (("reads", opts.bucket_reads),
                                           ("writes", opts.bucket_writes)) if bucket in names]
        b.edge(me, b.get("bkt", service, snake(bucket)), " and ".join(access))
    for table, verb in opts.websocket.items():
        b.edge(me, b.get("tbl", service, snake(table)), verb)
    if opts.push:
        b.edge(me, b.get("ws"), "pushes")
    for event in opts.publishes:
        b.edge(me, b.get("bus"), f"publishes {event}")
    for workflow in opts.starts:
        b.edge(me, b.get("wf", service, snake(workflow)), "starts")
    for queue in opts.sends:
        b.edge(me, b.get("q", service, snake(queue)), "sends")
    for workflow in opts.resumes:
        b.edge(me, b.get("wf", service, snake(workflow)), "resumes")
    if opts.users:
        b.edge(me, b.get("pool"), "reads users")
    for secret in opts.secrets:  # the service's own parameter, else the platform's shared one
        b.edge(me, b.get("sec", service, snake(secret)) or b.get("psec", secret), "reads secret")
    by_service: dict[str, list[str]] = {}
    for action in opts.custom:
        prefix, _, name = action.partition(":")
        by_service.setdefault(prefix, []).append(name)
    for prefix, actions in by_service.items():
        # Custom IAM statements reach AWS services outside the blueprint: one node each.
        ext = b.get("ext", prefix) or b.node(("ext", prefix), [prefix, "AWS service"],
                                             "external")
        b.edge(me, ext, ", ".join(actions))


def only_service(graph: Graph, service: str) -> Graph:
    """Keep one service's cluster plus the platform nodes it touches.

    Platform nodes (outside every service cluster) are kept when an arrow joins them to
    the service; the users and the user pool are kept when an arrow joins them to one of
    those (e.g. the HTTP API's JWT authorizer). Arrows are kept when both ends are.

    Args:
        graph: the whole architecture.
        service: the service to keep.

    Returns:
        The reduced graph, in the same order.
    """
    clusters = [c for c in graph.clusters if c.service == service]
    mine = {n.id for n in graph.nodes if n.cluster in {c.id for c in clusters}}
    service_nodes = {n.id for n in graph.nodes
                     if n.cluster in {c.id for c in graph.clusters if c.service}}
    keep = set(mine)
    for e in graph.edges:
        if e.source in mine and e.target not in service_nodes:
            keep.add(e.target)
        if e.target in mine and e.source not in service_nodes:
            keep.add(e.source)
    # The users and the user pool stand in front of the platform parts kept so far.
    front = {n.id for n in graph.nodes if n.kind in ("client", "user_pool")}
    keep |= {e.source for e in graph.edges if e.source in front and e.target in keep}
    keep |= {e.target for e in graph.edges if e.target in front and e.source in keep}
    nodes = tuple(n for n in graph.nodes if n.id in keep)
    used = {n.cluster for n in nodes}
    return Graph(graph.title, tuple(c for c in graph.clusters if c.id in used), nodes,
                 tuple(e for e in graph.edges if e.source in keep and e.target in keep))
