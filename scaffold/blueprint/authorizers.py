"""Validate stage (semantic half): a service's Lambda authorizer and its ``auth: custom`` routes,
and which functions may keep provisioned concurrency.

Codes C217-C224; ``check_authorizers`` and ``check_provisioned`` run with the other checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scaffold.blueprint import model
from scaffold.blueprint.functions import iter_functions, merged_options
from scaffold.blueprint.source_map import Path, SourceMap
from scaffold.errors import Diagnostic

IDENTITY_SOURCE = re.compile(
    r"^\$(request\.header\.[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}"
    r"|request\.querystring\.[A-Za-z0-9._~-]{1,128}"
    r"|context\.[A-Za-z0-9.]{1,128}"
    r"|stageVariables\.[A-Za-z0-9_]{1,128})$")
"""An identity source of an HTTP API REQUEST authorizer
(https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html)."""
TTL_MAX = 3600
"""``authorizer_result_ttl_in_seconds`` is 0-3600; 0 turns caching off."""
CUSTOM = "custom"
ALIAS_WIRED: frozenset[str] = frozenset({"route", "presign", "authorizer"})
"""Kinds whose callers scaffold points at the alias ``live``: API Gateway integrations and
the Lambda authorizer (``http_routes`` module). Any other caller would keep invoking the
unpublished function, so its provisioned instances would be paid for and never used."""


def route_auths(sname: str, svc: model.ServiceSpec) -> Iterator[tuple[str | list[str], Path]]:
    """The ``auth`` value of every route and upload of a service, with where it is written."""
    for key, route in svc.routes.items():
        if route.auth is not None:
            yield route.auth, ("services", sname, "routes", key, "auth")
    for bucket, upload in svc.uploads.items():
        if upload.auth is not None:
            yield upload.auth, ("services", sname, "uploads", bucket, "auth")


def check_authorizers(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """``auth: custom`` needs the service's authorizer; the authorizer is one API Gateway takes."""
    if bp.api.default_auth is not None and CUSTOM in (
            [bp.api.default_auth] if isinstance(bp.api.default_auth, str)
            else bp.api.default_auth):
        yield Diagnostic(sm.value(("api", "default_auth")), "C222", "api.default_auth cannot be "
                         "'custom': a Lambda authorizer belongs to one service",
                         "write `auth: custom` on the routes of the service that declares "
                         "`authorizer`")
    if bp.auth is not None and CUSTOM in bp.auth.groups:
        named = ("auth", "groups", CUSTOM)
        where = sm.key(named) if named in sm.keys else sm.value(
            ("auth", "groups", list(bp.auth.groups).index(CUSTOM)))
        yield Diagnostic(where, "C223", "a group cannot be named "
                         "'custom': `auth: custom` means the service's Lambda authorizer",
                         "rename the group")
    for sname, svc in bp.services.items():
        for value, path in route_auths(sname, svc):
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if item == CUSTOM:
                        yield Diagnostic(sm.value((*path, i)), "C222", "'custom' cannot be one "
                                         "of a list of groups: the authorizer decides alone",
                                         "write `auth: custom` alone, or list only groups")
            elif value == CUSTOM and svc.authorizer is None:
                yield Diagnostic(sm.value(path), "C217", f"auth 'custom' needs a Lambda "
                                 f"authorizer, but service '{sname}' declares none",
                                 f"add `authorizer: {{handler: ..., identity: "
                                 f"[$request.header.Authorization]}}` under services.{sname}")
        if svc.authorizer is not None:
            yield from _authorizer(sm, sname, svc, svc.authorizer)


def _authorizer(sm: SourceMap, sname: str, svc: model.ServiceSpec,
                spec: model.AuthorizerSpec) -> Iterator[Diagnostic]:
    base = ("services", sname, "authorizer")
    if not svc.routes and not svc.uploads:
        yield Diagnostic(sm.key(base), "C221", f"service '{sname}' has an authorizer but no "
                         "HTTP routes", "add routes with `auth: custom`, or remove the "
                         "authorizer")
    for i, source in enumerate(spec.identity):
        if not IDENTITY_SOURCE.fullmatch(source):
            yield Diagnostic(sm.value((*base, "identity", i)), "C218",
                             f"'{source}' is not an identity source",
                             "write $request.header.<name>, $request.querystring.<name>, "
                             "$context.<variable> or $stageVariables.<name>")
        elif spec.identity.index(source) != i:
            yield Diagnostic(sm.value((*base, "identity", i)), "C218",
                             f"identity source '{source}' is listed twice",
                             "list each identity source once")
    if not 0 <= spec.ttl <= TTL_MAX:
        yield Diagnostic(sm.value((*base, "ttl")), "C219", f"ttl {spec.ttl} is outside "
                         f"0-{TTL_MAX} seconds", "API Gateway caches an authorizer's answer "
                         f"at most {TTL_MAX} seconds; 0 turns caching off")
    elif spec.ttl > 0 and not spec.identity:
        yield Diagnostic(sm.value((*base, "ttl")), "C220", f"ttl {spec.ttl} caches answers, "
                         "but the authorizer has no identity sources to key them by",
                         "list the identity sources (`identity: [$request.header.x-api-key]`)"
                         ", or set `ttl: 0`")


def check_provisioned(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """``provisioned_concurrency`` only where every caller of the function invokes the alias."""
    for sname, svc in bp.services.items():
        for use in iter_functions(sname, svc):
            if merged_options(svc, use).provisioned_concurrency is None:
                continue
            if use.trigger in ALIAS_WIRED:
                continue
            own = use.options.provisioned_concurrency is not None
            path = (*use.path, "provisioned_concurrency") if own else (
                "services", sname, "functions", use.handler, "provisioned_concurrency")
            yield Diagnostic(sm.value(path), "C224", f"'{use.handler}' ({use.trigger}) cannot "
                             "keep provisioned concurrency: scaffold points only HTTP routes, "
                             "presign routes and Lambda authorizers at the alias that holds "
                             f"it, so a {use.trigger} would invoke the unpublished function "
                             "and the warm instances would be paid for unused",
                             "remove provisioned_concurrency here; reserved_concurrency caps "
                             "the function instead")
