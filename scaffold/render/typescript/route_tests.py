"""Render stage (TypeScript): the unit tests of route stubs, as data for the test template.

Each test calls the handler with an HTTP API event built by the generated ``testing``
module, the AWS SDK mocked with ``aws-sdk-client-mock``, and checks the status code.
"""

from __future__ import annotations

from typing import Any

from scaffold.render.typescript.cases import Case, TestPlan
from scaffold.render.typescript.code import Imports, array, obj, prop
from scaffold.render.typescript.env import Code, ts_string
from scaffold.render.typescript.model import TsFunction

__all__ = ["publish_mocks", "route_test"]


def route_test(fn: TsFunction, r: dict[str, Any], auth: str | tuple[str, ...],
               params: list[str]) -> TestPlan:
    """The unit test of a route stub planned as ``r`` (the route template's context)."""
    plan = TestPlan(Imports())
    plan.uses("node:test", "describe", "it")
    plan.imports.default("node:assert/strict", "assert")
    plan.uses("../src/handlers/" + fn.h.handler, "handler")
    numeric = {str(n["expr"]) for n in r["numeric"]}
    path = {p: ("1" if str(prop("path", p)) in numeric else "test-id") for p in params}
    body: dict[str, str] = {"name": ts_string("test")}
    if r["resumes"]:
        body.update(taskToken=ts_string("token-1"), status=ts_string("sent"))
    if r["resume"]:
        body.update(status=ts_string("sent"))
        if r["resume"]["drop"]:
            body[r["resume"]["drop"]] = ts_string("test-id")
    headers: dict[str, str] = {}  # an x-api-key is the generated entry's job, like groups
    claims: dict[str, str] = {}  # groups are the generated entry's job (access.generated.test.ts)

    def event(**over: Code | None) -> Code:
        fields: dict[str, str] = {"routeKey": ts_string(fn.h.key)}
        if params:
            fields["pathParameters"] = obj({k: ts_string(v) for k, v in path.items()})
        parts = {"body": obj(body) if r["body"] else None,
                 "headers": obj(headers) if headers else None,
                 "claims": obj(claims) if claims else None, **over}
        fields.update({k: str(v) for k, v in parts.items() if v is not None})
        return Code("httpEvent(" + obj(fields) + ")")

    name = ts_string(fn.h.handler)

    def call(e: Code) -> Code:
        return Code(f"const result = await handler({e}, lambdaContext({name}));")

    happy = Case(f"answers {r['status']} to a valid request", call(event()))
    happy.setup, happy.checks = _happy_mocks(fn, r, plan)
    happy.checks.insert(0, Code(f"assert.equal(result.statusCode, {r['status']});"))
    plan.cases.append(happy)
    if r["body"]:
        plan.cases.append(Case("answers 400 to a body that is not a JSON object",
                               call(event(body=Code('"[1, 2]"'))),
                               checks=[Code("assert.equal(result.statusCode, 400);")]))
    if r["lookup"]:
        plan.uses("@aws-sdk/lib-dynamodb", "GetCommand")
        plan.cases.append(Case("answers 404 when the item does not exist",
                               call(event()),
                               setup=[Code(f"{plan.mock('ddb')}.on(GetCommand).resolves({{}});")],
                               checks=[Code("assert.equal(result.statusCode, 404);")]))
    if r["create"]:
        plan.uses("@aws-sdk/client-dynamodb", "ConditionalCheckFailedException")
        setup, _ = _happy_mocks(fn, r, plan)
        setup = [line for line in setup if not line.startswith("ddb.on(PutCommand)")]
        setup.append(Code(
            f"{plan.mock('ddb')}.on(PutCommand).rejects(new ConditionalCheckFailedException("
            '{ message: "exists", $metadata: {} }));'))
        plan.cases.append(Case("answers 409 when the item already exists",
                               call(event()), setup=setup,
                               checks=[Code("assert.equal(result.statusCode, 409);")]))
    if r["owner"]:
        plan.cases.append(_owner_case(fn, r, plan, call, event, body))
    plan.testing.update({"httpEvent", "lambdaContext"})
    return plan


_CALLER = "user-1"  # the ``sub`` the generated ``httpEvent`` signs its caller in with


def _owner_case(fn: TsFunction, r: dict[str, Any], plan: TestPlan, call: Any, event: Any,
                body: dict[str, str]) -> Case:
    """The caller's ``sub`` owns what it creates, and a list answers only the caller's items."""
    attr = r["owner"]["attr"]
    setup, _ = _happy_mocks(fn, r, plan)
    if r["create"]:
        claimed = obj({**body, attr: ts_string("someone-else")})
        return Case(f"stores the caller's sub as {attr}, whatever owner the body claims",
                    call(event(body=claimed)), setup=setup, checks=[
                        Code(f"assert.equal(result.statusCode, {r['status']});"),
                        Code("assert.equal(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item"
                             f"?.[{ts_string(attr)}], {ts_string(_CALLER)});")])
    plan.uses("@aws-sdk/lib-dynamodb", "QueryCommand", "ScanCommand")
    mine = obj({attr: ts_string(_CALLER)})
    match: dict[str, str] = {"ExpressionAttributeValues": obj({":pk": ts_string(_CALLER)})}
    if r["list"]["index"]:
        match["IndexName"] = str(r["list"]["index"])
    setup = [line for line in setup if not str(line).startswith("ddb.on(QueryCommand)")]
    setup += [Code("ddb.on(QueryCommand).resolves({ Items: ["
                   f"{obj({attr: ts_string('someone-else')})}] }});"),
              Code(f"ddb.on(QueryCommand, {obj(match)}).resolves({{ Items: [{mine}] }});")]
    return Case(f"answers only the caller's items (Query by {attr})", call(event()),
                setup=setup, checks=[
                    Code("assert.equal(result.statusCode, 200);"),
                    Code(f'assert.deepEqual(JSON.parse(result.body ?? "{{}}").items, [{mine}]);'),
                    Code("assert.equal(ddb.commandCalls(ScanCommand).length, 0);")])


