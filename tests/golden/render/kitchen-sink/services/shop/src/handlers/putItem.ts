// This file belongs to you: scaffold created it once and will never overwrite it.
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import { db } from "../generated/db";
import { tableName } from "../generated/env";
import { json, jsonBody, pathParams, problem } from "../generated/http";
import type { HttpResult } from "../generated/http";
import { instrument, metrics, MetricUnit } from "../generated/powertools";
import { publish } from "../generated/publish";

/** PUT /orgs/{org}/items/{itemId} (signed-in users) */
export const handler = instrument("putItem", handle);

async function handle(
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  _context: Context,
): Promise<HttpResult> {
  const path = pathParams(event, ["org", "itemId"]);
  if (path === undefined) {
    return problem(400, "missing path parameter");
  }
  const body = jsonBody(event);
  if (body === undefined) {
    return problem(400, "the request body must be a JSON object");
  }
  const item = { ...body, itemId: path["itemId"] };
  await db.send(new PutCommand({ TableName: tableName("items"), Item: item }));
  metrics.addMetric("ItemsSaved", MetricUnit.Count, 1);
  // TODO: fill the event from what happened; subscribers rely on every field.
  await publish({ type: "ItemAdded", detail: { itemId: "", org: "", price: 0 } });
  return json(200, item);
}
