// This file belongs to you: scaffold created it once and will never overwrite it.
import type { Context, EventBridgeEvent } from "aws-lambda";
import type { CampaignSentDetail } from "../generated/events";
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";
import { broadcast } from "../generated/push";

/** Handles projects.CampaignSent events. */
export const handler = instrument("pushCampaignSent", handle);

async function handle(
  event: EventBridgeEvent<"CampaignSent", CampaignSentDetail>,
  context: Context,
): Promise<void> {
  const detail = event.detail;
  logger.info("event received", { id: event.id, source: event.source, type: event["detail-type"], detail });
  // This event names no user (no userId/ownerId field): broadcast Scans every connection and
  // sends to EVERY connected browser. Add an owner field to the event to address one user.
  const delivered = await broadcast({ type: event["detail-type"], detail }, context);
  logger.info("pushed to every browser", { ...delivered });
  metrics.addMetric("EventsHandled", MetricUnit.Count, 1);
}
