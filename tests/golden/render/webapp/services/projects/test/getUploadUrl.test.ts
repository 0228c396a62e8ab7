// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { TEST_ENVIRONMENT, httpEvent, lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { handler } from "../src/handlers/getUploadUrl";

describe("getUploadUrl", () => {
  it("answers 200 with an upload URL and key", async () => {
    const result = await handler(httpEvent({ routeKey: "POST /projects/{id}/attachments", pathParameters: { id: "test-id" }, body: { contentType: "image/png", size: 1024 } }), lambdaContext("getUploadUrl"));
    assert.equal(result.statusCode, 200);
    const upload = JSON.parse(result.body ?? "{}") as { url: string; key: string };
    assert.ok(upload.key.startsWith(TEST_ENVIRONMENT["UPLOAD_PREFIX"] ?? ""));
    assert.match(upload.url, /X-Amz-Signature=/);
  });

  it("answers 413 to a file over the size limit", async () => {
    const result = await handler(httpEvent({ routeKey: "POST /projects/{id}/attachments", pathParameters: { id: "test-id" }, body: { contentType: "image/png", size: Number(TEST_ENVIRONMENT["UPLOAD_MAX_BYTES"]) + 1 } }), lambdaContext("getUploadUrl"));
    assert.equal(result.statusCode, 413);
  });

  it("answers 400 when the size is not declared (it is signed into the URL)", async () => {
    const result = await handler(httpEvent({ routeKey: "POST /projects/{id}/attachments", pathParameters: { id: "test-id" }, body: { contentType: "image/png" } }), lambdaContext("getUploadUrl"));
    assert.equal(result.statusCode, 400);
  });
});
