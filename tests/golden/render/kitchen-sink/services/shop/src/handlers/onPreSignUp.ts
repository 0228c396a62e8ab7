// This file belongs to you: scaffold created it once and will never overwrite it.
import type { Context, PreSignUpTriggerEvent } from "aws-lambda";
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";

/** Cognito pre_sign_up trigger. */
export const handler = instrument("onPreSignUp", handle);

async function handle(
  event: PreSignUpTriggerEvent,
  _context: Context,
): Promise<PreSignUpTriggerEvent> {
  logger.info("cognito trigger", { trigger: event.triggerSource, userName: event.userName });
  metrics.addMetric("AuthTriggers", MetricUnit.Count, 1);
  return event;
}
