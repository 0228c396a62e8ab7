// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { lambdaContext, s3Event } from "../src/generated/testing";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { handler } from "../src/handlers/onExportChanged";

describe("onExportChanged", () => {
  it("handles an object event", async () => {
    const result = await handler(s3Event("test-bucket", "daily/test-id/report.csv", 1024), lambdaContext("onExportChanged"));
    assert.equal(result, undefined);
  });
});
