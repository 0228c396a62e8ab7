// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { httpEvent, lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { DeleteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../src/handlers/deleteProject";

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => {
  ddb.reset();
});

describe("deleteProject", () => {
  it("answers 204 to a valid request", async () => {
    ddb.on(DeleteCommand).resolves({});
    const result = await handler(httpEvent({ routeKey: "DELETE /projects/{id}", pathParameters: { id: "test-id" } }), lambdaContext("deleteProject"));
    assert.equal(result.statusCode, 204);
    assert.equal(ddb.commandCalls(DeleteCommand).length, 1);
  });
});
