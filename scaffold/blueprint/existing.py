"""Validate stage (semantic half): resources the blueprint uses instead of creating them.

A hosted zone (``dns.zone_id``), an event bus (``bus.existing_name``), a user pool and client
(``auth.existing``) and certificates (``api.certificate_arn``, ``frontend.certificate_arn``).
Codes C205-C209; ``check_existing`` runs with the other checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scaffold.blueprint import model
from scaffold.blueprint.source_map import Path, SourceMap
from scaffold.errors import Diagnostic

ZONE_ID = re.compile(r"^Z[A-Z0-9]{1,32}$")
"""A Route 53 hosted zone id (``Z`` and upper-case letters and digits), without ``/hostedzone/``."""
EVENT_BUS_NAME = re.compile(r"^[A-Za-z0-9._-]{1,256}$")
"""A custom EventBridge bus name (partner buses, with ``/``, are not the app's bus)."""
CERTIFICATE_ARN = re.compile(
    r"^arn:aws(-cn|-us-gov)?:acm:(?P<region>[a-z]{2}(-gov)?-[a-z]+-\d):\d{12}:"
    r"certificate/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
USER_POOL_ID = re.compile(r"^(?P<region>[a-z]{2}(-gov)?-[a-z]+-\d)_[0-9A-Za-z]{1,55}$")
CLIENT_ID = re.compile(r"^[0-9a-z]{1,128}$")
# CloudFront takes certificates from us-east-1 only:
# https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html
CLOUDFRONT_REGION = "us-east-1"
_POOL_SETTINGS = ("password", "mfa", "default_group", "email", "hosted_ui", "identity_providers")


def check_existing(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Ids and ARNs of existing resources have their AWS shape, region and a use."""
    if bp.dns and bp.dns.zone_id is not None:
        where = sm.value(("dns", "zone_id"))
        if not ZONE_ID.fullmatch(bp.dns.zone_id):
            yield Diagnostic(where, "C205", f"'{bp.dns.zone_id}' is not a hosted zone id",
                             "write the id Route 53 shows, Z followed by upper-case letters "
                             "and digits (without /hostedzone/)")
        elif bp.dns.create_zone:
            yield Diagnostic(where, "C205", "`zone_id` names an existing zone, and "
                             "`create_zone: true` creates one", "keep one of them")
    if bp.bus.existing_name is not None:
        where = sm.value(("bus", "existing_name"))
        if not EVENT_BUS_NAME.fullmatch(bp.bus.existing_name):
            yield Diagnostic(where, "C206", f"'{bp.bus.existing_name}' is not an event bus "
                             "name", "1 to 256 letters, digits and . _ - (the name, not "
                             "the ARN)")
        elif "archive_retention_days" in bp.bus.model_fields_set:
            yield Diagnostic(sm.value(("bus", "archive_retention_days")), "C206",
                             "an existing bus keeps its own archive; scaffold creates none",
                             "remove `archive_retention_days`, or let scaffold create the bus")
    yield from _certificate(sm, ("api", "certificate_arn"), bp.api.certificate_arn, bp.region,
                            bool(bp.api.domain or bp.api.websocket_domain), "api.domain")
    if bp.frontend:
        yield from _certificate(sm, ("frontend", "certificate_arn"),
                                bp.frontend.certificate_arn, CLOUDFRONT_REGION,
                                bool(bp.frontend.domain), "frontend.domain")
    if bp.auth and bp.auth.existing:
        yield from _pool(bp, sm, bp.auth, bp.auth.existing)


def _certificate(sm: SourceMap, path: Path, arn: str | None, region: str, used: bool,
                 domain: str) -> Iterator[Diagnostic]:
    if arn is None:
        return
    match = CERTIFICATE_ARN.fullmatch(arn)
    if match is None:
        yield Diagnostic(sm.value(path), "C207", f"'{arn}' is not an ACM certificate ARN",
                         "write arn:aws:acm:<region>:<account-id>:certificate/<id>")
    elif match.group("region") != region:
        why = "CloudFront uses" if region == CLOUDFRONT_REGION else "a regional API uses"
        yield Diagnostic(sm.value(path), "C207", f"certificate in region "
                         f"'{match.group('region')}', but {why} certificates of '{region}' only",
                         f"request or import the certificate in {region}")
    elif not used:
        yield Diagnostic(sm.value(path), "C207", f"a certificate without `{domain}` is not "
                         "used", f"set `{domain}`, or remove the certificate")


def _pool(bp: model.Blueprint, sm: SourceMap, auth: model.AuthSpec,
          existing: model.ExistingPoolSpec) -> Iterator[Diagnostic]:
    match = USER_POOL_ID.fullmatch(existing.user_pool_id)
    if match is None or match.group("region") != bp.region:
        yield Diagnostic(sm.value(("auth", "existing", "user_pool_id")), "C208",
                         f"'{existing.user_pool_id}' is not a user pool id of region "
                         f"'{bp.region}'", f"write {bp.region}_<id>, as the Cognito console "
                         "shows it")
    if not CLIENT_ID.fullmatch(existing.client_id):
        yield Diagnostic(sm.value(("auth", "existing", "client_id")), "C208",
                         f"'{existing.client_id}' is not an app client id",
                         "lower-case letters and digits, as the Cognito console shows it")
    for key in _POOL_SETTINGS:
        if key in auth.model_fields_set:
            yield Diagnostic(sm.key(("auth", key)), "C209", f"`auth.{key}` cannot be set on an "
                             "existing user pool", "set it where the pool is managed, or "
                             "remove `auth.existing` to let scaffold create the pool")
    for sname, svc in bp.services.items():
        for kind in svc.auth_triggers:
            yield Diagnostic(sm.key(("services", sname, "auth_triggers", kind)), "C209",
                             f"trigger '{kind}' cannot be attached to an existing user pool",
                             "attach the function where the pool is managed, or remove "
                             "`auth.existing`")
