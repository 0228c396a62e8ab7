# This file belongs to you: scaffold created it once and will never overwrite it.
"""onSubscribe: WebSocket route subscribe; handles one message from a browser."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.data_classes import APIGatewayWebSocketEvent, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from ledger.generated.connections import TOPIC_MAX_LENGTH, subscribe
from ledger.generated.powertools import logger, metrics, tracer

ROUTE = "subscribe"


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=APIGatewayWebSocketEvent)
def handler(event: APIGatewayWebSocketEvent, context: LambdaContext) -> dict[str, Any]:
    """Handle a message; a body that is not a JSON object is refused (400)."""
    connection_id = event.request_context.connection_id
    try:
        message = json.loads(event.decoded_body or "")
    except ValueError:
        message = None
    if not isinstance(message, dict):
        return {"statusCode": 400, "body": "messages are JSON objects"}
    logger.info("message", extra={"route": ROUTE, "connection_id": connection_id,
                                  "fields": sorted(message)})
    # {"action": ROUTE, "topic": "campaign/42"}: push_to_topic("campaign/42", ...) then reaches
    # this browser until it closes; connections.unsubscribe(connection_id, topic) stops it.
    topic = message.get("topic")
    if not isinstance(topic, str) or not topic or len(topic) > TOPIC_MAX_LENGTH:
        error = "topic must be a non-empty string"
        return {"statusCode": 400, "body": json.dumps({"ok": False, "error": error})}

    def may_follow(user_id: str | None) -> bool:
        # Decide here whether this user (the Cognito sub stored on $connect) may follow
        # `topic`, e.g. read the campaign and compare its owner; refusing stores nothing.
        logger.info("subscribing", extra={"user_id": user_id, "topic": topic})
        return True

    subscribed = subscribe(connection_id, topic, may_follow)
    if subscribed != "subscribed":
        error = f"subscription {subscribed}"
        return {"statusCode": 400, "body": json.dumps({"ok": False, "error": error})}
    return {"statusCode": 200}
