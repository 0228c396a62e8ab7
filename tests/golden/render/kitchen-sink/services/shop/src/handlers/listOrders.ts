// This file belongs to you: scaffold created it once and will never overwrite it.
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import { callerId } from "../generated/auth";
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

/** GET /orders (signed-in users) */
export const handler = instrument("listOrders", handle);

async function handle(
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  _context: Context,
): Promise<HttpResult> {
  // The caller's identity (the JWT's sub), never a value the client sends.
  const owner = callerId(event);
  if (owner === undefined) {
    return problem(401, "the caller has no user id");
  }
  const limit = queryInt(event, "limit", 1, 100, 25);
  if (limit === undefined) {
    return problem(400, "limit must be an integer from 1 to 100");
  }
  // Only the caller's items: shopperId is their sub (index byShopper).
  const page = await db.send(
    new QueryCommand({
      TableName: tableName("orders"),
      IndexName: "byShopper",
      KeyConditionExpression: "#pk = :pk",
      ExpressionAttributeNames: { "#pk": "shopperId" },
      ExpressionAttributeValues: { ":pk": owner },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(queryString(event, "cursor")),
    }),
  );
  const items = page.Items ?? [];
  metrics.addMetric("ItemsListed", MetricUnit.Count, items.length);
  return json(200, { items, cursor: encodeCursor(page.LastEvaluatedKey) });
}
