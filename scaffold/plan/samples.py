"""Plan stage (data): the sample event of each trigger kind, as AWS delivers it to a function.

``scaffold invoke --sample`` (and later ``scaffold dev``) feed these to a handler. Values
that AWS fills from the deployment (bucket, table and queue names, the event source and
detail type of a subscription, the route key and path parameters) come from the same
blueprint facts the Terraform is planned from; the rest are fixed, recognisable sample
values (``sample-...``, account 123456789012, time 2030-01-01). A signed-in route caller
is a user in no group, so a group-guarded route answers 403 from its generated entry point
(``docs/decisions/0008-auth-enforced-by-generated-entries.md``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from scaffold.blueprint import model, physical
from scaffold.blueprint.functions import FunctionUse, Trigger, iter_functions
from scaffold.plan import contract

__all__ = ["ACCOUNT", "SAMPLES", "sample_event"]

ACCOUNT = physical.ACCOUNT_ID
"""The account id of sample ARNs (moto's default account, too)."""
_TIME = "2030-01-01T00:00:00Z"
_EPOCH_MS = 1893456000000
_PARAM = re.compile(r"\{([^}+]+)(\+?)\}")

COGNITO_SOURCES: dict[str, str] = {
    "pre_sign_up": "PreSignUp_SignUp",
    "post_confirmation": "PostConfirmation_ConfirmSignUp",
    "pre_authentication": "PreAuthentication_Authentication",
    "post_authentication": "PostAuthentication_Authentication",
    "pre_token_generation": "TokenGeneration_Authentication",
    "custom_message": "CustomMessage_SignUp",
    "define_auth_challenge": "DefineAuthChallenge_Authentication",
    "create_auth_challenge": "CreateAuthChallenge_Authentication",
    "verify_auth_challenge_response": "VerifyAuthChallengeResponse_Authentication",
    "user_migration": "UserMigration_Authentication",
}
"""The ``triggerSource`` Cognito sends each trigger kind in its most common case."""


class _Context:
    """What a sample needs besides the function: the app, stage and region."""

    def __init__(self, bp: model.Blueprint, stage: str) -> None:
        self.bp = bp
        self.stage = stage
        self.region = bp.region

    def name(self, service: str, resource: str) -> str:
        return f"{physical.prefix(self.bp.name, self.stage)}-{physical.resource(service, resource)}"


def _http(ctx: _Context, use: FunctionUse) -> dict[str, Any]:
    # A presign function's key is its bucket; its route is in the upload spec.
    route_key = use.spec.route if isinstance(use.spec, model.UploadSpec) else use.key
    method, _, template = route_key.partition(" ")
    params = {m.group(1): ("sample/path" if m.group(2) else f"sample-{m.group(1)}")
              for m in _PARAM.finditer(template)}
    path = _PARAM.sub(lambda m: params[m.group(1)], template)
    event: dict[str, Any] = {
        "version": "2.0", "routeKey": route_key, "rawPath": path, "rawQueryString": "",
        "headers": {"content-type": "application/json", "user-agent": "scaffold-invoke"},
        "requestContext": {
            "accountId": ACCOUNT, "apiId": "sample", "domainName": "api.example.test",
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1",
                     "sourceIp": "192.0.2.1", "userAgent": "scaffold-invoke"},
            "requestId": "sample-request", "routeKey": route_key, "stage": "$default",
            "time": "01/Jan/2030:00:00:00 +0000", "timeEpoch": _EPOCH_MS,
            "authorizer": {"jwt": {"claims": {"sub": "sample-user",
                                              "email": "user@example.com"},
                                   "scopes": None}},
        },
        "isBase64Encoded": False,
    }
    if params:
        event["pathParameters"] = params
    if method in ("POST", "PUT", "PATCH"):
        event["body"] = "{}"
    return event


