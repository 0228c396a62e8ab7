// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { lambdaContext, websocketEvent } from "../src/generated/testing";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { handler } from "../src/handlers/onSubscribe";

describe("onSubscribe", () => {
  it("answers 200 to subscribe", async () => {
    const result = await handler(websocketEvent("subscribe", { body: { action: "subscribe" } }), lambdaContext("onSubscribe"));
    assert.equal(result.statusCode, 200);
  });

  it("answers 400 to a message that is not JSON", async () => {
    const result = await handler(websocketEvent("subscribe", { body: "not json" }), lambdaContext("onSubscribe"));
    assert.equal(result.statusCode, 400);
  });
});
