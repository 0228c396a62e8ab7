// This file belongs to you: scaffold created it once and will never overwrite it.
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { json, jsonBody, pathParams, problem } from "../generated/http";
import type { HttpResult } from "../generated/http";
import { instrument } from "../generated/powertools";
import { fail, resume, TokenNotFoundError } from "../generated/tokens";

/** POST /campaigns/{campaignId}/status (anyone) */
export const handler = instrument("reportCampaignStatus", handle);

async function handle(
  event: APIGatewayProxyEventV2,
  _context: Context,
): Promise<HttpResult> {
  const path = pathParams(event, ["campaignId"]);
  if (path === undefined) {
    return problem(400, "missing path parameter");
  }
  const body = jsonBody(event);
  if (body === undefined) {
    return problem(400, "the request body must be a JSON object");
  }
  // The waiting step's task token was stored by scaffold under its "campaignId".
  const correlationId = path["campaignId"];
  if (typeof correlationId !== "string" || correlationId === "") {
    return problem(400, "campaignId is required");
  }
  const failure = body["error"];
  try {
    if (typeof failure === "string") {
      const cause = body["cause"];
      await fail(correlationId, failure, typeof cause === "string" ? cause : "", "send-campaign");
    } else {
      const output: Record<string, unknown> = { ...body };
      await resume(correlationId, output, "send-campaign");
    }
  } catch (error) {
    if (error instanceof TokenNotFoundError) {
      return problem(404, "no workflow waits for this id");
    }
    throw error;
  }
  return json(202, { resumed: typeof failure !== "string" });
}
