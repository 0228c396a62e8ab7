"""Every path on which moto invokes a function runs the handler that the invoker resolves."""

from __future__ import annotations

import io
import json
import threading
import time
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest

from scaffold.dev import invoker
from scaffold.dev.invoker import HandlerError, MotoVersionError, install_local_invoker

REGION = "eu-west-1"
Handler = Callable[[dict[str, Any]], Any]


class Recorder:
    """Handlers by function name; every event each one got, in order."""

    def __init__(self) -> None:
        self.handlers: dict[str, Handler] = {}
        self.events: dict[str, list[Any]] = {}
        self._changed = threading.Condition()

    def add(self, name: str, behaviour: Handler | None = None) -> None:
        def handler(event: dict[str, Any]) -> Any:
            with self._changed:
                self.events.setdefault(name, []).append(event)
                self._changed.notify_all()
            return behaviour(event) if behaviour else {"handled": name}

        self.handlers[name] = handler

    def resolve(self, name: str) -> Handler | None:
        return self.handlers.get(name)

    def wait(self, name: str, count: int = 1, timeout: float = 20.0) -> list[Any]:
        with self._changed:
            self._changed.wait_for(lambda: len(self.events.get(name, [])) >= count, timeout)
            got = list(self.events.get(name, []))
        assert len(got) >= count, f"{name} got {len(got)} events, expected {count}"
        return got


