# This file belongs to you: scaffold created it once and will never overwrite it.
"""ledgerConfirmed: POST /ledgers/{ledgerId}/confirmed (route).

Resumes workflow close-ledger waiting for a callback: the body carries the
``taskToken`` the waiting step received, and either an ``error`` (and ``cause``) to fail
the step or any other fields, which become the step's output (kept in the workflow's
state under the waiting step's name, ``$.<step name>``). Answers 202.
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
from ledger.generated.workflows import fail_workflow, resume_workflow

ROUTE = "POST /ledgers/{ledgerId}/confirmed"
# Secrets this function may read with get_secret() from ledger.generated.secrets
# (cached for 5 minutes; never log a value): "bank-token"


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=APIGatewayProxyEventV2)
def handler(event: APIGatewayProxyEventV2, context: LambdaContext) -> dict[str, Any]:
    """Answer POST /ledgers/{ledgerId}/confirmed: hand the result to the waiting workflow step."""
    try:
        body = parse_json_body(event)
        token = body.pop("taskToken", None)
        if not isinstance(token, str) or not token:
            raise HttpError(400, "'taskToken' is required")
    except HttpError as error:
        return error.response()
    error_name = body.get("error")
    if error_name:
        fail_workflow(token, str(error_name), str(body.get("cause", "")))
    else:
        resume_workflow(token, body)
    logger.info("resumed workflow", extra={"failed": bool(error_name)})
    metrics.add_metric(name="WorkflowsResumed", unit=MetricUnit.Count, value=1)
    return json_response(202, {"resumed": not error_name})
