// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { httpEvent, lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../src/handlers/placeOrder";

const ddb = mockClient(DynamoDBDocumentClient);
const ssm = mockClient(SSMClient);
const sfn = mockClient(SFNClient);

beforeEach(() => {
  ddb.reset();
  ssm.reset();
  sfn.reset();
});

describe("placeOrder", () => {
  it("answers 201 to a valid request", async () => {
    ddb.on(PutCommand).resolves({});
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "test-secret" } });
    sfn.on(StartExecutionCommand).resolves({ executionArn: "arn:aws:states:eu-west-1:123456789012:execution:test:1" });
    const result = await handler(httpEvent({ routeKey: "POST /orders", body: { name: "test" } }), lambdaContext("placeOrder"));
    assert.equal(result.statusCode, 201);
    assert.equal(ddb.commandCalls(PutCommand).length, 1);
    assert.equal(sfn.commandCalls(StartExecutionCommand).length, 1);
  });

  it("answers 400 to a body that is not a JSON object", async () => {
    const result = await handler(httpEvent({ routeKey: "POST /orders", body: "[1, 2]" }), lambdaContext("placeOrder"));
    assert.equal(result.statusCode, 400);
  });

  it("answers 409 when the item already exists", async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "test-secret" } });
    sfn.on(StartExecutionCommand).resolves({ executionArn: "arn:aws:states:eu-west-1:123456789012:execution:test:1" });
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: "exists", $metadata: {} }));
    const result = await handler(httpEvent({ routeKey: "POST /orders", body: { name: "test" } }), lambdaContext("placeOrder"));
    assert.equal(result.statusCode, 409);
  });

  it("stores the caller's sub as shopperId, whatever owner the body claims", async () => {
    ddb.on(PutCommand).resolves({});
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "test-secret" } });
    sfn.on(StartExecutionCommand).resolves({ executionArn: "arn:aws:states:eu-west-1:123456789012:execution:test:1" });
    const result = await handler(httpEvent({ routeKey: "POST /orders", body: { name: "test", shopperId: "someone-else" } }), lambdaContext("placeOrder"));
    assert.equal(result.statusCode, 201);
    assert.equal(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item?.["shopperId"], "user-1");
  });
});
