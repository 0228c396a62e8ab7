// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { lambdaContext, websocketEvent } from "../src/generated/testing";
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../src/handlers/onSubscribe";

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => {
  ddb.reset();
});

describe("onSubscribe", () => {
  it("answers 200 to subscribe", async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { "connectionId": "connection-1" } });
    ddb.on(PutCommand).resolves({});
    const result = await handler(websocketEvent("subscribe", { body: { action: "subscribe", topic: "campaign/1" } }), lambdaContext("onSubscribe"));
    assert.equal(result.statusCode, 200);
    assert.equal(ddb.commandCalls(PutCommand).length, 1);
  });

  it("answers 400 to a subscription without a topic", async () => {
    const result = await handler(websocketEvent("subscribe", { body: { action: "subscribe" } }), lambdaContext("onSubscribe"));
    assert.equal(result.statusCode, 400);
  });

  it("answers 400 to a message that is not JSON", async () => {
    const result = await handler(websocketEvent("subscribe", { body: "not json" }), lambdaContext("onSubscribe"));
    assert.equal(result.statusCode, 400);
  });
});
