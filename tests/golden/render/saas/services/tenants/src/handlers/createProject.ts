// This file belongs to you: scaffold created it once and will never overwrite it.
import { randomUUID } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import { db } from "../generated/db";
import { tableName } from "../generated/env";
import { json, jsonBody, pathParams, problem } from "../generated/http";
import type { HttpResult } from "../generated/http";
import { instrument, metrics, MetricUnit } from "../generated/powertools";
import { publish } from "../generated/publish";

/** POST /tenants/{tenantId}/projects (signed-in users) */
export const handler = instrument("createProject", handle);

async function handle(
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  _context: Context,
): Promise<HttpResult> {
  const path = pathParams(event, ["tenantId"]);
  if (path === undefined) {
    return problem(400, "missing path parameter");
  }
  const body = jsonBody(event);
  if (body === undefined) {
    return problem(400, "the request body must be a JSON object");
  }
  const item = { ...body, tenantId: path["tenantId"], projectId: randomUUID() };
  try {
    await db.send(
      new PutCommand({
        TableName: tableName("projects"),
        Item: item,
        ConditionExpression: "attribute_not_exists(#pk)",
        ExpressionAttributeNames: { "#pk": "tenantId" },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      return problem(409, "already exists");
    }
    throw error;
  }
  metrics.addMetric("ItemsCreated", MetricUnit.Count, 1);
  // TODO: fill the event from what happened; subscribers rely on every field.
  await publish({ type: "ProjectCreated", detail: { tenantId: "", projectId: "" } });
  return json(201, item);
}
