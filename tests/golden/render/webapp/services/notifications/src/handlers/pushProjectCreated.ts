// This file belongs to you: scaffold created it once and will never overwrite it.
import type { Context, EventBridgeEvent } from "aws-lambda";
import type { ProjectCreatedDetail } from "../generated/events";
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";
import { broadcast } from "../generated/push";

/** Handles projects.ProjectCreated events. */
export const handler = instrument("pushProjectCreated", handle);

async function handle(
  event: EventBridgeEvent<"ProjectCreated", ProjectCreatedDetail>,
  _context: Context,
): Promise<void> {
  const detail = event.detail;
  logger.info("event received", { id: event.id, source: event.source, type: event["detail-type"], detail });
  const delivered = await broadcast({ type: event["detail-type"], detail });
  logger.info("pushed to browsers", { delivered });
  metrics.addMetric("EventsHandled", MetricUnit.Count, 1);
}
