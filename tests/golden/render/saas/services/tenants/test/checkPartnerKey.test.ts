// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`. The testing module is imported first: it sets the environment
// variables Terraform would set before the handler's modules load.
import { lambdaContext } from "../src/generated/testing";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { APIGatewayRequestAuthorizerEventV2 } from "aws-lambda";
import { decide, handler } from "../src/handlers/checkPartnerKey";

describe("checkPartnerKey", () => {
  it("allows a caller the check accepts", async () => {
    const result = await decide({ routeKey: "GET /", identitySource: ["key-1"] } as unknown as APIGatewayRequestAuthorizerEventV2, async (identity) => (identity === "key-1" ? { caller: "partner-1" } : null));
    assert.deepEqual(result, { isAuthorized: true, context: { caller: "partner-1" } });
  });

  it("denies a caller without an identity", async () => {
    const result = await handler({ routeKey: "GET /", identitySource: [] } as unknown as APIGatewayRequestAuthorizerEventV2, lambdaContext("checkPartnerKey"));
    assert.deepEqual(result, { isAuthorized: false, context: {} });
  });

  it("denies every caller until the check is written", async () => {
    const result = await handler({ routeKey: "GET /", identitySource: ["key-1"] } as unknown as APIGatewayRequestAuthorizerEventV2, lambdaContext("checkPartnerKey"));
    assert.equal(result.isAuthorized, false);
  });
});
