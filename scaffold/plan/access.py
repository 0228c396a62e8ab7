"""Plan stage: who may call a route, and which path parameters name a table's item.

Decided here once; Terraform, the TypeScript stubs and the Python stubs translate the
result and never re-read ``auth`` or re-match path parameters themselves
(``docs/decisions/0007-one-meaning-of-auth-and-keys.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from scaffold.blueprint import model
from scaffold.blueprint.functions import FunctionUse, merged_options, signature_secret

AccessKind = Literal["public", "user", "groups", "custom"]


@dataclass(frozen=True)
class Access:
    """Who may call a route: anyone, any signed-in user, members of any of ``groups``, or
    whoever the service's Lambda authorizer lets through (``custom``)."""

    kind: AccessKind
    groups: tuple[str, ...] = ()

    @property
    def authorizer(self) -> Literal["NONE", "JWT", "CUSTOM"]:
        """The API Gateway authorization type: ``custom`` is the service's Lambda authorizer,
        public needs nothing, everything else a JWT."""
        if self.kind == "custom":
            return "CUSTOM"
        return "NONE" if self.kind == "public" else "JWT"


def resolve_access(bp: model.Blueprint, auth: str | list[str] | None) -> Access:
    """The access of a route whose ``auth`` is ``auth`` (unset: ``api.default_auth``).

    Unset everywhere means ``user`` when the blueprint has users, else ``public``. A list is
    a list of groups: validation rejects ``public`` or ``user`` inside one (C136).
    """
    value = auth if auth is not None else bp.api.default_auth
    if value is None:
        return Access("user" if bp.auth is not None else "public")
    if value == "public":
        return Access("public")
    if value == "user":
        return Access("user")
    if value == "custom":  # API Gateway decides with the authorizer; no entry guard (0012)
        return Access("custom")
    items = [value] if isinstance(value, str) else value
    return Access("groups", tuple(dict.fromkeys(items)))


def function_access(bp: model.Blueprint, use: FunctionUse) -> Access | None:
    """The access rule of an HTTP function (a route or an upload's presign route).

    None for every other trigger: those are invoked by AWS services, not by callers.
    """
    if use.trigger == "route" and isinstance(use.spec, model.RouteSpec):
        return resolve_access(bp, use.spec.auth)
    if use.trigger == "presign" and isinstance(use.spec, model.UploadSpec):
        return resolve_access(bp, use.spec.auth)
    return None


def guard_groups(bp: model.Blueprint, use: FunctionUse) -> tuple[str, ...]:
    """The groups the generated entry point of a function lets through (empty: no guard).

    The JWT authorizer already rejects callers without a valid token; group membership is
    checked by scaffold-owned code in front of the user's handler, so it follows the
    blueprint on every render (``docs/decisions/0008-auth-enforced-by-generated-entries.md``).
    """
    access = function_access(bp, use)
    return access.groups if access is not None else ()


def authorizer_decides(bp: model.Blueprint, use: FunctionUse) -> bool:
    """Whether the service's Lambda authorizer alone decides who calls this route.

    API Gateway calls the authorizer before the route and answers 403 itself when it refuses,
    so the generated entry point lets every call that reaches it through (decision 0012).
    """
    access = function_access(bp, use)
    return access is not None and access.kind == "custom"


def api_key_secret(bp: model.Blueprint, use: FunctionUse) -> str | None:
    """The secret callers of a public route must present in ``x-api-key``, if any.

    A public route that reads secrets is a webhook (a payment provider, a mailer calling
    back): its first secret is the shared key, checked by the generated entry point in
    constant time before the user's code runs. A key that was never set (the placeholder
    Terraform writes) or is empty lets nobody in. A route with ``signature:`` is verified by
    its HMAC signature instead (``docs/decisions/0013-callbacks-and-signed-webhooks.md``).
    """
    access = function_access(bp, use)
    if access is None or access.kind != "public" or use.trigger != "route":
        return None
    if signature_secret(use) is not None:
        return None
    secrets = merged_options(bp.services[use.service], use).secrets
    return secrets[0] if secrets else None


def bind_key(attributes: Sequence[str], params: Sequence[str]) -> dict[str, str]:
    """Which path parameter gives each key attribute of a table (partition first, then sort).

    The rule: an attribute takes the path parameter of the same name; the attributes left
    take the innermost (last) parameters left, in order, since the end of a path names the
    item (``/orgs/{org}/items/{id}`` on a table keyed ``itemId`` binds ``itemId <- id``).
    An attribute with no parameter left stays unbound (it comes from the body or query).
    """
    left = [p for p in dict.fromkeys(params) if p not in attributes]
    bound = {a: a for a in attributes if a in params}
    unbound = [a for a in attributes if a not in bound]
    tail = left[-len(unbound):] if unbound else []
    bound.update(zip(unbound, tail, strict=False))
    return {a: bound[a] for a in attributes if a in bound}
