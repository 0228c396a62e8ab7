# This file belongs to you: scaffold created it once and will never overwrite it.
"""onDisconnect: WebSocket $disconnect; forgets the connection id."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.data_classes import APIGatewayWebSocketEvent, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from ledger.generated.connections import delete_connection
from ledger.generated.powertools import logger, metrics, tracer


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=APIGatewayWebSocketEvent)
def handler(event: APIGatewayWebSocketEvent, context: LambdaContext) -> dict[str, Any]:
    """Forget the closed connection."""
    connection_id = event.request_context.connection_id
    delete_connection(connection_id)
    logger.info("disconnected", extra={"connection_id": connection_id})
    return {"statusCode": 200}
