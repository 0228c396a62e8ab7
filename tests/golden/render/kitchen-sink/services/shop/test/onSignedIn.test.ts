// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { cognitoEvent, lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import type { PostAuthenticationTriggerEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../src/handlers/onSignedIn";

const eventBridge = mockClient(EventBridgeClient);

beforeEach(() => {
  eventBridge.reset();
});

describe("onSignedIn", () => {
  it("answers the post_authentication trigger", async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: "event-1" }] });
    const result = await handler(cognitoEvent<PostAuthenticationTriggerEvent>("PostAuthentication_Authentication", { userAttributes: { sub: "user-1", email: "user-1@example.test" } }), lambdaContext("onSignedIn"));
    assert.equal(result.userName, "user-1");
    const published = eventBridge.commandCalls(PutEventsCommand).flatMap((call) => call.args[0].input.Entries ?? []);
    assert.deepEqual(published.map((entry) => entry.DetailType), ["ShopperSeen"]);
  });
});
