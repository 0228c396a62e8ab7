"""Render stage (TypeScript): the generated entry point of every function, and its test.

``scaffold build`` bundles ``src/generated/entries/<handler>.ts``, not the user's stub. An
entry re-exports the stub's handler, or, when the plan says the route is for some groups
only, answers 403 to everyone else before the user's code runs. Entries are generated
files: a change of ``auth`` in the blueprint changes them on the next render.
"""

from __future__ import annotations

from scaffold.output.files import OutputFile
from scaffold.plan import contract
from scaffold.plan.callbacks import Correlation, Signature
from scaffold.render.typescript.code import array, obj
from scaffold.render.typescript.env import GENERATED_MARKER, ts_string
from scaffold.render.typescript.model import TsFunction, TsService

__all__ = ["emit_entries"]

ACCESS_TEST = "test/access.generated.test.ts"
DEFAULT_GROUP_TEST = "test/default-group.generated.test.ts"
SIGN_UP = "PostConfirmation_ConfirmSignUp"
UNAUTHORIZED = "invalid or missing " + contract.API_KEY_HEADER


def _joining_entry(fn: TsFunction, group: str) -> str:
    own = ts_string(f"../../handlers/{fn.h.handler}")
    return "\n".join([
        GENERATED_MARKER,
        f"// A confirmed sign-up joins group {group} (auth.default_group) before the handler "
        "runs;",
        "// a confirmed password reset (PostConfirmation_ConfirmForgotPassword) does not.",
        "import {",
        "  AdminAddUserToGroupCommand,",
        "  CognitoIdentityProviderClient,",
        '} from "@aws-sdk/client-cognito-identity-provider";',
        'import type { Context, PostConfirmationTriggerEvent } from "aws-lambda";',
        f"import {{ handler as own }} from {own};",
        "",
        f"export const DEFAULT_GROUP = {ts_string(group)};",
        "const cognito = new CognitoIdentityProviderClient({});",
        "",
        "/** Add a newly signed-up user to DEFAULT_GROUP (idempotent, so retries are harmless). */",
        "export async function joinDefaultGroup(event: PostConfirmationTriggerEvent): "
        "Promise<void> {",
        f"  if (event.triggerSource !== {ts_string(SIGN_UP)}) {{",
        "    return;",
        "  }",
        "  await cognito.send(",
        "    new AdminAddUserToGroupCommand({",
        "      UserPoolId: event.userPoolId,",
        "      Username: event.userName,",
        "      GroupName: DEFAULT_GROUP,",
        "    }),",
        "  );",
        "}",
        "",
        "export async function handler(",
        "  event: PostConfirmationTriggerEvent,",
        "  context: Context,",
        "): Promise<PostConfirmationTriggerEvent> {",
        "  await joinDefaultGroup(event);",
        "  return own(event, context);",
        "}",
        "",
    ])


def _default_group_test(fn: TsFunction, group: str) -> str:
    entry = ts_string(f"../src/generated/entries/{fn.h.handler}")
    return "\n".join([
        GENERATED_MARKER,
        "// auth.default_group: a confirmed sign-up joins the group, a password reset does not.",
        'import { cognitoEvent } from "../src/generated/testing";',
        "import {",
        "  AdminAddUserToGroupCommand,",
        "  CognitoIdentityProviderClient,",
        '} from "@aws-sdk/client-cognito-identity-provider";',
        'import type { PostConfirmationTriggerEvent } from "aws-lambda";',
        'import { mockClient } from "aws-sdk-client-mock";',
        'import assert from "node:assert/strict";',
        'import { beforeEach, describe, it } from "node:test";',
        f"import {{ DEFAULT_GROUP, joinDefaultGroup }} from {entry};",
        "",
        "const cognito = mockClient(CognitoIdentityProviderClient);",
        "",
        "beforeEach(() => {",
        "  cognito.reset();",
        "  cognito.on(AdminAddUserToGroupCommand).resolves({});",
        "});",
        "",
        "function confirmed(triggerSource: string): PostConfirmationTriggerEvent {",
        "  return cognitoEvent<PostConfirmationTriggerEvent>(triggerSource, {",
        '    userAttributes: { sub: "user-1", email: "user-1@example.test" },',
        "  });",
        "}",
        "",
        'describe("default group of new users", () => {',
        f"  it({ts_string('adds a confirmed sign-up to ' + group)}, async () => {{",
        f"    const event = confirmed({ts_string(SIGN_UP)});",
        "    await joinDefaultGroup(event);",
        "    const calls = cognito.commandCalls(AdminAddUserToGroupCommand);",
        "    assert.equal(calls.length, 1);",
        f"    assert.equal(DEFAULT_GROUP, {ts_string(group)});",
        "    assert.deepEqual(calls[0]?.args[0].input, {",
        "      UserPoolId: event.userPoolId,",
        '      Username: "user-1",',
        "      GroupName: DEFAULT_GROUP,",
        "    });",
        "  });",
        "",
        '  it("leaves the groups alone after a password reset", async () => {',
        '    await joinDefaultGroup(confirmed("PostConfirmation_ConfirmForgotPassword"));',
        "    assert.equal(cognito.commandCalls(AdminAddUserToGroupCommand).length, 0);",
        "  });",
        "});",
        "",
    ])


