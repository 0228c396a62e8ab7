// This file belongs to you: scaffold created it once and will never overwrite it.
import type {
  APIGatewayProxyStructuredResultV2,
  APIGatewayProxyWebsocketEventV2,
  Context,
} from "aws-lambda";
import { tokens } from "../generated/auth";
import { saveConnection } from "../generated/connections";
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
  // Stored with the user id, so pushToUser reaches this browser; expires after 2 h 10 min.
  await saveConnection(connectionId, userId);
  logger.info("connected", { connectionId });
  metrics.addMetric("Connections", MetricUnit.Count, 1);
  return { statusCode: 200 };
}
