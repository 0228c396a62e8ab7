# This file belongs to you: scaffold created it once and will never overwrite it.
"""ledgerDisputed: POST /ledgers/{ledgerId}/disputed (route).

Resumes workflow close-ledger: the step waiting for the ledgerId named by
the path parameter ledgerId
is looked up in the token store (scaffold stored its task token). A body with an ``error``
(and ``cause``) fails the step; any other fields become the step's output (kept in the
workflow's state under the waiting step's name, ``$.<step name>``). Answers 202, or 404
when nothing waits for that id.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from ledger.generated.http import (
    HttpError,
    json_response,
    parse_json_body,
)
from ledger.generated.powertools import logger, metrics, tracer
from ledger.generated.tokens import TokenNotFoundError, fail, resume

ROUTE = "POST /ledgers/{ledgerId}/disputed"
WORKFLOW = "close-ledger"
# Secrets this function may read with get_secret() from ledger.generated.secrets
# (cached for 5 minutes; never log a value): "bank-signing-key"


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=APIGatewayProxyEventV2)
def handler(event: APIGatewayProxyEventV2, context: LambdaContext) -> dict[str, Any]:
    """Answer POST /ledgers/{ledgerId}/disputed: hand the result to the waiting workflow step."""
    try:
        body = parse_json_body(event)
        correlation_id = (event.path_parameters or {}).get("ledgerId")
        if not isinstance(correlation_id, str) or not correlation_id:
            raise HttpError(400, "'ledgerId' is required")
    except HttpError as error:
        return error.response()
    error_name = body.get("error")
    try:
        if error_name:
            fail(correlation_id, str(error_name), str(body.get("cause", "")), workflow=WORKFLOW)
        else:
            resume(correlation_id, body, workflow=WORKFLOW)
    except TokenNotFoundError:
        return HttpError(404, "no workflow waits for this id").response()
    logger.info("resumed workflow", extra={"failed": bool(error_name)})
    metrics.add_metric(name="WorkflowsResumed", unit=MetricUnit.Count, value=1)
    return json_response(202, {"resumed": not error_name})
