# This file belongs to you: scaffold created it once and will never overwrite it.
"""sumEntries: a task of workflow close-ledger.

Step Functions passes the state as input; what the handler returns becomes the state for
the next step. Raising fails the step (its retry / catch rules apply).
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from ledger.generated.powertools import logger, metrics, tracer

WORKFLOW = "close-ledger"


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Do this step's work and return the new state."""
    if not isinstance(event, dict):
        raise TypeError("a workflow task expects a JSON object as input")
    logger.info("workflow task", extra={"workflow": WORKFLOW, "fields": sorted(event)})
    return {**event}
