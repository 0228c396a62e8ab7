"""Dev loop: run the user's handler, in-process, whenever the embedded moto invokes a function.

moto 5.2.5 runs Lambda code in Docker (absent here) or not at all. ``install_local_invoker``
patches moto so that every invocation of a function for which ``resolve(function_name)``
returns a callable runs ``callable(event)`` and uses its result; for a ``None`` from
``resolve`` moto's own behaviour is kept. Per invocation path (all checked by
``tests/dev/test_invoker.py``):

* **Invoke API** (``LambdaFunction.invoke``, which every path below reaches):
  ``RequestResponse`` runs the handler in the request and answers its JSON-encoded result;
  ``Event`` answers 202 at once and runs the handler on a daemon thread (as AWS does);
  ``DryRun`` runs nothing. A raised exception becomes ``FunctionError: Unhandled`` with
  AWS's error payload (``errorMessage``, ``errorType``, ``stackTrace``); raise
  :class:`HandlerError` to hand over a runtime's own error type and stack. A failed
  ``Event`` invocation goes to the function's ``OnFailure`` destination
  (PutFunctionEventInvokeConfig; SQS, SNS, Lambda or EventBridge) in AWS's record
  shape: moto itself sends async failures nowhere and ignores ``DeadLetterConfig``.
  With ``mock_aws(config={"lambda": {"use_docker": False}})`` moto's simple backend
  answers Invoke without calling the function: patched to run resolved handlers too.
* **EventBridge rule -> Lambda target**: moto 5.2.5 raises NotImplementedError for a Lambda
  target (HTTP 500 on PutEvents). ``Rule.send_to_targets`` is wrapped: Lambda targets of
  an enabled rule whose pattern matches get the event (``Input``, ``InputPath`` or
  ``InputTransformer`` applied; ``time`` as ISO 8601, moto's ``ingestion-time`` removed),
  every other target is handed to the wrapped method. Install this *after* any other
  wrapper of ``send_to_targets`` (the emulator's patches): a later wrapper that drops
  Lambda targets would hide them from this one.
* **DynamoDB stream -> event source mapping**: moto calls the function inside PutItem (and
  the other writes) with every record since the last delivery, so a handler that writes
  its own table would get its in-flight records again, without end. For resolved
  functions ``LambdaBackend.send_dynamodb_items`` hands the records to one daemon worker
  per mapping instead: in order, batched up to ``BatchSize``, after the write answered.
  A function error (or, with ``ReportBatchItemFailures``, a reported item) is retried
  ``MaximumRetryAttempts`` times (2 when unset: AWS's default -1 would retry for a day),
  from the first failed record, then goes to the mapping's ``OnFailure`` destination
  with AWS's ``DDBStreamBatchInfo`` record, or is dropped. No bisect.
* **SQS -> event source mapping**: moto receives a batch inside SendMessage (it has no
  poller) and calls the function once per message, not once per batch. Its record carries
  fixed attributes and no message attributes: ``LambdaBackend._send_sqs_message`` is
  replaced (for resolved functions) by one with the message's own ids, timestamps,
  receive count, MD5s and message attributes, which also honours a mapping's
  ``ReportBatchItemFailures``. On a function error or a reported failure moto makes the
  batch visible again; it is received again only when the next message is sent, and the
  queue's redrive policy moves it to its DLQ after ``maxReceiveCount`` receives.
* **S3 notification -> Lambda**: moto calls the function inside PutObject (also through a
  presigned URL) with its own record shape (no ``userIdentity``, ``requestParameters``,
  ``responseElements`` or ``sequencer``; the key quoted with ``quote_plus``, ``/`` too).
  ``moto.s3.notifications._invoke_awslambda`` is replaced by an ``Event`` invocation, so
  PutObject answers at once and a failure goes to the function's ``OnFailure``.
* **Step Functions Lambda task** (``arn:aws:states:::lambda:invoke``, ``...:invoke
  .waitForTaskToken`` and the bare function ARN): only when moto's execution simulation
  is on (``{"stepfunctions": {"execute_state_machine": True}}`` in moto's config, or
  ``POST /moto-api/config`` on a server). Its interpreter calls Invoke through boto3 (the
  server at ``localhost:$MOTO_PORT``, or the ``mock_aws`` stubber), so tasks reach the
  handler like the Invoke API; a callback task gets its token in the payload and resumes
  on SendTaskSuccess / SendTaskFailure. A handler's error fails the task with the error
  type as ``Error`` (Retry/Catch apply).

Other paths moto 5.2.5 sends through ``LambdaFunction.invoke`` reach the handler the same
way, synchronously, with moto's event builders and untested here: SNS subscriptions,
Kinesis mappings, CloudWatch Logs subscription filters, Secrets Manager rotation. Never
invoked by moto, so not possible through this module: schedule rules (moto has no clock;
run the handler with a sample event), Cognito user pool triggers (moto's cognito-idp calls
no Lambda), API Gateway integrations (the dev HTTP and WebSocket gateways call handlers
themselves) and Lambda function URLs.

A ``RequestResponse`` invocation, an SQS batch and a Step Functions task run the handler in
the moto request that caused them (the caller waits, as on AWS); ``Event`` invocations
(EventBridge, S3, the Invoke API) and stream batches run on daemon threads.
"""

