# This file belongs to you: scaffold created it once and will never overwrite it.
"""pushLedgerClosed: handles event LedgerClosed of service ledger.

EventBridge delivers the event (retries, then the dead-letter queue); raise to retry.
"""

from __future__ import annotations

from typing import cast

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from ledger.generated import events
from ledger.generated.powertools import logger, metrics, tracer
from ledger.generated.push import push_to_topic

EVENT = "LedgerClosed"


@logger.inject_lambda_context(correlation_id_path=correlation_paths.EVENT_BRIDGE)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=EventBridgeEvent)
def handler(event: EventBridgeEvent, context: LambdaContext) -> None:
    """Handle one LedgerClosed event."""
    detail = cast(events.LedgerClosed, event.detail)
    logger.info("received event", extra={"detail_type": event.detail_type,
                                         "source": event.source, "fields": sorted(detail)})
    metrics.add_metric(name="EventsHandled", unit=MetricUnit.Count, value=1)
    # To the browsers subscribed to ledger/{ledgerId} (a Query on the subscriptions table).
    delivered = push_to_topic("ledger/" + str(detail["ledgerId"]),
                              {"type": EVENT, "detail": detail}, context)
    logger.info("pushed to the topic's subscribers", extra={"push": vars(delivered)})
