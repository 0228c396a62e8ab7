"""Render stage (TypeScript): HTTP route and presign stubs, and their unit tests.

A route does the smallest real thing its blueprint entry implies: read one item or a page
of items, create / replace / delete one, start or resume a workflow, publish its events;
it validates its input first and answers JSON with the matching status code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scaffold.plan import contract
from scaffold.plan.access import bind_key
from scaffold.render.typescript.cases import Case, Stub, TestPlan, camel
from scaffold.render.typescript.code import Imports, array, obj, prop
from scaffold.render.typescript.env import Code, Comment, Ident, ts_string
from scaffold.render.typescript.model import TsFunction, TsService, TsTable, function_auth
from scaffold.render.typescript.route_tests import route_test

__all__ = ["GEN", "build_presign", "build_route", "publish_lines"]

_BODY_METHODS = ("POST", "PUT", "PATCH")
GEN = "../generated/"
"""Import path of the generated helpers, seen from ``src/handlers/``."""


@dataclass(frozen=True)
class _KeyPlan:
    table: TsTable
    sources: dict[str, str]  # key attribute -> path parameter

    @property
    def covered(self) -> bool:
        return all(k.name in self.sources for k in self.table.keys)

    def value(self, attr: str) -> str:
        key = next(k for k in self.table.keys if k.name == attr)
        raw = prop("path", self.sources[attr])
        return f"Number({raw})" if key.type == "number" else str(raw)

    def key(self) -> Code:
        return obj({k.name: self.value(k.name) for k in self.table.keys})


def _plan_key(table: TsTable, params: list[str]) -> _KeyPlan:
    """Match key attributes to path parameters by the plan's one rule (``bind_key``)."""
    return _KeyPlan(table, bind_key([k.name for k in table.keys], params))


def _new_key_value(kind: str) -> str:
    return "Date.now()" if kind == "number" else "randomUUID()"


def _placeholder(svc: TsService, event: str) -> Code:
    ev = svc.event(event)
    return obj({f.key: str(f.placeholder) for f in ev.fields})


def publish_lines(svc: TsService, fn: TsFunction, imports: Imports) -> list[dict[str, Code]]:
    """The ``publish`` calls of a stub (placeholder details typed by the contracts)."""
    if fn.h.uses.publishes:
        imports.add(GEN + "publish", "publish")
    return [{"name": Code(ts_string(e)), "detail": _placeholder(svc, e), "from_user": Code("")}
            for e in fn.h.uses.publishes]


def _auth(fn: TsFunction, imports: Imports, ctx: dict[str, Any]) -> str | tuple[str, ...]:
    auth = function_auth(fn)
    # A custom route carries the Lambda authorizer's context, not a JWT: the plain event type.
    no_jwt = auth in ("public", "custom")
    ctx["event_type"] = Ident("APIGatewayProxyEventV2" if no_jwt
                              else "APIGatewayProxyEventV2WithJWTAuthorizer")
    imports.types("aws-lambda", str(ctx["event_type"]), "Context")
    # Group membership is checked by the generated entry point (entries.py), not here:
    # the stub is the user's and would go stale when the blueprint's auth changes.
    ctx["groups"] = None
    return auth


def _describe(route: str, auth: str | tuple[str, ...]) -> Comment:
    # Groups are not named here: the user's stub would keep a stale list when the
    # blueprint changes; the generated entry point states and enforces them.
    who = {"public": "anyone", "custom": "callers the service's Lambda authorizer allows"}.get(
        auth, "signed-in users") if isinstance(auth, str) else "signed-in users"
    return Comment(f"{route} ({who})")


