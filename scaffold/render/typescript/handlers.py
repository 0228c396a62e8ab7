"""Render stage (TypeScript): stubs and tests of the asynchronous triggers.

EventBridge subscriptions, table streams, schedules, upload notifications, WebSocket
routes, Cognito triggers and workflow steps; each stub does one small real thing.
"""

from __future__ import annotations

from typing import Any

from scaffold.plan import contract
from scaffold.render.typescript.cases import Case, Stub, TestPlan, camel
from scaffold.render.typescript.code import Imports, obj, prop, topic
from scaffold.render.typescript.env import Code, Comment, Ident, ts_key, ts_string
from scaffold.render.typescript.model import CONNECTION_KEY, TsFunction, TsService, TsTable
from scaffold.render.typescript.route_tests import publish_mocks
from scaffold.render.typescript.routes import GEN, publish_lines

__all__ = ["build_auth_trigger", "build_authorizer", "build_callback", "build_queue",
           "build_schedule", "build_stream", "build_subscription", "build_task", "build_upload",
           "build_websocket"]

AUTH_EVENTS: dict[str, tuple[str, str]] = {
    "pre_sign_up": ("PreSignUpTriggerEvent", "PreSignUp_SignUp"),
    "post_confirmation": ("PostConfirmationTriggerEvent", "PostConfirmation_ConfirmSignUp"),
    "pre_authentication": ("PreAuthenticationTriggerEvent", "PreAuthentication_Authentication"),
    "post_authentication": ("PostAuthenticationTriggerEvent",
                            "PostAuthentication_Authentication"),
    "pre_token_generation": ("PreTokenGenerationTriggerEvent",
                             "TokenGeneration_Authentication"),
    "custom_message": ("CustomMessageTriggerEvent", "CustomMessage_SignUp"),
    "define_auth_challenge": ("DefineAuthChallengeTriggerEvent",
                              "DefineAuthChallenge_Authentication"),
    "create_auth_challenge": ("CreateAuthChallengeTriggerEvent",
                              "CreateAuthChallenge_Authentication"),
    "verify_auth_challenge_response": ("VerifyAuthChallengeResponseTriggerEvent",
                                       "VerifyAuthChallengeResponse_Authentication"),
    "user_migration": ("UserMigrationTriggerEvent", "UserMigration_Authentication"),
}
"""Cognito trigger kind -> (``@types/aws-lambda`` event type, a trigger source for tests)."""

_AUTH_REQUESTS: dict[str, str] = {
    "define_auth_challenge": "session: [], ",
    "create_auth_challenge": 'challengeName: "CUSTOM_CHALLENGE", session: [], ',
    "verify_auth_challenge_response": 'challengeAnswer: "42", privateChallengeParameters: {}, ',
    "user_migration": 'password: "secret", validationData: {}, ',
}


def _start(fn: TsFunction, summary: str, *types: str) -> tuple[Imports, dict[str, Any]]:
    imp = Imports().add(GEN + "powertools", "instrument", "logger", "metrics", "MetricUnit")
    imp.types("aws-lambda", "Context", *types)
    return imp, {"fn": {"handler": fn.h.handler}, "summary": Comment(summary)}


def _extras(svc: TsService, fn: TsFunction, imp: Imports) -> dict[str, Any]:
    secrets = [{"name": s, "var": Ident(camel(s) + "Secret")}
               for s in dict.fromkeys(fn.h.uses.secrets)]
    if secrets:
        imp.add(GEN + "secrets", "getSecret")
    return {"secrets": secrets, "publishes": publish_lines(svc, fn, imp)}


def _table(svc: TsService, names: list[str]) -> TsTable | None:
    return next((svc.tables[t] for t in names if t in svc.tables), None)


def _write(svc: TsService, fn: TsFunction, imp: Imports, values: dict[str, tuple[str, str]],
           spread: tuple[str, ...] = (), extra: dict[str, str] | None = None,
           ) -> dict[str, Code] | None:
    """Plan a ``PutCommand`` into the first written table.

    ``values`` maps a key type (``string`` / ``number``) to the expressions of the
    partition and the sort key; ``extra`` adds attributes, ``spread`` objects first.
    """
    table = _table(svc, list(fn.h.uses.writes))
    if table is None:
        return None
    imp.add("@aws-sdk/lib-dynamodb", "PutCommand").add(GEN + "db", "db")
    imp.add(GEN + "env", "tableName")
    entries = {}
    for i, key in enumerate(table.keys):
        entries[key.name] = values["number" if key.type == "number" else "string"][min(i, 1)]
    return {"table": Code(ts_string(table.name)),
            "item": obj({**entries, **(extra or {})}, spread=spread)}


