// This file belongs to you: scaffold created it once and will never overwrite it.
import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import { json, jsonBody, pathParams, problem } from "../generated/http";
import type { HttpResult } from "../generated/http";
import { instrument, metrics, MetricUnit } from "../generated/powertools";
import {
  presignUpload,
  UploadTooLargeError,
  UploadTypeNotAllowedError,
} from "../generated/uploads";

/** POST /projects/{id}/attachments (bucket attachments) (signed-in users): a presigned PUT URL into the upload bucket. */
export const handler = instrument("getUploadUrl", handle);

async function handle(
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  _context: Context,
): Promise<HttpResult> {
  const path = pathParams(event, ["id"]);
  if (path === undefined) {
    return problem(400, "missing path parameter");
  }
  // JSON body: { "contentType": "image/png", "size": 12345 }. The size is required: it is
  // signed into the URL, so S3 refuses a file of any other length.
  const body = event.body === undefined ? {} : jsonBody(event);
  if (body === undefined) {
    return problem(400, "the request body must be a JSON object");
  }
  const contentType = body["contentType"];
  const size = body["size"];
  if (contentType !== undefined && typeof contentType !== "string") {
    return problem(400, "contentType must be a string");
  }
  if (typeof size !== "number") {
    return problem(400, "size is required: the number of bytes of the file");
  }
  try {
    const upload = await presignUpload([path["id"], randomUUID()].join("/"), { contentType, contentLength: size });
    metrics.addMetric("UploadUrlsIssued", MetricUnit.Count, 1);
    return json(200, upload);
  } catch (error) {
    if (error instanceof UploadTooLargeError) {
      return problem(413, error.message);
    }
    if (error instanceof UploadTypeNotAllowedError) {
      return problem(415, error.message);
    }
    throw error;
  }
}