from __future__ import annotations

import base64
import contextlib
import json
import queue
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from scaffold.dev.moto_patches import MOTO_VERSION, MotoVersionError, check_moto_version

__all__ = ["MOTO_VERSION", "Handler", "HandlerError", "MotoVersionError", "Resolver",
           "install_local_invoker"]


Handler = Callable[[dict[str, Any]], Any]
"""Runs a function's handler on one event and returns its JSON-ready result."""
Resolver = Callable[[str], Handler | None]
"""Maps a function name (never an ARN) to its handler, or ``None`` for moto's behaviour."""


class HandlerError(Exception):
    """A handler failed; carries the runtime's own error type and stack trace.

    Args:
        error_type: The ``errorType`` AWS reports (``TypeError``, ``Error``...).
        message: The ``errorMessage``.
        stack_trace: The ``stackTrace`` lines, outermost first.
    """

    def __init__(self, error_type: str, message: str, stack_trace: list[str] | None = None,
                 ) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.stack_trace = list(stack_trace or [])


_lock = threading.Lock()
_active: list[object] = []  # the token of the one live installation, if any


def _live(token: object) -> bool:
    return bool(_active) and _active[0] is token


def _check_version() -> None:
    check_moto_version("scaffold/dev/invoker.py", "tests/dev/test_invoker.py")


def _header(headers: Any, name: str) -> str | None:
    """A request header, whatever the case of its name (moto passes several dict types)."""
    if not headers:
        return None
    for key in (name, name.lower(), name.title()):
        value = headers.get(key)
        if value is not None:
            return str(value)
    lowered = name.lower()
    for key, value in dict(headers).items():
        if str(key).lower() == lowered:
            return str(value)
    return None


def _error_payload(exc: BaseException) -> dict[str, Any]:
    """The payload AWS answers for an unhandled error of the function."""
    if isinstance(exc, HandlerError):
        return {"errorMessage": exc.message, "errorType": exc.error_type,
                "stackTrace": exc.stack_trace}
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename != __file__]
    stack = traceback.format_list(frames)
    return {"errorMessage": str(exc), "errorType": type(exc).__name__,
            "stackTrace": [line.rstrip("\n") for line in stack]}


def _run(handler: Handler, event: Any) -> tuple[bytes, dict[str, Any] | None]:
    """Run the handler: (JSON payload, error payload or None)."""
    try:
        result = handler(event)
    except Exception as exc:  # noqa: BLE001 - any handler failure is a function error
        error = _error_payload(exc)
        return json.dumps(error).encode(), error
    return json.dumps(result, default=str).encode(), None


def _parse_event(body: Any) -> Any:
    if isinstance(body, bytes | bytearray):
        body = body.decode()
    if not body:
        return {}
    if isinstance(body, str):
        return json.loads(body)
    return body


def _iso_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _deliver(destination: str, record: dict[str, Any], function_arn: str) -> None:
    """Send a failure record to an SQS, SNS, Lambda or EventBridge destination."""
    body = json.dumps(record, default=str)
    service, region, account = destination.split(":")[2:5]
    if service == "sqs":
        from moto.sqs.models import sqs_backends

        sqs_backends[account][region].send_message(destination.split(":", 5)[5], body)
    elif service == "sns":
        from moto.sns.models import sns_backends

        sns_backends[account][region].publish(body, arn=destination)
    elif service == "lambda":
        from moto.awslambda.utils import get_backend

        get_backend(account, region).invoke(destination, None, body,
                                            {"x-amz-invocation-type": "Event"}, {})
    elif service == "events":
        from moto.events.models import events_backends

        events_backends[account][region].put_events([{
            "Source": "lambda", "DetailType": "Lambda Function Invocation Result - Failure",
            "Detail": body, "EventBusName": destination, "Resources": [function_arn]}])


