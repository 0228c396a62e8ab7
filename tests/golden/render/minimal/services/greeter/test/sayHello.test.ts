// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { httpEvent, lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { handler } from "../src/handlers/sayHello";

describe("sayHello", () => {
  it("answers 200 to a valid request", async () => {
    const result = await handler(httpEvent({ routeKey: "GET /hello" }), lambdaContext("sayHello"));
    assert.equal(result.statusCode, 200);
  });
});