def _forbidden(groups: tuple[str, ...]) -> str:
    return "forbidden: only members of " + " or ".join(groups)


def _keyed_entry(fn: TsFunction, secret: str) -> str:
    own = ts_string(f"../../handlers/{fn.h.handler}")
    header = contract.API_KEY_HEADER
    return "\n".join([
        GENERATED_MARKER,
        f"// {fn.h.key}: a public webhook; callers present secret {secret} in {header}",
        "// (compared in constant time; a secret never set lets nobody in).",
        'import type { APIGatewayProxyEventV2, Context } from "aws-lambda";',
        f"import {{ handler as own }} from {own};",
        'import { problem, sameSecret } from "../http";',
        'import { getSecret } from "../secrets";',
        "",
        f"export const API_KEY_SECRET = {ts_string(secret)};",
        "",
        "export async function handler(event: APIGatewayProxyEventV2, context: Context) {",
        f"  const given = event.headers?.[{ts_string(header)}] ?? \"\";",
        "  if (!sameSecret(given, await getSecret(API_KEY_SECRET))) {",
        f"    return problem(401, {ts_string(UNAUTHORIZED)});",
        "  }",
        "  return own(event, context);",
        "}",
        "",
    ])


def _storing_entry(fn: TsFunction, corr: Correlation) -> str:
    own = ts_string(f"../../handlers/{fn.h.handler}")
    return "\n".join([
        GENERATED_MARKER,
        f"// {fn.h.handler}: stores the task token under the state's {corr.field} (the step's",
        "// `correlate`), so a resumer finds it by that id; then the handler runs.",
        'import type { Context } from "aws-lambda";',
        f"import {{ handler as own }} from {own};",
        'import { storeTaskToken } from "../tokens";',
        "",
        f"export const WORKFLOW = {ts_string(corr.workflow)};",
        f"export const CORRELATE = {ts_string(corr.field)};",
        "/** The step's timeout_seconds plus a margin. */",
        f"export const TTL_SECONDS = {corr.ttl_seconds};",
        "",
        "export async function handler(",
        "  event: { taskToken?: unknown; input?: Record<string, unknown> },",
        "  context: Context,",
        "): Promise<void> {",
        "  const { taskToken } = event;",
        "  const input = event.input ?? {};",
        "  const value = input[CORRELATE];",
        '  if (typeof taskToken !== "string" || taskToken === "") {',
        '    throw new Error("no task token: is this step a wait_for_callback step?");',
        "  }",
        '  if ((typeof value !== "string" && typeof value !== "number") || value === "") {',
        "    throw new Error(`the workflow state has no ${CORRELATE} to correlate the callback "
        "with`);",
        "  }",
        "  await storeTaskToken(WORKFLOW, String(value), taskToken, TTL_SECONDS);",
        "  await own({ taskToken, input }, context);",
        "}",
        "",
    ])


BAD_SIGNATURE = "invalid or missing signature"


