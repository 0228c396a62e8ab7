# This file belongs to you: scaffold created it once and will never overwrite it.
"""onConfirmed: Cognito post_confirmation trigger of the user pool.

Cognito waits for the answer (5 s at most); the event returned goes back to Cognito.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.data_classes import event_source
from aws_lambda_powertools.utilities.data_classes.cognito_user_pool_event import (
    PostConfirmationTriggerEvent,
)
from aws_lambda_powertools.utilities.typing import LambdaContext

from ledger.generated import env
from ledger.generated.aws import table
from ledger.generated.powertools import logger, metrics, tracer

KEY = "entryId"


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=PostConfirmationTriggerEvent)
def handler(event: PostConfirmationTriggerEvent,
            context: LambdaContext) -> dict[str, Any]:
    """A user confirmed the sign-up: store a profile."""
    if event.trigger_source != "PostConfirmation_ConfirmSignUp":
        # Cognito also calls this trigger when a password reset is confirmed
        # (PostConfirmation_ConfirmForgotPassword): the user is not new.
        logger.info("password reset confirmed", extra={"trigger": event.trigger_source})
        return event.raw_event
    attributes = dict(event.request.user_attributes)
    values: dict[str, Any] = {**attributes, "username": event.user_name}
    values["userId"] = attributes.get("sub", "")
    logger.info("user confirmed", extra={"user_id": values["userId"]})
    profile: dict[str, Any] = {KEY: values["userId"], "email": attributes.get("email", "")}
    table(env.table_entries()).put_item(Item=profile)
    return event.raw_event
