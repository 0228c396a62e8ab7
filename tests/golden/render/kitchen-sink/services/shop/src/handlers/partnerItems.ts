// This file belongs to you: scaffold created it once and will never overwrite it.
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { db } from "../generated/db";
import { tableName } from "../generated/env";
import {
  decodeCursor,
  encodeCursor,
  json,
  problem,
  queryInt,
  queryString,
} from "../generated/http";
import type { HttpResult } from "../generated/http";
import { instrument, metrics, MetricUnit } from "../generated/powertools";

/** GET /partner/items (callers the service's Lambda authorizer allows) */
export const handler = instrument("partnerItems", handle);

async function handle(
  event: APIGatewayProxyEventV2,
  _context: Context,
): Promise<HttpResult> {
  const limit = queryInt(event, "limit", 1, 100, 25);
  if (limit === undefined) {
    return problem(400, "limit must be an integer from 1 to 100");
  }
  // Scans the whole table (table items declares no owner).
  const page = await db.send(
    new ScanCommand({
      TableName: tableName("items"),
      Limit: limit,
      ExclusiveStartKey: decodeCursor(queryString(event, "cursor")),
    }),
  );
  const items = page.Items ?? [];
  metrics.addMetric("ItemsListed", MetricUnit.Count, items.length);
  return json(200, { items, cursor: encodeCursor(page.LastEvaluatedKey) });
}
