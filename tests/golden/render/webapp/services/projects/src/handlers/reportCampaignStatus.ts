// This file belongs to you: scaffold created it once and will never overwrite it.
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { json, jsonBody, pathParams, problem } from "../generated/http";
import type { HttpResult } from "../generated/http";
import { instrument } from "../generated/powertools";
import { failWorkflow, resumeWorkflow } from "../generated/workflows";

/** POST /campaigns/{id}/status (anyone) */
export const handler = instrument("reportCampaignStatus", handle);

async function handle(
  event: APIGatewayProxyEventV2,
  _context: Context,
): Promise<HttpResult> {
  // Callers present secret mailer-api-key in x-api-key: the generated entry point
  // (src/generated/entries) checks it before this code runs.
  const path = pathParams(event, ["id"]);
  if (path === undefined) {
    return problem(400, "missing path parameter");
  }
  const body = jsonBody(event);
  if (body === undefined) {
    return problem(400, "the request body must be a JSON object");
  }
  const taskToken = body["taskToken"];
  if (typeof taskToken !== "string" || taskToken === "") {
    return problem(400, "taskToken is required");
  }
  const failure = body["error"];
  if (typeof failure === "string") {
    const cause = body["cause"];
    await failWorkflow(taskToken, failure, typeof cause === "string" ? cause : "");
  } else {
    const output: Record<string, unknown> = { ...body };
    delete output["taskToken"];
    await resumeWorkflow(taskToken, output);
  }
  return json(200, { ok: true });
}
