# This file belongs to you: scaffold created it once and will never overwrite it.
"""listUsers: GET /users (route).

Lists the users of the Cognito user pool, a page at a time (``?limit=`` 1-60, ``?next=``).
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from users.generated import env
from users.generated.aws import client
from users.generated.http import (
    HttpError,
    json_response,
    query_int,
)
from users.generated.powertools import logger, metrics, tracer

ROUTE = "GET /users"


def _user(raw: dict[str, Any]) -> dict[str, Any]:
    attributes = {a["Name"]: a["Value"] for a in raw.get("Attributes", [])}
    return {"id": attributes.get("sub"), "username": raw["Username"],
            "email": attributes.get("email"), "status": raw.get("UserStatus"),
            "enabled": raw.get("Enabled", False)}


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=APIGatewayProxyEventV2)
def handler(event: APIGatewayProxyEventV2, context: LambdaContext) -> dict[str, Any]:
    """Answer GET /users with ``{"users": [...], "next": token or null}``."""
    try:
        limit = query_int(event, "limit", default=25, minimum=1, maximum=60)
    except HttpError as error:
        return error.response()
    request: dict[str, Any] = {"UserPoolId": env.user_pool_id(), "Limit": limit}
    token = (event.query_string_parameters or {}).get("next")
    if token:
        request["PaginationToken"] = token
    page = client("cognito-idp").list_users(**request)
    users = [_user(raw) for raw in page.get("Users", [])]
    logger.debug("listed users", extra={"count": len(users)})
    return json_response(200, {"users": users, "next": page.get("PaginationToken")})
