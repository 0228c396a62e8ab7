# This file belongs to you: scaffold created it once and will never overwrite it.
"""awaitBank: a wait-for-callback step of workflow close-ledger.

Step Functions invokes it with ``{"taskToken": ..., "input": <state>}`` and then waits.
Before this handler runs, scaffold's entry has stored the task token under the state's
ledgerId: start the external job with that id; whoever finishes it
calls ``resume(id, output)`` or ``fail(id, error, cause)`` (``generated/tokens.py``), for
example a route declared with ``resumes``.
"""

from __future__ import annotations

import hashlib
from typing import Any, TypedDict

from aws_lambda_powertools.utilities.typing import LambdaContext

from ledger.generated.powertools import logger, metrics, tracer
from ledger.generated.secrets import get_secret

WORKFLOW = "close-ledger"


class CallbackInput(TypedDict):
    """What the waiting step sends."""

    taskToken: str
    input: dict[str, Any]


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: CallbackInput, context: LambdaContext) -> None:
    """Start the external job and pass it the task token."""
    token = event.get("taskToken")
    if not token:
        raise ValueError("the workflow step must pass a taskToken")
    state = event.get("input") or {}
    token_id = hashlib.sha256(token.encode()).hexdigest()[:12]  # never log the token itself
    credential = get_secret("bank-token")  # cached; never log it
    logger.debug("secret loaded", extra={"secret": "bank-token", "present": bool(credential)})
    logger.info("waiting for callback", extra={"workflow": WORKFLOW, "token_id": token_id,
                                               "fields": sorted(state)})
