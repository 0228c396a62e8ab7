// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { httpEvent, lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../src/handlers/listOrders";

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => {
  ddb.reset();
});

describe("listOrders", () => {
  it("answers 200 to a valid request", async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ found: true }] });
    const result = await handler(httpEvent({ routeKey: "GET /orders" }), lambdaContext("listOrders"));
    assert.equal(result.statusCode, 200);
    assert.equal(JSON.parse(result.body ?? "{}").items.length, 1);
  });

  it("answers only the caller's items (Query by shopperId)", async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ shopperId: "someone-else" }] });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ":pk": "user-1" }, IndexName: "byShopper" }).resolves({ Items: [{ shopperId: "user-1" }] });
    const result = await handler(httpEvent({ routeKey: "GET /orders" }), lambdaContext("listOrders"));
    assert.equal(result.statusCode, 200);
    assert.deepEqual(JSON.parse(result.body ?? "{}").items, [{ shopperId: "user-1" }]);
    assert.equal(ddb.commandCalls(ScanCommand).length, 0);
  });
});