def _signed_entry(fn: TsFunction, sig: Signature) -> str:
    own = ts_string(f"../../handlers/{fn.h.handler}")
    return "\n".join([
        GENERATED_MARKER,
        f"// {fn.h.key}: a public webhook; the caller signs each request with secret",
        f"// {sig.secret} (HMAC-SHA256 of `<timestamp>.<body>`, at most "
        f"{sig.tolerance_seconds} s old).",
        'import type { APIGatewayProxyEventV2, Context } from "aws-lambda";',
        f"import {{ handler as own }} from {own};",
        'import { problem } from "../http";',
        'import { getSecret } from "../secrets";',
        'import { rawBody, validSignature } from "../signatures";',
        "",
        f"export const SIGNATURE_SECRET = {ts_string(sig.secret)};",
        f"export const SIGNATURE_HEADER = {ts_string(sig.header)};",
        f"export const TIMESTAMP_HEADER = {ts_string(sig.timestamp_header)};",
        f"export const TOLERANCE_SECONDS = {sig.tolerance_seconds};",
        "",
        "export async function handler(event: APIGatewayProxyEventV2, context: Context) {",
        "  const headers = event.headers ?? {}; // API Gateway lower-cases header names",
        "  const signed = validSignature(",
        "    await getSecret(SIGNATURE_SECRET),",
        '    headers[TIMESTAMP_HEADER] ?? "",',
        "    rawBody(event),",
        '    headers[SIGNATURE_HEADER] ?? "",',
        "    TOLERANCE_SECONDS,",
        "  );",
        "  if (!signed) {",
        f"    return problem(401, {ts_string(BAD_SIGNATURE)});",
        "  }",
        "  return own(event, context);",
        "}",
        "",
    ])


def _entry(fn: TsFunction, groups: tuple[str, ...], custom: bool = False) -> str:
    own = ts_string(f"../../handlers/{fn.h.handler}")
    if custom:
        return (f"{GENERATED_MARKER}\n// {fn.h.key}: the service's Lambda authorizer decided "
                f"before the call (auth: custom).\nexport {{ handler }} from {own};\n")
    if not groups:
        return f"{GENERATED_MARKER}\nexport {{ handler }} from {own};\n"
    return "\n".join([
        GENERATED_MARKER,
        f"// {fn.h.key}: only members of {', '.join(groups)} reach the handler "
        "(the route's `auth` in the blueprint).",
        'import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";',
        f"import {{ handler as own }} from {own};",
        'import { inGroup } from "../auth";',
        'import { problem } from "../http";',
        "",
        "export async function handler(",
        "  event: APIGatewayProxyEventV2WithJWTAuthorizer,",
        "  context: Context,",
        ") {",
        f"  if (!inGroup(event, {array(groups)})) {{",
        f"    return problem(403, {ts_string(_forbidden(groups))});",
        "  }",
        "  return own(event, context);",
        "}",
        "",
    ])


def _route_key(fn: TsFunction) -> str:
    """``METHOD /path`` of a route, or of an upload's presign route."""
    return fn.h.route or fn.h.key


def _keyed_cases(keyed: list[tuple[TsFunction, str]]) -> list[str]:
    lines: list[str] = []
    header = ts_string(contract.API_KEY_HEADER)
    for fn, _secret in keyed:
        name = fn.h.handler
        route = ts_string(_route_key(fn))
        for title, value, given in (
                ("without the key", '"s3cret"', "{}"),
                ("with a wrong key", '"s3cret"', f'{{ {header}: "guess" }}'),
                ("while the secret is not set", "SECRET_PLACEHOLDER",
                 f"{{ {header}: SECRET_PLACEHOLDER }}")):
            lines += [
                f"  it({ts_string(f'{name} answers 401 {title}')}, async () => {{",
                "    ssm.reset();",
                f"    ssm.on(GetParameterCommand).resolves({{ Parameter: {{ Value: {value} }} }});",
                f"    const result = await {name}(httpEvent({{ routeKey: {route}, "
                f"headers: {given} }}), lambdaContext({ts_string(name)}));",
                "    assert.equal(result.statusCode, 401);",
                "  });",
            ]
    return lines


def _signed_cases(signed: list[tuple[TsFunction, Signature]]) -> list[str]:
    lines: list[str] = []
    for fn, sig in signed:
        name = fn.h.handler
        route = ts_string(_route_key(fn))
        body = ts_string('{"status":"sent"}')
        for title, timestamp, secret in (
                ("with a bad signature", "now", '"not-the-secret"'),
                ("with a replayed (stale) timestamp",
                 f"now - {sig.tolerance_seconds + 60}", '"s3cret"')):
            lines += [
                f"  it({ts_string(f'{name} answers 401 {title}, before its handler runs')}"
                ", async () => {",
                "    ssm.reset();",
                '    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "s3cret" } });',
                "    const now = Math.floor(Date.now() / 1000);",
                f"    const timestamp = String({timestamp});",
                f"    const body = {body};",
                f"    const signature = sign({secret}, timestamp, Buffer.from(body));",
                f"    const result = await {name}(httpEvent({{ routeKey: {route}, body, headers: "
                f"{{ {ts_string(sig.header)}: signature, {ts_string(sig.timestamp_header)}: "
                "timestamp } }), "
                f"lambdaContext({ts_string(name)}));",
                "    assert.equal(result.statusCode, 401);",
                "  });",
            ]
    if signed:
        lines += [
            '  it("accepts the signature of the secret, recently made", () => {',
            "    const now = Math.floor(Date.now() / 1000);",
            '    const body = Buffer.from("{}");',
            '    const signature = sign("s3cret", String(now), body);',
            '    assert.equal(validSignature("s3cret", String(now), body, signature, 300), true);',
            '    assert.equal(validSignature("s3cret", String(now), body, "sha256=" + signature, '
            "300), true);",
            '    assert.equal(validSignature(SECRET_PLACEHOLDER, String(now), body, '
            "sign(SECRET_PLACEHOLDER, String(now), body), 300), false);",
            "  });",
        ]
    return lines


