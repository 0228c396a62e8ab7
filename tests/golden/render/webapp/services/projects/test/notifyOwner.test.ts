// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../src/handlers/notifyOwner";

const eventBridge = mockClient(EventBridgeClient);

beforeEach(() => {
  eventBridge.reset();
});

describe("notifyOwner", () => {
  it("returns its input with its result", async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: "event-1" }] });
    const result = await handler({ "id": "test-id" }, lambdaContext("notifyOwner"));
    assert.equal(result["id"], "test-id");
    const published = eventBridge.commandCalls(PutEventsCommand).flatMap((call) => call.args[0].input.Entries ?? []);
    assert.deepEqual(published.map((entry) => entry.DetailType), ["CampaignSent"]);
  });
});
