# This file belongs to you: scaffold created it once and will never overwrite it.
"""nightlyReport: runs on the schedule cron(0 3 * * ? *).
"""

from __future__ import annotations

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from reports.generated.powertools import logger, metrics, tracer


@logger.inject_lambda_context(correlation_id_path=correlation_paths.EVENT_BRIDGE)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=EventBridgeEvent)
def handler(event: EventBridgeEvent, context: LambdaContext) -> None:
    """Do one scheduled run."""
    logger.info("scheduled run", extra={"scheduled_time": event.time})
    metrics.add_metric(name="ScheduledRuns", unit=MetricUnit.Count, value=1)