def _stub(template: str, ctx: dict[str, Any], imp: Imports, h: dict[str, Any],
          test: TestPlan) -> Stub:
    return Stub(template, {**ctx, "h": h}, imp, test)


def _test(fn: TsFunction, *testing: str) -> TestPlan:
    plan = TestPlan(Imports())
    plan.uses("node:test", "describe", "it")
    plan.imports.default("node:assert/strict", "assert")
    plan.uses("../src/handlers/" + fn.h.handler, "handler")
    plan.testing.update(testing)
    return plan


def _call(fn: TsFunction, event: str, result: bool = False) -> Code:
    prefix = "const result = " if result else ""
    return Code(f"{prefix}await handler({event}, lambdaContext({ts_string(fn.h.handler)}));")


def _void_case(fn: TsFunction, title: str, event: str, setup: list[Code],
               checks: list[Code]) -> Case:
    """A case for a handler returning nothing: asserts so even when nothing else is checked."""
    if checks:
        return Case(title, _call(fn, event), setup, checks)
    return Case(title, _call(fn, event, result=True), setup,
                [Code("assert.equal(result, undefined);")])


def _side_mocks(fn: TsFunction, plan: TestPlan, write: object) -> tuple[list[Code], list[Code]]:
    setup: list[Code] = []
    checks: list[Code] = []
    if write:
        plan.mock("ddb")
        plan.uses("@aws-sdk/lib-dynamodb", "PutCommand")
        setup.append(Code("ddb.on(PutCommand).resolves({});"))
        checks.append(Code("assert.equal(ddb.commandCalls(PutCommand).length, 1);"))
    if fn.h.uses.secrets:
        plan.mock("ssm")
        plan.uses("@aws-sdk/client-ssm", "GetParameterCommand")
        setup.append(Code("ssm.on(GetParameterCommand).resolves("
                          '{ Parameter: { Value: "test" } });'))
    more_setup, more_checks = publish_mocks(fn, plan)
    return setup + more_setup, checks + more_checks


def build_subscription(svc: TsService, fn: TsFunction) -> Stub:
    """Stub and test of an EventBridge subscriber: typed detail, idempotent write, push."""
    event = svc.event(fn.h.key)
    imp, ctx = _start(fn, f"Handles {fn.h.key} events.", "EventBridgeEvent")
    imp.types(GEN + "events", str(event.detail))
    fields = {f.key for f in event.fields}
    table = _table(svc, list(fn.h.uses.writes))
    write = None
    if table is not None:
        write = _write(svc, fn, imp, {"string": ("event.id", "event.id"),
                                      "number": ("Date.parse(event.time)",) * 2}, ("detail",))
        if write is not None:
            keys = {k.name: ("event.id" if k.type != "number" else "Date.parse(event.time)")
                    for k in table.keys if k.name not in fields}
            write["item"] = obj(keys, spread=["detail"])
    push_topic = fn.h.push_topic if fn.h.uses.push else None
    recipient = (contract.push_recipient({f.key: str(f.type) for f in event.fields})
                 if fn.h.uses.push and push_topic is None else None)
    if fn.h.uses.push:
        imp.add(GEN + "push", "pushToTopic" if push_topic else
                "pushToUser" if recipient else "broadcast")
    h = {"detail_type": Code(ts_string(event.name)), "detail": event.detail, "write": write,
         "push": fn.h.uses.push, "recipient": prop("detail", recipient) if recipient else None,
         "topic": topic(fn.h.push_topic_parts, "detail") if push_topic else None,
         "topic_template": Comment(push_topic) if push_topic else None,
         "context_param": Ident("context" if fn.h.uses.push else "_context"),
         **_extras(svc, fn, imp)}
    plan = _test(fn, "eventBridgeEvent")
    detail = obj({f.key: str(f.placeholder) for f in event.fields})
    setup, checks = _side_mocks(fn, plan, write)
    if fn.h.uses.push:
        plan.mock("ddb")
        plan.mock("websocket")
        command = "QueryCommand" if recipient or push_topic else "ScanCommand"
        plan.uses("@aws-sdk/lib-dynamodb", command)
        plan.uses("@aws-sdk/client-apigatewaymanagementapi", "PostToConnectionCommand")
        setup += [Code(f"ddb.on({command}).resolves({{ Items: [{{ {ts_string(CONNECTION_KEY)}: "
                       '"connection-1" }] });'),
                  Code("websocket.on(PostToConnectionCommand).resolves({});")]
        checks.append(Code(
            "assert.equal(websocket.commandCalls(PostToConnectionCommand).length, 1);"))
        if recipient:
            value = next(str(f.placeholder) for f in event.fields if f.key == recipient)
            checks.append(Code("assert.equal(ddb.commandCalls(QueryCommand)[0]?.args[0].input"
                               f'.ExpressionAttributeValues?.[":u"], {value});'))
        if push_topic:
            sample = {f.key: str(f.placeholder) for f in event.fields}
            expected = " + ".join(f"String({sample[text]})" if is_field else ts_string(text)
                                  for text, is_field in fn.h.push_topic_parts)
            checks.append(Code("assert.equal(ddb.commandCalls(QueryCommand)[0]?.args[0].input"
                               f'.ExpressionAttributeValues?.[":t"], {expected});'))
    call = (f"eventBridgeEvent({ts_string(event.name)}, {ts_string(event.source)}, "
            f"{detail})")
    plan.cases.append(_void_case(fn, f"handles a {event.name} event", call, setup, checks))
    return _stub("handlers/subscription.ts.j2", ctx, imp, h, plan)


