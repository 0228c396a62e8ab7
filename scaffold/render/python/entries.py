"""Render stage (Python): each function's generated entry module, and the access tests.

Lambda calls ``<package>.generated.entries.<module>.handler``. For a route whose blueprint
``auth`` names groups, that handler is the user's wrapped by ``guard_groups``, which
answers 403 to anyone outside the groups before the user's code runs; for every other
function it is the user's handler itself. The modules are generated: they follow the
blueprint on every render, while the handler modules stay the user's.
"""

from __future__ import annotations

from collections.abc import Sequence

from scaffold.blueprint import names
from scaffold.plan import contract
from scaffold.plan.callbacks import Correlation, Signature
from scaffold.plan.handlers import Handler
from scaffold.render.python.env import doc, py_literal

__all__ = ["access_tests", "api_key_tests", "default_group_test", "entry_modules"]

SIGN_UP = "PostConfirmation_ConfirmSignUp"
"""The post-confirmation trigger source of a sign-up (not a password reset)."""
_TYPED_HEAD = ("", "from __future__ import annotations", "", "from typing import Any", "")
"""What follows the docstring of every typed entry module."""


def _own_module(package: str, use: Handler) -> str:
    """The module of the user's handler an entry wraps."""
    return f"{package}.handlers.{names.snake(use.handler)}"


def _joining_module(package: str, use: Handler, group: str) -> str:
    own = _own_module(package, use)
    return "\n".join([
        f'"""Entry point of {doc(use.handler)}: a confirmed sign-up joins group '
        f'{doc(group)}, then the handler runs."""',
        *_TYPED_HEAD,
        f"from {package}.generated.aws import client",
        f"from {own} import handler as _own",
        "",
        f"DEFAULT_GROUP = {py_literal(group)}  # auth.default_group of the blueprint",
        f"SIGN_UP = {py_literal(SIGN_UP)}",
        "",
        "",
        "def handler(event: dict[str, Any], context: Any) -> Any:",
        '    """Add a new user to DEFAULT_GROUP (not after a password reset), then run yours.',
        "",
        "    AdminAddUserToGroup is idempotent, so a retried trigger does no harm.",
        '    """',
        '    if event.get("triggerSource") == SIGN_UP:',
        '        client("cognito-idp").admin_add_user_to_group(',
        '            UserPoolId=event["userPoolId"], Username=event["userName"],',
        "            GroupName=DEFAULT_GROUP)",
        "    return _own(event, context)",
        "",
    ])


UNAUTHORIZED = "invalid or missing " + contract.API_KEY_HEADER


def _keyed_module(package: str, use: Handler, secret: str) -> str:
    own = _own_module(package, use)
    return "\n".join([
        f'"""Entry point of {doc(use.handler)}: a public webhook; callers present secret '
        f'{doc(secret)} in {contract.API_KEY_HEADER}."""',
        *_TYPED_HEAD,
        f"from {package}.generated.http import HttpError",
        f"from {package}.generated.secrets import get_secret, same_secret",
        f"from {own} import handler as _own",
        "",
        f"API_KEY_SECRET = {py_literal(secret)}",
        f"API_KEY_HEADER = {py_literal(contract.API_KEY_HEADER)}",
        "",
        "",
        "def handler(event: dict[str, Any], context: Any) -> Any:",
        '    """Answer 401 unless the caller presents the secret (compared in constant time)."""',
        '    given = str((event.get("headers") or {}).get(API_KEY_HEADER, ""))',
        "    if not same_secret(given, get_secret(API_KEY_SECRET)):",
        f"        return HttpError(401, {py_literal(UNAUTHORIZED)}).response()",
        "    return _own(event, context)",
        "",
    ])


