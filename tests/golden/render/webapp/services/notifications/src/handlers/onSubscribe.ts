// This file belongs to you: scaffold created it once and will never overwrite it.
import type {
  APIGatewayProxyStructuredResultV2,
  APIGatewayProxyWebsocketEventV2,
  Context,
} from "aws-lambda";
import { subscribe, TOPIC_MAX_LENGTH } from "../generated/connections";
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
  // { "action": subscribe, "topic": "campaign/42" }: pushToTopic("campaign/42", ...) then
  // reaches this browser until it closes; unsubscribe(connectionId, topic) stops it.
  const topic = (message as { topic?: unknown }).topic;
  if (typeof topic !== "string" || topic === "" || topic.length > TOPIC_MAX_LENGTH) {
    return { statusCode: 400, body: JSON.stringify({ ok: false, error: "topic must be a non-empty string" }) };
  }
  const subscribed = await subscribe(connectionId, topic, async (userId) => {
    // Decide here whether this user (the Cognito sub stored on $connect) may follow `topic`,
    // e.g. read the campaign and compare its owner; refusing stores nothing.
    logger.info("subscribing", { userId, topic });
    return true;
  });
  if (subscribed !== "subscribed") {
    return { statusCode: 400, body: JSON.stringify({ ok: false, error: `subscription ${subscribed}` }) };
  }
  metrics.addMetric("MessagesHandled", MetricUnit.Count, 1);
  return { statusCode: 200, body: JSON.stringify({ ok: true }) };
}