def build_stream(svc: TsService, fn: TsFunction) -> Stub:
    """Stub and test of a table stream handler reporting batch item failures."""
    imp, ctx = _start(fn, f"Handles changes of table {fn.h.key}.", "DynamoDBStreamEvent",
                      "DynamoDBBatchResponse", "DynamoDBBatchItemFailure", "DynamoDBRecord")
    imp.add("@aws-sdk/util-dynamodb", "unmarshall")
    imp.types("@aws-sdk/client-dynamodb", "AttributeValue")
    h = {"table_comment": Comment(fn.h.key), **_extras(svc, fn, imp)}
    table = svc.tables.get(fn.h.key)
    key = table.key.name if table else "id"
    plan = _test(fn, "streamEvent")
    setup, checks = _side_mocks(fn, plan, None)
    image = f"{{ {ts_key(key)}: {{ S: \"test-id\" }} }}"
    ok = _call(fn, f'streamEvent([{{ eventName: "INSERT", keys: {image}, newImage: {image} }}])',
               result=True)
    plan.cases.append(Case("handles a batch without failures", ok, setup,
                           [Code("assert.deepEqual(result.batchItemFailures, []);"), *checks]))
    bad = _call(fn, 'streamEvent([{ eventName: "MODIFY" }])', result=True)
    plan.cases.append(Case("reports a record it cannot handle as a batch item failure", bad,
                           list(setup), [Code('assert.deepEqual(result.batchItemFailures, '
                                              '[{ itemIdentifier: "100" }]);')]))
    return _stub("handlers/stream.ts.j2", ctx, imp, h, plan)


def build_queue(svc: TsService, fn: TsFunction) -> Stub:
    """Stub and test of a work queue consumer reporting batch item failures."""
    queue = svc.queues[fn.h.key]
    imp, ctx = _start(fn, f"Handles messages of work queue {fn.h.key}.", "SQSEvent",
                      "SQSBatchResponse", "SQSBatchItemFailure", "SQSRecord")
    h = {"queue_comment": Comment(fn.h.key), "fifo": queue.fifo, **_extras(svc, fn, imp)}
    plan = _test(fn, "sqsEvent")
    setup, checks = _side_mocks(fn, plan, None)
    group = ', groupId: "group-1"' if queue.fifo else ""

    def batch(*bodies: str) -> str:
        return "sqsEvent([" + ", ".join(
            f'{{ messageId: "{n}", body: {ts_string(body)}{group} }}'
            for n, body in enumerate(bodies, start=1)) + "])"

    good = batch('{"id":"a"}')  # one message: the side-effect checks count one call each
    plan.cases.append(Case("handles a batch without failures", _call(fn, good, result=True),
                           setup, [Code("assert.deepEqual(result.batchItemFailures, []);"),
                                   *checks]))
    bad = batch('{"id":"a"}', '{"id":"b"}', "not json")
    plan.cases.append(Case("reports exactly the message that failed", _call(fn, bad, result=True),
                           list(setup), [Code('assert.deepEqual(result.batchItemFailures, '
                                              '[{ itemIdentifier: "3" }]);')]))
    return _stub("handlers/queue.ts.j2", ctx, imp, h, plan)


