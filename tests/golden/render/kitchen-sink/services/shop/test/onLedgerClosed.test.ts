// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { eventBridgeEvent, lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../src/handlers/onLedgerClosed";

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => {
  ddb.reset();
});

describe("onLedgerClosed", () => {
  it("handles a LedgerClosed event", async () => {
    ddb.on(PutCommand).resolves({});
    await handler(eventBridgeEvent("LedgerClosed", "sink.ledger", { ledgerId: "", total: 0 }), lambdaContext("onLedgerClosed"));
    assert.equal(ddb.commandCalls(PutCommand).length, 1);
  });
});
