# This file belongs to you: scaffold created it once and will never overwrite it.
"""onStatementUploaded: runs when a file lands in upload bucket statements."""

from __future__ import annotations

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import S3Event, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from ledger.generated.aws import client
from ledger.generated.powertools import logger, metrics, tracer


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=S3Event)
def handler(event: S3Event, context: LambdaContext) -> None:
    """Inspect each uploaded object (size and content type)."""
    for record in event.records:
        bucket, key = record.s3.bucket.name, record.s3.get_object.key
        head = client("s3").head_object(Bucket=bucket, Key=key)
        logger.info("file uploaded", extra={"key": key, "size": head["ContentLength"],
                                            "content_type": head.get("ContentType")})
        metrics.add_metric(name="FilesUploaded", unit=MetricUnit.Count, value=1)