def build_schedule(svc: TsService, fn: TsFunction) -> Stub:
    """Stub and test of a scheduled job (counts the items of its table, if it has one)."""
    imp, ctx = _start(fn, f"Runs on {fn.h.key}.", "ScheduledEvent")
    table = _table(svc, [*fn.h.uses.writes, *fn.h.uses.reads])
    if table is not None:
        imp.add("@aws-sdk/lib-dynamodb", "ScanCommand").add(GEN + "db", "db")
        imp.add(GEN + "env", "tableName")
    h = {"table": table.name if table else None, **_extras(svc, fn, imp)}
    plan = _test(fn, "scheduledEvent")
    setup, checks = _side_mocks(fn, plan, None)
    if table is not None:
        plan.mock("ddb")
        plan.uses("@aws-sdk/lib-dynamodb", "ScanCommand")
        setup.append(Code("ddb.on(ScanCommand).resolves({ Count: 3 });"))
        checks.append(Code("assert.equal(ddb.commandCalls(ScanCommand).length, 1);"))
    plan.cases.append(_void_case(fn, "runs on schedule", "scheduledEvent()", setup, checks))
    return _stub("handlers/schedule.ts.j2", ctx, imp, h, plan)


def build_upload(svc: TsService, fn: TsFunction) -> Stub:
    """Stub and test of an upload notification handler."""
    upload = fn.h.upload
    assert upload is not None
    imp, ctx = _start(fn, f"Runs when a file lands in upload bucket {fn.h.key}.", "S3Event")
    write = _write(svc, fn, imp, {"string": ("key", "record.eventTime"),
                                  "number": ("Date.parse(record.eventTime)",) * 2},
                   extra={"size": "record.s3.object.size"})
    h = {"write": write, **_extras(svc, fn, imp)}
    plan = _test(fn, "s3Event")
    setup, checks = _side_mocks(fn, plan, write)
    key = ts_string(upload.prefix + "test-id/file name.png")
    plan.cases.append(_void_case(fn, "handles an uploaded file",
                                 f's3Event("test-uploads", {key}, 1024)', setup, checks))
    return _stub("handlers/upload.ts.j2", ctx, imp, h, plan)


def build_object(svc: TsService, fn: TsFunction) -> Stub:
    """Stub and test of a bucket's object trigger (``buckets.<name>.on_object``)."""
    on_object = fn.h.object
    assert on_object is not None
    imp, ctx = _start(fn, f"Runs for object events in bucket {fn.h.key}.", "S3Event")
    h = _extras(svc, fn, imp)
    plan = _test(fn, "s3Event")
    setup, checks = _side_mocks(fn, plan, None)
    key = ts_string(on_object.prefix + "test-id/report" + on_object.suffix)
    plan.cases.append(_void_case(fn, "handles an object event",
                                 f's3Event("test-bucket", {key}, 1024)', setup, checks))
    return _stub("handlers/object.ts.j2", ctx, imp, h, plan)


def _connect_checks(verify: bool) -> list[Code]:
    """The stored connection expires (TTL, epoch seconds) and, when verified, names its user."""
    item = "ddb.commandCalls(PutCommand)[0]?.args[0].input.Item"
    checks = [Code(f"const stored = {item} ?? {{}};"),
              Code(f"const expiresAt = stored[{ts_string(contract.CONNECTIONS_TTL)}] as number;"),
              Code("assert.ok(expiresAt > Date.now() / 1000 + 2 * 60 * 60);")]
    if verify:
        checks.append(Code(f'assert.equal(stored[{ts_string(contract.CONNECTIONS_USER)}], '
                           '"user-1");'))
    return checks