def _ssm(plan: TestPlan) -> Code:
    plan.uses("@aws-sdk/client-ssm", "GetParameterCommand")
    return Code(f"{plan.mock('ssm')}.on(GetParameterCommand).resolves("
                '{ Parameter: { Value: "test-secret" } });')


def _happy_mocks(fn: TsFunction, r: dict[str, Any],
                 plan: TestPlan) -> tuple[list[Code], list[Code]]:
    setup: list[Code] = []
    checks: list[Code] = []
    ddb = "ddb"
    for kind in ("lookup", "exists"):
        if r[kind]:
            plan.mock(ddb)
            plan.uses("@aws-sdk/lib-dynamodb", "GetCommand")
            setup.append(Code('ddb.on(GetCommand).resolves({ Item: { found: true } });'))
            break
    if r["list"]:
        cmd = r["list"]["command"]
        plan.mock(ddb)
        plan.uses("@aws-sdk/lib-dynamodb", cmd)
        setup.append(Code(f'ddb.on({cmd}).resolves({{ Items: [{{ found: true }}] }});'))
        checks.append(Code('assert.equal(JSON.parse(result.body ?? "{}").items.length, 1);'))
    for kind, cmd in (("create", "PutCommand"), ("put", "PutCommand"), ("delete", "DeleteCommand")):
        if r[kind]:
            plan.mock(ddb)
            plan.uses("@aws-sdk/lib-dynamodb", cmd)
            setup.append(Code(f"ddb.on({cmd}).resolves({{}});"))
            checks.append(Code(f"assert.equal(ddb.commandCalls({cmd}).length, 1);"))
    if r["users"]:
        plan.mock("cognito")
        plan.uses("@aws-sdk/client-cognito-identity-provider", "ListUsersCommand")
        setup.append(Code('cognito.on(ListUsersCommand).resolves({ Users: [{ Username: "user-1", '
                          'Attributes: [{ Name: "email", Value: "user-1@example.test" }] }] });'))
        checks.append(Code('assert.equal(JSON.parse(result.body ?? "{}").users.length, 1);'))
    if r["secrets"]:
        setup.append(_ssm(plan))
    if r["starts"]:
        plan.mock("sfn")
        plan.uses("@aws-sdk/client-sfn", "StartExecutionCommand")
        setup.append(Code('sfn.on(StartExecutionCommand).resolves({ executionArn: '
                          '"arn:aws:states:eu-west-1:123456789012:execution:test:1" });'))
        checks.append(Code("assert.equal(sfn.commandCalls(StartExecutionCommand).length, 1);"))
    if r["resumes"]:
        plan.mock("sfn")
        plan.uses("@aws-sdk/client-sfn", "SendTaskSuccessCommand")
        setup.append(Code("sfn.on(SendTaskSuccessCommand).resolves({});"))
        checks.append(Code("assert.equal(sfn.commandCalls(SendTaskSuccessCommand).length, 1);"))
    if r["resume"]:
        plan.mock("sfn")
        plan.mock("ddb")
        plan.uses("@aws-sdk/client-sfn", "SendTaskSuccessCommand")
        plan.uses("@aws-sdk/lib-dynamodb", "GetCommand", "DeleteCommand")
        setup.append(Code("ddb.on(GetCommand).resolves({ Item: { taskToken: \"token-1\", "
                          "expiresAt: Math.floor(Date.now() / 1000) + 60 } });"))
        setup.append(Code("ddb.on(DeleteCommand).resolves({});"))
        setup.append(Code("sfn.on(SendTaskSuccessCommand).resolves({});"))
        checks.append(Code("assert.equal(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0]"
                           '.input.taskToken, "token-1");'))
        checks.append(Code("assert.equal(ddb.commandCalls(DeleteCommand).length, 1);"))
    setup_p, checks_p = publish_mocks(fn, plan)
    return setup + setup_p, checks + checks_p


def publish_mocks(fn: TsFunction, plan: TestPlan) -> tuple[list[Code], list[Code]]:
    """Mock PutEvents and check each published detail type."""
    if not fn.h.uses.publishes:
        return [], []
    plan.mock("eventBridge")
    plan.uses("@aws-sdk/client-eventbridge", "PutEventsCommand")
    setup = [Code("eventBridge.on(PutEventsCommand).resolves("
                  '{ FailedEntryCount: 0, Entries: [{ EventId: "event-1" }] });')]
    checks = [Code("const published = eventBridge.commandCalls(PutEventsCommand)"
                   ".flatMap((call) => call.args[0].input.Entries ?? []);"),
              Code("assert.deepEqual(published.map((entry) => entry.DetailType), "
                   f"{array(fn.h.uses.publishes)});")]
    return setup, checks
