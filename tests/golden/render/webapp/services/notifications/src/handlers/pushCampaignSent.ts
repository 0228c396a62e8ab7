// This file belongs to you: scaffold created it once and will never overwrite it.
import type { Context, EventBridgeEvent } from "aws-lambda";
import type { CampaignSentDetail } from "../generated/events";
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";
import { pushToUser } from "../generated/push";

/** Handles projects.CampaignSent events. */
export const handler = instrument("pushCampaignSent", handle);

async function handle(
  event: EventBridgeEvent<"CampaignSent", CampaignSentDetail>,
  context: Context,
): Promise<void> {
  const detail = event.detail;
  logger.info("event received", { id: event.id, source: event.source, type: event["detail-type"], detail });
  // Only the browsers of the user the event names receive it (a Query, never a Scan).
  const delivered = await pushToUser(detail["ownerId"], { type: event["detail-type"], detail }, context);
  logger.info("pushed to the user's browsers", { ...delivered });
  metrics.addMetric("EventsHandled", MetricUnit.Count, 1);
}
