// This file belongs to you: scaffold created it once and will never overwrite it.
import { randomUUID } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import { callerId } from "../generated/auth";
import { db } from "../generated/db";
import { tableName } from "../generated/env";
import { json, jsonBody, problem } from "../generated/http";
import type { HttpResult } from "../generated/http";
import { instrument, metrics, MetricUnit } from "../generated/powertools";
import { publish } from "../generated/publish";

/** POST /projects (signed-in users) */
export const handler = instrument("createProject", handle);

async function handle(
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  _context: Context,
): Promise<HttpResult> {
  const body = jsonBody(event);
  if (body === undefined) {
    return problem(400, "the request body must be a JSON object");
  }
  // The caller's identity (the JWT's sub), never a value the client sends.
  const owner = callerId(event);
  if (owner === undefined) {
    return problem(401, "the caller has no user id");
  }
  const item = { ...body, id: randomUUID(), ownerId: owner };
  try {
    await db.send(
      new PutCommand({
        TableName: tableName("projects"),
        Item: item,
        ConditionExpression: "attribute_not_exists(#pk)",
        ExpressionAttributeNames: { "#pk": "id" },
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
  await publish({ type: "ProjectCreated", detail: { projectId: "", ownerId: "", name: "" } });
  return json(201, item);
}
