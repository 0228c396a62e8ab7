// This file belongs to you: scaffold created it once and will never overwrite it.
import { randomUUID } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import { db } from "../generated/db";
import { tableName } from "../generated/env";
import { json, jsonBody, pathParams, problem } from "../generated/http";
import type { HttpResult } from "../generated/http";
import { instrument } from "../generated/powertools";
import { startWorkflow } from "../generated/workflows";

/** POST /projects/{id}/campaigns (signed-in users) */
export const handler = instrument("startCampaignRun", handle);

async function handle(
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  _context: Context,
): Promise<HttpResult> {
  const path = pathParams(event, ["id"]);
  if (path === undefined) {
    return problem(400, "missing path parameter");
  }
  const body = jsonBody(event);
  if (body === undefined) {
    return problem(400, "the request body must be a JSON object");
  }
  const existing = await db.send(
    new GetCommand({ TableName: tableName("projects"), Key: { id: path["id"] } }),
  );
  if (existing.Item === undefined) {
    return problem(404, "not found");
  }
  const executionArn = await startWorkflow("send-campaign", { ...path, ...body, campaignId: body["campaignId"] ?? randomUUID() });
  return json(202, { executionArn });
}
