// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { lambdaContext, websocketEvent } from "../src/generated/testing";
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it, mock } from "node:test";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { tokens } from "../src/generated/auth";
import { handler } from "../src/handlers/onConnect";

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => {
  ddb.reset();
});

afterEach(() => {
  mock.restoreAll();
});

describe("onConnect", () => {
  it("answers 200 to $connect", async () => {
    mock.method(tokens, "verify", async () => ({ sub: "user-1", groups: [] }));
    ddb.on(PutCommand).resolves({});
    const result = await handler(websocketEvent("$connect", { query: { token: "token-1" } }), lambdaContext("onConnect"));
    assert.equal(result.statusCode, 200);
    assert.equal(ddb.commandCalls(PutCommand).length, 1);
    const stored = ddb.commandCalls(PutCommand)[0]?.args[0].input.Item ?? {};
    const expiresAt = stored["expiresAt"] as number;
    assert.ok(expiresAt > Date.now() / 1000 + 2 * 60 * 60);
    assert.equal(stored["userId"], "user-1");
  });

  it("refuses a connection without a token", async () => {
    const result = await handler(websocketEvent("$connect"), lambdaContext("onConnect"));
    assert.equal(result.statusCode, 401);
  });
});
