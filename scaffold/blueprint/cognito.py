"""Validate stage: the rules about the Cognito user pool, and the warnings about it.

Errors (``check_cognito``) fail validation; warnings (``cognito_warnings``) name a choice
that works but surprises on a real account, and never change the exit code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scaffold.blueprint import model
from scaffold.blueprint.functions import iter_functions, merged_options
from scaffold.blueprint.source_map import SourceMap
from scaffold.errors import Diagnostic

# Cognito waits 5 s for a Lambda trigger, then fails the sign-up or sign-in:
# https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html
TRIGGER_TIMEOUT_LIMIT = 5
PRODUCTION_STAGES = ("prod", "production")
"""Stage names treated as production by the warnings (a blueprint has no stage flag yet)."""

_ADDRESS = re.compile(r"^[^@\s<>]+@(?P<domain>[A-Za-z0-9.-]+\.[A-Za-z]{2,63})$")
_FROM = re.compile(r"^(?:[^<>\n]*<(?P<inner>[^<>\s]+)>|(?P<bare>[^<>\s]+))$")
_IDENTITY_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def _from_address(value: str) -> str | None:
    """The e-mail address of a From value (``Name <a@b.c>`` or ``a@b.c``), if it has one."""
    match = _FROM.fullmatch(value.strip())
    if not match:
        return None
    address = match["inner"] or match["bare"]
    return address if _ADDRESS.fullmatch(address) else None


def check_cognito(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Trigger timeouts fit Cognito's 5 s; the default group and the SES sender exist."""
    for sname, svc in bp.services.items():
        for use in iter_functions(sname, svc):
            timeout = merged_options(svc, use).timeout if use.trigger == "auth_trigger" else None
            if timeout is not None and timeout > TRIGGER_TIMEOUT_LIMIT:
                where = ((*use.path, "timeout") if use.options.timeout is not None
                         else ("services", sname, "functions", use.handler, "timeout"))
                yield Diagnostic(sm.value(where), "C137",
                                 f"Cognito trigger '{use.handler}' has a timeout of {timeout} s, "
                                 f"but Cognito waits {TRIGGER_TIMEOUT_LIMIT} s for a trigger",
                                 f"use a timeout of at most {TRIGGER_TIMEOUT_LIMIT}; move slow "
                                 "work to an event subscriber (publish an event)")
    if bp.auth is None:
        return
    group = bp.auth.default_group
    if group is not None:
        if group not in bp.auth.groups:
            yield Diagnostic(sm.value(("auth", "default_group")), "C138",
                             f"default group '{group}' is not a declared group",
                             "declared groups: " + (", ".join(bp.auth.groups) or "none")
                             + "; add it under auth.groups")
        elif not any("post_confirmation" in svc.auth_triggers for svc in bp.services.values()):
            yield Diagnostic(sm.value(("auth", "default_group")), "C139",
                             f"default group '{group}' needs a post_confirmation trigger: its "
                             "generated entry adds each new user to the group",
                             "declare `auth_triggers: {post_confirmation: onSignedUp}` in the "
                             "service that owns users")
    yield from _check_email(bp.auth, sm)
    yield from _check_hosted_ui(bp, bp.auth, sm)


_REDIRECT = re.compile(r"^(https://[^\s#]+|http://localhost(:[0-9]{1,5})?(/[^\s#]*)?)$")
_RESERVED_IN_PREFIX = ("aws", "amazon", "cognito")
_PROVIDER_FIELDS = {"google": ("client_id", "client_secret"),
                    "oidc": ("client_id", "client_secret", "issuer"),
                    "saml": ("metadata_url",)}
_OPTIONAL_FIELDS = ("client_id", "client_secret", "issuer", "metadata_url")