def _wait_until(check: Callable[[], Any], timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_DEFAULT_REGION": REGION}.items():
        monkeypatch.setenv(key, value)
    for key in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(key, raising=False)


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    found = Recorder()
    uninstall = install_local_invoker(found.resolve)
    try:
        yield found
    finally:
        uninstall()


@pytest.fixture
def moto(aws_env: None, recorder: Recorder) -> Iterator[Recorder]:
    from moto import mock_aws

    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        yield recorder


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def _function(name: str, endpoint: str | None = None) -> str:
    iam = boto3.client("iam", region_name=REGION, endpoint_url=endpoint)
    try:
        role = iam.get_role(RoleName="fn-role")["Role"]["Arn"]
    except iam.exceptions.NoSuchEntityException:
        role = iam.create_role(RoleName="fn-role", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    created = boto3.client("lambda", region_name=REGION, endpoint_url=endpoint).create_function(
        FunctionName=name, Runtime="python3.12", Role=role, Handler="index.handler",
        Code={"ZipFile": _zip()})
    return str(created["FunctionArn"])


def _queue(name: str, endpoint: str | None = None) -> tuple[str, str]:
    sqs = boto3.client("sqs", region_name=REGION, endpoint_url=endpoint)
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
    return url, arn["Attributes"]["QueueArn"]


def _receive(url: str, endpoint: str | None = None) -> list[dict[str, Any]]:
    sqs = boto3.client("sqs", region_name=REGION, endpoint_url=endpoint)
    return list(sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []))


# --------------------------------------------------------------------------- Invoke API


def test_a_request_response_invoke_answers_the_handlers_result(moto: Recorder) -> None:
    moto.add("projects-list", lambda event: {"statusCode": 200, "body": event["q"]})
    _function("projects-list")
    answer = boto3.client("lambda").invoke(FunctionName="projects-list", Payload=b'{"q": "x"}')
    assert answer["StatusCode"] == 200
    assert "FunctionError" not in answer
    assert json.loads(answer["Payload"].read()) == {"statusCode": 200, "body": "x"}
    assert moto.events["projects-list"] == [{"q": "x"}]


def test_an_invoke_by_arn_resolves_the_function_by_its_name(moto: Recorder) -> None:
    moto.add("by-arn")
    arn = _function("by-arn")
    answer = boto3.client("lambda").invoke(FunctionName=arn, Payload=b"{}")
    assert json.loads(answer["Payload"].read()) == {"handled": "by-arn"}


def test_a_raised_error_is_an_unhandled_function_error(moto: Recorder) -> None:
    def fail(event: dict[str, Any]) -> Any:
        raise ValueError("no such project")

    moto.add("failing", fail)
    _function("failing")
    answer = boto3.client("lambda").invoke(FunctionName="failing", Payload=b"{}")
    assert answer["FunctionError"] == "Unhandled"
    payload = json.loads(answer["Payload"].read())
    assert payload["errorType"] == "ValueError"
    assert payload["errorMessage"] == "no such project"
    assert any("in fail" in line for line in payload["stackTrace"])
    assert not any("scaffold/dev/invoker.py" in line for line in payload["stackTrace"])


def test_a_handler_error_keeps_the_runtimes_type_and_stack(moto: Recorder) -> None:
    def fail(event: dict[str, Any]) -> Any:
        raise HandlerError("TypeError", "x is undefined", ["at handler (index.js:3:9)"])

    moto.add("node-failing", fail)
    _function("node-failing")
    answer = boto3.client("lambda").invoke(FunctionName="node-failing", Payload=b"{}")
    assert answer["FunctionError"] == "Unhandled"
    assert json.loads(answer["Payload"].read()) == {
        "errorType": "TypeError", "errorMessage": "x is undefined",
        "stackTrace": ["at handler (index.js:3:9)"]}


def test_an_event_invoke_answers_202_at_once_and_runs_the_handler(moto: Recorder) -> None:
    release = threading.Event()
    moto.add("slow", lambda event: release.wait(10))
    _function("slow")
    answer = boto3.client("lambda").invoke(FunctionName="slow", InvocationType="Event",
                                           Payload=b'{"n": 1}')
    assert answer["StatusCode"] == 202
    assert moto.wait("slow") == [{"n": 1}]  # running, and not finished: the call returned
    release.set()


def test_a_failed_event_invoke_goes_to_the_on_failure_destination(moto: Recorder) -> None:
    def fail(event: dict[str, Any]) -> Any:
        raise RuntimeError("down")

    moto.add("async-failing", fail)
    arn = _function("async-failing")
    url, queue_arn = _queue("failures")
    boto3.client("lambda").put_function_event_invoke_config(
        FunctionName="async-failing",
        DestinationConfig={"OnFailure": {"Destination": queue_arn}})
    boto3.client("lambda").invoke(FunctionName="async-failing", InvocationType="Event",
                                  Payload=b'{"n": 2}')
    messages = _wait_until(lambda: _receive(url))
    record = json.loads(messages[0]["Body"])
    assert record["requestPayload"] == {"n": 2}
    assert record["requestContext"]["functionArn"] == arn + ":$LATEST"
    assert record["requestContext"]["condition"] == "RetriesExhausted"
    assert record["responseContext"]["functionError"] == "Unhandled"
    assert record["responsePayload"]["errorMessage"] == "down"


def test_a_dry_run_runs_nothing(moto: Recorder) -> None:
    moto.add("dry")
    _function("dry")
    answer = boto3.client("lambda").invoke(FunctionName="dry", InvocationType="DryRun")
    assert answer["StatusCode"] == 204
    assert "dry" not in moto.events


def test_a_function_the_resolver_does_not_know_keeps_motos_behaviour(moto: Recorder) -> None:
    _function("unknown")
    answer = boto3.client("lambda").invoke(FunctionName="unknown", Payload=b"{}")
    # moto's own path: Docker, absent here, answered as a handled error.
    assert answer["FunctionError"] == "Handled"
    assert b"docker" in answer["Payload"].read()


def test_uninstall_gives_moto_back(aws_env: None) -> None:
    from moto import mock_aws

    found = Recorder()
    found.add("gone")
    uninstall = install_local_invoker(found.resolve)
    uninstall()
    uninstall()  # idempotent
    with mock_aws():
        _function("gone")
        answer = boto3.client("lambda").invoke(FunctionName="gone", Payload=b"{}")
    assert answer["FunctionError"] == "Handled"
    assert "gone" not in found.events


def test_a_second_installation_is_refused(recorder: Recorder) -> None:
    with pytest.raises(RuntimeError, match="installed already"):
        install_local_invoker(recorder.resolve)


def test_another_moto_version_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import moto

    monkeypatch.setattr(moto, "__version__", "5.3.0")
    with pytest.raises(MotoVersionError, match=r"written for moto 5\.2\.5, found moto 5\.3\.0"):
        install_local_invoker(lambda name: None)
    assert not invoker._active


def test_motos_simple_lambda_backend_runs_resolved_handlers(aws_env: None,
                                                            recorder: Recorder) -> None:
    from moto import mock_aws

    recorder.add("simple")
    with mock_aws(config={"lambda": {"use_docker": False}}):
        _function("simple")
        _function("simple-unresolved")
        client = boto3.client("lambda")
        resolved = client.invoke(FunctionName="simple", Payload=b'{"a": 1}')
        kept = client.invoke(FunctionName="simple-unresolved", Payload=b'{"a": 1}')
    assert json.loads(resolved["Payload"].read()) == {"handled": "simple"}
    assert kept["Payload"].read() == b'{"a": 1}'  # moto's simple backend echoes the body


# --------------------------------------------------------------------------- EventBridge


def test_a_matching_event_on_a_custom_bus_runs_the_rules_lambda_target(moto: Recorder) -> None:
    moto.add("on-project-created")
    arn = _function("on-project-created")
    url, queue_arn = _queue("also-delivered")
    events = boto3.client("events")
    events.create_event_bus(Name="app-dev")
    events.put_rule(Name="project-created", EventBusName="app-dev", EventPattern=json.dumps(
        {"source": ["app.projects"], "detail-type": ["ProjectCreated"]}))
    events.put_targets(Rule="project-created", EventBusName="app-dev", Targets=[
        {"Id": "fn", "Arn": arn}, {"Id": "queue", "Arn": queue_arn}])

    sent = events.put_events(Entries=[
        {"Source": "app.other", "DetailType": "ProjectCreated", "Detail": "{}",
         "EventBusName": "app-dev"},
        {"Source": "app.projects", "DetailType": "ProjectCreated",
         "Detail": json.dumps({"id": "p-1"}), "EventBusName": "app-dev"},
    ])

    assert sent["FailedEntryCount"] == 0
    [event] = moto.wait("on-project-created")
    assert event["id"] == sent["Entries"][1]["EventId"]
    assert event["detail-type"] == "ProjectCreated"
    assert event["source"] == "app.projects"
    assert event["detail"] == {"id": "p-1"}
    assert event["account"] == "123456789012"
    assert event["region"] == REGION
    assert event["version"] == "0"
    assert event["resources"] == []
    assert time.strptime(event["time"], "%Y-%m-%dT%H:%M:%SZ")
    assert "ingestion-time" not in event
    assert len(_receive(url)) == 1  # the other target of the rule still gets the event
    time.sleep(0.2)
    assert len(moto.events["on-project-created"]) == 1  # app.other did not match


def test_a_lambda_targets_input_transformer_shapes_its_event(moto: Recorder) -> None:
    # moto's own template parser fills the template (it needs quotes around a string).
    moto.add("transformed")
    arn = _function("transformed")
    events = boto3.client("events")
    events.put_rule(Name="any", EventPattern=json.dumps({"source": ["app.x"]}))
    events.put_targets(Rule="any", Targets=[{"Id": "fn", "Arn": arn, "InputTransformer": {
        "InputPathsMap": {"id": "$.detail.id"}, "InputTemplate": '{"projectId": "<id>"}'}}])
    events.put_events(Entries=[{"Source": "app.x", "DetailType": "X",
                                "Detail": json.dumps({"id": "p-2"})}])
    assert moto.wait("transformed") == [{"projectId": "p-2"}]


# --------------------------------------------------------------------------- event source mappings


def test_a_put_item_runs_the_table_streams_handler(moto: Recorder) -> None:
    moto.add("on-change")
    _function("on-change")
    dynamodb = boto3.client("dynamodb")
    table = dynamodb.create_table(
        TableName="projects", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    stream_arn = table["TableDescription"]["LatestStreamArn"]
    boto3.client("lambda").create_event_source_mapping(
        EventSourceArn=stream_arn, FunctionName="on-change", StartingPosition="LATEST")

    dynamodb.put_item(TableName="projects", Item={"id": {"S": "p-1"}, "name": {"S": "A"}})

    [event] = moto.wait("on-change")
    [record] = event["Records"]
    assert record["eventName"] == "INSERT"
    assert record["eventSource"] == "aws:dynamodb"
    assert record["eventSourceARN"] == stream_arn
    assert record["awsRegion"] == REGION
    assert record["dynamodb"]["Keys"] == {"id": {"S": "p-1"}}
    assert record["dynamodb"]["NewImage"] == {"id": {"S": "p-1"}, "name": {"S": "A"}}
    assert record["dynamodb"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert isinstance(record["dynamodb"]["ApproximateCreationDateTime"], float)


def _stream_table(name: str, function: str, **mapping: Any) -> str:
    table = boto3.client("dynamodb").create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    stream_arn = str(table["TableDescription"]["LatestStreamArn"])
    boto3.client("lambda").create_event_source_mapping(
        EventSourceArn=stream_arn, FunctionName=function, StartingPosition="LATEST", **mapping)
    return stream_arn


def test_a_stream_handler_writing_its_own_table_sees_each_record_once(moto: Recorder) -> None:
    release = threading.Event()

    def aggregate(event: dict[str, Any]) -> Any:
        release.wait(10)
        for record in event["Records"]:
            key = record["dynamodb"]["Keys"]["id"]["S"]
            if not key.startswith("total-"):
                boto3.client("dynamodb").put_item(TableName="counts",
                                                  Item={"id": {"S": f"total-{key}"}})
        return {"batchItemFailures": []}

    moto.add("aggregate", aggregate)
    _function("aggregate")
    _stream_table("counts", "aggregate")
    boto3.client("dynamodb").put_item(TableName="counts", Item={"id": {"S": "p-1"}})
    release.set()  # PutItem answered while the handler was still waiting

    events = moto.wait("aggregate", 2)
    time.sleep(0.3)
    keys = [r["dynamodb"]["Keys"]["id"]["S"] for e in moto.events["aggregate"]
            for r in e["Records"]]
    assert keys == ["p-1", "total-p-1"]
    assert events[0]["Records"][0]["eventVersion"] == "1.1"


def test_a_failing_stream_batch_is_retried_then_sent_to_its_on_failure_destination(
        moto: Recorder) -> None:
    def fail(event: dict[str, Any]) -> Any:
        raise RuntimeError("cannot index")

    moto.add("indexer", fail)
    _function("indexer")
    url, queue_arn = _queue("stream-failures")
    stream_arn = _stream_table("docs", "indexer", MaximumRetryAttempts=1,
                               DestinationConfig={"OnFailure": {"Destination": queue_arn}})
    boto3.client("dynamodb").put_item(TableName="docs", Item={"id": {"S": "d-1"}})

    messages = _wait_until(lambda: _receive(url))
    record = json.loads(messages[0]["Body"])
    assert len(moto.events["indexer"]) == 2  # the first try and one retry
    assert record["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert record["requestContext"]["approximateInvokeCount"] == 2
    assert record["DDBStreamBatchInfo"]["streamArn"] == stream_arn
    assert record["DDBStreamBatchInfo"]["batchSize"] == 1


def test_a_sent_message_runs_the_queues_handler_and_leaves_the_queue(moto: Recorder) -> None:
    moto.add("worker")
    _function("worker")
    url, queue_arn = _queue("jobs")
    boto3.client("lambda").create_event_source_mapping(EventSourceArn=queue_arn,
                                                       FunctionName="worker")
    boto3.client("sqs").send_message(QueueUrl=url, MessageBody='{"job": 1}')

    [event] = moto.wait("worker")
    [record] = event["Records"]
    assert record["body"] == '{"job": 1}'
    assert record["eventSource"] == "aws:sqs"
    assert record["eventSourceARN"] == queue_arn
    assert record["receiptHandle"]
    assert _receive(url) == []  # deleted after the handler answered


def test_a_queue_record_carries_the_messages_own_attributes(moto: Recorder) -> None:
    moto.add("attributed")
    _function("attributed")
    url, queue_arn = _queue("attributed-jobs")
    boto3.client("lambda").create_event_source_mapping(EventSourceArn=queue_arn,
                                                       FunctionName="attributed")
    before = int(time.time() * 1000)
    sent = boto3.client("sqs").send_message(
        QueueUrl=url, MessageBody="b", MessageAttributes={
            "kind": {"DataType": "String", "StringValue": "invoice"}})

    [record] = moto.wait("attributed")[0]["Records"]
    assert record["messageId"] == sent["MessageId"]
    assert record["md5OfBody"] == sent["MD5OfMessageBody"]
    assert record["md5OfMessageAttributes"] == sent["MD5OfMessageAttributes"]
    assert record["messageAttributes"] == {"kind": {
        "stringValue": "invoice", "stringListValues": [], "binaryListValues": [],
        "dataType": "String"}}
    assert record["attributes"]["ApproximateReceiveCount"] == "1"
    assert int(record["attributes"]["SentTimestamp"]) >= before


def test_a_reported_batch_item_failure_keeps_that_message(moto: Recorder) -> None:
    moto.add("partial", lambda event: {"batchItemFailures": [
        {"itemIdentifier": r["messageId"]} for r in event["Records"] if r["body"] == "bad"]})
    _function("partial")
    url, queue_arn = _queue("partial-jobs")
    boto3.client("lambda").create_event_source_mapping(
        EventSourceArn=queue_arn, FunctionName="partial",
        FunctionResponseTypes=["ReportBatchItemFailures"])
    boto3.client("sqs").send_message(QueueUrl=url, MessageBody="bad")
    moto.wait("partial")
    assert [m["Body"] for m in _receive(url)] == ["bad"]


def test_a_failing_queue_handler_leaves_its_message_for_the_redrive_policy(moto: Recorder,
                                                                           ) -> None:
    def fail(event: dict[str, Any]) -> Any:
        raise RuntimeError("cannot")

    moto.add("failing-worker", fail)
    _function("failing-worker")
    url, queue_arn = _queue("hard-jobs")
    boto3.client("lambda").create_event_source_mapping(EventSourceArn=queue_arn,
                                                       FunctionName="failing-worker")
    boto3.client("sqs").send_message(QueueUrl=url, MessageBody="x")
    moto.wait("failing-worker")
    assert [m["Body"] for m in _receive(url)] == ["x"]  # visible again, not deleted


def test_an_object_created_notification_runs_the_buckets_handler(moto: Recorder) -> None:
    moto.add("on-upload")
    arn = _function("on-upload")
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="uploads-bucket",
                     CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_bucket_notification_configuration(
        Bucket="uploads-bucket", NotificationConfiguration={"LambdaFunctionConfigurations": [
            {"LambdaFunctionArn": arn, "Events": ["s3:ObjectCreated:*"],
             "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "in/"}]}}}]})

    s3.put_object(Bucket="uploads-bucket", Key="out/skipped.txt", Body=b"no")
    s3.put_object(Bucket="uploads-bucket", Key="in/report.txt", Body=b"hello")

    [event] = moto.wait("on-upload")
    time.sleep(0.2)
    assert len(moto.events["on-upload"]) == 1  # the prefix filter held
    [record] = event["Records"]
    assert record["eventSource"] == "aws:s3"
    assert record["eventName"] == "ObjectCreated:Put"
    assert record["s3"]["bucket"]["name"] == "uploads-bucket"
    assert record["s3"]["object"]["size"] == 5
    # moto quotes the key with quote_plus ("/" too); unquote_plus gives it back, as on AWS.
    assert record["s3"]["object"]["key"] == "in%2Freport.txt"


def test_put_object_answers_before_the_upload_handler_ends(moto: Recorder) -> None:
    release = threading.Event()
    moto.add("slow-upload", lambda event: release.wait(10))
    arn = _function("slow-upload")
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="slow-bucket", CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_bucket_notification_configuration(
        Bucket="slow-bucket", NotificationConfiguration={"LambdaFunctionConfigurations": [
            {"LambdaFunctionArn": arn, "Events": ["s3:ObjectCreated:*"]}]})
    started = time.monotonic()
    s3.put_object(Bucket="slow-bucket", Key="a.txt", Body=b"a")
    assert time.monotonic() - started < 5
    moto.wait("slow-upload")
    release.set()


# --------------------------------------------------------------------------- Step Functions


def _run_machine(definition: dict[str, Any], given: dict[str, Any]) -> tuple[Any, str]:
    role = boto3.client("iam").create_role(RoleName="sm-role",
                                           AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    sfn = boto3.client("stepfunctions")
    machine = sfn.create_state_machine(name="flow", definition=json.dumps(definition),
                                       roleArn=role)["stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=machine, input=json.dumps(given))
    return sfn, execution["executionArn"]


def _finished(sfn: Any, execution: str) -> dict[str, Any]:
    def done() -> Any:
        described = sfn.describe_execution(executionArn=execution)
        return described if described["status"] != "RUNNING" else None

    described = _wait_until(done)
    assert described, "the execution did not finish"
    return dict(described)


def test_lambda_tasks_of_both_resource_forms_run_their_handlers(moto: Recorder) -> None:
    moto.add("step-one", lambda event: {**event, "one": True})
    moto.add("step-two", lambda event: {**event, "two": True})
    one, two = _function("step-one"), _function("step-two")
    sfn, execution = _run_machine({"StartAt": "One", "States": {
        "One": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": one, "Payload.$": "$"},
                "OutputPath": "$.Payload", "Next": "Two"},
        "Two": {"Type": "Task", "Resource": two, "End": True}}}, {"start": 1})

    described = _finished(sfn, execution)
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {"start": 1, "one": True, "two": True}
    assert moto.events["step-one"] == [{"start": 1}]
    assert moto.events["step-two"] == [{"start": 1, "one": True}]


def test_a_callback_task_gets_its_token_and_resumes_on_send_task_success(moto: Recorder,
                                                                         ) -> None:
    moto.add("ask-approval", lambda event: None)
    arn = _function("ask-approval")
    sfn, execution = _run_machine({"StartAt": "Wait", "States": {
        "Wait": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                 "Parameters": {"FunctionName": arn,
                                "Payload": {"taskToken.$": "$$.Task.Token", "input.$": "$"}},
                 "End": True}}}, {"campaign": "c-1"})

    [event] = moto.wait("ask-approval")
    assert event["input"] == {"campaign": "c-1"}
    assert sfn.describe_execution(executionArn=execution)["status"] == "RUNNING"
    sfn.send_task_success(taskToken=event["taskToken"], output=json.dumps({"approved": True}))

    described = _finished(sfn, execution)
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {"approved": True}


def test_send_task_failure_fails_a_waiting_callback_task(moto: Recorder) -> None:
    moto.add("ask", lambda event: None)
    arn = _function("ask")
    sfn, execution = _run_machine({"StartAt": "Wait", "States": {
        "Wait": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                 "Parameters": {"FunctionName": arn, "Payload": {"taskToken.$": "$$.Task.Token"}},
                 "End": True}}}, {})
    [event] = moto.wait("ask")
    sfn.send_task_failure(taskToken=event["taskToken"], error="Rejected", cause="by the owner")
    described = _finished(sfn, execution)
    assert described["status"] == "FAILED"
    assert described["error"] == "Rejected"


def test_a_failing_task_handler_fails_the_execution_with_its_error_type(moto: Recorder) -> None:
    def fail(event: dict[str, Any]) -> Any:
        raise HandlerError("PaymentDeclined", "card refused")

    moto.add("charge", fail)
    arn = _function("charge")
    sfn, execution = _run_machine({"StartAt": "Charge", "States": {
        "Charge": {"Type": "Task", "Resource": arn, "End": True}}}, {})

    described = _finished(sfn, execution)
    assert described["status"] == "FAILED"
    assert described["error"] == "PaymentDeclined"


def test_a_catch_on_the_handlers_error_type_takes_over(moto: Recorder) -> None:
    def fail(event: dict[str, Any]) -> Any:
        raise HandlerError("PaymentDeclined", "card refused")

    moto.add("charge-caught", fail)
    arn = _function("charge-caught")
    sfn, execution = _run_machine({"StartAt": "Charge", "States": {
        "Charge": {"Type": "Task", "Resource": arn, "End": True, "Catch": [
            {"ErrorEquals": ["PaymentDeclined"], "Next": "Declined"}]},
        "Declined": {"Type": "Pass", "Result": {"declined": True}, "End": True}}}, {})
    described = _finished(sfn, execution)
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {"declined": True}


# --------------------------------------------------------------------------- moto server


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    from tests.support.moto_server import start_moto

    endpoint, stop = start_moto()  # applies the emulator's patches before this invoker
    try:
        yield endpoint
    finally:
        stop()


@pytest.fixture
def on_server(server: str, aws_env: None, recorder: Recorder) -> Iterator[tuple[str, Recorder]]:
    from tests.support.moto_server import reset_moto

    reset_moto(server)
    _execute_state_machines(server, True)
    try:
        yield server, recorder
    finally:
        # moto's config is process-wide (the server runs in this process): a later
        # mock_aws test of this worker must find Step Functions as moto ships it.
        _execute_state_machines(server, False)


def _execute_state_machines(server: str, on: bool) -> None:
    request = urllib.request.Request(
        f"{server}/moto-api/config", method="POST", headers={"Content-Type": "application/json"},
        data=json.dumps({"stepfunctions": {"execute_state_machine": on}}).encode())
    with urllib.request.urlopen(request, timeout=10):
        pass


def test_on_moto_server_an_invoke_and_a_presigned_upload_run_handlers(
        on_server: tuple[str, Recorder]) -> None:
    endpoint, found = on_server
    found.add("api", lambda event: {"statusCode": 201})
    found.add("uploaded")
    _function("api", endpoint)
    upload_arn = _function("uploaded", endpoint)
    client = boto3.client("lambda", region_name=REGION, endpoint_url=endpoint)
    answer = client.invoke(FunctionName="api", Payload=b"{}")
    assert json.loads(answer["Payload"].read()) == {"statusCode": 201}

    s3 = boto3.client("s3", region_name=REGION, endpoint_url=endpoint)
    s3.create_bucket(Bucket="server-uploads",
                     CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_bucket_notification_configuration(
        Bucket="server-uploads", NotificationConfiguration={"LambdaFunctionConfigurations": [
            {"LambdaFunctionArn": upload_arn, "Events": ["s3:ObjectCreated:*"]}]})
    url = s3.generate_presigned_url("put_object", Params={"Bucket": "server-uploads",
                                                          "Key": "a.txt"})
    with urllib.request.urlopen(urllib.request.Request(url, data=b"abc", method="PUT"),
                                timeout=10) as response:
        assert response.status == 200
    [event] = found.wait("uploaded")
    assert event["Records"][0]["s3"]["object"]["key"] == "a.txt"


def test_on_moto_server_events_reach_lambda_targets_over_the_emulators_patch(
        on_server: tuple[str, Recorder]) -> None:
    endpoint, found = on_server
    found.add("subscriber")
    arn = _function("subscriber", endpoint)
    events = boto3.client("events", region_name=REGION, endpoint_url=endpoint)
    events.put_rule(Name="r", EventPattern=json.dumps({"source": ["app.s"]}))
    events.put_targets(Rule="r", Targets=[{"Id": "fn", "Arn": arn}])
    events.put_events(Entries=[{"Source": "app.s", "DetailType": "D", "Detail": "{}"}])
    assert found.wait("subscriber")[0]["detail-type"] == "D"


def test_on_moto_server_a_task_calls_its_handler_through_the_server(
        on_server: tuple[str, Recorder]) -> None:
    endpoint, found = on_server
    found.add("server-step", lambda event: {"seen": event})
    arn = _function("server-step", endpoint)
    iam = boto3.client("iam", region_name=REGION, endpoint_url=endpoint)
    role = iam.get_role(RoleName="fn-role")["Role"]["Arn"]
    sfn = boto3.client("stepfunctions", region_name=REGION, endpoint_url=endpoint)
    machine = sfn.create_state_machine(name="server-flow", roleArn=role, definition=json.dumps(
        {"StartAt": "S", "States": {"S": {"Type": "Task", "Resource": arn, "End": True}}}))
    execution = sfn.start_execution(stateMachineArn=machine["stateMachineArn"],
                                    input='{"k": 1}')["executionArn"]
    described = _finished(sfn, execution)
    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"]) == {"seen": {"k": 1}}