def _storing_module(package: str, use: Handler, corr: Correlation) -> str:
    own = _own_module(package, use)
    return "\n".join([
        f'"""Entry point of {doc(use.handler)}: store the task token, then run the handler.',
        "",
        f"The token is kept under the state's {doc(corr.field)} (the step's ``correlate``), "
        "where",
        '``resume`` and ``fail`` of ``generated/tokens.py`` find it.',
        '"""',
        *_TYPED_HEAD,
        f"from {package}.generated.tokens import store_task_token",
        f"from {own} import handler as _own",
        "",
        f"WORKFLOW = {py_literal(corr.workflow)}",
        f"CORRELATE = {py_literal(corr.field)}  # the step's `correlate` in the blueprint",
        f"TTL_SECONDS = {corr.ttl_seconds}  # the step's timeout_seconds plus a margin",
        "",
        "",
        "def handler(event: dict[str, Any], context: Any) -> Any:",
        '    """Store ``{correlation id -> task token}`` so a resumer finds it, then run yours."""',
        '    token = event.get("taskToken")',
        '    state = event.get("input") or {}',
        "    value = state.get(CORRELATE) if isinstance(state, dict) else None",
        "    if not isinstance(token, str) or not token:",
        '        raise ValueError("the workflow step must pass a taskToken")',
        "    if isinstance(value, bool) or not isinstance(value, str | int) or value == \"\":",
        '        raise ValueError(f"the workflow state has no {CORRELATE} to correlate '
        'the callback with")',
        "    store_task_token(WORKFLOW, str(value), token, TTL_SECONDS)",
        "    return _own(event, context)",
        "",
    ])


BAD_SIGNATURE = "invalid or missing signature"


def _signed_module(package: str, use: Handler, sig: Signature) -> str:
    own = _own_module(package, use)
    return "\n".join([
        f'"""Entry point of {doc(use.handler)}: a public webhook with signed requests.',
        "",
        f"The caller signs each request with secret {doc(sig.secret)} (HMAC-SHA256 of "
        "``<timestamp>.<body>``,",
        f"at most {sig.tolerance_seconds} s old); anything else is answered 401 before the "
        "handler runs.",
        '"""',
        *_TYPED_HEAD,
        f"from {package}.generated.http import HttpError",
        f"from {package}.generated.secrets import get_secret",
        f"from {package}.generated.signatures import raw_body, valid_signature",
        f"from {own} import handler as _own",
        "",
        f"SIGNATURE_SECRET = {py_literal(sig.secret)}",
        f"SIGNATURE_HEADER = {py_literal(sig.header)}",
        f"TIMESTAMP_HEADER = {py_literal(sig.timestamp_header)}",
        f"TOLERANCE_SECONDS = {sig.tolerance_seconds}",
        "",
        "",
        "def handler(event: dict[str, Any], context: Any) -> Any:",
        '    """Answer 401 unless the request is signed with the secret, recently."""',
        '    headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}',
        "    signed = valid_signature(get_secret(SIGNATURE_SECRET),",
        '                             headers.get(TIMESTAMP_HEADER, ""), raw_body(event),',
        '                             headers.get(SIGNATURE_HEADER, ""), TOLERANCE_SECONDS)',
        "    if not signed:",
        f"        return HttpError(401, {py_literal(BAD_SIGNATURE)}).response()",
        "    return _own(event, context)",
        "",
    ])


def _module(package: str, use: Handler, groups: tuple[str, ...],
            custom: bool = False) -> str:
    own = _own_module(package, use)
    if custom:
        return (f'"""Entry point of {doc(use.handler)}: the handler itself; the service\'s '
                'Lambda authorizer\ndecided before the call (auth: custom)."""\n\n'
                f"from {own} import handler\n\n__all__ = [\"handler\"]\n")
    if not groups:
        return (f'"""Entry point of {doc(use.handler)}: the handler itself (no access rule '
                'beyond the API\'s)."""\n\n'
                f"from {own} import handler\n\n__all__ = [\"handler\"]\n")
    allowed = "frozenset({" + ", ".join(py_literal(g) for g in groups) + "})"
    return "\n".join([
        f'"""Entry point of {doc(use.handler)}: only members of {doc(", ".join(groups))} '
        'reach the handler."""',
        "",
        f"from {package}.generated.http import guard_groups",
        f"from {own} import handler as _own",
        "",
        f"ALLOWED_GROUPS = {allowed}",
        "handler = guard_groups(ALLOWED_GROUPS, _own)",
        "",
    ])


