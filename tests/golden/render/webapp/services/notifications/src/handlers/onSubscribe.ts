// This file belongs to you: scaffold created it once and will never overwrite it.
import type {
  APIGatewayProxyStructuredResultV2,
  APIGatewayProxyWebsocketEventV2,
  Context,
} from "aws-lambda";
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";

/** WebSocket route subscribe. */
export const handler = instrument("onSubscribe", handle);

async function handle(
  event: APIGatewayProxyWebsocketEventV2,
  _context: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  const connectionId = event.requestContext.connectionId;
  // Messages are JSON: { "action": subscribe, ... }.
  let message: unknown;
  try {
    message = JSON.parse(event.body ?? "");
  } catch {
    return { statusCode: 400, body: "the message must be JSON" };
  }
  if (typeof message !== "object" || message === null || Array.isArray(message)) {
    return { statusCode: 400, body: "the message must be a JSON object" };
  }
  logger.info("message received", { connectionId, route: event.requestContext.routeKey, message });
  metrics.addMetric("MessagesHandled", MetricUnit.Count, 1);
  return { statusCode: 200, body: JSON.stringify({ ok: true }) };
}
