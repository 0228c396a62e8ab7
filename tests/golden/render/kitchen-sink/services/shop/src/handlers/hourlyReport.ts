// This file belongs to you: scaffold created it once and will never overwrite it.
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { Context, ScheduledEvent } from "aws-lambda";
import { db } from "../generated/db";
import { tableName } from "../generated/env";
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";

/** Runs on rate(1 hour). */
export const handler = instrument("hourlyReport", handle);

async function handle(
  event: ScheduledEvent,
  _context: Context,
): Promise<void> {
  logger.info("scheduled run", { time: event.time, rule: event.resources[0] });
  // TODO: replace with the real job; this counts the items of the table, page by page.
  let items = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({ TableName: tableName("orders"), Select: "COUNT", ExclusiveStartKey: start }),
    );
    items += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  logger.info("table scanned", { table: "orders", items });
  metrics.addMetric("ItemsScanned", MetricUnit.Count, items);
  metrics.addMetric("ScheduledRuns", MetricUnit.Count, 1);
}
