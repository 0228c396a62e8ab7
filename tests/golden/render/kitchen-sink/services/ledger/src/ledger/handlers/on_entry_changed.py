# This file belongs to you: scaffold created it once and will never overwrite it.
"""onEntryChanged: handles batches of changes of table entries.

Each failed record is reported back (``batchItemFailures``) so DynamoDB Streams retries
only from it; after the retries it goes to the failure topic.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from ledger.generated.powertools import logger, metrics, tracer

processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


@tracer.capture_method
def record_handler(record: DynamoDBRecord) -> None:
    """Handle one change; raising marks the record as failed."""
    change = record.dynamodb
    if change is None or not change.keys:
        raise ValueError(f"record {record.event_id} carries no key")
    event_name = record.event_name.name if record.event_name else None
    logger.info("table changed", extra={"event_name": event_name, "keys": change.keys})
    metrics.add_metric(name="ChangesHandled", unit=MetricUnit.Count, value=1)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    """Process a batch of DynamoDB stream records; answer the ones that failed."""
    return process_partial_response(event=event, record_handler=record_handler,
                                    processor=processor, context=context)