def build_route(svc: TsService, fn: TsFunction) -> Stub:
    """The stub and test of an HTTP route handler."""
    method, params, uses = fn.h.method, list(fn.h.params), fn.h.uses
    imp = Imports()
    imp.add(GEN + "powertools", "instrument").add(GEN + "http", "json", "problem")
    imp.types(GEN + "http", "HttpResult")
    r: dict[str, Any] = {"params": array(params) if params else None, "numeric": [],
                         "body": method in _BODY_METHODS, "secrets": [], "api_key": None,
                         "users": uses.users, "lookup": None, "list": None,
                         "exists": None, "create": None, "put": None, "delete": None,
                         "resumes": bool(uses.resumes) and method in _BODY_METHODS,
                         "starts": None, "log_execution": False, "publishes": [], "todo": [],
                         "route": fn.h.key, "owner": None}
    auth = _auth(fn, imp, r)
    if params:
        imp.add(GEN + "http", "pathParams")
    if r["body"]:
        imp.add(GEN + "http", "jsonBody")
    secrets = list(dict.fromkeys(uses.secrets))
    r["api_key"] = fn.h.api_key_secret
    if r["api_key"]:
        secrets.remove(r["api_key"])
    sig = fn.h.signature
    if sig:  # the generated entry verifies it; the stub has no use for the signing key
        secrets.remove(sig.secret)
    r["fresh"] = fn.h.fresh
    resume = fn.h.resume
    r["resume"] = None
    if resume is not None and r["resumes"]:
        r["resumes"] = False
        r["resume"] = {"workflow": resume.workflow, "field": resume.field,
                       "id": prop("path", resume.path_param) if resume.path_param
                       else Code(f"body[{ts_string(resume.field)}]"),
                       "message": f"{resume.field} is required",
                       "drop": None if resume.path_param else resume.field}
    r["secrets"] = [{"name": s, "var": Ident(camel(s) + "Secret")} for s in secrets]
    if r["secrets"]:
        imp.add(GEN + "secrets", "getSecret")
    if r["secrets"]:
        imp.add(GEN + "powertools", "logger")
    readable = [svc.tables[t] for t in (*uses.reads, *uses.writes) if t in svc.tables]
    writable = [svc.tables[t] for t in uses.writes if t in svc.tables]
    if method == "GET" or not r["body"] and method != "DELETE":
        status, result, plans = _plan_read(fn, r, imp, readable, params)
    else:
        owner = fn.h.fills_owner.get(writable[0].name) if writable else None
        status, result, plans = _plan_write(r, imp, method, params, readable, writable,
                                            uses.starts, owner)
    if r["owner"]:
        imp.add(GEN + "auth", "callerId")
    numeric = {plan.sources[k.name] for plan in plans for k in plan.table.keys
               if k.type == "number" and k.name in plan.sources}
    r["numeric"] = [{"expr": prop("path", p), "message": f"{p} must be a number"}
                    for p in params if p in numeric]
    r["publishes"] = publish_lines(svc, fn, imp) if method != "GET" else []
    if r["resume"]:
        imp.add(GEN + "tokens", "TokenNotFoundError", "fail", "resume")
        status, result = 202, Code('{ resumed: typeof failure !== "string" }')
    if r["starts"] or r["resumes"]:
        imp.add(GEN + "workflows", *(["startWorkflow"] if r["starts"] else []),
                *(["resumeWorkflow", "failWorkflow"] if r["resumes"] else []))
    if status == 204:
        imp.add(GEN + "http", "noContent")
    r.update(status=status, result=result)
    ctx = {"fn": {"handler": fn.h.handler}, "summary": _describe(fn.h.key, auth),
           "h": r}
    return Stub("handlers/route.ts.j2", ctx, imp, route_test(fn, r, auth, params))


