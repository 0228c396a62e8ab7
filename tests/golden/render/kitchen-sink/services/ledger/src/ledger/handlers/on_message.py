# This file belongs to you: scaffold created it once and will never overwrite it.
"""onMessage: WebSocket route $default; handles one message from a browser."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.data_classes import APIGatewayWebSocketEvent, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from ledger.generated.powertools import logger, metrics, tracer

ROUTE = "$default"


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
    return {"statusCode": 200}
