// This file belongs to you: scaffold created it once and will never overwrite it.
import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import type {
  APIGatewayProxyStructuredResultV2,
  APIGatewayProxyWebsocketEventV2,
  Context,
} from "aws-lambda";
import { CONNECTION_KEY, db } from "../generated/db";
import { connectionsTable } from "../generated/env";
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";

/** WebSocket route $disconnect. */
export const handler = instrument("onDisconnect", handle);

async function handle(
  event: APIGatewayProxyWebsocketEventV2,
  _context: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  const connectionId = event.requestContext.connectionId;
  await db.send(
    new DeleteCommand({ TableName: connectionsTable(), Key: { [CONNECTION_KEY]: connectionId } }),
  );
  logger.info("disconnected", { connectionId });
  metrics.addMetric("Disconnections", MetricUnit.Count, 1);
  return { statusCode: 200 };
}
