"""Validate stage (semantic half): function settings (layers, VPC, environment references)
and the HTTP API's CORS configuration, one ``check_<rule>`` each."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from scaffold.blueprint import model
from scaffold.blueprint.functions import iter_functions
from scaffold.blueprint.source_map import Path, SourceMap
from scaffold.errors import Diagnostic

_LAYER = re.compile(r"^arn:aws(-cn|-us-gov)?:lambda:(?P<region>[a-z]{2}(-gov)?-[a-z]+-\d):"
                    r"\d{12}:layer:[A-Za-z0-9_-]{1,140}:[1-9]\d*$")
_SUBNET = re.compile(r"^subnet-[0-9a-f]{8}([0-9a-f]{9})?$")
_SECURITY_GROUP = re.compile(r"^sg-[0-9a-f]{8}([0-9a-f]{9})?$")
_METHODS = ("*", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_HEADER = re.compile(r"^(\*|[A-Za-z0-9!#$%&'*+.^_`|~-]+)$")  # an RFC 9110 token


def _settings_places(bp: model.Blueprint) -> Iterator[tuple[Path, model.LambdaSettings]]:
    """Every place function settings are written: defaults, stages, services, functions."""
    yield ("defaults",), bp.defaults
    for name, stage in bp.stages.items():
        yield ("stages", name), stage
    for sname, svc in bp.services.items():
        yield ("services", sname), svc
        for use in iter_functions(sname, svc):
            yield use.path, use.options
        for handler, extra in svc.functions.items():
            yield ("services", sname, "functions", handler), extra


def check_layers_and_vpc(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Layers are layer version ARNs of the blueprint's region; VPC ids have their shape."""
    for path, settings in _settings_places(bp):
        for i, arn in enumerate(settings.layers or []):
            where = sm.value((*path, "layers", i))
            match = _LAYER.fullmatch(arn)
            if match is None:
                yield Diagnostic(where, "C210", f"'{arn}' is not a Lambda layer version ARN",
                                 "write arn:aws:lambda:<region>:<account>:layer:<name>:"
                                 "<version>, the version included")
            elif match["region"] != bp.region:
                yield Diagnostic(where, "C212", f"layer '{arn}' is in {match['region']}, the "
                                 f"functions in {bp.region}",
                                 f"Lambda uses layers of the function's own region: publish "
                                 f"the layer in {bp.region} too")
            elif (settings.layers or []).index(arn) != i:
                yield Diagnostic(where, "C210", f"layer '{arn}' is listed twice",
                                 "list each layer version once")
        if settings.vpc is None:
            continue
        for i, subnet in enumerate(settings.vpc.subnets):
            if not _SUBNET.fullmatch(subnet):
                yield Diagnostic(sm.value((*path, "vpc", "subnets", i)), "C211",
                                 f"'{subnet}' is not a subnet id",
                                 "write subnet- and 8 or 17 hex digits, e.g. "
                                 "subnet-0123456789abcdef0")
        for i, group in enumerate(settings.vpc.security_groups):
            if not _SECURITY_GROUP.fullmatch(group):
                yield Diagnostic(sm.value((*path, "vpc", "security_groups", i)), "C211",
                                 f"'{group}' is not a security group id",
                                 "write sg- and 8 or 17 hex digits, e.g. sg-0123456789abcdef0")


def _owned(svc: model.ServiceSpec, kind: str) -> list[str]:
    owned: dict[str, list[str]] = {"table": list(svc.tables),
                                   "bucket": [*svc.uploads, *svc.buckets],
                                   "secret": list(svc.secrets), "workflow": list(svc.workflows)}
    return owned[kind]


def check_environment_references(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """An environment reference names exactly one resource of the function's own service."""
    for sname, svc in bp.services.items():
        uses = list(iter_functions(sname, svc))
        places: list[tuple[Path, str, model.FunctionOptions]] = [
            (use.path, use.handler, use.options) for use in uses]
        places += [(("services", sname, "functions", h), h, o) for h, o in svc.functions.items()]
        for path, handler, opts in places:
            steps_of = {u.key for u in uses
                        if u.handler == handler and u.trigger in ("task", "callback")}
            for env, value in opts.environment.items():
                if isinstance(value, str):
                    continue
                where = (*path, "environment", env)
                kinds = [k for k in model.ENV_REF_KINDS if getattr(value, k) is not None]
                if len(kinds) != 1:
                    yield Diagnostic(sm.value(where), "C213",
                                     f"environment '{env}' names {len(kinds)} resources",
                                     "name exactly one: {table: ...}, {bucket: ...}, "
                                     "{secret: ...} or {workflow: ...}")
                    continue
                kind, name = kinds[0], getattr(value, kinds[0])
                owned = _owned(svc, kind)
                if name not in owned:
                    close = difflib.get_close_matches(name, owned, n=1, cutoff=0.6)
                    yield Diagnostic(sm.value((*where, kind)), "C213",
                                     f"environment '{env}' names {kind} '{name}', which "
                                     f"service '{sname}' does not own",
                                     f"did you mean '{close[0]}'?" if close else
                                     f"a function's environment names only its own service's "
                                     f"resources; {kind}s here: "
                                     + (", ".join(owned) or "none"))
                elif kind == "workflow" and name in steps_of:
                    # The state machine's definition holds the function's ARN: Terraform
                    # could create neither first.
                    yield Diagnostic(sm.value((*where, kind)), "C213",
                                     f"environment '{env}' names workflow '{name}', of which "
                                     f"'{handler}' is a step", "remove it: Terraform would "
                                     "need the function before the state machine and the "
                                     "state machine before the function")


def check_cors(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """``api.cors``: one form only, methods and headers API Gateway accepts, no credentials
    for any origin."""
    cors = bp.api.cors
    if cors is None:
        return
    if bp.api.cors_origins:
        yield Diagnostic(sm.key(("api", "cors_origins")), "C216",
                         "api sets both cors_origins and cors",
                         "move the origins into cors: {origins: [...]}")
    for i, method in enumerate(cors.methods):
        if method not in _METHODS:
            yield Diagnostic(sm.value(("api", "cors", "methods", i)), "C215",
                             f"'{method}' is not an HTTP method CORS can allow",
                             "one of " + ", ".join(_METHODS))
    for field in ("headers", "expose_headers"):
        for i, header in enumerate(getattr(cors, field)):
            if not _HEADER.fullmatch(header):
                yield Diagnostic(sm.value(("api", "cors", field, i)), "C215",
                                 f"'{header}' is not a header name",
                                 "letters, digits and - (e.g. x-request-id), or *")
    if cors.credentials and "*" in cors.origins:
        yield Diagnostic(sm.value(("api", "cors", "credentials")), "C214",
                         "CORS credentials cannot be allowed for any origin (*)",
                         "list the origins that may send credentials; API Gateway refuses "
                         "allowCredentials with a * origin")
