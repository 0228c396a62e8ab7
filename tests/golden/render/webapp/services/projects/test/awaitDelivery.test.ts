// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../src/handlers/awaitDelivery";

const ssm = mockClient(SSMClient);

beforeEach(() => {
  ssm.reset();
});

describe("awaitDelivery", () => {
  it("accepts a task token", async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "test" } });
    const result = await handler({ taskToken: "token-1", input: { id: "test-id" } }, lambdaContext("awaitDelivery"));
    assert.equal(result, undefined);
  });

  it("refuses a request without a task token", async () => {
    await assert.rejects(handler({ taskToken: "", input: {} }, lambdaContext("awaitDelivery")));
  });
});