def _failure_context(fn: Any, attempts: int, condition: str) -> dict[str, Any]:
    return {
        "version": "1.0", "timestamp": _iso_now(),
        "requestContext": {"requestId": str(uuid.uuid4()),
                           "functionArn": f"{fn.function_arn}:$LATEST",
                           "condition": condition, "approximateInvokeCount": attempts},
        "responseContext": {"statusCode": 200, "executedVersion": "$LATEST",
                            "functionError": "Unhandled"},
    }


def _send_on_failure(fn: Any, event: Any, error: dict[str, Any]) -> None:
    """Deliver a failed async invocation to the function's OnFailure destination, if any."""
    destination = ""
    for config in getattr(fn, "event_invoke_config", []) or []:
        on_failure = (config.config.get("DestinationConfig") or {}).get("OnFailure") or {}
        destination = on_failure.get("Destination") or destination
    if destination:
        record = {**_failure_context(fn, 1, "RetriesExhausted"), "requestPayload": event,
                  "responsePayload": error}
        _deliver(destination, record, fn.function_arn)


def _patch_function_invoke(resolve: Resolver, token: object,
                           undo: list[Callable[[], None]]) -> None:
    from moto.awslambda.models import LambdaFunction

    original = LambdaFunction.invoke

    def invoke(self: Any, body: Any, request_headers: Any, response_headers: Any,
               ) -> str | bytes:
        handler = resolve(self.function_name) if _live(token) else None
        if handler is None:
            return original(self, body, request_headers, response_headers)
        invocation_type = _header(request_headers, "X-Amz-Invocation-Type") or "RequestResponse"
        if invocation_type == "DryRun":
            return b""
        event = _parse_event(body)
        if invocation_type == "Event":
            def run_async() -> None:
                _, error = _run(handler, event)
                if error is not None:
                    _send_on_failure(self, event, error)

            threading.Thread(target=run_async, name=f"invoke-{self.function_name}",
                             daemon=True).start()
            return b""
        payload, error = _run(handler, event)
        if error is not None:
            response_headers["x-amz-function-error"] = "Unhandled"
        response_headers["x-amz-executed-version"] = str(self.version)
        response_headers["x-amz-log-result"] = base64.b64encode(b"").decode()
        return payload

    invoke.__wrapped__ = original  # type: ignore[attr-defined]
    LambdaFunction.invoke = invoke  # type: ignore[method-assign]
    undo.append(lambda: _restore(LambdaFunction, "invoke", invoke, original))


def _patch_simple_backend(resolve: Resolver, token: object,
                          undo: list[Callable[[], None]]) -> None:
    from moto.awslambda_simple.models import LambdaSimpleBackend

    original = LambdaSimpleBackend.invoke

    def invoke(self: Any, function_name: str, qualifier: str | None, body: Any, headers: Any,
               response_headers: Any) -> str | bytes | None:
        fn = self.get_function(function_name, qualifier)
        if not _live(token) or resolve(fn.function_name) is None:
            return original(self, function_name, qualifier, body, headers, response_headers)
        payload = fn.invoke(body, headers, response_headers)
        response_headers["Content-Length"] = str(len(payload))
        return payload  # type: ignore[no-any-return]

    LambdaSimpleBackend.invoke = invoke  # type: ignore[method-assign]
    undo.append(lambda: _restore(LambdaSimpleBackend, "invoke", invoke, original))