def entry_modules(package: str, handlers: Sequence[Handler]) -> dict[str, str]:
    """Module file name (under ``generated/entries/``) -> source, one per function.

    Args:
        package: The service's Python package.
        handlers: The first declaration of each handler (``ServiceCode.first_handlers``).
    """
    modules = {"__init__.py": '"""Generated Lambda entry points, one per function."""\n'}
    for use in handlers:
        name = names.snake(use.handler) + ".py"
        group, corr, sig, secret = (use.default_group, use.stores_token, use.signature,
                                    use.api_key_secret)
        modules[name] = (_joining_module(package, use, group) if group
                         else _storing_module(package, use, corr) if corr
                         else _signed_module(package, use, sig) if sig
                         else _keyed_module(package, use, secret) if secret
                         else _module(package, use, use.guard_groups, use.authorizer_decides))
    return modules


def default_group_test(package: str, handlers: Sequence[Handler]) -> str | None:
    """A pytest module proving the post-confirmation entry adds sign-ups (only) to the group."""
    found = [(use, group) for use in handlers if (group := use.default_group)]
    if not found:
        return None
    use, group = found[0]
    module = f"{package}.generated.entries.{names.snake(use.handler)}"
    return "\n".join([
        '"""auth.default_group: a confirmed sign-up joins the group; a password reset does not."""',
        *_TYPED_HEAD,
        "import boto3",
        "import pytest",
        "import scaffold_fixtures as fx",
        "",
        f"from {package}.generated import aws as generated_aws",
        f"from {package}.generated.entries import {names.snake(use.handler)} as entry",
        "",
        f"GROUP = {py_literal(group)}",
        "",
        "",
        "def _pool() -> tuple[Any, str]:",
        '    idp = boto3.client("cognito-idp")',
        '    pool = idp.create_user_pool(PoolName="test")["UserPool"]["Id"]',
        "    idp.create_group(UserPoolId=pool, GroupName=GROUP)",
        '    idp.admin_create_user(UserPoolId=pool, Username="test-user")',
        "    return idp, pool",
        "",
        "",
        '@pytest.mark.parametrize(("source", "joins"), [',
        '    ("PostConfirmation_ConfirmSignUp", True),',
        '    ("PostConfirmation_ConfirmForgotPassword", False),',
        "])",
        "def test_only_a_confirmed_sign_up_joins_the_default_group(",
        "        aws: dict[str, str], lambda_context: Any, monkeypatch: pytest.MonkeyPatch,",
        "        source: str, joins: bool) -> None:",
        "    idp, pool = _pool()",
        "    seen: list[str] = []",
        "",
        "    def own(event: dict[str, Any], _: Any) -> dict[str, Any]:",
        '        seen.append(event["triggerSource"])',
        "        return event",
        "",
        '    monkeypatch.setattr(entry, "_own", own)',
        "    generated_aws.reset()",
        "    event = fx.cognito_event(source)",
        '    event["userPoolId"] = pool',
        "    entry.handler(event, lambda_context)",
        '    groups = idp.admin_list_groups_for_user(UserPoolId=pool, Username="test-user")',
        '    assert [g["GroupName"] for g in groups["Groups"]] == ([GROUP] if joins else [])',
        "    assert seen == [source]",
        f"    assert entry.__name__ == {py_literal(module)}",
        "",
    ])


def access_tests(package: str, handlers: Sequence[Handler]) -> str | None:
    """A pytest module proving each guarded entry answers 403 outside its groups."""
    guarded = [(use, groups) for use in handlers if (groups := use.guard_groups)]
    if not guarded:
        return None
    lines = [
        '"""The blueprint\'s access rules, as enforced by the generated entry points."""',
        "",
        "from __future__ import annotations",
        "",
        "import importlib",
        "",
        "import pytest",
        "",
        f"from {package}.generated.http import guard_groups",
        "",
        "CASES = [",
    ]
    for use, groups in guarded:
        route = use.route  # a route's key, or the presign route of an upload
        module = f"{package}.generated.entries.{names.snake(use.handler)}"
        lines.append(f"    ({py_literal(module)}, {py_literal(route)}, "
                     f"{py_literal(list(groups))}),")
    lines += [
        "]",
        "",
        "",
        "def _event(route: str) -> dict[str, object]:",
        '    method, _, path = route.partition(" ")',
        '    claims = {"sub": "user-1", "cognito:groups": "[nobody]"}',
        '    return {"version": "2.0", "routeKey": route, "rawPath": path, "headers": {},',
        '            "requestContext": {"http": {"method": method, "path": path},',
        '                               "authorizer": {"jwt": {"claims": claims, "scopes": []}}}}',
        "",
        "",
        '@pytest.mark.parametrize(("module", "route", "groups"), CASES)',
        "def test_a_caller_outside_the_groups_gets_403_before_the_handler_runs(",
        "        module: str, route: str, groups: list[str]) -> None:",
        "    entry = importlib.import_module(module)",
        "    assert entry.ALLOWED_GROUPS == frozenset(groups)",
        '    assert entry.handler(_event(route), None)["statusCode"] == 403',
        "    calls: list[object] = []",
        "    guarded = guard_groups(entry.ALLOWED_GROUPS, lambda event, _: calls.append(event))",
        '    assert guarded(_event(route), None)["statusCode"] == 403',
        "    assert calls == []",
        "",
    ]
    return "\n".join(lines)


