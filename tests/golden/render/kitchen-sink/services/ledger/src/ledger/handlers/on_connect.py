# This file belongs to you: scaffold created it once and will never overwrite it.
"""onConnect: WebSocket $connect; remembers the connection id.

The browser connects with ``?token=<Cognito access token>``; ``verified_user`` checks it
with Cognito (``GetUser``) and requires an access token of the app's own client;
connections without one are refused (401).
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import APIGatewayWebSocketEvent, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from ledger.generated.connections import save_connection, verified_user
from ledger.generated.powertools import logger, metrics, tracer


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=APIGatewayWebSocketEvent)
def handler(event: APIGatewayWebSocketEvent, context: LambdaContext) -> dict[str, Any]:
    """Accept (200) or refuse (401) a new connection."""
    connection_id = event.request_context.connection_id
    user = verified_user(event.query_string_parameters.get("token"))
    if user is None:
        logger.info("refused connection", extra={"connection_id": connection_id})
        return {"statusCode": 401}
    save_connection(connection_id, user)
    logger.info("connected", extra={"connection_id": connection_id})
    metrics.add_metric(name="Connections", unit=MetricUnit.Count, value=1)
    return {"statusCode": 200}
