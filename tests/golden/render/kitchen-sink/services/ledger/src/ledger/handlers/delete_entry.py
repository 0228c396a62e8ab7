# This file belongs to you: scaffold created it once and will never overwrite it.
"""deleteEntry: DELETE /orgs/{org}/entries/{id} (route).

Deletes the item of table entries named by the path; answers 204.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
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

ROUTE = "DELETE /orgs/{org}/entries/{id}"
KEY = "entryId"


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=APIGatewayProxyEventV2)
def handler(event: APIGatewayProxyEventV2, context: LambdaContext) -> dict[str, Any]:
    """Answer DELETE /orgs/{org}/entries/{id}: delete the item (deleting a missing item succeeds)."""
    try:
        key = {KEY: key_value(path_parameter(event, "id"), "S", KEY)}
    except HttpError as error:
        return error.response()
    table(env.table_entries()).delete_item(Key=key)
    logger.info("deleted item", extra={"key": key})
    metrics.add_metric(name="ItemsDeleted", unit=MetricUnit.Count, value=1)
    return json_response(204)
