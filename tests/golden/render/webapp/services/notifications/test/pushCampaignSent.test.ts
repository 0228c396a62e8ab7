// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { eventBridgeEvent, lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from "@aws-sdk/client-apigatewaymanagementapi";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../src/handlers/pushCampaignSent";

const ddb = mockClient(DynamoDBDocumentClient);
const websocket = mockClient(ApiGatewayManagementApiClient);

beforeEach(() => {
  ddb.reset();
  websocket.reset();
});

describe("pushCampaignSent", () => {
  it("handles a CampaignSent event", async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ "connectionId": "connection-1" }] });
    websocket.on(PostToConnectionCommand).resolves({});
    await handler(eventBridgeEvent("CampaignSent", "acme.projects", { campaignId: "", projectId: "", ownerId: "" }), lambdaContext("pushCampaignSent"));
    assert.equal(websocket.commandCalls(PostToConnectionCommand).length, 1);
    assert.equal(ddb.commandCalls(QueryCommand)[0]?.args[0].input.ExpressionAttributeValues?.[":t"], "campaign/" + String(""));
  });
});
