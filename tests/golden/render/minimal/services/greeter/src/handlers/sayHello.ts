// This file belongs to you: scaffold created it once and will never overwrite it.
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { json } from "../generated/http";
import type { HttpResult } from "../generated/http";
import { instrument } from "../generated/powertools";

/** GET /hello (anyone) */
export const handler = instrument("sayHello", handle);

async function handle(
  event: APIGatewayProxyEventV2,
  _context: Context,
): Promise<HttpResult> {
  return json(200, { route: "GET /hello", rawPath: event.rawPath });
}
