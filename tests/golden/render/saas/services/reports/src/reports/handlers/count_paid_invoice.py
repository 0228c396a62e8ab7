# This file belongs to you: scaffold created it once and will never overwrite it.
"""countPaidInvoice: handles event InvoicePaid of service billing.

EventBridge delivers the event (retries, then the dead-letter queue); raise to retry.
"""

from __future__ import annotations

from typing import cast

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from reports.generated import events
from reports.generated.powertools import logger, metrics, tracer

EVENT = "InvoicePaid"


@logger.inject_lambda_context(correlation_id_path=correlation_paths.EVENT_BRIDGE)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=EventBridgeEvent)
def handler(event: EventBridgeEvent, context: LambdaContext) -> None:
    """Handle one InvoicePaid event."""
    detail = cast(events.InvoicePaid, event.detail)
    logger.info("received event", extra={"detail_type": event.detail_type,
                                         "source": event.source, "fields": sorted(detail)})
    metrics.add_metric(name="EventsHandled", unit=MetricUnit.Count, value=1)
