// This file belongs to you: scaffold created it once and will never overwrite it.
// Run with `npm test`.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type {
  CloudFrontRequestEvent,
  CloudFrontRequestResult,
  CloudFrontResultResponse,
  Context,
} from "aws-lambda";
import { handler } from "../src/index";

const context = { functionName: "ssr", awsRequestId: "request-1" } as Context;

function originRequest(uri: string, method = "GET"): CloudFrontRequestEvent {
  return {
    Records: [
      {
        cf: {
          config: {
            distributionDomainName: "d.cloudfront.net",
            distributionId: "EDFDVBD6EXAMPLE",
            eventType: "origin-request",
            requestId: "request-1",
          },
          request: { clientIp: "192.0.2.1", headers: {}, method, querystring: "", uri },
        },
      },
    ],
  };
}

function isResponse(result: CloudFrontRequestResult): result is CloudFrontResultResponse {
  return result !== undefined && result !== null && "status" in result;
}

describe("ssr", () => {
  it("renders a page route as HTML", async () => {
    const result = await handler(originRequest("/projects/1"), context);
    assert.ok(isResponse(result));
    assert.equal(result.status, "200");
    assert.match(result.body ?? "", /<div id="root" data-path="\/projects\/1">/);
  });

  it("passes asset requests through to the origin", async () => {
    const result = await handler(originRequest("/assets/index.js"), context);
    assert.ok(!isResponse(result));
    assert.equal(result?.uri, "/assets/index.js");
  });
});
