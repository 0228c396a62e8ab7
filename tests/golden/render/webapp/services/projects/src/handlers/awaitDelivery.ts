// This file belongs to you: scaffold created it once and will never overwrite it.
import type { Context } from "aws-lambda";
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";
import { getSecret } from "../generated/secrets";

/** What Step Functions sends to a wait-for-callback step. */
export interface CallbackRequest {
  /** Give it back with resumeWorkflow(taskToken, output) or failWorkflow(...) to continue. */
  taskToken: string;
  /** The workflow's state when the step started. */
  input: Record<string, unknown>;
}

/** A wait-for-callback step of workflow send-campaign. */
export const handler = instrument("awaitDelivery", handle);

async function handle(
  event: CallbackRequest,
  _context: Context,
): Promise<void> {
  if (typeof event.taskToken !== "string" || event.taskToken === "") {
    throw new Error("no task token: is this step a wait_for_callback step?");
  }
  logger.info("waiting for a callback", { input: event.input });
  // TODO: hand event.taskToken to the system that will finish the work; it (or a route
  // with `resumes:`) calls resumeWorkflow(taskToken, output) or failWorkflow(...).
  const mailerApiKeySecret = await getSecret("mailer-api-key"); // TODO: use it to call the provider
  logger.debug("secret loaded", { secret: "mailer-api-key", length: mailerApiKeySecret.length });
  metrics.addMetric("CallbacksRequested", MetricUnit.Count, 1);
}
