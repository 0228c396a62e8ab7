// This file belongs to you: scaffold created it once and will never overwrite it.
import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
  Context,
} from "aws-lambda";
import { instrument, logger, metrics, MetricUnit } from "../generated/powertools";

/** What the routes see as `event.requestContext.authorizer.lambda`. */
export type CallerContext = Record<string, string>;

/** Lambda authorizer of the auth: custom routes of service tenants (identity: $request.header.x-partner-key). */
export const handler = instrument("checkPartnerKey", handle);

async function handle(
  event: APIGatewayRequestAuthorizerEventV2,
  _context: Context,
): Promise<APIGatewaySimpleAuthorizerWithContextResult<CallerContext>> {
  return decide(event, verify);
}

/**
 * Check the caller's identity (the value of the first identity source) and return what the
 * routes may know about the caller, or null to refuse the call (API Gateway answers 403).
 */
async function verify(identity: string): Promise<CallerContext | null> {
  // TODO: check the identity (look up an API key, verify a token's signature, ...).
  // Until then every caller is refused: an authorizer fails closed.
  logger.debug("identity presented", { length: identity.length });
  return null;
}

/** The simple response API Gateway expects: `{isAuthorized, context}`. */
export async function decide(
  event: APIGatewayRequestAuthorizerEventV2,
  check: (identity: string) => Promise<CallerContext | null>,
): Promise<APIGatewaySimpleAuthorizerWithContextResult<CallerContext>> {
  const identity = event.identitySource?.[0] ?? "";
  const caller = identity === "" ? null : await check(identity);
  logger.info("authorizer decided", { route: event.routeKey, allowed: caller !== null });
  metrics.addMetric(caller === null ? "CallsDenied" : "CallsAllowed", MetricUnit.Count, 1);
  return { isAuthorized: caller !== null, context: caller ?? {} };
}
