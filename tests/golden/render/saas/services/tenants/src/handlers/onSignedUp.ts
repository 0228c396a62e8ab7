// This file belongs to you: scaffold created it once and will never overwrite it.
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Context, PostConfirmationTriggerEvent } from "aws-lambda";
import { db } from "../generated/db";
import { tableName } from "../generated/env";
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";

/** Cognito post_confirmation trigger. */
export const handler = instrument("onSignedUp", handle);

async function handle(
  event: PostConfirmationTriggerEvent,
  _context: Context,
): Promise<PostConfirmationTriggerEvent> {
  logger.info("cognito trigger", { trigger: event.triggerSource, userName: event.userName });
  // Cognito also calls this trigger when a password reset is confirmed
  // (PostConfirmation_ConfirmForgotPassword): only a confirmed sign-up is a new user.
  if (event.triggerSource !== "PostConfirmation_ConfirmSignUp") {
    return event;
  }
  const sub = event.request.userAttributes["sub"];
  if (sub !== undefined) {
    await db.send(new PutCommand({ TableName: tableName("tenants"), Item: { tenantId: sub, email: event.request.userAttributes["email"], createdAt: new Date().toISOString() } }));
  }
  metrics.addMetric("AuthTriggers", MetricUnit.Count, 1);
  return event;
}
