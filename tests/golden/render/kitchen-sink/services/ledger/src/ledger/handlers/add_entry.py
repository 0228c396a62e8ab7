# This file belongs to you: scaffold created it once and will never overwrite it.
"""addEntry: POST /entries (route).

Validates the JSON body and stores it as an item of table entries.
"""

from __future__ import annotations

import uuid
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
    parse_json_body,
    user_id,
)
from ledger.generated.powertools import logger, metrics, tracer

ROUTE = "POST /entries"
KEY = "entryId"
OWNER = "ownerId"  # the caller's Cognito sub (the table's `owner`)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=APIGatewayProxyEventV2)
def handler(event: APIGatewayProxyEventV2, context: LambdaContext) -> dict[str, Any]:
    """Answer POST /entries: store the body, answer the stored item."""
    try:
        item: dict[str, Any] = parse_json_body(event)
        item[KEY] = str(uuid.uuid4())
        owner = user_id(event)
        if owner is None:
            raise HttpError(401, "the caller has no user id")
        item[OWNER] = owner  # the caller's identity, whatever owner the body claims
    except HttpError as error:
        return error.response()
    table(env.table_entries()).put_item(Item=item)
    logger.info("stored item", extra={"key": item[KEY]})
    metrics.add_metric(name="ItemsStored", unit=MetricUnit.Count, value=1)
    return json_response(201, item)
