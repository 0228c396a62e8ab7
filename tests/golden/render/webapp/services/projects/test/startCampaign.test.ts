// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../src/handlers/startCampaign";

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => {
  ddb.reset();
});

describe("startCampaign", () => {
  it("returns its input with its result", async () => {
    ddb.on(GetCommand).resolves({ Item: { found: true } });
    const result = await handler({ "id": "test-id" }, lambdaContext("startCampaign"));
    assert.equal(result["id"], "test-id");
    assert.equal(result["startCampaign"].found, true);
  });
});