def _check_hosted_ui(bp: model.Blueprint, auth: model.AuthSpec,
                     sm: SourceMap) -> Iterator[Diagnostic]:
    """The hosted UI's domain, redirect URLs and identity providers are what Cognito accepts."""
    ui = auth.hosted_ui
    if ui is None:
        if auth.identity_providers:
            yield Diagnostic(sm.key(("auth", "identity_providers")), "C153",
                             "external identity providers sign users in through the hosted UI, "
                             "which is not enabled",
                             "add `auth.hosted_ui: {domain_prefix: <app>-login}`")
        return
    prefix = ui.domain_prefix
    reserved = [w for w in _RESERVED_IN_PREFIX if w in prefix]
    longest = max((len(f"{prefix}-{st}") for st, spec in bp.stages.items()
                   if not spec.production), default=len(prefix))
    if reserved:
        yield Diagnostic(sm.value(("auth", "hosted_ui", "domain_prefix")), "C158",
                         f"Cognito refuses a domain prefix containing '{reserved[0]}'",
                         "choose a prefix without aws, amazon or cognito, such as "
                         f"`{bp.name}-login`")
    elif longest > 63:
        yield Diagnostic(sm.value(("auth", "hosted_ui", "domain_prefix")), "C158",
                         f"with the stage suffix the domain prefix has {longest} characters; "
                         "Cognito allows 63", "shorten the prefix")
    if bp.frontend is None and not ui.callback_urls:
        yield Diagnostic(sm.key(("auth", "hosted_ui")), "C156",
                         "the hosted UI needs somewhere to return after sign-in, and there is "
                         "no frontend to derive it from",
                         "list `callback_urls` (https, or http://localhost for development)")
    for field in ("callback_urls", "logout_urls"):
        for i, url in enumerate(getattr(ui, field)):
            if not _REDIRECT.fullmatch(url):
                yield Diagnostic(sm.value(("auth", "hosted_ui", field, i)), "C157",
                                 f"Cognito accepts '{url}' only as an https URL (http only for "
                                 "localhost) without a fragment",
                                 "write https://app.acme.example/auth/callback or "
                                 "http://localhost:5173/auth/callback")
    for name, idp in auth.identity_providers.items():
        where = ("auth", "identity_providers", name)
        if idp.type == "google" and name != "Google":
            yield Diagnostic(sm.key(where), "C155",
                             f"Cognito names a Google provider 'Google', not '{name}'",
                             "rename the key to `Google`")
        needed = _PROVIDER_FIELDS[idp.type]
        for field in _OPTIONAL_FIELDS:
            value = getattr(idp, field)
            if field in needed and value is None:
                yield Diagnostic(sm.key(where), "C154",
                                 f"identity provider '{name}' ({idp.type}) needs `{field}`",
                                 f"{idp.type} providers set " + ", ".join(needed))
            elif field not in needed and value is not None:
                yield Diagnostic(sm.value((*where, field)), "C154",
                                 f"`{field}` does not apply to a {idp.type} provider",
                                 f"{idp.type} providers set " + ", ".join(needed))


def _check_email(auth: model.AuthSpec, sm: SourceMap) -> Iterator[Diagnostic]:
    if auth.email is None:
        return
    identity = auth.email.ses_identity
    address = _from_address(auth.email.from_)
    if address is None:
        yield Diagnostic(sm.value(("auth", "email", "from")), "C140",
                         f"'{auth.email.from_}' is not a From address",
                         "write `no-reply@acme.example` or `Acme <no-reply@acme.example>`")
    if not (_ADDRESS.fullmatch(identity) or _IDENTITY_DOMAIN.fullmatch(identity)):
        yield Diagnostic(sm.value(("auth", "email", "ses_identity")), "C140",
                         f"'{identity}' is not an SES identity",
                         "a verified domain (acme.example) or e-mail address")
    elif address is not None:
        domain = address.rpartition("@")[2].lower()
        covered = (address.lower() == identity.lower() if "@" in identity
                   else domain == identity or domain.endswith("." + identity))
        if not covered:
            yield Diagnostic(sm.value(("auth", "email", "from")), "C140",
                             f"SES identity '{identity}' cannot send as '{address}'",
                             "use an address of the identity's domain, or name the address's "
                             "own identity in ses_identity")


def cognito_warnings(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Valid choices that surprise on a real account (printed by ``scaffold validate``)."""
    if bp.auth is None:
        return
    if bp.auth.default_group is None:
        first: dict[str, tuple[str | int, ...]] = {}
        for group, where in _guarded_routes(bp):
            first.setdefault(group, where)
        for group, where in first.items():
            yield Diagnostic(sm.value(where), "W001",
                             f"routes are for members of group '{group}' only, and a new user "
                             "belongs to no group: someone must add users to it (console or "
                             "AdminAddUserToGroup), or every call answers 403",
                             f"set `auth.default_group: {group}` to add every new user on "
                             "sign-up", severity="warning")
    # The stage marked `production: true`; without one, a stage named like production.
    production = ([n for n, st in bp.stages.items() if st.production]
                  or [n for n in bp.stages if n in PRODUCTION_STAGES])
    if bp.auth.email is None and production:
        yield Diagnostic(sm.key(("auth",)), "W002",
                         f"stage '{production[0]}' sends Cognito e-mails with the default "
                         "sender, which allows about 50 e-mails a day",
                         "set `auth.email: {from: ..., ses_identity: ...}` to send through SES",
                         severity="warning")


def _guarded_routes(bp: model.Blueprint) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    """(group, where the ``auth`` naming it is written) of every group-guarded route."""
    default = bp.api.default_auth
    for sname, svc in bp.services.items():
        entries = [(r.auth, ("services", sname, "routes", k)) for k, r in svc.routes.items()]
        entries += [(u.auth, ("services", sname, "uploads", b)) for b, u in svc.uploads.items()]
        for auth, path in entries:
            value, where = (auth, (*path, "auth")) if auth is not None else (
                default, ("api", "default_auth"))
            if value is None or value in ("public", "user"):
                continue
            for group in [value] if isinstance(value, str) else value:
                yield group, where
