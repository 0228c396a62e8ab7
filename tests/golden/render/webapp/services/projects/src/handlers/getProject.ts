// This file belongs to you: scaffold created it once and will never overwrite it.
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import { db } from "../generated/db";
import { tableName } from "../generated/env";
import { json, pathParams, problem } from "../generated/http";
import type { HttpResult } from "../generated/http";
import { instrument } from "../generated/powertools";

/** GET /projects/{id} (signed-in users) */
export const handler = instrument("getProject", handle);

async function handle(
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  _context: Context,
): Promise<HttpResult> {
  const path = pathParams(event, ["id"]);
  if (path === undefined) {
    return problem(400, "missing path parameter");
  }
  const found = await db.send(
    new GetCommand({ TableName: tableName("projects"), Key: { id: path["id"] } }),
  );
  if (found.Item === undefined) {
    return problem(404, "not found");
  }
  return json(200, found.Item);
}
