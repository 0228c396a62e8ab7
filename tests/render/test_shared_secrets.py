"""Secrets the platform shares (top-level ``secrets:``), read per function (issue 17).

Declared once, the parameter is created once, in the platform root, as a SecureString with
a write-only placeholder (no value in plan or state: the ``parameters`` module, proved on
the emulator by ``tests/e2e/test_secrets_state.py``). Its ARN is a published platform value;
each function that lists the secret gets ``ssm:GetParameter`` on exactly that ARN and its
``SECRET_*`` variable, and no other function gets either. The parameters use the AWS-managed
``alias/aws/ssm`` key, whose key policy lets SSM decrypt for any principal of the account
allowed to read the parameter, so no ``kms:Decrypt`` statement is needed (the same as
service secrets).
"""

from __future__ import annotations

from pathlib import Path

import hcl2

from tests.helpers import render_to
from tests.render.test_iam import _s, _statements

BLUEPRINT = """\
blueprint: 1
name: acme
region: eu-west-1
auth: {}
secrets:
  stripe-key: {description: API key of the payment provider}
  unused-key: {}
services:
  billing:
    secrets: [own-key]
    routes:
      POST /charges: {handler: createCharge, secrets: [stripe-key, own-key]}
      GET /charges: {handler: listCharges}
  shop:
    runtime: python3.13
    routes:
      POST /orders: {handler: placeOrder, secrets: [stripe-key]}
"""
SHARED_ARN = '${local.shared_secrets["stripe-key"].arn}'  # as python-hcl2 reads it
SHARED_NAME = 'local.shared_secrets["stripe-key"].name'


def _render(tmp_path: Path) -> Path:
    (tmp_path / "blueprint.yaml").write_text(BLUEPRINT)
    render_to(tmp_path / "blueprint.yaml", tmp_path)
    return tmp_path


def test_the_platform_creates_each_shared_secret_once_and_publishes_its_arn(
        tmp_path: Path) -> None:
    out = _render(tmp_path)
    main = (out / "infra/platform/main.tf").read_text()
    assert main.count('module "shared_secrets"') == 1
    assert 'source = "../modules/parameters"' in main.split('module "shared_secrets"')[1]
    assert ('stripe-key = "/${var.app}/${var.stage}/platform/secrets/stripe-key"' in main)
    assert '(local.shared_secret_paths["unused-key"])' in main  # declared: created
    published = (out / "infra/platform/parameters.tf").read_text()
    assert ('"/${var.app}/${var.stage}/platform/secret_arn_stripe_key" = {\n      value       = '
            'module.shared_secrets.parameter_arns[local.shared_secret_paths["stripe-key"]]'
            in published)
    module = Path("templates/terraform/modules/parameters/main.tf").read_text()
    assert 'type        = "SecureString"' in module and "value_wo " in module
    for service in ("billing", "shop"):  # no service root creates it again
        text = (out / f"infra/services/{service}/main.tf").read_text()
        assert "platform/secrets/stripe-key" in text
        assert '"secret_arn_stripe_key"])' in text.split("\n\n")[1]  # a platform value read
        assert '(local.secret_paths["stripe-key"])' not in text


def test_each_reader_gets_exactly_that_parameter_and_others_nothing(tmp_path: Path) -> None:
    out = _render(tmp_path)
    found = {}
    for service in ("billing", "shop"):
        for where, actions, resources in _statements(out / f"infra/services/{service}"):
            if SHARED_ARN in resources:
                assert actions == ["ssm:GetParameter"] and resources == [SHARED_ARN], where
                found[where.split("/")[1]] = where
    assert set(found) == {"fn_create_charge", "fn_place_order"}
    billing = hcl2.load((out / "infra/services/billing/main.tf").open())
    env = {_s(name): {_s(k): v for k, v in body.get("environment_variables", {}).items()}
           for m in billing["module"] for name, body in m.items() if _s(name).startswith("fn_")}
    assert _s(env["fn_create_charge"]["SECRET_STRIPE_KEY"]) == "${" + SHARED_NAME + "}"
    assert "SECRET_STRIPE_KEY" not in env["fn_list_charges"]
    own = [r for w, a, r in _statements(out / "infra/services/billing") if "OwnKey" in w]
    assert own == [['${module.secrets.parameter_arns[local.secret_paths["own-key"]]}']]
