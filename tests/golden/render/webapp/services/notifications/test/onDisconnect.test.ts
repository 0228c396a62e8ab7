// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { lambdaContext, websocketEvent } from "../src/generated/testing";
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { DeleteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../src/handlers/onDisconnect";

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => {
  ddb.reset();
});

describe("onDisconnect", () => {
  it("answers 200 to $disconnect", async () => {
    ddb.on(DeleteCommand).resolves({});
    const result = await handler(websocketEvent("$disconnect", {}), lambdaContext("onDisconnect"));
    assert.equal(result.statusCode, 200);
    assert.equal(ddb.commandCalls(DeleteCommand).length, 1);
  });
});