def _access_test(guarded: list[tuple[TsFunction, tuple[str, ...]]],
                 keyed: list[tuple[TsFunction, str]],
                 signed: list[tuple[TsFunction, Signature]]) -> str:
    lines = [
        GENERATED_MARKER,
        "// The blueprint's access rules, as enforced by the generated entry points.",
        'import assert from "node:assert/strict";',
        'import { describe, it } from "node:test";',
        'import { httpEvent, lambdaContext } from "../src/generated/testing";',
    ]
    if keyed or signed:
        lines += ['import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";',
                  'import { mockClient } from "aws-sdk-client-mock";',
                  'import { SECRET_PLACEHOLDER } from "../src/generated/http";']
    if signed:
        lines += ['import { sign, validSignature } from "../src/generated/signatures";']
    lines += [f"import {{ handler as {fn.h.handler} }} from "
              f"{ts_string('../src/generated/entries/' + fn.h.handler)};"
              for fn in [*(f for f, _ in guarded), *(f for f, _ in keyed),
                         *(f for f, _ in signed)]]
    if keyed or signed:
        lines += ["", "const ssm = mockClient(SSMClient);"]
    lines += ["", 'describe("access rules of the blueprint", () => {']
    lines += _keyed_cases(keyed)
    lines += _signed_cases(signed)
    for fn, groups in guarded:
        name = fn.h.handler
        event = obj({"routeKey": ts_string(_route_key(fn)),
                     "claims": obj({"cognito:groups": ts_string("[nobody]")})})
        lines += [
            f"  it({ts_string(f'{name} answers 403 to a caller outside ' + ', '.join(groups))}"
            ", async () => {",
            f"    const result = await {name}(httpEvent({event}), "
            f"lambdaContext({ts_string(name)}));",
            "    assert.equal(result.statusCode, 403);",
            f"    assert.equal(JSON.parse(String(result.body)).message, "
            f"{ts_string(_forbidden(groups))});",
            "  });",
        ]
    lines += ["});", ""]
    return "\n".join(lines)


def emit_entries(svc: TsService) -> list[OutputFile]:
    """The entry point of each function of ``svc``, and the test of the guarded ones."""
    root = f"services/{svc.name}"
    files: list[OutputFile] = []
    guarded: list[tuple[TsFunction, tuple[str, ...]]] = []
    keyed: list[tuple[TsFunction, str]] = []
    signed: list[tuple[TsFunction, Signature]] = []
    for fn in svc.functions:
        groups, secret = fn.h.guard_groups, fn.h.api_key_secret
        sig, corr = fn.h.signature, fn.h.stores_token
        if groups:
            guarded.append((fn, groups))
        if secret:
            keyed.append((fn, secret))
        if sig:
            signed.append((fn, sig))
        path = contract.entry_source(svc.name, fn.h.handler, svc.runtime)
        default_group = fn.h.default_group
        text = (_joining_entry(fn, default_group) if default_group
                else _storing_entry(fn, corr) if corr
                else _signed_entry(fn, sig) if sig
                else _keyed_entry(fn, secret) if secret
                else _entry(fn, groups, fn.h.authorizer_decides))
        files.append(OutputFile(f"{root}/{path}", text.encode("utf-8")))
        if default_group:
            files.append(OutputFile(f"{root}/{DEFAULT_GROUP_TEST}",
                                    _default_group_test(fn, default_group).encode("utf-8")))
    if guarded or keyed or signed:
        files.append(OutputFile(f"{root}/{ACCESS_TEST}",
                                _access_test(guarded, keyed, signed).encode("utf-8")))
    return files
