"""The seed's flows, run as generated code (issue 17, acceptance).

One blueprint, rendered once per language: a Cognito post-confirmation trigger publishes
``UserSignedUp``; a campaign workflow waits for a callback correlated by ``campaignId``; a
signed public webhook resumes it. Python runs in-process against moto (``mock_aws``);
TypeScript runs under node with stubbed AWS clients (``aws-sdk-client-mock``). Both prove:
the published event carries the user's id and e-mail; the callback step stores its token;
``resume`` with the correlation id sends ``SendTaskSuccess`` with that token; a webhook
request with a bad signature is answered 401 before the user's code runs.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import render_to
from tests.stubs.test_typescript_stubs import require_node, shared_node_modules

BLUEPRINT = """blueprint: 1
name: acme
region: eu-west-1
auth: {{}}
services:
  accounts:
    runtime: {runtime}
    events:
      UserSignedUp: {{userId: string, email: string}}
    auth_triggers:
      post_confirmation: {{handler: onSignedUp, publishes: [UserSignedUp]}}
  campaigns:
    runtime: {runtime}
    secrets: [mailer-webhook-secret]
    routes:
      POST /campaigns/{{campaignId}}/status:
        handler: reportStatus
        auth: public
        resumes: [send]
        signature: mailer-webhook-secret
    workflows:
      send:
        - {{wait_for_callback: awaitDelivery, correlate: campaignId, timeout_seconds: 600}}
        - {{succeed: done}}
"""
SECRET = "whsec-test"


# --- Python, in-process against moto ----------------------------------------------------

@pytest.fixture
def python_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The Python services rendered, importable, with fake credentials; moto running."""
    from moto import mock_aws

    (tmp_path / "blueprint.yaml").write_text(BLUEPRINT.format(runtime="python3.13"))
    render_to(tmp_path / "blueprint.yaml", tmp_path)
    for service in ("accounts", "campaigns"):
        monkeypatch.syspath_prepend(str(tmp_path / "services" / service / "src"))
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_DEFAULT_REGION": "eu-west-1", "POWERTOOLS_TRACE_DISABLED": "true",
                       "POWERTOOLS_METRICS_NAMESPACE": "acme", "APP_NAME": "acme",
                       "APP_STAGE": "test"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        yield tmp_path
    for name in [m for m in sys.modules if m.split(".")[0] in ("accounts", "campaigns")]:
        del sys.modules[name]


def _module(name: str) -> Any:
    module = importlib.import_module(name)
    aws = importlib.import_module(name.split(".")[0] + ".generated.aws")
    aws.reset()  # clients made under an earlier mock must not leak in
    return module


class _Context:
    function_name = "test"
    function_version = "$LATEST"
    memory_limit_in_mb = 256
    invoked_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:test"
    aws_request_id = "request-1"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def test_python_sign_up_publishes_the_users_id_and_email(
        python_app: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import boto3

    events, sqs = boto3.client("events"), boto3.client("sqs")
    events.create_event_bus(Name="bus")
    queue = sqs.create_queue(QueueName="seen")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    events.put_rule(Name="all", EventBusName="bus", EventPattern=json.dumps(
        {"source": ["acme.accounts"]}))
    events.put_targets(Rule="all", EventBusName="bus", Targets=[{"Id": "q", "Arn": arn}])
    monkeypatch.setenv("EVENT_BUS_NAME", "bus")
    monkeypatch.setenv("EVENT_SOURCE", "acme.accounts")
    monkeypatch.setenv("SERVICE_NAME", "accounts")
    entry = _module("accounts.generated.entries.on_signed_up")
    event = {"version": "1", "region": "eu-west-1", "userPoolId": "eu-west-1_test",
             "userName": "user-1", "triggerSource": "PostConfirmation_ConfirmSignUp",
             "callerContext": {"awsSdkVersion": "1", "clientId": "c"},
             "request": {"userAttributes": {"sub": "sub-42", "email": "ada@example.test"}},
             "response": {}}
    assert entry.handler(event, _Context()) == event
    (message,) = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
    published = json.loads(message["Body"])
    assert published["detail-type"] == "UserSignedUp"
    assert published["detail"] == {"userId": "sub-42", "email": "ada@example.test"}


@pytest.fixture
def campaigns(python_app: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The campaigns service's token table and signing secret in moto, and its env."""
    import boto3

    boto3.client("dynamodb").create_table(
        TableName="tokens", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "correlationId", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "correlationId", "AttributeType": "S"}])
    boto3.client("ssm").put_parameter(Name="/acme/test/campaigns/secrets/whsec", Value=SECRET,
                                      Type="SecureString")
    monkeypatch.setenv("TASK_TOKENS_TABLE", "tokens")
    monkeypatch.setenv("SECRET_MAILER_WEBHOOK_SECRET", "/acme/test/campaigns/secrets/whsec")
    monkeypatch.setenv("SERVICE_NAME", "campaigns")
    monkeypatch.setenv("POWERTOOLS_SERVICE_NAME", "campaigns")
    return boto3.resource("dynamodb").Table("tokens")