def _sqs_record(message: Any, queue_arn: str, region: str) -> dict[str, Any]:
    """The record Lambda hands a function for one SQS message (moto's carries fixed values)."""
    attributes = {
        "ApproximateReceiveCount": str(message.approximate_receive_count),
        "SentTimestamp": str(message.sent_timestamp),
        "SenderId": str(message.sender_id),
        "ApproximateFirstReceiveTimestamp": str(message.approximate_first_receive_timestamp),
    }
    if queue_arn.endswith(".fifo"):
        attributes.update(MessageGroupId=str(message.group_id),
                          MessageDeduplicationId=str(message.deduplication_id),
                          SequenceNumber=str(message.sequence_number))
    stored = _stored(message, queue_arn)
    message_attributes = {}
    for name, value in stored.message_attributes.items():
        shaped: dict[str, Any] = {"stringListValues": [], "binaryListValues": [],
                                  "dataType": value.get("DataType", "String")}
        if "StringValue" in value:
            shaped["stringValue"] = value["StringValue"]
        if "BinaryValue" in value:
            binary = value["BinaryValue"]
            shaped["binaryValue"] = binary if isinstance(binary, str) \
                else base64.b64encode(binary).decode()
        message_attributes[name] = shaped
    record = {"messageId": message.id, "receiptHandle": message.receipt_handle,
              "body": message.body, "attributes": attributes,
              "messageAttributes": message_attributes, "md5OfBody": message.body_md5,
              "eventSource": "aws:sqs", "eventSourceARN": queue_arn, "awsRegion": region}
    if message_attributes:
        record["md5OfMessageAttributes"] = stored.attribute_md5
    return record


def _stored(message: Any, queue_arn: str) -> Any:
    """The queue's own message: moto's mapping receives a copy without message attributes."""
    from moto.sqs.models import sqs_backends

    region, account, name = queue_arn.split(":")[3:6]
    source = sqs_backends[account][region].queues.get(name)
    found = [m for m in getattr(source, "_messages", []) if m.id == message.id]
    return found[0] if found else message


def _patch_sqs_records(resolve: Resolver, token: object,
                       undo: list[Callable[[], None]]) -> None:
    from moto.awslambda.models import LambdaBackend

    original = LambdaBackend._send_sqs_message

    def send_sqs_message(self: Any, function_arn: str, message: Any, queue_arn: str) -> bool:
        fn = self.get_function(function_arn)
        if not _live(token) or resolve(fn.function_name) is None:
            return original(self, function_arn, message, queue_arn)
        event = {"Records": [_sqs_record(message, queue_arn, self.region_name)]}
        response_headers: dict[str, Any] = {}
        payload = fn.invoke(json.dumps(event), {}, response_headers)
        if "x-amz-function-error" in response_headers:
            return False
        reports = any("ReportBatchItemFailures" in (esm.function_response_types or [])
                      for esm in self._event_source_mappings.values()
                      if esm.event_source_arn == queue_arn
                      and esm.function_arn == fn.function_arn)
        try:
            result = json.loads(payload)
        except ValueError:
            return True
        failures = result.get("batchItemFailures") if isinstance(result, dict) else None
        return not (reports and failures)

    LambdaBackend._send_sqs_message = send_sqs_message  # type: ignore[method-assign]
    undo.append(lambda: _restore(LambdaBackend, "_send_sqs_message", send_sqs_message,
                                 original))


_STREAM_RETRIES = 2  # dev default when a mapping sets no MaximumRetryAttempts (AWS: -1)


class _StreamWorker:
    """Delivers one stream mapping's records in order, off the writer's request (as AWS)."""

    def __init__(self, fn: Any, esm: Any, stream_arn: str) -> None:
        self.fn, self.esm, self.stream_arn = fn, esm, stream_arn
        self.records: queue.Queue[list[dict[str, Any]] | None] = queue.Queue()
        threading.Thread(target=self._loop, name=f"stream-{fn.function_name}",
                         daemon=True).start()

    def _loop(self) -> None:
        while (batch := self.records.get()) is not None:
            limit = int(getattr(self.esm, "batch_size", None) or 100)
            while len(batch) < limit and not self.records.empty():
                more = self.records.get()
                if more is None:
                    self._deliver(batch)
                    return
                batch += more
            self._deliver(batch)

    def _deliver(self, batch: list[dict[str, Any]]) -> None:
        configured = getattr(self.esm, "max_retry_attempts", None)
        retries = int(configured) if configured is not None and int(configured) >= 0 \
            else _STREAM_RETRIES
        reports = "ReportBatchItemFailures" in (
            getattr(self.esm, "function_response_types", None) or [])
        for attempt in range(1, retries + 2):
            headers: dict[str, Any] = {}
            payload = self.fn.invoke(json.dumps({"Records": batch}), {}, headers)
            if "x-amz-function-error" not in headers:
                failed = _reported_failures(payload) if reports else []
                sequence = [r["dynamodb"].get("SequenceNumber") for r in batch]
                if not failed or failed[0] not in sequence:
                    return
                batch = batch[sequence.index(failed[0]):]  # retry from the first failure
            if attempt <= retries:
                time.sleep(min(0.05 * 2 ** attempt, 1.0))
        self._give_up(batch, retries + 1)

    def _give_up(self, batch: list[dict[str, Any]], attempts: int) -> None:
        config = getattr(self.esm, "destination_config", None) or {}
        destination = (config.get("OnFailure") or {}).get("Destination")
        if not destination:
            return  # AWS too drops the batch without an on-failure destination
        first, last = batch[0]["dynamodb"], batch[-1]["dynamodb"]
        record = {**_failure_context(self.fn, attempts, "RetryAttemptsExhausted"),
                  "DDBStreamBatchInfo": {
                      "shardId": "shardId-00000001541626099285-f35f62ef",
                      "startSequenceNumber": first.get("SequenceNumber"),
                      "endSequenceNumber": last.get("SequenceNumber"),
                      "approximateArrivalOfFirstRecord": _iso_from(
                          first.get("ApproximateCreationDateTime")),
                      "approximateArrivalOfLastRecord": _iso_from(
                          last.get("ApproximateCreationDateTime")),
                      "batchSize": len(batch), "streamArn": self.stream_arn}}
        _deliver(destination, record, self.fn.function_arn)


