# This file belongs to you: scaffold created it once and will never overwrite it.
"""issueInvoice: handles batches of messages of work queue invoices.

Each failed message is reported back (``batchItemFailures``): only it becomes visible again
and is retried; after the queue's receive limit it moves to the dead-letter queue.
A FIFO queue keeps order within a message group: after a failure the rest of the batch is
reported as failed too, unprocessed, so no message overtakes the one that failed.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import (
    SqsFifoPartialProcessor,
    process_partial_response,
)
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from billing.generated.powertools import logger, metrics, tracer

processor = SqsFifoPartialProcessor()


@tracer.capture_method
def record_handler(record: SQSRecord) -> None:
    """Handle one message; raising marks it as failed."""
    message: Any = json.loads(record.body)
    if not isinstance(message, dict):
        raise TypeError(f"message {record.message_id} is not a JSON object")
    logger.info("message received", extra={"message_id": record.message_id,
                                           "fields": sorted(message)})
    metrics.add_metric(name="MessagesHandled", unit=MetricUnit.Count, value=1)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    """Process a batch of messages; answer the ones that failed."""
    return process_partial_response(event=event, record_handler=record_handler,
                                    processor=processor, context=context)
