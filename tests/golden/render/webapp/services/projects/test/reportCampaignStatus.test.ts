// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { httpEvent, lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { SendTaskSuccessCommand, SFNClient } from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../src/handlers/reportCampaignStatus";

const sfn = mockClient(SFNClient);

beforeEach(() => {
  sfn.reset();
});

describe("reportCampaignStatus", () => {
  it("answers 200 to a valid request", async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});
    const result = await handler(httpEvent({ routeKey: "POST /campaigns/{id}/status", pathParameters: { id: "test-id" }, body: { name: "test", taskToken: "token-1", status: "sent" } }), lambdaContext("reportCampaignStatus"));
    assert.equal(result.statusCode, 200);
    assert.equal(sfn.commandCalls(SendTaskSuccessCommand).length, 1);
  });

  it("answers 400 to a body that is not a JSON object", async () => {
    const result = await handler(httpEvent({ routeKey: "POST /campaigns/{id}/status", pathParameters: { id: "test-id" }, body: "[1, 2]" }), lambdaContext("reportCampaignStatus"));
    assert.equal(result.statusCode, 400);
  });
});