def _iso_from(epoch: Any) -> str:
    if isinstance(epoch, int | float):
        return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    return _iso_now()


def _reported_failures(payload: Any) -> list[str]:
    try:
        result = json.loads(payload)
    except (TypeError, ValueError):
        return []
    items = result.get("batchItemFailures") if isinstance(result, dict) else None
    return [str(i.get("itemIdentifier")) for i in items or [] if isinstance(i, dict)]


def _stream_record(item: Any, region: str, stream_arn: str) -> dict[str, Any]:
    """One record of a DynamoDB stream event, as moto's own builder makes it."""
    record = item.to_json()
    dynamodb = dict(record["dynamodb"])
    created = dynamodb.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        dynamodb["ApproximateCreationDateTime"] = created.replace(tzinfo=UTC).timestamp()
    return {"eventID": record["eventID"], "eventName": record["eventName"],
            "eventVersion": "1.1", "eventSource": "aws:dynamodb", "awsRegion": region,
            "dynamodb": dynamodb, "eventSourceARN": stream_arn}


def _patch_stream_delivery(resolve: Resolver, token: object,
                           undo: list[Callable[[], None]]) -> None:
    from moto.awslambda.models import LambdaBackend

    original = LambdaBackend.send_dynamodb_items
    workers: dict[str, _StreamWorker] = {}

    def send_dynamodb_items(self: Any, function_arn: str, items: list[Any], source: str,
                            ) -> str | bytes:
        fn = self._lambdas.get_arn(function_arn)
        if fn is None or not _live(token) or resolve(fn.function_name) is None:
            return original(self, function_arn, items, source)
        esm = next((m for m in self._event_source_mappings.values()
                    if m.event_source_arn == source and m.function_arn == fn.function_arn),
                   None)
        key = esm.uuid if esm is not None else f"{function_arn} {source}"
        with _lock:
            worker = workers.get(key)
            if worker is None or worker.fn is not fn:
                worker = workers[key] = _StreamWorker(fn, esm, source)
        worker.records.put([_stream_record(i, self.region_name, source) for i in items])
        return b"queued"  # truthy: moto forgets the records, as a shard iterator moves on

    def stop() -> None:
        for worker in workers.values():
            worker.records.put(None)
        _restore(LambdaBackend, "send_dynamodb_items", send_dynamodb_items, original)

    LambdaBackend.send_dynamodb_items = send_dynamodb_items  # type: ignore[method-assign]
    undo.append(stop)


def _patch_s3_notifications(token: object, undo: list[Callable[[], None]]) -> None:
    from moto.s3 import notifications

    original = notifications._invoke_awslambda

    def invoke_awslambda(account_id: str, event_body: Any, fn_arn: str, region_name: str,
                         ) -> None:
        if not _live(token):
            original(account_id, event_body, fn_arn, region_name)
            return
        from moto.awslambda.utils import get_backend

        # S3 invokes asynchronously: PutObject answers before the handler ends.
        with contextlib.suppress(Exception):  # moto's own path swallows errors too
            get_backend(account_id, region_name).invoke(
                fn_arn, None, json.dumps(event_body), {"x-amz-invocation-type": "Event"}, {})

    notifications._invoke_awslambda = invoke_awslambda

    def restore() -> None:
        if notifications._invoke_awslambda is invoke_awslambda:
            notifications._invoke_awslambda = original

    undo.append(restore)


