// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { httpEvent, lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../src/handlers/createProject";

const ddb = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);

beforeEach(() => {
  ddb.reset();
  eventBridge.reset();
});

describe("createProject", () => {
  it("answers 201 to a valid request", async () => {
    ddb.on(PutCommand).resolves({});
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: "event-1" }] });
    const result = await handler(httpEvent({ routeKey: "POST /tenants/{tenantId}/projects", pathParameters: { tenantId: "test-id" }, body: { name: "test" } }), lambdaContext("createProject"));
    assert.equal(result.statusCode, 201);
    assert.equal(ddb.commandCalls(PutCommand).length, 1);
    const published = eventBridge.commandCalls(PutEventsCommand).flatMap((call) => call.args[0].input.Entries ?? []);
    assert.deepEqual(published.map((entry) => entry.DetailType), ["ProjectCreated"]);
  });

  it("answers 400 to a body that is not a JSON object", async () => {
    const result = await handler(httpEvent({ routeKey: "POST /tenants/{tenantId}/projects", pathParameters: { tenantId: "test-id" }, body: "[1, 2]" }), lambdaContext("createProject"));
    assert.equal(result.statusCode, 400);
  });

  it("answers 409 when the item already exists", async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: "event-1" }] });
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: "exists", $metadata: {} }));
    const result = await handler(httpEvent({ routeKey: "POST /tenants/{tenantId}/projects", pathParameters: { tenantId: "test-id" }, body: { name: "test" } }), lambdaContext("createProject"));
    assert.equal(result.statusCode, 409);
  });
});