def test_python_callback_step_stores_the_token_and_resume_sends_it(campaigns: Any) -> None:
    entry = _module("campaigns.generated.entries.await_delivery")
    entry.handler({"taskToken": "token-7", "input": {"campaignId": "c-1"}}, _Context())
    item = campaigns.get_item(Key={"correlationId": "send#c-1"})["Item"]
    assert item["taskToken"] == "token-7"
    assert int(item["expiresAt"]) > time.time() + 600  # timeout_seconds and a margin

    tokens = importlib.import_module("campaigns.generated.tokens")
    aws = importlib.import_module("campaigns.generated.aws")
    sent: list[dict[str, Any]] = []
    aws.client("stepfunctions").meta.events.register(
        "before-call.sfn.SendTaskSuccess", lambda params, **_: sent.append(params))
    tokens.resume("c-1", {"status": "sent"})
    assert [json.loads(p["body"]) for p in sent] == [
        {"taskToken": "token-7", "output": '{"status":"sent"}'}]
    assert "Item" not in campaigns.get_item(Key={"correlationId": "send#c-1"})  # used once
    with pytest.raises(tokens.TokenNotFoundError):
        tokens.resume("c-1", {"status": "sent"})


def test_python_callback_step_without_the_field_stores_nothing(campaigns: Any) -> None:
    entry = _module("campaigns.generated.entries.await_delivery")
    with pytest.raises(ValueError, match="campaignId"):
        entry.handler({"taskToken": "token-7", "input": {}}, _Context())
    assert campaigns.scan()["Count"] == 0


def _webhook(body: str, timestamp: int, secret: str = SECRET) -> dict[str, Any]:
    digest = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256)
    return {"version": "2.0", "routeKey": "POST /campaigns/{campaignId}/status",
            "rawPath": "/campaigns/c-1/status", "body": body, "isBase64Encoded": False,
            "pathParameters": {"campaignId": "c-1"},
            "headers": {"x-signature": "sha256=" + digest.hexdigest(),
                        "x-signature-timestamp": str(timestamp)},
            "requestContext": {"http": {"method": "POST", "path": "/campaigns/c-1/status"}}}


@pytest.mark.parametrize("why", ["wrong secret", "stale timestamp", "tampered body"])
def test_python_webhook_with_a_bad_signature_never_reaches_the_handler(
        campaigns: Any, monkeypatch: pytest.MonkeyPatch, why: str) -> None:
    entry = _module("campaigns.generated.entries.report_status")
    reached: list[object] = []
    monkeypatch.setattr(entry, "_own", lambda event, context: reached.append(event))
    now = int(time.time())
    event = {"wrong secret": _webhook("{}", now, "guess"),
             "stale timestamp": _webhook("{}", now - 301),
             "tampered body": {**_webhook("{}", now), "body": '{"status":"sent"}'}}[why]
    assert entry.handler(event, _Context())["statusCode"] == 401
    assert reached == []


def test_python_signed_webhook_resumes_the_waiting_step(campaigns: Any) -> None:
    _module("campaigns.generated.entries.await_delivery").handler(
        {"taskToken": "token-9", "input": {"campaignId": "c-1"}}, _Context())
    entry = _module("campaigns.generated.entries.report_status")
    aws = importlib.import_module("campaigns.generated.aws")
    sent: list[dict[str, Any]] = []
    aws.client("stepfunctions").meta.events.register(
        "before-call.sfn.SendTaskSuccess", lambda params, **_: sent.append(params))
    response = entry.handler(_webhook('{"status": "sent"}', int(time.time())), _Context())
    assert response["statusCode"] == 202, response
    assert [json.loads(p["body"])["taskToken"] for p in sent] == ["token-9"]


# --- TypeScript, under node with stubbed clients -----------------------------------------

TS_TEST = """\
import { cognitoEvent, httpEvent, lambdaContext } from "../src/generated/testing";
import { PutEventsCommand, EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SendTaskSuccessCommand, SFNClient } from "@aws-sdk/client-sfn";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import {
  DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand,
} from "@aws-sdk/lib-dynamodb";
import type { PostConfirmationTriggerEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { beforeEach, it } from "node:test";
%IMPORTS%

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const ssm = mockClient(SSMClient);
const bus = mockClient(EventBridgeClient);

beforeEach(() => {
  ddb.reset();
  sfn.reset();
  ssm.reset();
  bus.reset();
  bus.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: "e-1" }] });
  ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "whsec-test" } });
  sfn.on(SendTaskSuccessCommand).resolves({});
});

%CASES%
"""

