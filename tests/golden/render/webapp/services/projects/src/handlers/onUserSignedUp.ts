// This file belongs to you: scaffold created it once and will never overwrite it.
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Context, EventBridgeEvent } from "aws-lambda";
import { db } from "../generated/db";
import { tableName } from "../generated/env";
import type { UserSignedUpDetail } from "../generated/events";
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";

/** Handles users.UserSignedUp events. */
export const handler = instrument("onUserSignedUp", handle);

async function handle(
  event: EventBridgeEvent<"UserSignedUp", UserSignedUpDetail>,
  _context: Context,
): Promise<void> {
  const detail = event.detail;
  logger.info("event received", { id: event.id, source: event.source, type: event["detail-type"], detail });
  // The event id makes the write idempotent: EventBridge may deliver an event twice.
  await db.send(new PutCommand({ TableName: tableName("members"), Item: { ...detail, projectId: event.id } }));
  metrics.addMetric("EventsHandled", MetricUnit.Count, 1);
}
