// This file belongs to you: scaffold created it once and will never overwrite it.
import type { Context, EventBridgeEvent } from "aws-lambda";
import type { CampaignSentDetail } from "../generated/events";
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";
import { broadcast } from "../generated/push";

/** Handles projects.CampaignSent events. */
export const handler = instrument("pushCampaignSent", handle);

async function handle(
  event: EventBridgeEvent<"CampaignSent", CampaignSentDetail>,
  _context: Context,
): Promise<void> {
  const detail = event.detail;
  logger.info("event received", { id: event.id, source: event.source, type: event["detail-type"], detail });
  const delivered = await broadcast({ type: event["detail-type"], detail });
  logger.info("pushed to browsers", { delivered });
  metrics.addMetric("EventsHandled", MetricUnit.Count, 1);
}
