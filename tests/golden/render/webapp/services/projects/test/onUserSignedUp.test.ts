// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { eventBridgeEvent, lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../src/handlers/onUserSignedUp";

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => {
  ddb.reset();
});

describe("onUserSignedUp", () => {
  it("handles a UserSignedUp event", async () => {
    ddb.on(PutCommand).resolves({});
    await handler(eventBridgeEvent("UserSignedUp", "acme.users", { userId: "", email: "" }), lambdaContext("onUserSignedUp"));
    assert.equal(ddb.commandCalls(PutCommand).length, 1);
  });
});
