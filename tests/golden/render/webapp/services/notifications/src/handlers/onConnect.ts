// This file belongs to you: scaffold created it once and will never overwrite it.
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type {
  APIGatewayProxyStructuredResultV2,
  APIGatewayProxyWebsocketEventV2,
  Context,
} from "aws-lambda";
import { tokens } from "../generated/auth";
import { CONNECTION_KEY, db } from "../generated/db";
import { connectionsTable } from "../generated/env";
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";

/** WebSocket route $connect. */
export const handler = instrument("onConnect", handle);

async function handle(
  event: APIGatewayProxyWebsocketEventV2,
  _context: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  const connectionId = event.requestContext.connectionId;
  // Browsers cannot set headers on a WebSocket: the Cognito token comes as ?token=...
  const token = event.queryStringParameters?.["token"];
  if (token === undefined || token === "") {
    return { statusCode: 401, body: "missing token" };
  }
  let userId: string;
  try {
    userId = (await tokens.verify(token)).sub;
  } catch (error) {
    logger.warn("invalid token", { error: error as Error });
    return { statusCode: 401, body: "invalid token" };
  }
  await db.send(
    new PutCommand({
      TableName: connectionsTable(),
      Item: {
        [CONNECTION_KEY]: connectionId,
        userId,
        connectedAt: new Date(event.requestContext.connectedAt).toISOString(),
      },
    }),
  );
  logger.info("connected", { connectionId });
  metrics.addMetric("Connections", MetricUnit.Count, 1);
  return { statusCode: 200 };
}