def _plan_read(fn: TsFunction, r: dict[str, Any], imp: Imports, readable: list[TsTable],
               params: list[str]) -> tuple[int, Code, list[_KeyPlan]]:
    """GET: list users, read one item, or a page of items (query or scan)."""
    if r["users"]:
        imp.add("@aws-sdk/client-cognito-identity-provider", "CognitoIdentityProviderClient",
                "ListUsersCommand")
        imp.add(GEN + "powertools", "tracer", "metrics", "MetricUnit")
        imp.add(GEN + "env", "userPoolId").add(GEN + "http", "queryInt", "queryString")
        return 200, Code(""), []
    if not readable:
        return 200, obj({"route": ts_string(r["route"]), "rawPath": "event.rawPath"},
                        spread=["path"] if params else []), []
    plan = _plan_key(readable[0], params)
    imp.add(GEN + "db", "db").add(GEN + "env", "tableName")
    table = ts_string(plan.table.name)
    if plan.covered:
        imp.add("@aws-sdk/lib-dynamodb", "GetCommand")
        r["lookup"] = {"table": Code(table), "key": plan.key()}
        return 200, Code(""), [plan]
    imp.add(GEN + "http", "queryInt", "queryString", "encodeCursor", "decodeCursor")
    imp.add(GEN + "powertools", "metrics", "MetricUnit")
    pk = plan.table.key.name
    if pk in plan.sources:
        imp.add("@aws-sdk/lib-dynamodb", "QueryCommand")
        r["list"] = {"command": Ident("QueryCommand"), "table": Code(table), "attr": pk,
                     "value": Code(plan.value(pk)), "index": None, "note": None}
    elif (mine := fn.h.owner_query.get(plan.table.name)) is not None:
        imp.add("@aws-sdk/lib-dynamodb", "QueryCommand")
        r["owner"] = {"attr": mine.attr}
        r["list"] = {"command": Ident("QueryCommand"), "table": Code(table), "attr": mine.attr,
                     "value": Code("owner"),
                     "index": Code(ts_string(mine.index)) if mine.index else None,
                     "note": Comment(f"Only the caller's items: {mine.attr} is their sub"
                                     + (f" (index {mine.index})." if mine.index else "."))}
    else:
        imp.add("@aws-sdk/lib-dynamodb", "ScanCommand")
        r["list"] = {"command": Ident("ScanCommand"), "table": Code(table), "index": None,
                     "note": Comment(fn.h.scan_notes[plan.table.name] + ".")}
    return 200, Code(""), [plan]


def _plan_write(r: dict[str, Any], imp: Imports, method: str, params: list[str],
                readable: list[TsTable], writable: list[TsTable],
                starts: tuple[str, ...],
                owner: str | None) -> tuple[int, Code, list[_KeyPlan]]:
    """POST / PUT / PATCH / DELETE: check, create / replace / delete, start a workflow."""
    plans: list[_KeyPlan] = []
    status, result = 200, Code("{ ok: true }")
    reads_only = [t for t in readable if t not in writable]
    if reads_only and params:
        plan = _plan_key(reads_only[0], params)
        if plan.covered:
            plans.append(plan)
            imp.add("@aws-sdk/lib-dynamodb", "GetCommand")
            r["exists"] = {"table": Code(ts_string(plan.table.name)), "key": plan.key()}
    if writable:
        plan = _plan_key(writable[0], params)
        plans.append(plan)
        table = Code(ts_string(plan.table.name))
        imp.add(GEN + "powertools", "metrics", "MetricUnit")
        if method == "DELETE" and plan.covered:
            imp.add("@aws-sdk/lib-dynamodb", "DeleteCommand")
            r["delete"] = {"table": table, "key": plan.key()}
            status = 204
        elif method in ("PUT", "PATCH") and plan.covered:
            imp.add("@aws-sdk/lib-dynamodb", "PutCommand")
            r["put"] = {"table": table, "item": _item(plan)}
            result = Code("item")
        elif method != "DELETE":
            imp.add("@aws-sdk/lib-dynamodb", "PutCommand")
            imp.add("@aws-sdk/client-dynamodb", "ConditionalCheckFailedException")
            if not plan.covered:
                imp.add("node:crypto", "randomUUID")
            r["create"] = {"table": table, "item": _item(plan, owner),
                           "attr": plan.table.key.name}
            r["owner"] = {"attr": owner} if owner else None
            status, result = 201, Code("item")
    if plans:
        imp.add(GEN + "db", "db").add(GEN + "env", "tableName")
    if method == "DELETE" and not r["delete"]:
        status = 204
        if writable:
            r["todo"].append(Comment(f"delete from table {writable[0].name}: the path does not "
                                     "give its whole key"))
    if starts:
        r["starts"] = Code(ts_string(starts[0]))
        spread = [*(["path"] if params else []), *(["body"] if r["body"] else [])]
        fresh = r["fresh"]
        if fresh:  # the workflow's callback step stores its token under this id
            imp.add("node:crypto", "randomUUID")
            value = (f"body[{ts_string(fresh)}] ?? randomUUID()" if r["body"]
                     else "randomUUID()")
            r["start_input"] = obj({fresh: value}, spread=spread)
        else:
            r["start_input"] = obj({}, spread=spread)
        if status == 200:
            status, result = 202, Code("{ executionArn }")
        else:  # the answer is the stored item: the execution is logged, as in Python
            r["log_execution"] = True
            imp.add(GEN + "powertools", "logger")
    return status, Code("") if status == 204 else result, plans


