// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { cognitoEvent, lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { PostConfirmationTriggerEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../src/handlers/onSignedUp";

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => {
  ddb.reset();
});

describe("onSignedUp", () => {
  it("answers the post_confirmation trigger", async () => {
    ddb.on(PutCommand).resolves({});
    const result = await handler(cognitoEvent<PostConfirmationTriggerEvent>("PostConfirmation_ConfirmSignUp", { userAttributes: { sub: "user-1", email: "user-1@example.test" } }), lambdaContext("onSignedUp"));
    assert.equal(result.userName, "user-1");
    assert.equal(ddb.commandCalls(PutCommand).length, 1);
  });

  it("treats a confirmed password reset as no sign-up", async () => {
    ddb.on(PutCommand).resolves({});
    const result = await handler(cognitoEvent<PostConfirmationTriggerEvent>("PostConfirmation_ConfirmForgotPassword", { userAttributes: { sub: "user-1", email: "user-1@example.test" } }), lambdaContext("onSignedUp"));
    assert.equal(result.userName, "user-1");
    assert.equal(ddb.commandCalls(PutCommand).length, 0);
  });
});