ACCOUNTS_CASES = """\
it("a confirmed sign-up publishes UserSignedUp with the user's id and e-mail", async () => {
  const event = cognitoEvent<PostConfirmationTriggerEvent>("PostConfirmation_ConfirmSignUp", {
    userAttributes: { sub: "sub-42", email: "ada@example.test" },
  });
  await onSignedUp(event, lambdaContext("onSignedUp"));
  const entries = bus.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? []);
  assert.equal(entries.length, 1);
  assert.equal(entries[0]?.DetailType, "UserSignedUp");
  assert.deepEqual(JSON.parse(entries[0]?.Detail ?? "{}"),
                   { userId: "sub-42", email: "ada@example.test" });
});
"""

CAMPAIGNS_CASES = """\
function signed(body: string, timestamp: number, secret = "whsec-test") {
  const signature = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return httpEvent({
    routeKey: "POST /campaigns/{campaignId}/status",
    pathParameters: { campaignId: "c-1" },
    body,
    headers: { "x-signature": signature, "x-signature-timestamp": String(timestamp) },
  });
}

it("the callback step stores its task token under the campaign id", async () => {
  ddb.on(PutCommand).resolves({});
  await awaitDelivery({ taskToken: "token-7", input: { campaignId: "c-1" } },
                      lambdaContext("awaitDelivery"));
  const puts = ddb.commandCalls(PutCommand);
  assert.equal(puts.length, 1);
  assert.equal(puts[0]?.args[0].input.Item?.["correlationId"], "send#c-1");
  assert.equal(puts[0]?.args[0].input.Item?.["taskToken"], "token-7");
});

it("resume with the campaign id sends SendTaskSuccess with the stored token", async () => {
  const expiresAt = Date.now() / 1000 + 60;
  ddb.on(GetCommand).resolves({ Item: { taskToken: "token-7", expiresAt } });
  ddb.on(DeleteCommand).resolves({});
  await resume("c-1", { status: "sent" });
  const get = ddb.commandCalls(GetCommand)[0]?.args[0].input;
  assert.deepEqual(get?.Key, { correlationId: "send#c-1" });
  const calls = sfn.commandCalls(SendTaskSuccessCommand);
  assert.equal(calls.length, 1);
  assert.equal(calls[0]?.args[0].input.taskToken, "token-7");
  assert.equal(ddb.commandCalls(DeleteCommand).length, 1);
});

for (const [why, event] of [
  ["a wrong secret", () => signed("{}", Math.floor(Date.now() / 1000), "guess")],
  ["a stale timestamp", () => signed("{}", Math.floor(Date.now() / 1000) - 301)],
] as const) {
  it(`a webhook request with ${why} is answered 401 before the handler runs`, async () => {
    const result = await reportStatus(event(), lambdaContext("reportStatus"));
    assert.equal(result.statusCode, 401);
    assert.equal(ddb.commandCalls(GetCommand).length, 0);
    assert.equal(sfn.commandCalls(SendTaskSuccessCommand).length, 0);
  });
}

it("a signed webhook request resumes the waiting step", async () => {
  const expiresAt = Date.now() / 1000 + 60;
  ddb.on(GetCommand).resolves({ Item: { taskToken: "token-9", expiresAt } });
  ddb.on(DeleteCommand).resolves({});
  const now = Math.floor(Date.now() / 1000);
  const result = await reportStatus(signed('{"status":"sent"}', now),
                                    lambdaContext("reportStatus"));
  assert.equal(result.statusCode, 202);
  assert.equal(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input.taskToken, "token-9");
});
"""

TS_IMPORTS = {
    "accounts": 'import { handler as onSignedUp } from "../src/generated/entries/onSignedUp";',
    "campaigns": "\n".join([
        'import { handler as awaitDelivery } from "../src/generated/entries/awaitDelivery";',
        'import { handler as reportStatus } from "../src/generated/entries/reportStatus";',
        'import { resume } from "../src/generated/tokens";']),
}


def test_typescript_flows_run_as_generated(tmp_path_factory: pytest.TempPathFactory) -> None:
    require_node()
    modules = shared_node_modules(tmp_path_factory.getbasetemp())
    root = tmp_path_factory.mktemp("ts-flows")
    (root / "blueprint.yaml").write_text(BLUEPRINT.format(runtime="nodejs22.x"))
    render_to(root / "blueprint.yaml", root)
    for service, cases in (("accounts", ACCOUNTS_CASES), ("campaigns", CAMPAIGNS_CASES)):
        folder = root / "services" / service
        (folder / "node_modules").symlink_to(modules, target_is_directory=True)
        (folder / "test" / "flows.acceptance.test.ts").write_text(
            TS_TEST.replace("%IMPORTS%", TS_IMPORTS[service]).replace("%CASES%", cases))
        proc = subprocess.run(
            ["node", "--import", "tsx", "--test", "test/flows.acceptance.test.ts"], cwd=folder,
            capture_output=True, text=True, timeout=600, check=False,
            env={**os.environ, "NODE_NO_WARNINGS": "1"})
        assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
        assert "# fail 0" in proc.stdout and "# pass 0" not in proc.stdout, proc.stdout
