"""Validate stage (semantic half): cross-reference rules, one ``check_<rule>`` each.

Every rule always runs; each yields located diagnostics. ``run_checks`` gathers them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import chain

from scaffold.blueprint import aws_rules, model, names, physical
from scaffold.blueprint.authorizers import check_authorizers, check_provisioned, route_auths
from scaffold.blueprint.buckets import check_buckets
from scaffold.blueprint.cognito import check_cognito
from scaffold.blueprint.existing import check_existing
from scaffold.blueprint.flows import check_flows, check_platform_uses
from scaffold.blueprint.functions import FunctionUse, iter_functions, merged_options
from scaffold.blueprint.functions import option_where as _option_where
from scaffold.blueprint.queues import check_queues
from scaffold.blueprint.settings_checks import (
    check_cors,
    check_environment_references,
    check_layers_and_vpc,
)
from scaffold.blueprint.sharing import check_ownership_and_shared_secrets
from scaffold.blueprint.source_map import Path, SourceMap
from scaffold.blueprint.topics import check_topics
from scaffold.errors import Diagnostic, Location

Check = Callable[[model.Blueprint, SourceMap], Iterator[Diagnostic]]

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY")
_ROUTE = re.compile(r"^(?P<method>[A-Z]+) (?P<path>/[A-Za-z0-9._~{}+/-]*)$")
_RATE = re.compile(r"^rate\((1 (minute|hour|day)|([2-9]|[1-9][0-9]+) (minutes|hours|days))\)$")
_CRON = re.compile(r"^cron\(\S+( \S+){5}\)$")
_REGION = re.compile(r"^[a-z]{2}(-gov)?-[a-z]+-\d$")
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_ENV = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_WS_ROUTE = re.compile(r"^(\$connect|\$disconnect|\$default|[A-Za-z][A-Za-z0-9_-]{0,63})$")
_TAG = re.compile(r"^[\w .:/=+\-@]+$")
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$")
RESERVED_ENV_PREFIXES = ("AWS_", "LAMBDA_", "_")
_IAM_ACTION = re.compile(r"^[a-z0-9-]+:[A-Za-z0-9]+$")
_ARN = re.compile(r"^arn:aws(-cn|-us-gov)?:[a-z0-9-]+:[a-z0-9-]*:(\d{12}|aws)?:\S+$")


def _near(value: str, options: Iterable[str]) -> str | None:
    match = difflib.get_close_matches(value, list(options), n=1, cutoff=0.6)
    return f"did you mean '{match[0]}'?" if match else None


def _all_functions(bp: model.Blueprint) -> Iterator[FunctionUse]:
    for name, svc in bp.services.items():
        yield from iter_functions(name, svc)


def check_names(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Every name has the shape of its kind (and cannot escape the output folder)."""

    def bad(value: str, kind: str, path: Path, key: bool = True,
            label: str | None = None) -> Iterator[Diagnostic]:
        if not names.KINDS[kind][0].fullmatch(value):
            where = sm.key(path) if key else sm.value(path)
            yield Diagnostic(where, "N001", names.explain_bad_name(value, kind, label),
                             names.name_hint(value, kind))

    yield from bad(bp.name, "app", ("name",), key=False)
    for stage in bp.stages:
        yield from bad(stage, "stage", ("stages", stage))
    for group in bp.auth.groups if bp.auth else {}:
        yield from bad(group, "group", ("auth", "groups", group))
    for secret in bp.secrets:
        yield from bad(secret, "resource", ("secrets", secret), label="secret")
    for sname, svc in bp.services.items():
        base = ("services", sname)
        yield from bad(sname, "service", base)
        for kind, section, label in (("resource", "tables", "table"),
                                     ("resource", "uploads", "bucket"),
                                     ("resource", "buckets", "bucket"),
                                     ("resource", "secrets", "secret"),
                                     ("resource", "workflows", "workflow"),
                                     ("resource", "queues", "queue"),
                                     ("event", "events", None)):
            for item in getattr(svc, section):
                yield from bad(item, kind, (*base, section, item), label=label)
        for use in iter_functions(sname, svc):
            yield from bad(use.handler, "handler", use.path,
                           key=use.trigger in _KEYED_TRIGGERS)
        for handler in svc.functions:
            yield from bad(handler, "handler", (*base, "functions", handler))


