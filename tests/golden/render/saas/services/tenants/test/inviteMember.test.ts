// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { httpEvent, lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../src/handlers/inviteMember";

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => {
  ddb.reset();
});

describe("inviteMember", () => {
  it("answers 200 to a valid request", async () => {
    ddb.on(GetCommand).resolves({ Item: { found: true } });
    const result = await handler(httpEvent({ routeKey: "POST /tenants/{tenantId}/invitations", pathParameters: { tenantId: "test-id" }, body: { name: "test" } }), lambdaContext("inviteMember"));
    assert.equal(result.statusCode, 200);
  });

  it("answers 400 to a body that is not a JSON object", async () => {
    const result = await handler(httpEvent({ routeKey: "POST /tenants/{tenantId}/invitations", pathParameters: { tenantId: "test-id" }, body: "[1, 2]" }), lambdaContext("inviteMember"));
    assert.equal(result.statusCode, 400);
  });
});