def _eventbridge(ctx: _Context, detail_type: str, source: str,
                 detail: dict[str, Any]) -> dict[str, Any]:
    return {"version": "0", "id": "sample-event", "detail-type": detail_type,
            "source": source, "account": ACCOUNT, "time": _TIME, "region": ctx.region,
            "resources": [], "detail": detail}


def _subscription(ctx: _Context, use: FunctionUse) -> dict[str, Any]:
    publisher, _, event = use.key.rpartition(".")
    source = contract.event_source(ctx.bp.name, publisher or use.service)
    return _eventbridge(ctx, event, source, {})


def _schedule(ctx: _Context, use: FunctionUse) -> dict[str, Any]:
    prefix = physical.prefix(ctx.bp.name, ctx.stage)
    name = f"{prefix}-{physical.function(use.service, use.handler)}"
    rule = f"arn:aws:events:{ctx.region}:{ACCOUNT}:rule/{name}"
    return {**_eventbridge(ctx, "Scheduled Event", "aws.events", {}), "resources": [rule]}


def _stream(ctx: _Context, use: FunctionUse) -> dict[str, Any]:
    table = ctx.name(use.service, use.key)
    arn = f"arn:aws:dynamodb:{ctx.region}:{ACCOUNT}:table/{table}/stream/2030-01-01T00:00:00.000"
    keys = {"id": {"S": "sample-id"}}
    return {"Records": [{
        "eventID": "1", "eventName": "INSERT", "eventVersion": "1.1",
        "eventSource": "aws:dynamodb", "awsRegion": ctx.region, "eventSourceARN": arn,
        "dynamodb": {"ApproximateCreationDateTime": _EPOCH_MS // 1000, "Keys": keys,
                     "NewImage": keys, "SequenceNumber": "1", "SizeBytes": 64,
                     "StreamViewType": "NEW_AND_OLD_IMAGES"},
    }]}


def _s3(ctx: _Context, use: FunctionUse) -> dict[str, Any]:
    bucket = f"{ctx.name(use.service, use.key)}-{ACCOUNT}"
    prefix = getattr(use.spec, "prefix", "") or ""
    return {"Records": [{
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": ctx.region,
        "eventTime": "2030-01-01T00:00:00.000Z", "eventName": "ObjectCreated:Put",
        "userIdentity": {"principalId": "sample"},
        "requestParameters": {"sourceIPAddress": "192.0.2.1"}, "responseElements": {},
        "s3": {"s3SchemaVersion": "1.0", "configurationId": "sample",
               "bucket": {"name": bucket, "ownerIdentity": {"principalId": "sample"},
                          "arn": f"arn:aws:s3:::{bucket}"},
               "object": {"key": f"{prefix}sample.txt", "size": 5, "eTag": "0",
                          "sequencer": "0"}},
    }]}


def _queue(ctx: _Context, use: FunctionUse) -> dict[str, Any]:
    name = ctx.name(use.service, use.key)
    fifo = bool(getattr(use.spec, "fifo", False))
    attributes = {"ApproximateReceiveCount": "1", "SentTimestamp": str(_EPOCH_MS),
                  "SenderId": ACCOUNT, "ApproximateFirstReceiveTimestamp": str(_EPOCH_MS)}
    if fifo:
        name += ".fifo"
        attributes.update(MessageGroupId="sample", MessageDeduplicationId="sample-1",
                          SequenceNumber="1")
    return {"Records": [{
        "messageId": "sample-1", "receiptHandle": "sample-handle", "body": json.dumps({}),
        "attributes": attributes, "messageAttributes": {}, "md5OfBody": "0",
        "eventSource": "aws:sqs", "awsRegion": ctx.region,
        "eventSourceARN": f"arn:aws:sqs:{ctx.region}:{ACCOUNT}:{name}",
    }]}


