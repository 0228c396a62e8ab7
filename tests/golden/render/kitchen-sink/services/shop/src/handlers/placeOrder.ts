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
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";
import { getSecret } from "../generated/secrets";
import { startWorkflow } from "../generated/workflows";

/** POST /orders (signed-in users) */
export const handler = instrument("placeOrder", handle);

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
  const fxRatesKeySecret = await getSecret("fx-rates-key"); // TODO: use it to call the provider
  logger.debug("secret loaded", { secret: "fx-rates-key", length: fxRatesKeySecret.length });
  const item = { ...body, orderId: randomUUID(), placedAt: Date.now(), shopperId: owner };
  try {
    await db.send(
      new PutCommand({
        TableName: tableName("orders"),
        Item: item,
        ConditionExpression: "attribute_not_exists(#pk)",
        ExpressionAttributeNames: { "#pk": "orderId" },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      return problem(409, "already exists");
    }
    throw error;
  }
  metrics.addMetric("ItemsCreated", MetricUnit.Count, 1);
  const executionArn = await startWorkflow("fulfil", { ...body, orderId: body["orderId"] ?? randomUUID() });
  logger.info("started workflow", { executionArn });
  return json(201, item);
}