def _item(plan: _KeyPlan, owner: str | None = None) -> Code:
    """The item a route stores: the body, its key, and its owner (the caller's ``sub``)."""
    entries = {k.name: (plan.value(k.name) if k.name in plan.sources else _new_key_value(k.type))
               for k in plan.table.keys}
    if owner is not None:
        entries[owner] = "owner"  # after the body and any generated key: it wins
    return obj(entries, spread=["body"])


def build_presign(svc: TsService, fn: TsFunction) -> Stub:
    """The stub and test of a presign route: ``{url, key}`` for a browser upload."""
    upload = fn.h.upload
    assert upload is not None
    params = list(fn.h.params)
    imp = Imports()
    imp.add(GEN + "powertools", "instrument", "metrics", "MetricUnit")
    imp.add(GEN + "http", "json", "jsonBody", "problem").types(GEN + "http", "HttpResult")
    imp.add(GEN + "uploads", "presignUpload", "UploadTooLargeError", "UploadTypeNotAllowedError")
    imp.add("node:crypto", "randomUUID")
    r: dict[str, Any] = {"params": array(params) if params else None}
    auth = _auth(fn, imp, r)
    if params:
        imp.add(GEN + "http", "pathParams")
    parts = [str(prop("path", p)) for p in params] + ["randomUUID()"]
    r["key"] = Code("[" + ", ".join(parts) + "].join(\"/\")")
    ctx = {"fn": {"handler": fn.h.handler}, "h": r,
           "summary": _describe(f"{upload.route} (bucket {fn.h.key})", auth)}
    plan = TestPlan(Imports())
    plan.uses("node:test", "describe", "it")
    plan.imports.default("node:assert/strict", "assert")
    plan.uses("../src/handlers/" + fn.h.handler, "handler")
    plan.testing.update({"httpEvent", "TEST_ENVIRONMENT"})
    name = ts_string(fn.h.handler)
    fields = {"routeKey": ts_string(upload.route)}
    if params:
        fields["pathParameters"] = obj({p: ts_string("test-id") for p in params})

    def call(body: str) -> Code:
        event = obj({**fields, "body": body})
        return Code(f"const result = await handler(httpEvent({event}), lambdaContext({name}));")

    limit = f"Number(TEST_ENVIRONMENT[{ts_string(contract.ENV_UPLOAD_MAX_BYTES)}])"
    prefix = f"TEST_ENVIRONMENT[{ts_string(contract.ENV_UPLOAD_PREFIX)}] ?? \"\""
    allowed = list(upload.content_types)
    good = allowed[0].replace("/*", "/x-test") if allowed else "image/png"
    plan.cases.append(Case("answers 200 with an upload URL and key", call(
        f'{{ contentType: {ts_string(good)}, size: 1024 }}'), checks=[
        Code("assert.equal(result.statusCode, 200);"),
        Code('const upload = JSON.parse(result.body ?? "{}") as { url: string; key: string };'),
        Code(f"assert.ok(upload.key.startsWith({prefix}));"),
        Code('assert.match(upload.url, /X-Amz-Signature=/);')]))
    plan.cases.append(Case("answers 413 to a file over the size limit", call(
        f'{{ contentType: {ts_string(good)}, size: {limit} + 1 }}'),
        checks=[Code("assert.equal(result.statusCode, 413);")]))
    plan.cases.append(Case("answers 400 when the size is not declared (it is signed into the URL)",
                           call(f'{{ contentType: {ts_string(good)} }}'),
                           checks=[Code("assert.equal(result.statusCode, 400);")]))
    if allowed:
        plan.cases.append(Case("answers 415 to a content type the bucket does not allow", call(
            '{ contentType: "application/x-not-allowed", size: 1024 }'),
            checks=[Code("assert.equal(result.statusCode, 415);")]))
    return Stub("handlers/presign.ts.j2", ctx, imp, plan)
