// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { lambdaContext, scheduledEvent } from "../src/generated/testing";
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../src/handlers/hourlyReport";

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => {
  ddb.reset();
});

describe("hourlyReport", () => {
  it("runs on schedule", async () => {
    ddb.on(ScanCommand).resolves({ Count: 3 });
    await handler(scheduledEvent(), lambdaContext("hourlyReport"));
    assert.equal(ddb.commandCalls(ScanCommand).length, 1);
  });
});
