// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { lambdaContext, streamEvent } from "../src/generated/testing";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { handler } from "../src/handlers/onItemChanged";

describe("onItemChanged", () => {
  it("handles a batch without failures", async () => {
    const result = await handler(streamEvent([{ eventName: "INSERT", keys: { itemId: { S: "test-id" } }, newImage: { itemId: { S: "test-id" } } }]), lambdaContext("onItemChanged"));
    assert.deepEqual(result.batchItemFailures, []);
  });

  it("reports a record it cannot handle as a batch item failure", async () => {
    const result = await handler(streamEvent([{ eventName: "MODIFY" }]), lambdaContext("onItemChanged"));
    assert.deepEqual(result.batchItemFailures, [{ itemIdentifier: "100" }]);
  });
});
