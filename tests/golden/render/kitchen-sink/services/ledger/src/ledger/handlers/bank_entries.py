# This file belongs to you: scaffold created it once and will never overwrite it.
"""bankEntries: GET /bank/entries (route).

Answers a page of the caller's items of table entries (``?limit=`` 1-100): a Query by
their Cognito sub on index byOwner.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext
from boto3.dynamodb.conditions import Key

from ledger.generated import env
from ledger.generated.aws import table
from ledger.generated.http import (
    HttpError,
    json_response,
    query_int,
    user_id,
)
from ledger.generated.powertools import logger, metrics, tracer

ROUTE = "GET /bank/entries"
KEY = "entryId"
OWNER = "ownerId"  # the caller's Cognito sub (the table's `owner`)
OWNER_INDEX = "byOwner"


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=APIGatewayProxyEventV2)
def handler(event: APIGatewayProxyEventV2, context: LambdaContext) -> dict[str, Any]:
    """Answer GET /bank/entries with JSON."""
    try:
        owner = user_id(event)
        if owner is None:
            raise HttpError(401, "the caller has no user id")
        limit = query_int(event, "limit", default=25, minimum=1, maximum=100)
        page = table(env.table_entries()).query(
            IndexName=OWNER_INDEX,
            KeyConditionExpression=Key(OWNER).eq(owner), Limit=limit)
        items = page.get("Items", [])
        logger.debug("queried the caller's items", extra={"count": len(items)})
        return json_response(200, {"items": items})
    except HttpError as error:
        return error.response()
