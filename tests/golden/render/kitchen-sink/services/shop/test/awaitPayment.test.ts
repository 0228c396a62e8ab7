// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { handler } from "../src/handlers/awaitPayment";

describe("awaitPayment", () => {
  it("accepts a task token", async () => {
    const result = await handler({ taskToken: "token-1", input: { id: "test-id" } }, lambdaContext("awaitPayment"));
    assert.equal(result, undefined);
  });

  it("refuses a request without a task token", async () => {
    await assert.rejects(handler({ taskToken: "", input: {} }, lambdaContext("awaitPayment")));
  });
});
