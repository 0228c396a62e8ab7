// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { TEST_ENVIRONMENT, httpEvent, lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { handler } from "../src/handlers/getPhotoUploadUrl";

describe("getPhotoUploadUrl", () => {
  it("answers 200 with an upload URL and key", async () => {
    const result = await handler(httpEvent({ routeKey: "POST /items/{itemId}/photos", pathParameters: { itemId: "test-id" }, body: { contentType: "image/x-test", size: 1024 } }), lambdaContext("getPhotoUploadUrl"));
    assert.equal(result.statusCode, 200);
    const upload = JSON.parse(result.body ?? "{}") as { url: string; key: string };
    assert.ok(upload.key.startsWith(TEST_ENVIRONMENT["UPLOAD_PREFIX"] ?? ""));
    assert.match(upload.url, /X-Amz-Signature=/);
  });

  it("answers 413 to a file over the size limit", async () => {
    const result = await handler(httpEvent({ routeKey: "POST /items/{itemId}/photos", pathParameters: { itemId: "test-id" }, body: { contentType: "image/x-test", size: Number(TEST_ENVIRONMENT["UPLOAD_MAX_BYTES"]) + 1 } }), lambdaContext("getPhotoUploadUrl"));
    assert.equal(result.statusCode, 413);
  });

  it("answers 400 when the size is not declared (it is signed into the URL)", async () => {
    const result = await handler(httpEvent({ routeKey: "POST /items/{itemId}/photos", pathParameters: { itemId: "test-id" }, body: { contentType: "image/x-test" } }), lambdaContext("getPhotoUploadUrl"));
    assert.equal(result.statusCode, 400);
  });

  it("answers 415 to a content type the bucket does not allow", async () => {
    const result = await handler(httpEvent({ routeKey: "POST /items/{itemId}/photos", pathParameters: { itemId: "test-id" }, body: { contentType: "application/x-not-allowed", size: 1024 } }), lambdaContext("getPhotoUploadUrl"));
    assert.equal(result.statusCode, 415);
  });
});
