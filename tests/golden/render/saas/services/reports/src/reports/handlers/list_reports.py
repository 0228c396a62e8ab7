# This file belongs to you: scaffold created it once and will never overwrite it.
"""listReports: GET /reports (route).

Validates its input and answers it back as JSON: replace the echo with your logic.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from reports.generated.http import (
    HttpError,
    json_response,
    user_id,
)
from reports.generated.powertools import logger, metrics, tracer

ROUTE = "GET /reports"


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=APIGatewayProxyEventV2)
def handler(event: APIGatewayProxyEventV2, context: LambdaContext) -> dict[str, Any]:
    """Answer GET /reports."""
    try:
        params: dict[str, str] = {}
        body: dict[str, Any] = {}
    except HttpError as error:
        return error.response()
    values = {**body, **params}
    logger.info("handled request", extra={"route": ROUTE, "user": user_id(event)})
    return json_response(200, {"route": ROUTE, "user": user_id(event), "input": values})
