// This file belongs to you: scaffold created it once and will never overwrite it.
import type {
  APIGatewayProxyStructuredResultV2,
  APIGatewayProxyWebsocketEventV2,
  Context,
} from "aws-lambda";
import { deleteConnection } from "../generated/connections";
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";

/** WebSocket route $disconnect. */
export const handler = instrument("onDisconnect", handle);

async function handle(
  event: APIGatewayProxyWebsocketEventV2,
  _context: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  const connectionId = event.requestContext.connectionId;
  await deleteConnection(connectionId);
  logger.info("disconnected", { connectionId });
  metrics.addMetric("Disconnections", MetricUnit.Count, 1);
  return { statusCode: 200 };
}
