# This file belongs to you: scaffold created it once and will never overwrite it.
"""onReportWritten: runs for object events in bucket reports."""

from __future__ import annotations

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import S3Event, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from reports.generated.powertools import logger, metrics, tracer


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=S3Event)
def handler(event: S3Event, context: LambdaContext) -> None:
    """Handle each object created or removed (the record's event name says which)."""
    for record in event.records:
        logger.info("object event", extra={"event": record.event_name,
                                           "bucket": record.s3.bucket.name,
                                           "key": record.s3.get_object.key})
        metrics.add_metric(name="ObjectEvents", unit=MetricUnit.Count, value=1)
