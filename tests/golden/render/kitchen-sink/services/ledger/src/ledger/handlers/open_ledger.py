# This file belongs to you: scaffold created it once and will never overwrite it.
"""openLedger: POST /ledgers (route).

Starts workflow close-ledger with the JSON body and the path parameters; answers 202.
"""

from __future__ import annotations

import uuid
from typing import Any, Final

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
from ledger.generated.workflows import start_workflow

ROUTE = "POST /ledgers"
WORKFLOW: Final = "close-ledger"
PATH_PARAMETERS = []
# Secrets this function may read with get_secret() from ledger.generated.secrets
# (cached for 5 minutes; never log a value): "fx-rates-key"


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=APIGatewayProxyEventV2)
def handler(event: APIGatewayProxyEventV2, context: LambdaContext) -> dict[str, Any]:
    """Answer POST /ledgers: start the workflow, answer its execution ARN."""
    try:
        payload: dict[str, Any] = parse_json_body(event) if event.body else {}
        # The workflow's callback step stores its task token under this id.
        payload.setdefault("ledgerId", str(uuid.uuid4()))
    except HttpError as error:
        return error.response()
    execution_arn = start_workflow(WORKFLOW, payload)
    logger.info("started workflow", extra={"execution_arn": execution_arn})
    metrics.add_metric(name="WorkflowsStarted", unit=MetricUnit.Count, value=1)
    return json_response(202, {"executionArn": execution_arn})