def build_websocket(svc: TsService, fn: TsFunction) -> Stub:
    """Stub and test of a WebSocket route: connect / disconnect track connection ids."""
    route = fn.h.key
    kind = {"$connect": "connect", "$disconnect": "disconnect"}.get(route, "message")
    imp, ctx = _start(fn, f"WebSocket route {route}.", "APIGatewayProxyWebsocketEventV2",
                      "APIGatewayProxyStructuredResultV2")
    verify = kind == "connect" and svc.has_auth
    h: dict[str, Any] = {"kind": kind, "verify": verify, "push": fn.h.uses.push,
                         "action_comment": Comment(route), "secrets": [], "publishes": []}
    plan = _test(fn, "websocketEvent")
    setup: list[Code] = []
    checks: list[Code] = []
    if kind in ("connect", "disconnect"):
        command = "PutCommand" if kind == "connect" else "DeleteCommand"
        imp.add(GEN + "connections",
                "saveConnection" if kind == "connect" else "deleteConnection")
        plan.mock("ddb")
        plan.uses("@aws-sdk/lib-dynamodb", command)
        setup.append(Code(f"ddb.on({command}).resolves({{}});"))
        checks.append(Code(f"assert.equal(ddb.commandCalls({command}).length, 1);"))
        if kind == "connect":
            checks += _connect_checks(verify)
    else:
        h.update(_extras(svc, fn, imp))
        h["topics"] = "subscribe" in fn.h.roles
        if h["topics"]:
            imp.add(GEN + "connections", "subscribe", "TOPIC_MAX_LENGTH")
            plan.mock("ddb")
            plan.uses("@aws-sdk/lib-dynamodb", "UpdateCommand", "PutCommand")
            setup += [Code('ddb.on(UpdateCommand).resolves({ Attributes: '
                           f'{{ {ts_string(CONNECTION_KEY)}: "connection-1" }} }});'),
                      Code("ddb.on(PutCommand).resolves({});")]
            checks.append(Code("assert.equal(ddb.commandCalls(PutCommand).length, 1);"))
        more_setup, more_checks = _side_mocks(fn, plan, None)
        setup += more_setup
        checks += more_checks
        if fn.h.uses.push:
            imp.add(GEN + "push", "push")
            plan.mock("websocket")
            plan.uses("@aws-sdk/client-apigatewaymanagementapi", "PostToConnectionCommand")
            setup.append(Code("websocket.on(PostToConnectionCommand).resolves({});"))
            checks.append(Code(
                "assert.equal(websocket.commandCalls(PostToConnectionCommand).length, 1);"))
    if verify:
        imp.add(GEN + "auth", "tokens")
        plan.uses("node:test", "mock", "afterEach")
        plan.uses("../src/generated/auth", "tokens")
        plan.prelude.append(Code("\nafterEach(() => {\n  mock.restoreAll();\n});"))
        setup.insert(0, Code('mock.method(tokens, "verify", async () => '
                             '({ sub: "user-1", groups: [] }));'))
    route_s = ts_string(route)
    topic = ', topic: "campaign/1"' if h.get("topics") else ""
    options = {"connect": '{ query: { token: "token-1" } }', "disconnect": "{}",
               "message": f"{{ body: {{ action: {route_s}{topic} }} }}"}[kind]
    checks.insert(0, Code("assert.equal(result.statusCode, 200);"))
    plan.cases.append(Case(f"answers 200 to {route}", _call(
        fn, f"websocketEvent({route_s}, {options})", result=True), setup, checks))
    if verify:
        plan.cases.append(Case("refuses a connection without a token", _call(
            fn, f"websocketEvent({route_s})", result=True),
            checks=[Code("assert.equal(result.statusCode, 401);")]))
    if h.get("topics"):
        plan.cases.append(Case("answers 400 to a subscription without a topic", _call(
            fn, f"websocketEvent({route_s}, {{ body: {{ action: {route_s} }} }})", result=True),
            checks=[Code("assert.equal(result.statusCode, 400);")]))
    if kind == "message":
        plan.cases.append(Case("answers 400 to a message that is not JSON", _call(
            fn, f'websocketEvent({route_s}, {{ body: "not json" }})', result=True),
            checks=[Code("assert.equal(result.statusCode, 400);")]))
    return _stub("handlers/websocket.ts.j2", ctx, imp, h, plan)


