# This file belongs to you: scaffold created it once and will never overwrite it.
"""getEntry: GET /orgs/{org}/entries/{entryId} (route).

Answers the item of table entries named by the path, or 404.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from ledger.generated import env
from ledger.generated.aws import table
from ledger.generated.http import (
    HttpError,
    json_response,
    key_value,
    path_parameter,
)
from ledger.generated.powertools import logger, metrics, tracer

ROUTE = "GET /orgs/{org}/entries/{entryId}"
KEY = "entryId"


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=APIGatewayProxyEventV2)
def handler(event: APIGatewayProxyEventV2, context: LambdaContext) -> dict[str, Any]:
    """Answer GET /orgs/{org}/entries/{entryId} with JSON."""
    try:
        key = {KEY: key_value(path_parameter(event, "entryId"), "S", KEY)}
        item = table(env.table_entries()).get_item(Key=key).get("Item")
        if item is None:
            raise HttpError(404, "not found")
        logger.debug("found item", extra={"key": key})
        return json_response(200, item)
    except HttpError as error:
        return error.response()
