# This file belongs to you: scaffold created it once and will never overwrite it.
"""putEntry: PUT /orgs/{org}/entries/{entryId} (route).

Validates the JSON body and stores it as an item of table entries,
then publishes LedgerClosed.
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
    parse_json_body,
    path_parameter,
)
from ledger.generated.powertools import logger, metrics, tracer
from ledger.generated.publish import publish

ROUTE = "PUT /orgs/{org}/entries/{entryId}"
KEY = "entryId"


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=APIGatewayProxyEventV2)
def handler(event: APIGatewayProxyEventV2, context: LambdaContext) -> dict[str, Any]:
    """Answer PUT /orgs/{org}/entries/{entryId}: store the body, answer the stored item."""
    try:
        item: dict[str, Any] = parse_json_body(event)
        item[KEY] = key_value(path_parameter(event, "entryId"), "S", KEY)
    except HttpError as error:
        return error.response()
    table(env.table_entries()).put_item(Item=item)
    logger.info("stored item", extra={"key": item[KEY]})
    metrics.add_metric(name="ItemsStored", unit=MetricUnit.Count, value=1)
    # Fields missing from item are sent empty: map them from your data.
    publish("LedgerClosed", {
        "ledgerId": str(item.get("ledgerId", '')),
        "total": float(item.get("total", 0)),
    })
    return json_response(200, item)
