// This file belongs to you: scaffold created it once and will never overwrite it.
// Lambda@Edge origin-request function: renders HTML for page routes at the edge and lets
// CloudFront fetch everything else (assets, files) from the S3 origin unchanged.
// Lambda@Edge has no environment variables and no X-Ray: configuration lives in this file.
import { Logger } from "@aws-lambda-powertools/logger";
import type { CloudFrontRequestEvent, CloudFrontRequestResult, Context } from "aws-lambda";

const logger = new Logger({ serviceName: "ssr" });

const APP_NAME = "sink";

/** Page routes are paths whose last segment has no file extension. */
export function isPage(uri: string): boolean {
  const last = uri.split("/").pop() ?? "";
  return !/\.[A-Za-z0-9]+$/.test(last);
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text made inert inside HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/** TODO: render your application here (e.g. your framework's renderToString). */
export function renderPage(uri: string): string {
  return [
    "<!doctype html>",
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(APP_NAME)}</title></head>`,
    `<body><div id="root" data-path="${escapeHtml(uri)}"></div>`,
    '<script type="module" src="/assets/index.js"></script></body>',
    "</html>",
  ].join("\n");
}

export const handler = async (
  event: CloudFrontRequestEvent,
  context: Context,
): Promise<CloudFrontRequestResult> => {
  logger.addContext(context);
  const request = event.Records[0]?.cf.request;
  if (request === undefined) {
    throw new Error("not a CloudFront request event");
  }
  if (request.method !== "GET" || !isPage(request.uri)) {
    return request;
  }
  logger.info("rendering page", { uri: request.uri });
  return {
    status: "200",
    statusDescription: "OK",
    headers: {
      "content-type": [{ key: "Content-Type", value: "text/html; charset=utf-8" }],
      "cache-control": [{ key: "Cache-Control", value: "no-cache" }],
    },
    body: renderPage(request.uri),
  };
};