def _cognito_publishes(svc: TsService, fn: TsFunction, imp: Imports) -> list[dict[str, Code]]:
    """``publish`` calls whose text fields come from the user's Cognito attributes."""
    lines = publish_lines(svc, fn, imp)
    for line, name in zip(lines, fn.h.uses.publishes, strict=True):
        fields = {f.key: (('event.userName' if f.key == "username" else
                           str(prop("event.request.userAttributes",
                                    contract.cognito_attribute(f.key))) + ' ?? ""')
                          if str(f.type) == "string" else str(f.placeholder))
                  for f in svc.event(name).fields}
        line["detail"] = obj(fields)
        line["from_user"] = Code("true")
    return lines


def build_auth_trigger(svc: TsService, fn: TsFunction) -> Stub:
    """Stub and test of a Cognito user pool trigger (the event type follows the kind)."""
    kind = fn.h.key
    event_type, source = AUTH_EVENTS[kind]
    imp, ctx = _start(fn, f"Cognito {kind} trigger.", event_type)
    write = None
    if kind != "user_migration":
        write = _write(svc, fn, imp, {"string": ("sub", '"profile"'), "number": ("0", "0")},
                       extra={"email": prop("event.request.userAttributes", "email"),
                              "createdAt": "new Date().toISOString()"})
    h = {"kind": kind, "event_type": Ident(event_type), "write": write,
         **(_extras(svc, fn, imp) if kind != "user_migration" else {})}
    if kind != "user_migration":  # its event carries no user attributes yet
        h["publishes"] = _cognito_publishes(svc, fn, imp)
    plan = _test(fn, "cognitoEvent")
    plan.imports.types("aws-lambda", event_type)
    request = ("{ " + _AUTH_REQUESTS.get(kind, "")
               + 'userAttributes: { sub: "user-1", email: "user-1@example.test" } }')
    event = f"cognitoEvent<{event_type}>({ts_string(source)}, {request})"
    if kind == "user_migration":
        plan.cases.append(Case("tells Cognito the user does not exist", Code(
            f"await assert.rejects(handler({event}, lambdaContext({ts_string(fn.h.handler)})), "
            "/User does not exist/);")))
    else:
        setup, checks = _side_mocks(fn, plan, write)
        checks.insert(0, Code('assert.equal(result.userName, "user-1");'))
        plan.cases.append(Case(f"answers the {kind} trigger", _call(fn, event, result=True),
                               setup, checks))
        if kind == "post_confirmation":
            reset = f"cognitoEvent<{event_type}>(" + ts_string(
                "PostConfirmation_ConfirmForgotPassword") + f", {request})"
            quiet = [Code('assert.equal(result.userName, "user-1");')]
            if write:
                quiet.append(Code("assert.equal(ddb.commandCalls(PutCommand).length, 0);"))
            if fn.h.uses.publishes:
                quiet.append(Code("assert.equal(eventBridge.commandCalls(PutEventsCommand)"
                                  ".length, 0);"))
            plan.cases.append(Case("treats a confirmed password reset as no sign-up",
                                   _call(fn, reset, result=True), setup, quiet))
    return _stub("handlers/auth_trigger.ts.j2", ctx, imp, h, plan)


