// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { httpEvent, lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../src/handlers/putItem";

const ddb = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);

beforeEach(() => {
  ddb.reset();
  eventBridge.reset();
});

describe("putItem", () => {
  it("answers 200 to a valid request", async () => {
    ddb.on(PutCommand).resolves({});
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: "event-1" }] });
    const result = await handler(httpEvent({ routeKey: "PUT /orgs/{org}/items/{itemId}", pathParameters: { org: "test-id", itemId: "test-id" }, body: { name: "test" } }), lambdaContext("putItem"));
    assert.equal(result.statusCode, 200);
    assert.equal(ddb.commandCalls(PutCommand).length, 1);
    const published = eventBridge.commandCalls(PutEventsCommand).flatMap((call) => call.args[0].input.Entries ?? []);
    assert.deepEqual(published.map((entry) => entry.DetailType), ["ItemAdded"]);
  });

  it("answers 400 to a body that is not a JSON object", async () => {
    const result = await handler(httpEvent({ routeKey: "PUT /orgs/{org}/items/{itemId}", pathParameters: { org: "test-id", itemId: "test-id" }, body: "[1, 2]" }), lambdaContext("putItem"));
    assert.equal(result.statusCode, 400);
  });
});
