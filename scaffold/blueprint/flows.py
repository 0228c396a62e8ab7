"""Validate stage: rules of callback workflows, signed webhooks and platform values used.

Errors (``check_flows``) fail validation; ``flow_warnings`` (W007) names a public route
that resumes a workflow with nothing proving its caller.
"""

from __future__ import annotations

from collections.abc import Iterator

from scaffold.blueprint import model
from scaffold.blueprint.functions import FunctionUse, iter_functions, merged_options
from scaffold.blueprint.source_map import SourceMap
from scaffold.errors import Diagnostic, Location

TOKENS_TABLE = "task-tokens"
"""Reserved table name in a service with a correlated callback step (plan.contract's)."""


def _public(bp: model.Blueprint, auth: str | list[str] | None) -> bool:
    """Whether a route's ``auth`` lets anyone in (unset: ``api.default_auth``, then users)."""
    value = auth if auth is not None else bp.api.default_auth
    if value is None:
        return bp.auth is None
    return value == "public"


def check_flows(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Heartbeats fit the timeout; signatures guard public routes; the token table is free."""
    for sname, svc in bp.services.items():
        correlated = False
        for wname, wf in svc.workflows.items():
            base: tuple[str, ...] = ("services", sname, "workflows", wname, "steps")
            if base not in sm.keys:
                base = ("services", sname, "workflows", wname)
            for i, step in enumerate(wf.steps):
                if not isinstance(step, model.CallbackStep):
                    continue
                correlated = correlated or step.correlate is not None
                beat = step.heartbeat_seconds
                if beat is not None and beat >= step.timeout_seconds:
                    yield Diagnostic(sm.value((*base, i, "heartbeat_seconds")), "C180",
                                     f"workflow '{wname}' step {i + 1}: heartbeat_seconds "
                                     f"({beat}) must be below timeout_seconds "
                                     f"({step.timeout_seconds})",
                                     "Step Functions refuses a heartbeat that is not shorter "
                                     "than the step's timeout")
        if correlated and TOKENS_TABLE in svc.tables:
            yield Diagnostic(sm.key(("services", sname, "tables", TOKENS_TABLE)), "C182",
                             f"table '{TOKENS_TABLE}' is reserved in service '{sname}': its "
                             "correlated callback steps keep their task tokens there",
                             "give your table another name")
        for key, route in svc.routes.items():
            if route.signature is not None and not _public(bp, route.auth):
                yield Diagnostic(sm.key(("services", sname, "routes", key, "signature")),
                                 "C181", f"route {key} has a signature but is not public",
                                 "a signature proves a webhook caller from outside; set "
                                 "`auth: public`, or drop `signature` for signed-in callers")


def _uses_where(sm: SourceMap, svc: model.ServiceSpec, use: FunctionUse, value: str) -> Location:
    own = list(use.options.uses)
    if value in own:
        return sm.value((*use.path, "uses", own.index(value)))
    extra = svc.functions.get(use.handler)
    if extra is not None and value in extra.uses:
        return sm.value(("services", use.service, "functions", use.handler, "uses",
                         list(extra.uses).index(value)))
    return sm.value(use.path)


def check_platform_uses(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """A function uses only platform values the blueprint has (a pool, an HTTP API)."""
    has_http = any(svc.routes or svc.uploads for svc in bp.services.values())
    for sname, svc in bp.services.items():
        for use in iter_functions(sname, svc):
            for value in dict.fromkeys(merged_options(svc, use).uses):
                if value.startswith("user_pool") and bp.auth is None:
                    yield Diagnostic(_uses_where(sm, svc, use, value), "C183",
                                     f"'{use.handler}' uses {value}, but the blueprint has "
                                     "no 'auth' section", "add `auth: {}` at the top level")
                if value == "api_url" and not has_http:
                    yield Diagnostic(_uses_where(sm, svc, use, value), "C184",
                                     f"'{use.handler}' uses api_url, but no service has an "
                                     "HTTP route", "declare a route, or drop api_url")


def flow_warnings(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """W007: a public route resumes a workflow with neither a signature nor an API key."""
    for sname, svc in bp.services.items():
        for use in iter_functions(sname, svc):
            if use.trigger != "route" or not isinstance(use.spec, model.RouteSpec):
                continue
            opts = merged_options(svc, use)
            if opts.resumes and _public(bp, use.spec.auth) and not opts.secrets:
                yield Diagnostic(sm.key(use.path), "W007",
                                 f"public route {use.key} resumes workflow "
                                 f"'{opts.resumes[0]}' and checks no caller: anyone who "
                                 "knows a correlation id can resume it",
                                 "add `signature: <secret>` (HMAC) or a secret (API key)",
                                 severity="warning")
