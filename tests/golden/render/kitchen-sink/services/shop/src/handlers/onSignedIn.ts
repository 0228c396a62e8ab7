// This file belongs to you: scaffold created it once and will never overwrite it.
import type { Context, PostAuthenticationTriggerEvent } from "aws-lambda";
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";
import { publish } from "../generated/publish";

/** Cognito post_authentication trigger. */
export const handler = instrument("onSignedIn", handle);

async function handle(
  event: PostAuthenticationTriggerEvent,
  _context: Context,
): Promise<PostAuthenticationTriggerEvent> {
  logger.info("cognito trigger", { trigger: event.triggerSource, userName: event.userName });
  // Text fields come from the user's Cognito attributes; fill the others.
  await publish({ type: "ShopperSeen", detail: { userId: event.request.userAttributes["sub"] ?? "", email: event.request.userAttributes["email"] ?? "" } });
  metrics.addMetric("AuthTriggers", MetricUnit.Count, 1);
  return event;
}
