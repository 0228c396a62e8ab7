"""Every documented ``auth`` key changes the rendered user pool (issue 12, items 8 and 10).

The platform root passes each key to the ``user_pool`` module; the module's plan-mode
tests (``tests/terraform/modules/user_pool/module_tests``) prove each input reaches its
``aws_cognito_user_pool`` attribute. Together: key -> input -> attribute.
"""

from __future__ import annotations

from typing import Any

import hcl2
import pytest

from tests.helpers import render_files

BLUEPRINT = """blueprint: 1
name: acme
region: eu-west-1
auth:
  groups: [member]
{auth}services:
  users:
    routes:
      GET /me: {{handler: getMe, auth: user}}
"""


def _user_pool(auth: str = "") -> dict[str, Any]:
    files = {f.path: f.content.decode() for f in render_files(BLUEPRINT.format(auth=auth))}
    doc = hcl2.loads(files["infra/platform/main.tf"])
    pools = [body for module in doc["module"] for name, body in module.items()
             if name.strip('"') == "user_pool"]
    assert len(pools) == 1
    return {key: value.strip('"') if isinstance(value, str) else value
            for key, value in pools[0].items()}


def test_the_defaults_require_every_character_class_and_leave_mfa_off() -> None:
    pool = _user_pool()
    assert pool["mfa_configuration"] == "OFF"
    for rule in ("lowercase", "uppercase", "numbers", "symbols"):
        assert pool[f"password_require_{rule}"] is True, rule
    assert "email_source_arn" not in pool


@pytest.mark.parametrize(("mfa", "rendered"), [
    ("optional", "OPTIONAL"), ("required", "ON"), ("on", "ON"), ("off", "OFF"), ('"off"', "OFF")])
def test_auth_mfa_sets_the_pool_mfa_configuration(mfa: str, rendered: str) -> None:
    assert _user_pool(f"  mfa: {mfa}\n")["mfa_configuration"] == rendered


@pytest.mark.parametrize("rule", ["symbols", "numbers", "uppercase", "lowercase"])
def test_each_password_require_key_turns_its_rule_off(rule: str) -> None:
    pool = _user_pool(f"  password: {{require_{rule}: false}}\n")
    assert pool[f"password_require_{rule}"] is False
    others = {"symbols", "numbers", "uppercase", "lowercase"} - {rule}
    assert all(pool[f"password_require_{other}"] is True for other in others)


def test_password_min_length_sets_the_minimum_length() -> None:
    files = {f.path: f.content.decode() for f in render_files(BLUEPRINT.format(
        auth="  password: {min_length: 20}\n"))}
    assert _user_pool()["password_minimum_length"] == "${var.password_minimum_length}"
    variables = hcl2.loads(files["infra/platform/variables.tf"])["variable"]
    (length,) = [v for v in variables if '"password_minimum_length"' in v]
    assert length['"password_minimum_length"']["default"] == 20


def test_auth_email_sends_through_the_named_ses_identity() -> None:
    pool = _user_pool('  email: {from: "Acme <no-reply@acme.example>", '
                      "ses_identity: acme.example}\n")
    assert pool["email_from_address"] == "Acme <no-reply@acme.example>"
    assert pool["email_source_arn"] == (
        "arn:${data.aws_partition.current.partition}:ses:${data.aws_region.current.id}:"
        "${data.aws_caller_identity.current.account_id}:identity/acme.example")
