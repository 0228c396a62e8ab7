// The local Lambda harness of `scaffold invoke` (Node.js): import the bundled entry point,
// call its handler with the event and a Lambda-like context, write the outcome as JSON.
// argv: bundle event-file result-file function-name timeout-ms memory-mb region
import { randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [bundle, eventFile, resultFile, name, timeoutMs, memory, region] = process.argv.slice(2);
const deadline = Date.now() + Number(timeoutMs);
const context = {
  functionName: name,
  functionVersion: "$LATEST",
  invokedFunctionArn: `arn:aws:lambda:${region}:123456789012:function:${name}`,
  memoryLimitInMB: memory,
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${name}`,
  logStreamName: "local",
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  done() {},
  fail() {},
  succeed() {},
};

function finish(outcome, code) {
  writeFileSync(resultFile, JSON.stringify(outcome));
  process.exit(code);
}

try {
  const entry = await import(pathToFileURL(bundle).href);
  const event = JSON.parse(readFileSync(eventFile, "utf8"));
  const result = await entry.handler(event, context);
  finish({ ok: true, payload: result === undefined ? null : result }, 0);
} catch (thrown) {
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  finish({ ok: false, payload: { errorType: error.name, errorMessage: error.message,
                                 stackTrace: String(error.stack || "").split("\n") } }, 1);
}
