// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { lambdaContext, sqsEvent } from "../src/generated/testing";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { handler } from "../src/handlers/sendEmail";

describe("sendEmail", () => {
  it("handles a batch without failures", async () => {
    const result = await handler(sqsEvent([{ messageId: "1", body: "{\"id\":\"a\"}" }]), lambdaContext("sendEmail"));
    assert.deepEqual(result.batchItemFailures, []);
  });

  it("reports exactly the message that failed", async () => {
    const result = await handler(sqsEvent([{ messageId: "1", body: "{\"id\":\"a\"}" }, { messageId: "2", body: "{\"id\":\"b\"}" }, { messageId: "3", body: "not json" }]), lambdaContext("sendEmail"));
    assert.deepEqual(result.batchItemFailures, [{ itemIdentifier: "3" }]);
  });
});
