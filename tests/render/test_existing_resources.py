"""Existing resources (issue 14): a hosted zone, bus, user pool and certificates by id or ARN.

The platform root finds them with data sources instead of creating them, and publishes the
same SSM values, so the service roots are byte for byte those of a created platform.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import hcl2
import pytest

from tests.helpers import render_files, render_to
from tests.support.terraform import init_and_validate, terraform_env
from tests.unit.test_checks import problems, where

API_CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/0b6f3c3e-5d8a-4c2e-9f1a-2d4b6c8e0a1f"
SITE_CERT = "arn:aws:acm:us-east-1:123456789012:certificate/1c7a4d4f-6e9b-4d3f-8a2b-3e5c7d9f1b2a"
CREATED = """blueprint: 1
name: acme
region: eu-west-1
dns: {zone: acme.example}
frontend: {domain: app.acme.example}
api: {domain: api.acme.example}
auth: {groups: [admin]}
services:
  users:
    events: [UserSeen]
    routes:
      GET /me: {handler: getMe, publishes: [UserSeen]}
      GET /users: {handler: listUsers, auth: admin, users: read}
"""
EXISTING = CREATED.replace(
    "dns: {zone: acme.example}", "dns: {zone: acme.example, zone_id: Z0123456789ABCDEFGHIJ}"
).replace("frontend: {domain: app.acme.example}",
          f"frontend: {{domain: app.acme.example, certificate_arn: '{SITE_CERT}'}}"
).replace("api: {domain: api.acme.example}",
          f"api: {{domain: api.acme.example, certificate_arn: '{API_CERT}'}}"
).replace("auth: {groups: [admin]}",
          "auth: {groups: [admin], existing: {user_pool_id: eu-west-1_AbCdEf123, "
          "client_id: 1example23456789abcdefghij}}\nbus: {existing_name: shared-bus}")


def _files(text: str) -> dict[str, str]:
    return {f.path: f.content.decode() for f in render_files(text)}


def _platform(text: str) -> dict[str, Any]:
    files = _files(text)
    return {name: hcl2.loads(files[f"infra/platform/{name}.tf"])
            for name in ("main", "parameters", "outputs")}


def _labels(doc: dict[str, Any], kind: str) -> set[str]:
    return {f"{t.strip(chr(34))}.{n.strip(chr(34))}" if kind != "module" else t.strip(chr(34))
            for block in doc.get(kind, []) for t, body in block.items()
            for n in (body if kind != "module" else [""])}


def test_existing_resources_are_data_sources_and_nothing_of_their_kind_is_created() -> None:
    main = _platform(EXISTING)["main"]
    data = _labels(main, "data")
    assert {"aws_route53_zone.this", "aws_cloudwatch_event_bus.this",
            "aws_cognito_user_pool.this", "aws_cognito_user_pool_client.this"} <= data
    modules = _labels(main, "module")
    assert not {"bus", "user_pool", "api_certificate", "site_certificate"} & modules
    assert "aws_route53_zone" not in str(main.get("resource", []))
    text = _files(EXISTING)["infra/platform/main.tf"]
    assert 'zone_id = "Z0123456789ABCDEFGHIJ"' in text
    assert f'certificate_arn = "{API_CERT}"' in text.replace("  ", " ").replace("  ", " ")
    assert re.search(rf'certificate_arn\s+= "{re.escape(SITE_CERT)}"', text)
    assert 'jwt_issuer = "https://cognito-idp.${data.aws_region.current.id}.amazonaws.com/' \
           '${data.aws_cognito_user_pool.this.id}"' in re.sub(r" +", " ", text)


def test_the_created_platform_still_creates_them() -> None:
    modules = _labels(_platform(CREATED)["main"], "module")
    assert {"bus", "user_pool", "api_certificate", "site_certificate"} <= modules


def test_the_same_values_are_published_and_service_roots_do_not_change() -> None:
    def published(text: str) -> set[str]:
        plain = _platform(text)["parameters"]["module"][0]['"published"']["plain"]
        return set(plain)

    assert published(EXISTING) == published(CREATED)
    created, existing = _files(CREATED), _files(EXISTING)
    services = [p for p in created if p.startswith("infra/services/")]
    assert services and all(created[p] == existing[p] for p in services)
    text = existing["infra/platform/parameters.tf"]
    for expr in ("data.aws_cloudwatch_event_bus.this.name",
                 "data.aws_cloudwatch_event_bus.this.arn",
                 "data.aws_cognito_user_pool.this.id", "data.aws_cognito_user_pool.this.arn",
                 "data.aws_cognito_user_pool_client.this.id"):
        assert expr in text


@pytest.mark.terraform
def test_the_platform_with_existing_resources_passes_terraform_validate(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (tmp_path / "blueprint.yaml").write_text(EXISTING)
    render_to(tmp_path / "blueprint.yaml", out)
    init_and_validate(out / "infra" / "platform", terraform_env(tmp_path))


HEAD = "blueprint: 1\nname: acme\nregion: eu-west-1\n"
SERVICE = "services:\n  users:\n    routes: {GET /me: getMe}\n"


@pytest.mark.parametrize("top,code,message", [
    ("dns: {zone: acme.example, zone_id: /hostedzone/Z123}\n", "C205", "not a hosted zone id"),
    ("dns: {zone: acme.example, zone_id: Z123, create_zone: true}\n", "C205", "creates one"),
    ("bus: {existing_name: 'arn:aws:events:eu-west-1:123456789012:event-bus/x'}\n", "C206",
     "not an event bus name"),
    ("bus: {existing_name: shared, archive_retention_days: 7}\n", "C206", "own archive"),
    (f"dns: {{zone: acme.example}}\napi: {{domain: api.acme.example, certificate_arn: "
     f"'{SITE_CERT}'}}\n", "C207", "certificates of 'eu-west-1' only"),
    (f"dns: {{zone: acme.example}}\nfrontend: {{domain: app.acme.example, certificate_arn: "
     f"'{API_CERT}'}}\n", "C207", "CloudFront uses certificates of 'us-east-1' only"),
    (f"api: {{certificate_arn: '{API_CERT}'}}\n", "C207", "without `api.domain`"),
    ("api: {certificate_arn: 'arn:aws:acm:eu-west-1:123456789012:cert'}\n", "C207",
     "not an ACM certificate ARN"),
    ("auth: {existing: {user_pool_id: us-east-1_AbC, client_id: abc123}}\n", "C208",
     "not a user pool id of region 'eu-west-1'"),
    ("auth: {existing: {user_pool_id: eu-west-1_AbC, client_id: 'ABC-1'}}\n", "C208",
     "not an app client id"),
    ("auth: {mfa: optional, existing: {user_pool_id: eu-west-1_AbC, client_id: abc123}}\n",
     "C209", "`auth.mfa` cannot be set on an existing user pool"),
])
def test_existing_resources_of_the_wrong_shape_are_refused(top: str, code: str,
                                                           message: str) -> None:
    found = problems(top + SERVICE, HEAD)
    assert [d.code for d in found] == [code], [d.message for d in found]
    assert message in found[0].message
    assert found[0].hint


def test_a_cognito_trigger_on_an_existing_pool_is_refused_where_it_is_declared() -> None:
    body = ("auth: {existing: {user_pool_id: eu-west-1_AbC, client_id: abc123}}\n"
            "services:\n  users:\n    auth_triggers: {post_confirmation: onConfirmed}\n")
    assert [where(d) for d in problems(body, HEAD)] == [("C209", 7, 21)]
