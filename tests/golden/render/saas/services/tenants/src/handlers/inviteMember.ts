// This file belongs to you: scaffold created it once and will never overwrite it.
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import { db } from "../generated/db";
import { tableName } from "../generated/env";
import { json, jsonBody, pathParams, problem } from "../generated/http";
import type { HttpResult } from "../generated/http";
import { instrument } from "../generated/powertools";

/** POST /tenants/{tenantId}/invitations (signed-in users) */
export const handler = instrument("inviteMember", handle);

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
  const existing = await db.send(
    new GetCommand({ TableName: tableName("tenants"), Key: { tenantId: path["tenantId"] } }),
  );
  if (existing.Item === undefined) {
    return problem(404, "not found");
  }
  return json(200, { ok: true });
}
