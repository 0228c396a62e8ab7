// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { cognitoEvent, lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PreSignUpTriggerEvent } from "aws-lambda";
import { handler } from "../src/handlers/onPreSignUp";

describe("onPreSignUp", () => {
  it("answers the pre_sign_up trigger", async () => {
    const result = await handler(cognitoEvent<PreSignUpTriggerEvent>("PreSignUp_SignUp", { userAttributes: { sub: "user-1", email: "user-1@example.test" } }), lambdaContext("onPreSignUp"));
    assert.equal(result.userName, "user-1");
  });
});