def build_task(svc: TsService, fn: TsFunction) -> Stub:
    """Stub and test of a workflow task step: typed input in, input plus its result out."""
    imp, ctx = _start(fn, f"A step of workflow {fn.h.key}.")
    lookup = None
    table = _table(svc, list(fn.h.uses.reads))
    if table is not None:
        imp.add("@aws-sdk/lib-dynamodb", "GetCommand").add(GEN + "db", "db")
        imp.add(GEN + "env", "tableName")
        js_type = "number" if table.key.type == "number" else "string"
        lookup = {"table": table.name, "attr": table.key.name, "js_type": js_type}
    target = _table(svc, list(fn.h.uses.writes))
    given = prop("input", target.key.name if target else "id")
    ids = {"string": (f'typeof {given} === "string" ? {given} : randomUUID()',
                      "new Date().toISOString()"),
           "number": (f'typeof {given} === "number" ? {given} : Date.now()', "Date.now()")}
    write = _write(svc, fn, imp, ids, spread=("input",))
    if write is not None:
        imp.add("node:crypto", "randomUUID")
    h = {"result_key": fn.h.handler, "lookup": lookup, "write": write,
         **_extras(svc, fn, imp)}
    plan = _test(fn)
    setup, checks = _side_mocks(fn, plan, write)
    attr = table.key.name if table else "id"
    value = "1" if table is not None and table.key.type == "number" else '"test-id"'
    if table is not None:
        plan.mock("ddb")
        plan.uses("@aws-sdk/lib-dynamodb", "GetCommand")
        setup.append(Code("ddb.on(GetCommand).resolves({ Item: { found: true } });"))
        checks.append(Code(f"assert.equal(result[{ts_string(fn.h.handler)}].found, true);"))
    checks.insert(0, Code(f"assert.equal(result[{ts_string(attr)}], {value});"))
    plan.cases.append(Case("returns its input with its result", _call(
        fn, f"{{ {ts_string(attr)}: {value} }}", result=True), setup, checks))
    return _stub("handlers/task.ts.j2", ctx, imp, h, plan)


def build_callback(svc: TsService, fn: TsFunction) -> Stub:
    """Stub and test of a wait-for-callback step: receives ``{taskToken, input}``."""
    imp, ctx = _start(fn, f"A wait-for-callback step of workflow {fn.h.key}.")
    write = _write(svc, fn, imp, {"string": ("randomUUID()", "new Date().toISOString()"),
                                  "number": ("Date.now()", "Date.now()")},
                   extra={"taskToken": "event.taskToken", "input": "event.input",
                          "createdAt": "new Date().toISOString()"})
    if write is not None:
        imp.add("node:crypto", "randomUUID")
    h = {"write": write, **_extras(svc, fn, imp)}
    plan = _test(fn)
    setup, checks = _side_mocks(fn, plan, write)
    name = ts_string(fn.h.handler)
    plan.cases.append(_void_case(fn, "accepts a task token",
                                 '{ taskToken: "token-1", input: { id: "test-id" } }', setup,
                                 checks))
    plan.cases.append(Case("refuses a request without a task token", Code(
        'await assert.rejects(handler({ taskToken: "", input: {} }, '
        f"lambdaContext({name})));")))
    return _stub("handlers/callback.ts.j2", ctx, imp, h, plan)


def build_authorizer(svc: TsService, fn: TsFunction) -> Stub:
    """Stub and test of the service's Lambda authorizer (a simple response, failing closed)."""
    event_type = "APIGatewayRequestAuthorizerEventV2"
    imp, ctx = _start(fn, f"Lambda authorizer of the auth: custom routes of service {svc.name} "
                      f"(identity: {', '.join(fn.h.identity) or 'none'}).", event_type,
                      "APIGatewaySimpleAuthorizerWithContextResult")
    h = _extras(svc, fn, imp)
    plan = _test(fn)
    plan.uses("../src/handlers/" + fn.h.handler, "decide")
    plan.imports.types("aws-lambda", event_type)
    setup, checks = _side_mocks(fn, plan, None)
    call = ts_string(fn.h.handler)

    def event(identity: str) -> str:
        return (f"{{ routeKey: {ts_string('GET /')}, identitySource: {identity} }} "
                f"as unknown as {event_type}")

    plan.cases.append(Case("allows a caller the check accepts", Code(
        f"const result = await decide({event('[' + ts_string('key-1') + ']')}, "
        "async (identity) => (identity === \"key-1\" ? { caller: \"partner-1\" } : null));"),
        [], [Code("assert.deepEqual(result, { isAuthorized: true, context: "
                  "{ caller: \"partner-1\" } });")]))
    plan.cases.append(Case("denies a caller without an identity", Code(
        f"const result = await handler({event('[]')}, lambdaContext({call}));"),
        [], [Code("assert.deepEqual(result, { isAuthorized: false, context: {} });")]))
    plan.cases.append(Case("denies every caller until the check is written", Code(
        f"const result = await handler({event('[' + ts_string('key-1') + ']')}, "
        f"lambdaContext({call}));"), setup,
        [Code("assert.equal(result.isAuthorized, false);"), *checks]))
    return _stub("handlers/authorizer.ts.j2", ctx, imp, h, plan)
