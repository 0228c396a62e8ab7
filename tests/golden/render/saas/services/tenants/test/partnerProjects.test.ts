// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { httpEvent, lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../src/handlers/partnerProjects";

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => {
  ddb.reset();
});

describe("partnerProjects", () => {
  it("answers 200 to a valid request", async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ found: true }] });
    const result = await handler(httpEvent({ routeKey: "GET /partner/tenants/{tenantId}/projects", pathParameters: { tenantId: "test-id" } }), lambdaContext("partnerProjects"));
    assert.equal(result.statusCode, 200);
    assert.equal(JSON.parse(result.body ?? "{}").items.length, 1);
  });
});
