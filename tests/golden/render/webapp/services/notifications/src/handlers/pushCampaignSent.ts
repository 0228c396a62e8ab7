// This file belongs to you: scaffold created it once and will never overwrite it.
import type { Context, EventBridgeEvent } from "aws-lambda";
import type { CampaignSentDetail } from "../generated/events";
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";
import { pushToTopic } from "../generated/push";

/** Handles projects.CampaignSent events. */
export const handler = instrument("pushCampaignSent", handle);

async function handle(
  event: EventBridgeEvent<"CampaignSent", CampaignSentDetail>,
  context: Context,
): Promise<void> {
  const detail = event.detail;
  logger.info("event received", { id: event.id, source: event.source, type: event["detail-type"], detail });
  // To the browsers subscribed to campaign/{campaignId} (a Query on the subscriptions table).
  const delivered = await pushToTopic("campaign/" + String(detail["campaignId"]), { type: event["detail-type"], detail }, context);
  logger.info("pushed to the topic's subscribers", { ...delivered });
  metrics.addMetric("EventsHandled", MetricUnit.Count, 1);
}
