// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { httpEvent, lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../src/handlers/startCampaignRun";

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);

beforeEach(() => {
  ddb.reset();
  sfn.reset();
});

describe("startCampaignRun", () => {
  it("answers 202 to a valid request", async () => {
    ddb.on(GetCommand).resolves({ Item: { found: true } });
    sfn.on(StartExecutionCommand).resolves({ executionArn: "arn:aws:states:eu-west-1:123456789012:execution:test:1" });
    const result = await handler(httpEvent({ routeKey: "POST /projects/{id}/campaigns", pathParameters: { id: "test-id" }, body: { name: "test" } }), lambdaContext("startCampaignRun"));
    assert.equal(result.statusCode, 202);
    assert.equal(sfn.commandCalls(StartExecutionCommand).length, 1);
  });

  it("answers 400 to a body that is not a JSON object", async () => {
    const result = await handler(httpEvent({ routeKey: "POST /projects/{id}/campaigns", pathParameters: { id: "test-id" }, body: "[1, 2]" }), lambdaContext("startCampaignRun"));
    assert.equal(result.statusCode, 400);
  });
});