def _websocket(ctx: _Context, use: FunctionUse) -> dict[str, Any]:
    route_key = use.key
    event_type = {"$connect": "CONNECT", "$disconnect": "DISCONNECT"}.get(route_key, "MESSAGE")
    event: dict[str, Any] = {
        "requestContext": {"routeKey": route_key, "eventType": event_type,
                           "connectionId": "sample-connection", "requestId": "sample-request",
                           "apiId": "sample", "stage": ctx.stage,
                           "domainName": "sample.execute-api.example.test",
                           "connectedAt": _EPOCH_MS, "requestTimeEpoch": _EPOCH_MS,
                           "messageDirection": "IN", "extendedRequestId": "sample"},
        "isBase64Encoded": False,
    }
    if event_type == "MESSAGE":
        event["body"] = json.dumps({"action": route_key})
    return event


def _cognito(ctx: _Context, use: FunctionUse) -> dict[str, Any]:
    return {"version": "1", "triggerSource": COGNITO_SOURCES.get(use.key, use.key),
            "region": ctx.region, "userPoolId": f"{ctx.region}_sample",
            "userName": "sample-user",
            "callerContext": {"awsSdkVersion": "sample", "clientId": "sample-client"},
            "request": {"userAttributes": {"sub": "sample-user", "email": "user@example.com",
                                           "email_verified": "true"}},
            "response": {}}


def _task(ctx: _Context, use: FunctionUse) -> dict[str, Any]:
    return {}  # a task receives the state as it stands: the execution's input at first


def _callback(ctx: _Context, use: FunctionUse) -> dict[str, Any]:
    # The ASL's Payload of a wait-for-callback step (plan/asl.py): token and state.
    return {"taskToken": "sample-task-token", "input": {}}


def _authorizer(ctx: _Context, use: FunctionUse) -> dict[str, Any]:
    """A REQUEST authorizer event (payload 2.0) for the service's first ``auth: custom``
    route, carrying a sample value in every identity source the authorizer declares."""
    svc = ctx.bp.services[use.service]
    custom = [u for u in iter_functions(use.service, svc)
              if u.trigger == "route" and getattr(u.spec, "auth", None) == "custom"]
    route = _http(ctx, custom[0]) if custom else _http(ctx, FunctionUse(
        use.service, use.handler, "route", use.path, use.options, use.spec, "GET /"))
    headers, query, identity = dict(route["headers"]), [], []
    for source in getattr(use.spec, "identity", ()):
        where, _, name = source.removeprefix("$request.").partition(".")
        value = f"sample-{name}"
        if where == "header":
            headers[name.lower()] = value
        elif where == "querystring":
            query.append(f"{name}={value}")
        identity.append(value)
    method, path = route["requestContext"]["http"]["method"], route["rawPath"]
    context = {k: v for k, v in route["requestContext"].items() if k != "authorizer"}
    return {"version": "2.0", "type": "REQUEST",
            "routeArn": f"arn:aws:execute-api:{ctx.region}:{ACCOUNT}:sample/$default/"
                        f"{method}{path}",
            "identitySource": identity, "routeKey": route["routeKey"], "rawPath": path,
            "rawQueryString": "&".join(query), "headers": headers,
            "requestContext": context}


SAMPLES: dict[Trigger, Callable[[_Context, FunctionUse], dict[str, Any]]] = {
    "route": _http, "presign": _http, "subscription": _subscription, "schedule": _schedule,
    "stream": _stream, "upload": _s3, "object": _s3, "queue": _queue,
    "websocket": _websocket, "auth_trigger": _cognito, "task": _task, "callback": _callback,
    "authorizer": _authorizer,
}
"""One sample builder per trigger kind (``tests/plan/test_samples.py`` checks the rows)."""


def sample_event(bp: model.Blueprint, use: FunctionUse, stage: str) -> dict[str, Any]:
    """The event AWS would deliver to the function ``use`` in ``stage``.

    Args:
        bp: The validated blueprint.
        use: The function and its trigger (``blueprint.functions.iter_functions``).
        stage: The stage whose physical names fill the event.

    Returns:
        A JSON-ready event of the trigger's kind.
    """
    return SAMPLES[use.trigger](_Context(bp, stage), use)
