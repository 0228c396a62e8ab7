// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { httpEvent, lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { SendTaskSuccessCommand, SFNClient } from "@aws-sdk/client-sfn";
import { DeleteCommand, DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../src/handlers/reportCampaignStatus";

const sfn = mockClient(SFNClient);
const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => {
  sfn.reset();
  ddb.reset();
});

describe("reportCampaignStatus", () => {
  it("answers 202 to a valid request", async () => {
    ddb.on(GetCommand).resolves({ Item: { taskToken: "token-1", expiresAt: Math.floor(Date.now() / 1000) + 60 } });
    ddb.on(DeleteCommand).resolves({});
    sfn.on(SendTaskSuccessCommand).resolves({});
    const result = await handler(httpEvent({ routeKey: "POST /campaigns/{campaignId}/status", pathParameters: { campaignId: "test-id" }, body: { name: "test", status: "sent" } }), lambdaContext("reportCampaignStatus"));
    assert.equal(result.statusCode, 202);
    assert.equal(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input.taskToken, "token-1");
    assert.equal(ddb.commandCalls(DeleteCommand).length, 1);
  });

  it("answers 400 to a body that is not a JSON object", async () => {
    const result = await handler(httpEvent({ routeKey: "POST /campaigns/{campaignId}/status", pathParameters: { campaignId: "test-id" }, body: "[1, 2]" }), lambdaContext("reportCampaignStatus"));
    assert.equal(result.statusCode, 400);
  });
});