def _event_time(value: Any) -> Any:
    """EventBridge delivers ``time`` as ISO 8601; moto keeps epoch seconds or a datetime."""
    if isinstance(value, int | float):
        value = datetime.fromtimestamp(value, UTC)
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value


def _target_input(target: dict[str, Any], event: dict[str, Any]) -> Any:
    """What EventBridge hands a target: the event, or its Input / InputPath / transform."""
    if target.get("Input"):
        return json.loads(target["Input"])
    if target.get("InputPath"):
        from jsonpath_ng.ext import parse  # type: ignore[import-untyped]

        found = parse(target["InputPath"]).find(event)
        return found[0].value if found else None
    if target.get("InputTransformer"):
        from moto.events.utils import EventTemplateParser

        transformer = target["InputTransformer"]
        return EventTemplateParser.parse(
            input_template=transformer.get("InputTemplate"),
            input_paths_map=transformer.get("InputPathsMap", {}), event=event)  # type: ignore[arg-type]
    return {key: value for key, value in event.items() if key != "ingestion-time"}


def _patch_event_targets(token: object, undo: list[Callable[[], None]]) -> None:
    import copy

    from moto.awslambda.utils import get_backend
    from moto.events.models import Rule
    from moto.utilities.arns import parse_arn

    original = Rule.send_to_targets

    def send_to_targets(self: Any, original_event: Any, transform_input: bool = True) -> None:
        if not _live(token):
            original(self, original_event, transform_input)
            return
        lambdas = [t for t in self.targets if parse_arn(t["Arn"]).service == "lambda"]
        others = [t for t in self.targets if t not in lambdas]
        if others:
            clone = copy.copy(self)
            clone.targets = others
            original(clone, original_event, transform_input)
        if not lambdas or self.state != "ENABLED" \
                or not self.event_pattern.matches_event(original_event):
            return
        event = {**original_event, "time": _event_time(original_event.get("time"))}
        for target in lambdas:
            payload = _target_input(target, event) if transform_input else event
            arn = parse_arn(target["Arn"])
            # EventBridge invokes a Lambda target asynchronously (InvocationType=Event).
            get_backend(arn.account, arn.region).invoke(
                target["Arn"], None, json.dumps(payload, default=str),
                {"x-amz-invocation-type": "Event"}, {})

    Rule.send_to_targets = send_to_targets  # type: ignore[method-assign]
    undo.append(lambda: _restore(Rule, "send_to_targets", send_to_targets, original))


def _restore(owner: type, name: str, ours: Any, original: Any) -> None:
    # Only undo our own wrapper: one installed on top of it keeps working, and ours passes
    # through once uninstalled (it checks its token with _live).
    if vars(owner).get(name) is ours:
        setattr(owner, name, original)


def install_local_invoker(resolve: Resolver) -> Callable[[], None]:
    """Make every Lambda invocation in this process's moto run ``resolve(name)(event)``.

    Args:
        resolve: Called with the function's name at each invocation; returns the callable
            that runs its handler on the event (its return value is the function's result,
            its exception a function error), or ``None`` to keep moto's behaviour.

    Returns:
        ``uninstall()``: restores moto (idempotent). Async invocations already running go on.

    Raises:
        MotoVersionError: moto is not version :data:`MOTO_VERSION`.
        RuntimeError: an invoker is installed already in this process.
    """
    with _lock:
        _check_version()
        if _active:
            raise RuntimeError("a local invoker is installed already; uninstall it first")
        token = object()
        undo: list[Callable[[], None]] = []
        _patch_function_invoke(resolve, token, undo)
        _patch_simple_backend(resolve, token, undo)
        _patch_event_targets(token, undo)
        _patch_sqs_records(resolve, token, undo)
        _patch_stream_delivery(resolve, token, undo)
        _patch_s3_notifications(token, undo)
        _active.append(token)

    def uninstall() -> None:
        with _lock:
            if not _live(token):
                return
            _active.clear()
            for step in reversed(undo):
                step()

    return uninstall