def check_physical_names(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Physical names (``physical.KINDS``) stay within AWS limits with the longest stage."""
    stage = max(bp.stages, key=len)
    prefix = physical.prefix(bp.name, stage)
    yield from _reserved_app_prefix(bp, sm)
    for sname, svc in bp.services.items():
        seen: set[str] = set()
        for use in iter_functions(sname, svc):
            if use.handler in seen:
                continue
            seen.add(use.handler)
            full = f"{prefix}-{physical.function(sname, use.handler)}"
            limit = min(names.LAMBDA_NAME_MAX, names.IAM_ROLE_MAX, names.RULE_MAX)
            if len(full) > limit:
                yield Diagnostic(sm.value(use.path), "N002",
                                 f"function name '{full}' is {len(full)} characters; Lambda "
                                 f"function and IAM role names allow {limit}",
                                 "shorten the app, stage, service or handler name")
        for section, bucket in chain((("uploads", b) for b in svc.uploads),
                                     (("buckets", b) for b in svc.buckets)):
            full = f"{prefix}-{physical.resource(sname, bucket)}"
            if len(physical.bucket(full).name) > names.BUCKET_MAX:
                yield Diagnostic(sm.key(("services", sname, section, bucket)), "N003",
                                 f"bucket name '{full}-<account-id>' is "
                                 f"{len(full) + names.ACCOUNT_SUFFIX} characters; S3 allows "
                                 f"{names.BUCKET_MAX}", "shorten the bucket or service name")
        for table in svc.tables:
            full = f"{prefix}-{physical.resource(sname, table)}"
            if len(full) > names.TABLE_MAX:
                yield Diagnostic(sm.key(("services", sname, "tables", table)), "N004",
                                 f"table name '{full}' exceeds {names.TABLE_MAX} characters",
                                 "shorten the table or service name")
        for wf in svc.workflows:
            full = f"{prefix}-{physical.resource(sname, wf)}"
            # The state machine's execution role has the same name: IAM allows fewer.
            limit = min(names.STATE_MACHINE_MAX, names.IAM_ROLE_MAX)
            if len(full) > limit:
                yield Diagnostic(sm.key(("services", sname, "workflows", wf)), "N005",
                                 f"state machine name '{full}' is {len(full)} characters; its "
                                 f"execution role has the same name and IAM role names allow "
                                 f"{limit}", "shorten the app, stage, service or workflow name")
        seen_snake: dict[str, str] = {}
        for handler in sorted(seen):
            key = names.snake(handler)
            if key in seen_snake and seen_snake[key] != handler:
                use = next(u for u in iter_functions(sname, svc) if u.handler == handler)
                yield Diagnostic(sm.value(use.path), "N006",
                                 f"handlers '{seen_snake[key]}' and '{handler}' both become "
                                 f"'{key}' in file and resource names", "rename one of them")
            seen_snake.setdefault(key, handler)


def _reserved_app_prefix(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """The app name begins SSM parameter paths, event sources and bucket names."""
    where = sm.value(("name",))
    reserved = next((p for p in physical.RESERVED_PREFIXES if bp.name.lower().startswith(p)),
                    None)
    if reserved:
        yield Diagnostic(where, "N011", f"app name '{bp.name}' begins with '{reserved}': AWS "
                         f"reserves it for its own SSM parameters (/{bp.name}/...) and event "
                         f"sources ({bp.name}.<service>)",
                         f"choose a name that does not begin with 'aws' or 'ssm', e.g. "
                         f"'my-{bp.name}'")
    s3 = next((p for p in physical.S3_RESERVED_PREFIXES if bp.name.startswith(p)), None)
    if s3:
        yield Diagnostic(where, "N012", f"app name '{bp.name}' begins with '{s3}', which S3 "
                         "reserves; every bucket scaffold names begins with the app name",
                         f"choose a name that does not begin with '{s3}'")


def check_handlers_unique(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """A handler name is declared once per service (one function per job)."""
    for sname, svc in bp.services.items():
        first: dict[str, FunctionUse] = {}
        for use in iter_functions(sname, svc):
            if use.handler in first:
                prev = first[use.handler]
                line = sm.value(prev.path).line
                yield Diagnostic(sm.value(use.path), "C105",
                                 f"handler '{use.handler}' is declared twice in service "
                                 f"'{sname}' (first as a {prev.trigger} at line {line})",
                                 "one function per job: give this one its own name")
            else:
                first[use.handler] = use
        for handler in svc.functions:
            if handler not in first:
                yield Diagnostic(sm.key(("services", sname, "functions", handler)), "C113",
                                 f"functions: '{handler}' is not a handler of service '{sname}'",
                                 _near(handler, first) or "name a handler declared by a "
                                 "route, subscription, stream, schedule, upload, queue "
                                 "consumer, bucket trigger, websocket, auth trigger or "
                                 "workflow step of this service")


def _route_keys(bp: model.Blueprint) -> Iterator[tuple[str, str, Path]]:
    for sname, svc in bp.services.items():
        for key in svc.routes:
            yield sname, key, ("services", sname, "routes", key)
        for bucket, upload in svc.uploads.items():
            yield sname, upload.route, ("services", sname, "uploads", bucket, "route")


def check_routes(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Route keys are ``METHOD /path`` and no two routes share method and path."""
    seen: dict[tuple[str, str], tuple[str, Path]] = {}
    for sname, key, path in _route_keys(bp):
        where = sm.key(path) if path[-2] == "routes" else sm.value(path)
        match = _ROUTE.fullmatch(key)
        if not match or match["method"] not in METHODS:
            yield Diagnostic(where, "C110", f"route '{key}' is not 'METHOD /path'",
                             "methods: " + ", ".join(METHODS) + "; e.g. 'GET /projects/{id}'")
            continue
        problem = aws_rules.route_path_problem(match["path"])
        if problem:
            yield Diagnostic(where, "C161", f"route '{key}': {problem}",
                             "path segments are text or one whole {name} parameter; only the "
                             "last may be greedy {name+}, e.g. 'GET /files/{id}/{proxy+}'")
            continue
        shape = re.sub(r"\{[^}]*\}", "{}", match["path"].rstrip("/") or "/")
        ident = (match["method"], shape)
        if ident in seen:
            other, other_path = seen[ident]
            line = sm.key(other_path).line
            yield Diagnostic(where, "C104", f"route '{key}' clashes with the route at line "
                             f"{line} (service '{other}'): same method and path",
                             "API Gateway matches one route per method and path")
        else:
            seen[ident] = (sname, path)


def _auth_values(bp: model.Blueprint) -> Iterator[tuple[str | list[str], Path]]:
    if bp.api.default_auth is not None:
        yield bp.api.default_auth, ("api", "default_auth")
    for sname, svc in bp.services.items():
        yield from route_auths(sname, svc)


def check_auth(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Route auth is public, user, or existing groups (a list holds only groups); auth
    features need an auth block."""
    groups = list(bp.auth.groups) if bp.auth else []
    for value, path in _auth_values(bp):
        items = [(value, path)] if isinstance(value, str) else [
            (item, (*path, i)) for i, item in enumerate(value)]
        if not isinstance(value, str):
            for item, where in items:
                if item in ("public", "user"):
                    yield Diagnostic(sm.value(where), "C136",
                                     f"'{item}' cannot be one of a list of groups: a list "
                                     "means 'a member of any of these groups'",
                                     f"write `auth: {item}` alone, or list only groups")
        for item, where in items:
            if item in ("public", "custom"):  # custom: the service's authorizer (C217, C222)
                continue
            if bp.auth is None:
                yield Diagnostic(sm.value(where), "C107", f"auth '{item}' needs users, but the "
                                 "blueprint has no 'auth' section",
                                 "add `auth: {groups: [...]}` or make the route 'public'")
            elif item != "user" and item not in groups:
                yield Diagnostic(sm.value(where), "C107",
                                 f"auth group '{item}' does not exist",
                                 _near(item, groups) or "declared groups: "
                                 + (", ".join(groups) or "none") + "; or use public / user")
    if bp.auth is None:
        for sname, svc in bp.services.items():
            for kind in svc.auth_triggers:
                yield Diagnostic(sm.key(("services", sname, "auth_triggers", kind)), "C114",
                                 f"auth trigger '{kind}' needs an 'auth' section (user pool)",
                                 "add `auth: {}` (or `auth: {groups: [...]}`) at the top level")


def check_events(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Subscriptions name a published ``service.Event``; publishers publish their own events."""
    published = {f"{s}.{e}" for s, svc in bp.services.items() for e in svc.events}
    for sname, svc in bp.services.items():
        for handler, sub in svc.subscribes.items():
            if sub.event not in published:
                path = ("services", sname, "subscribes", handler)
                hint = _near(sub.event, published) or (
                    "write 'service.EventName'; published: " + (", ".join(sorted(published))
                                                                 or "none"))
                yield Diagnostic(sm.value(path), "C103", f"'{handler}' subscribes to "
                                 f"'{sub.event}', which no service publishes", hint)
        for use in iter_functions(sname, svc):
            for event in merged_options(svc, use).publishes:
                if event not in svc.events:
                    yield Diagnostic(_option_where(sm, svc, use, "publishes", event), "C111",
                                     f"'{use.handler}' publishes '{event}', which service "
                                     f"'{sname}' does not declare",
                                     _near(event, svc.events)
                                     or f"add it under services.{sname}.events")


def check_tables(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Functions touch only their own service's tables; streams need a stream; a key
    attribute has one type per table."""
    owner = {t: s for s, svc in bp.services.items() for t in svc.tables}
    for sname, svc in bp.services.items():
        for use in iter_functions(sname, svc):
            opts = merged_options(svc, use)
            for field, tname in chain((("reads", t) for t in opts.reads),
                                      (("writes", t) for t in opts.writes)):
                if tname in svc.tables:
                    continue
                where = _option_where(sm, svc, use, field, tname)
                if tname in owner:
                    yield Diagnostic(where, "C106",
                                     f"'{use.handler}' in service '{sname}' touches table "
                                     f"'{tname}' of service '{owner[tname]}'",
                                     "services own their data: publish an event instead")
                else:
                    yield Diagnostic(where, "C112", f"'{use.handler}' names unknown table "
                                     f"'{tname}'", _near(tname, svc.tables)
                                     or f"tables of service '{sname}': "
                                     + (", ".join(svc.tables) or "none"))
        for handler, stream in svc.streams.items():
            path = ("services", sname, "streams", handler)
            streamed = svc.tables.get(stream.table)
            if streamed is None:
                message = (f"stream '{handler}' reads table '{stream.table}' of service "
                           f"'{owner[stream.table]}'" if stream.table in owner
                           else f"stream '{handler}' names unknown table '{stream.table}'")
                yield Diagnostic(sm.value(path), "C109", message,
                                 _near(stream.table, svc.tables) or "a stream reads a table of "
                                 f"its own service; tables of '{sname}': "
                                 + (", ".join(svc.tables) or "none"))
            elif streamed.stream is False:
                yield Diagnostic(sm.value(path), "C108", f"stream '{handler}' reads table "
                                 f"'{stream.table}', which has no stream",
                                 f"set `stream: true` on table '{stream.table}'")
        for tname, table in svc.tables.items():
            base = ("services", sname, "tables", tname)
            keys: list[tuple[Path, model.KeySpec]] = [((*base, "key"), table.key)]
            if table.sort:
                keys.append(((*base, "sort"), table.sort))
            for iname, index in table.indexes.items():
                ibase = (*base, "indexes", iname)
                if not names.INDEX.fullmatch(iname):
                    yield Diagnostic(sm.key(ibase), "N008", names.explain_bad_name(iname, "index"),
                                     names.name_hint(iname, "index"))
                keys.append(((*ibase, "key"), index.key))
                if index.sort:
                    keys.append(((*ibase, "sort"), index.sort))
            yield from _key_type_conflicts(tname, keys, sm)
            attrs = [(path, spec.name) for path, spec in keys]
            if table.ttl is not None:
                attrs.append(((*base, "ttl"), table.ttl))
            if table.owner is not None:
                attrs.append(((*base, "owner"), table.owner))
            for attr_path, attr in attrs:
                if not names.ATTRIBUTE.fullmatch(attr):
                    yield Diagnostic(sm.value(attr_path), "N007",
                                     f"'{attr}' is not a valid attribute name",
                                     "use " + names.KINDS["attribute"][1])


def _key_type_conflicts(table: str, keys: list[tuple[Path, model.KeySpec]],
                        sm: SourceMap) -> Iterator[Diagnostic]:
    """A table declares each key attribute once, with one type (``AttributeDefinitions``),
    so the keys of the table and of its indexes that name an attribute must agree on its
    type; otherwise the ``dynamodb_table`` module's precondition stops the apply."""
    first: dict[str, tuple[Path, str]] = {}
    for path, spec in keys:
        seen = first.setdefault(spec.name, (path, spec.type))
        if seen[1] == spec.type:
            continue
        where = ".".join(str(p) for p in seen[0][4:])
        yield Diagnostic(sm.value((*path, "type") if spec.type != "string" else path),
                         "C170", f"attribute '{spec.name}' of table '{table}' is "
                         f"{spec.type} here but {seen[1]} in {where}",
                         f"an attribute has one type per table: write "
                         f"`{{name: {spec.name}, type: {seen[1]}}}` here, or use another "
                         "attribute")


def check_secrets_and_options(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Declared secrets, workflows, WebSocket pushers, user access and env names line up."""
    ws_owners = [s for s, svc in bp.services.items() if svc.websocket]
    for extra in ws_owners[1:]:
        yield Diagnostic(sm.key(("services", extra, "websocket")), "C115",
                         f"service '{extra}' declares a WebSocket API, but '{ws_owners[0]}' "
                         "already does", "one service owns the WebSocket API; others "
                         "publish events that it pushes")
    for sname, svc in bp.services.items():
        callbacks = {w for w, wf in svc.workflows.items()
                     if any(isinstance(s, model.CallbackStep) for s in wf.steps)}
        for use in iter_functions(sname, svc):
            opts = merged_options(svc, use)

            def at(field: str, item: str, use: FunctionUse = use,
                   svc: model.ServiceSpec = svc) -> Location:
                return _option_where(sm, svc, use, field, item)

            for secret in opts.secrets:
                if secret not in svc.secrets and secret not in bp.secrets:
                    known = [*svc.secrets, *bp.secrets]
                    yield Diagnostic(at("secrets", secret), "C116",
                                     f"'{use.handler}' reads secret '{secret}', which neither "
                                     f"service '{sname}' nor the platform (`secrets:` at the "
                                     "top level) declares",
                                     _near(secret, known)
                                     or f"add it under services.{sname}.secrets, or at the "
                                     "top level to share it; secrets it may read: "
                                     + (", ".join(known) or "none"))
            for wf in opts.resumes:
                if wf not in callbacks:
                    yield Diagnostic(at("resumes", wf), "C117",
                                     f"'{use.handler}' resumes workflow '{wf}', "
                                     "which has no wait_for_callback step in this service",
                                     _near(wf, callbacks) or (
                                         f"add a `wait_for_callback:` step to workflow '{wf}'"
                                         if wf in svc.workflows else
                                         f"add it under services.{sname}.workflows"))
            for wf in opts.starts:
                if wf not in svc.workflows:
                    yield Diagnostic(at("starts", wf), "C117",
                                     f"'{use.handler}' starts workflow '{wf}', "
                                     f"which service '{sname}' does not declare",
                                     _near(wf, svc.workflows)
                                     or f"add it under services.{sname}.workflows")
            for queue in opts.sends:
                if queue not in svc.queues:
                    owner = next((o for o, other in bp.services.items()
                                  if queue in other.queues and o != sname), None)
                    yield Diagnostic(at("sends", queue), "C190",
                                     f"'{use.handler}' sends to queue '{queue}', which service "
                                     f"'{sname}' does not declare"
                                     + (f" (it belongs to service '{owner}')" if owner else ""),
                                     ("services talk only through events: publish an event "
                                      f"that '{owner}' subscribes to") if owner else
                                     _near(queue, svc.queues)
                                     or f"add it under services.{sname}.queues")
            if opts.push and not svc.websocket:
                yield Diagnostic(sm.value((*use.path, "push")), "C118",
                                 f"'{use.handler}' pushes to WebSocket "
                                 f"connections, but service '{sname}' has no websocket routes",
                                 "the service that owns `websocket:` pushes; other services "
                                 "publish an event it subscribes to")
            if opts.users and bp.auth is None:
                yield Diagnostic(sm.value((*use.path, "users")), "C114",
                                 f"'{use.handler}' reads users, but the "
                                 "blueprint has no 'auth' section",
                                 "add `auth: {}` (or `auth: {groups: [...]}`) at the top level")
            for env in opts.environment:
                if not _ENV.fullmatch(env) or env.startswith(RESERVED_ENV_PREFIXES):
                    yield Diagnostic(at("environment", env), "C119",
                                     f"environment variable '{env}' is not "
                                     "allowed", "use letters, digits and '_'; AWS_ and "
                                     "LAMBDA_ prefixes are reserved")
        for route_key in svc.websocket:
            if not _WS_ROUTE.fullmatch(route_key):
                yield Diagnostic(sm.key(("services", sname, "websocket", route_key)), "C120",
                                 f"'{route_key}' is not a WebSocket route",
                                 "use $connect, $disconnect, $default or an action name")


def _iam_lists(bp: model.Blueprint) -> Iterator[tuple[list[model.IamStatementSpec], Path]]:
    """Every ``iam:`` list where it is written: per service, per function use, per handler."""
    for sname, svc in bp.services.items():
        yield svc.iam, ("services", sname, "iam")
        for use in iter_functions(sname, svc):
            yield use.options.iam, (*use.path, "iam")
        for handler, extra in svc.functions.items():
            yield extra.iam, ("services", sname, "functions", handler, "iam")


def check_iam(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Custom IAM statements: exact actions, ARN resources, and a reason for any ``*``."""
    for statements, path in _iam_lists(bp):
        for i, st in enumerate(statements):
            for j, action in enumerate(st.actions):
                where = sm.value((*path, i, "actions", j))
                if "*" in action or "?" in action:
                    yield Diagnostic(where, "C150", f"IAM action '{action}' has a wildcard",
                                     "list each action by name (service:Action); a wildcard "
                                     "grants actions added to AWS later too")
                elif not _IAM_ACTION.fullmatch(action):
                    yield Diagnostic(where, "C150", f"'{action}' is not an IAM action",
                                     "write service:Action, for example ses:SendEmail")
            for j, resource in enumerate(st.resources):
                where = sm.value((*path, i, "resources", j))
                if resource == "*":
                    if not (st.why and st.why.strip()):
                        yield Diagnostic(where, "C152", "resource * needs a `why`",
                                         "name the ARNs it needs, or say in `why:` why AWS "
                                         "offers no narrower resource for these actions")
                elif not _ARN.fullmatch(resource):
                    yield Diagnostic(where, "C151", f"IAM resource '{resource}' is not an ARN",
                                     "write arn:aws:<service>:<region>:<account>:<resource> "
                                     "(or * with a `why`)")


def check_schedules(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Schedules are EventBridge ``rate(...)`` or six-field ``cron(...)`` expressions."""
    for sname, svc in bp.services.items():
        for handler, sched in svc.schedules.items():
            if not (_RATE.fullmatch(sched.schedule) or _CRON.fullmatch(sched.schedule)):
                yield Diagnostic(sm.value(("services", sname, "schedules", handler)), "C121",
                                 f"'{sched.schedule}' is not a schedule expression",
                                 "e.g. rate(1 day), rate(5 minutes), cron(0 3 * * ? *)")
            elif _CRON.fullmatch(sched.schedule):
                problem = aws_rules.cron_problem(sched.schedule[5:-1].split(" "))
                if problem:
                    yield Diagnostic(sm.value(("services", sname, "schedules", handler)),
                                     "C162", f"'{sched.schedule}': {problem}",
                                     "fields: minutes hours day-of-month month day-of-week year; "
                                     "one of day-of-month, day-of-week is '?', e.g. "
                                     "cron(0 3 * * ? *) or cron(0 9 ? * MON-FRI *)")


ASL_STATE_NAME_MAX = 80
"""Step Functions state names: at most 80 characters."""


def check_workflows(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Every step names a handler or a state; jumps go to existing steps."""
    for sname, svc in bp.services.items():
        for wname, wf in svc.workflows.items():
            base: Path = ("services", sname, "workflows", wname, "steps")
            if ("services", sname, "workflows", wname, "steps") not in sm.keys:
                base = ("services", sname, "workflows", wname)
            states: dict[str, int] = {}
            for i, step in enumerate(wf.steps):
                state = step_name(step, i)
                if not state:
                    kind = next(k for k in model.STEP_KINDS if hasattr(step, k))
                    yield Diagnostic(sm.value((*base, i)), "C128",
                                     f"workflow '{wname}' step {i + 1} ({kind}) names nothing",
                                     "give the handler (task, wait_for_callback) or state name")
                elif len(state) > ASL_STATE_NAME_MAX or not state.isprintable():
                    yield Diagnostic(sm.value((*base, i)), "C163", f"workflow '{wname}' step "
                                     f"{i + 1}: state name {names.shown(state[:40])}"
                                     f"{'...' if len(state) > 40 else ''} is not a Step "
                                     "Functions state name (at most 80 printable characters)",
                                     "give the step a shorter `name:`")
                elif state in states:
                    yield Diagnostic(sm.value((*base, i)), "C122", f"workflow '{wname}' has two "
                                     f"steps named '{state}'", "give each step its own name")
                else:
                    states[state] = i
            for i, step in enumerate(wf.steps):
                yield from _step_shape(wname, i, step, (*base, i), sm)
                for target, where in _jumps(step, (*base, i)):
                    if target not in states:
                        yield Diagnostic(sm.value(where), "C123", f"workflow '{wname}' jumps to "
                                         f"'{target}', which is not a step",
                                         _near(target, states) or "steps: " + ", ".join(states))


COMPARISONS = ("equals", "not_equals", "greater_than", "less_than", "is_present")


def _step_shape(wname: str, i: int, step: object, path: Path,
                sm: SourceMap) -> Iterator[Diagnostic]:
    """Choice rules compare exactly one way; a wait waits for exactly one thing."""
    if isinstance(step, model.ChoiceStep):
        if not step.when:
            yield Diagnostic(sm.value((*path, "when")), "C133", f"workflow '{wname}' step "
                             f"{i + 1}: a choice needs at least one `when` rule",
                             "e.g. `when: [{variable: $.status, equals: ok, next: done}]`")
        for j, rule in enumerate(step.when):
            where = sm.value((*path, "when", j))
            used = [c for c in COMPARISONS if c in rule.model_fields_set]
            if len(used) != 1:
                yield Diagnostic(where, "C133", f"workflow '{wname}' step {i + 1}: a `when` "
                                 "rule compares in exactly one way, found "
                                 + (", ".join(used) if used else "none"),
                                 "use one of " + ", ".join(COMPARISONS))
            if not rule.variable.startswith("$"):
                yield Diagnostic(sm.value((*path, "when", j, "variable")), "C133",
                                 f"workflow '{wname}' step {i + 1}: '{rule.variable}' is not a "
                                 "JSONPath", "start it with '$', e.g. $.status")
    retry = getattr(step, "retry", None)
    if retry is not None and "States.ALL" in retry.errors and len(retry.errors) > 1:
        yield Diagnostic(sm.value((*path, "retry", "errors")), "C164", f"workflow '{wname}' "
                         f"step {i + 1}: States.ALL must be alone in a retry's errors",
                         "drop the other errors (States.ALL matches them all), or list "
                         "only named errors")
    catch = getattr(step, "catch", None)
    if catch is not None and "States.ALL" in catch.errors and len(catch.errors) > 1:
        yield Diagnostic(sm.value((*path, "catch", "errors")), "C164", f"workflow '{wname}' "
                         f"step {i + 1}: States.ALL must be alone in a catch's errors",
                         "drop the other errors (States.ALL matches them all), or list "
                         "only named errors")
    if isinstance(step, model.WaitStep):
        given = [k for k in ("seconds", "timestamp_path") if getattr(step.wait, k) is not None]
        if len(given) != 1:
            yield Diagnostic(sm.value((*path, "wait")), "C134", f"workflow '{wname}' step "
                             f"{i + 1}: a wait needs exactly one of seconds, timestamp_path",
                             "e.g. `{wait: 60}` or `{wait: {timestamp_path: $.sendAt}}`")


def step_name(step: object, index: int) -> str | None:
    """The state name of a workflow step (handler for tasks, given name otherwise)."""
    if isinstance(step, model.TaskStep):
        return step.name or step.task
    if isinstance(step, model.CallbackStep):
        return step.name or step.wait_for_callback
    if isinstance(step, model.ChoiceStep):
        return step.choice
    if isinstance(step, model.WaitStep):
        return step.name or f"Wait{index + 1}"
    if isinstance(step, model.SucceedStep):
        return step.succeed
    if isinstance(step, model.FailStep):
        return step.fail
    return None


def _jumps(step: object, path: Path) -> Iterator[tuple[str, Path]]:
    if isinstance(step, model.TaskStep | model.CallbackStep) and step.catch:
        yield step.catch.next, (*path, "catch")
    if isinstance(step, model.ChoiceStep):
        for j, rule in enumerate(step.when):
            yield rule.next, (*path, "when", j, "next")
        if step.otherwise:
            yield step.otherwise, (*path, "otherwise")


def check_platform(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Region, domains (inside the DNS zone) and the state bucket are well formed."""
    if not _REGION.fullmatch(bp.region):
        yield Diagnostic(sm.value(("region",)), "C124", f"'{bp.region}' is not an AWS region",
                         "e.g. eu-west-1, us-east-1")
    if bp.state and not aws_rules.bucket_ok(bp.state.bucket):
        yield Diagnostic(sm.value(("state", "bucket")), "C125",
                         f"'{bp.state.bucket}' is not a valid S3 bucket name",
                         "3 to 63 lowercase letters, digits, '.' and '-', starting and ending "
                         "with a letter or digit, no '..', not an IP address, not beginning "
                         "with xn-- or sthree-, not ending in -s3alias or --ol-s3")
    domains = [(bp.frontend.domain if bp.frontend else None, ("frontend", "domain")),
               (bp.api.domain, ("api", "domain")),
               (bp.api.websocket_domain, ("api", "websocket_domain"))]
    if bp.dns and not _DOMAIN.fullmatch(bp.dns.zone):
        yield Diagnostic(sm.value(("dns", "zone")), "C126", f"'{bp.dns.zone}' is not a domain",
                         "lowercase labels of letters, digits and '-', e.g. example.com")
    if bp.api.websocket_domain and not any(svc.websocket for svc in bp.services.values()):
        yield Diagnostic(sm.value(("api", "websocket_domain")), "C142",
                         "api.websocket_domain is set but no service has WebSocket routes",
                         "add `websocket:` routes to a service, or remove the domain")
    for domain, path in domains:
        if domain is None:
            continue
        if not _DOMAIN.fullmatch(domain):
            yield Diagnostic(sm.value(path), "C126", f"'{domain}' is not a domain name",
                             "lowercase labels of letters, digits and '-', e.g. app.example.com")
        elif bp.dns is None:
            yield Diagnostic(sm.value(path), "C127", f"domain '{domain}' needs a 'dns' zone",
                             "add `dns: {zone: example.com}`")
        elif not (domain == bp.dns.zone or domain.endswith("." + bp.dns.zone)):
            yield Diagnostic(sm.value(path), "C127", f"domain '{domain}' is not inside the "
                             f"DNS zone '{bp.dns.zone}'",
                             f"use a name ending in .{bp.dns.zone}, or change dns.zone")


_MIME = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/(\*|[a-z0-9][a-z0-9!#$&^_.+-]{0,126})")


def check_uploads(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Upload content types are MIME types (``type/subtype`` or ``type/*``)."""
    for sname, svc in bp.services.items():
        for bucket, upload in svc.uploads.items():
            for i, kind in enumerate(upload.content_types):
                if not _MIME.fullmatch(kind):
                    yield Diagnostic(
                        sm.value(("services", sname, "uploads", bucket, "content_types", i)),
                        "C143", f"'{kind}' is not a MIME type",
                        "lowercase type/subtype (image/png) or type/* (image/*)")


def check_settings(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Settings AWS accepts only from a fixed list (log retention days)."""
    places: list[tuple[Path, model.FunctionSettings]] = [(("defaults",), bp.defaults)]
    places += [(("stages", name), stage) for name, stage in bp.stages.items()]
    places += [(("services", name), svc) for name, svc in bp.services.items()]
    for name, stage in bp.stages.items():
        if stage.runtime is not None:
            yield Diagnostic(sm.value(("stages", name, "runtime")), "C132",
                             f"stage '{name}' sets runtime; the runtime is per service, the "
                             "same in every stage", "set `runtime` under the service or in "
                             "defaults; stages may change: " + ", ".join(STAGE_SETTINGS))
    for name, stage in bp.stages.items():
        for env in stage.environment:
            if not _ENV.fullmatch(env) or env.startswith(RESERVED_ENV_PREFIXES):
                yield Diagnostic(sm.key(("stages", name, "environment", env)), "C119",
                                 f"environment variable '{env}' is not allowed",
                                 "use letters, digits and '_'; AWS_ and LAMBDA_ prefixes are "
                                 "reserved")
    production = [name for name, stage in bp.stages.items() if stage.production]
    for name in production[1:]:
        yield Diagnostic(sm.value(("stages", name, "production")), "C141",
                         f"stage '{name}' is a second production stage (the first is "
                         f"'{production[0]}')", "one stage owns the apex domain names and the "
                         "account-wide settings; mark only that one `production: true`")
    for path, settings in places:
        days = settings.log_retention_days
        if days is not None and days not in model.LOG_RETENTION_DAYS:
            nearest = min(model.LOG_RETENTION_DAYS, key=lambda d: (abs(d - days), d))
            yield Diagnostic(sm.value((*path, "log_retention_days")), "C129",
                             f"log_retention_days: CloudWatch does not keep logs for {days} days",
                             f"nearest allowed: {nearest}; allowed: "
                             + ", ".join(map(str, model.LOG_RETENTION_DAYS)))


STAGE_SETTINGS = tuple(s for s in model.SETTING_NAMES if s != "runtime")


def check_tags_and_cors(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Tags fit AWS tag rules; CORS origins are ``*`` or ``scheme://host[:port]``."""
    tagged: list[tuple[Path, dict[str, str]]] = [(("tags",), bp.tags)]
    tagged += [(("services", n, "tags"), svc.tags) for n, svc in bp.services.items()]
    for base, tags in tagged:
        for key, value in tags.items():
            if key.lower().startswith("aws:") or not _TAG.fullmatch(key) or len(key) > 128:
                yield Diagnostic(sm.key((*base, key)), "C131", f"'{key}' is not a valid tag "
                                 "key", "at most 128 letters, digits, spaces and "
                                 "_ . : / = + - @; the 'aws:' prefix is reserved")
            elif not _TAG.fullmatch(value or "x") or len(value) > 256:
                yield Diagnostic(sm.value((*base, key)), "C131", f"tag '{key}': '{value}' is "
                                 "not a valid tag value", "at most 256 letters, digits, spaces "
                                 "and _ . : / = + - @")
    origins: list[tuple[Path, list[str]]] = [(("api", "cors_origins"), bp.api.cors_origins)]
    if bp.api.cors is not None:
        origins.append((("api", "cors", "origins"), bp.api.cors.origins))
    for path, origin, i in ((p, o, i) for p, listed in origins for i, o in enumerate(listed)):
        if origin != "*" and not _ORIGIN.fullmatch(origin):
            yield Diagnostic(sm.value((*path, i)), "C130",
                             f"'{origin}' is not a CORS origin",
                             "write scheme://host[:port] without a path, e.g. "
                             "https://app.example.com, or '*'")


_EMAIL = re.compile(r"^[^@\s\"'<>]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


def check_alerts_and_packages(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Alert e-mails are addresses; Python services do not shadow keywords or the stdlib."""
    alerts: list[tuple[Path, model.AlertsSpec]] = [(("alerts",), bp.alerts)] if bp.alerts else []
    alerts += [(("stages", n, "alerts"), st.alerts) for n, st in bp.stages.items() if st.alerts]
    for where, spec in alerts:
        for i, email in enumerate(spec.email):
            if not _EMAIL.fullmatch(email):
                yield Diagnostic(sm.value((*where, "email", i)), "C135",
                                 f"'{email}' is not an e-mail address",
                                 "e.g. ops@example.com")
    for sname, svc in bp.services.items():
        runtime = svc.runtime or bp.defaults.runtime or ""
        if not runtime.startswith("python"):
            continue
        package = names.snake(sname)
        problem = names.python_package_problem(package)
        if problem:
            yield Diagnostic(sm.key(("services", sname)), "N009",
                             f"Python service '{sname}' would be the package '{package}': "
                             f"{problem}", f"rename the service, e.g. '{sname}-service'")
        for use in iter_functions(sname, svc):
            problem = names.python_module_problem(names.snake(use.handler))
            if problem:
                yield Diagnostic(_handler_where(sm, use), "N010",
                                 f"handler '{use.handler}' of Python service '{sname}' would be "
                                 f"the module '{names.snake(use.handler)}': {problem}",
                                 f"rename the handler, e.g. '{use.handler}Handler'")


def check_collisions(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Names that collide once converted: case-only file names, generated files and tables,
    environment variables scaffold sets itself."""
    for sname, svc in bp.services.items():
        python = (svc.runtime or bp.defaults.runtime or "").startswith("python")
        folded: dict[str, str] = {}
        for use in iter_functions(sname, svc):
            handler, snake = use.handler, names.snake(use.handler)
            first = folded.setdefault(handler.lower(), handler)
            if not python and first != handler and names.snake(first) != snake:
                yield Diagnostic(_handler_where(sm, use), "N013",
                                 f"handlers '{first}' and '{handler}' differ only in case: "
                                 f"their files src/handlers/{first}.ts and {handler}.ts are one "
                                 "file on case-insensitive file systems (macOS, Windows)",
                                 "rename one of them")
            if python and snake.endswith("_generated"):
                yield Diagnostic(_handler_where(sm, use), "N013",
                                 f"handler '{handler}' would have the test file "
                                 f"tests/test_{snake}.py; names ending in '_generated' are "
                                 "kept for the tests scaffold generates",
                                 f"rename the handler, e.g. '{handler[:-len('Generated')]}Job'"
                                 if handler.endswith("Generated") else "rename the handler")
        # (a table named like scaffold's WebSocket tables: C149, blueprint/topics.py)
        for use in iter_functions(sname, svc):
            for env in use.options.environment:
                yield from _wiring_env(env, _option_where(sm, svc, use, "environment", env))
        for handler, extra in svc.functions.items():
            for env in extra.environment:
                yield from _wiring_env(
                    env, sm.key(("services", sname, "functions", handler, "environment", env)))
    for stage_name, stage in bp.stages.items():
        for env in stage.environment:
            yield from _wiring_env(env, sm.key(("stages", stage_name, "environment", env)))


def _wiring_env(env: str, where: Location) -> Iterator[Diagnostic]:
    if env in names.WIRING_ENV or env.startswith(names.WIRING_ENV_PREFIXES):
        yield Diagnostic(where, "C160", f"environment variable '{env}' is one scaffold sets "
                         "to wire the function to its resources; a value here would replace it",
                         "choose another name; " + ", ".join(sorted(names.WIRING_ENV))
                         + " and " + ", ".join(p + "*" for p in names.WIRING_ENV_PREFIXES)
                         + " are scaffold's")


_KEYED_TRIGGERS = ("subscription", "stream", "schedule")
"""Triggers whose handler name is the mapping key (``subscribes: {onPaid: ...}``)."""


def _handler_where(sm: SourceMap, use: FunctionUse) -> Location:
    """Where a handler's name is written: the key for keyed triggers, else the value."""
    if use.trigger in _KEYED_TRIGGERS:
        return sm.key(use.path)
    return sm.value(use.path)


CHECKS: tuple[Check, ...] = (
    check_names, check_physical_names, check_handlers_unique, check_routes, check_auth,
    check_events, check_tables, check_secrets_and_options, check_iam, check_schedules,
    check_workflows, check_platform, check_uploads, check_settings, check_tags_and_cors,
    check_alerts_and_packages, check_cognito, check_queues, check_layers_and_vpc,
    check_environment_references, check_cors, check_buckets, check_existing,
    check_flows, check_platform_uses, check_collisions, check_topics, check_authorizers,
    check_provisioned, check_ownership_and_shared_secrets,
)


def run_checks(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Run every rule and yield all their diagnostics."""
    for check in CHECKS:
        yield from check(bp, sm)