def api_key_tests(package: str, handlers: Sequence[Handler]) -> str | None:
    """A pytest module proving each public webhook's entry answers 401 without its key."""
    keyed = [(use, secret) for use in handlers if (secret := use.api_key_secret)]
    if not keyed:
        return None
    header = py_literal(contract.API_KEY_HEADER)
    lines = [
        '"""Public webhooks: the generated entry answers 401 unless the caller has the key."""',
        "",
        "from __future__ import annotations",
        "",
        "import importlib",
        "from typing import Any",
        "",
        "import boto3",
        "import pytest",
        "import scaffold_fixtures as fx",
        "from aws_lambda_powertools.utilities import parameters",
        "",
        f"from {package}.generated.secrets import PLACEHOLDER",
        "",
        "CASES = [",
    ]
    lines += [f"    ({py_literal(f'{package}.generated.entries.{names.snake(use.handler)}')}, "
              f"{py_literal(use.key)}, {py_literal(secret)}),"
              for use, secret in keyed]
    lines += [
        "]",
        "",
        "",
        "def _event(route: str, headers: dict[str, str]) -> dict[str, Any]:",
        '    method, _, path = route.partition(" ")',
        '    return {"version": "2.0", "routeKey": route, "rawPath": path, "headers": headers,',
        '            "requestContext": {"http": {"method": method, "path": path}}}',
        "",
        "",
        "def _entry(module: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, list[object]]:",
        "    entry = importlib.import_module(module)",
        "    calls: list[object] = []",
        '    monkeypatch.setattr(entry, "_own", lambda event, _: calls.append(event) or '
        '{"statusCode": 202})',
        "    return entry, calls",
        "",
        "",
        '@pytest.mark.parametrize(("module", "route", "secret"), CASES)',
        "def test_only_the_right_key_reaches_the_handler(",
        "        aws: dict[str, str], lambda_context: Any, monkeypatch: pytest.MonkeyPatch,",
        "        module: str, route: str, secret: str) -> None:",
        "    entry, calls = _entry(module, monkeypatch)",
        "    assert entry.API_KEY_SECRET == secret",
        '    assert entry.handler(_event(route, {}), lambda_context)["statusCode"] == 401',
        f'    wrong = _event(route, {{{header}: "guess"}})',
        '    assert entry.handler(wrong, lambda_context)["statusCode"] == 401',
        "    assert calls == []",
        f"    right = _event(route, {{{header}: fx.SECRET_VALUE}})",
        '    assert entry.handler(right, lambda_context)["statusCode"] == 202',
        "    assert len(calls) == 1",
        "",
        "",
        '@pytest.mark.parametrize(("module", "route", "secret"), CASES)',
        "def test_a_secret_never_set_lets_nobody_in(",
        "        aws: dict[str, str], lambda_context: Any, monkeypatch: pytest.MonkeyPatch,",
        "        module: str, route: str, secret: str) -> None:",
        '    boto3.client("ssm").put_parameter(Name=fx.SECRETS[secret][1], Value=PLACEHOLDER,',
        '                                      Type="SecureString", Overwrite=True)',
        "    parameters.clear_caches()  # type: ignore[no-untyped-call]",
        "    entry, calls = _entry(module, monkeypatch)",
        f"    guess = _event(route, {{{header}: PLACEHOLDER}})",
        '    assert entry.handler(guess, lambda_context)["statusCode"] == 401',
        "    assert calls == []",
        "",
    ]
    return "\n".join(lines)
