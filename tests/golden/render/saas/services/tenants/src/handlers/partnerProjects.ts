// This file belongs to you: scaffold created it once and will never overwrite it.
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { db } from "../generated/db";
import { tableName } from "../generated/env";
import {
  decodeCursor,
  encodeCursor,
  json,
  pathParams,
  problem,
  queryInt,
  queryString,
} from "../generated/http";
import type { HttpResult } from "../generated/http";
import { instrument, metrics, MetricUnit } from "../generated/powertools";

/** GET /partner/tenants/{tenantId}/projects (callers the service's Lambda authorizer allows) */
export const handler = instrument("partnerProjects", handle);

async function handle(
  event: APIGatewayProxyEventV2,
  _context: Context,
): Promise<HttpResult> {
  const path = pathParams(event, ["tenantId"]);
  if (path === undefined) {
    return problem(400, "missing path parameter");
  }
  const limit = queryInt(event, "limit", 1, 100, 25);
  if (limit === undefined) {
    return problem(400, "limit must be an integer from 1 to 100");
  }
  const page = await db.send(
    new QueryCommand({
      TableName: tableName("projects"),
      KeyConditionExpression: "#pk = :pk",
      ExpressionAttributeNames: { "#pk": "tenantId" },
      ExpressionAttributeValues: { ":pk": path["tenantId"] },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(queryString(event, "cursor")),
    }),
  );
  const items = page.Items ?? [];
  metrics.addMetric("ItemsListed", MetricUnit.Count, items.length);
  return json(200, { items, cursor: encodeCursor(page.LastEvaluatedKey) });
}
