// This file belongs to you: scaffold created it once and will never overwrite it.
import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import { db } from "../generated/db";
import { tableName } from "../generated/env";
import { noContent, pathParams, problem } from "../generated/http";
import type { HttpResult } from "../generated/http";
import { instrument, metrics, MetricUnit } from "../generated/powertools";

/** DELETE /projects/{id} (signed-in users) */
export const handler = instrument("deleteProject", handle);

async function handle(
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  _context: Context,
): Promise<HttpResult> {
  const path = pathParams(event, ["id"]);
  if (path === undefined) {
    return problem(400, "missing path parameter");
  }
  await db.send(
    new DeleteCommand({ TableName: tableName("projects"), Key: { id: path["id"] } }),
  );
  metrics.addMetric("ItemsDeleted", MetricUnit.Count, 1);
  return noContent();
}
