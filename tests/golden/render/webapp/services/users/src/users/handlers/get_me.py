# This file belongs to you: scaffold created it once and will never overwrite it.
"""getMe: GET /me (route).

Answers a page of items of table profiles (``?limit=`` 1-100).
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from users.generated import env
from users.generated.aws import table
from users.generated.http import (
    HttpError,
    json_response,
    query_int,
)
from users.generated.powertools import logger, metrics, tracer

ROUTE = "GET /me"
KEY = "userId"


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=APIGatewayProxyEventV2)
def handler(event: APIGatewayProxyEventV2, context: LambdaContext) -> dict[str, Any]:
    """Answer GET /me with JSON."""
    try:
        limit = query_int(event, "limit", default=25, minimum=1, maximum=100)
        page = table(env.table_profiles()).scan(Limit=limit)
        items = page.get("Items", [])
        logger.debug("listed items", extra={"count": len(items)})
        return json_response(200, {"items": items})
    except HttpError as error:
        return error.response()
