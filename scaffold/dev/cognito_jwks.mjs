// scaffold dev: preloaded into Node handlers (NODE_OPTIONS=--import) when they run against the
// emulator. A token verifier (aws-jwt-verify) fetches the user pool's JWKS from Cognito's
// public URL, which AWS_ENDPOINT_URL does not redirect; the emulator serves the same document
// at <endpoint>/<pool id>/.well-known/jwks.json, so requests for it go there instead.
import http from "node:http";
import https from "node:https";
import { syncBuiltinESMExports } from "node:module";

const endpoint = process.env.AWS_ENDPOINT_URL;
const cognito = /^cognito-idp\.[a-z0-9-]+\.amazonaws\.com$/;

if (endpoint) {
  const original = https.request;
  https.request = function request(uri, options, callback) {
    const url = typeof uri === "string" || uri instanceof URL ? new URL(uri) : null;
    if (url !== null && cognito.test(url.hostname) && url.pathname.endsWith("/.well-known/jwks.json")) {
      const target = new URL(url.pathname, endpoint);
      const local = target.protocol === "https:" ? original : http.request;
      return typeof options === "function"
        ? local.call(this, target, options)
        : local.call(this, target, { ...options, agent: undefined }, callback);
    }
    return original.apply(this, arguments);
  };
  syncBuiltinESMExports();
}
