"""The hosted UI and external identity providers (`auth.hosted_ui`, `auth.identity_providers`):
each stage gets its own Cognito domain and returns to its own site; secrets come from SSM.

Checked on the rendered platform root: `terraform test` plans it with a mock provider, and
`terraform console` evaluates the stage's redirect URLs.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.helpers import render_to
from tests.support.terraform import init_and_validate, run_terraform, terraform_bin, terraform_env

pytestmark = pytest.mark.terraform

BLUEPRINT = """\
blueprint: 1
name: acme
region: eu-west-1
stages: {dev: {}, prod: {production: true}}
auth:
  groups: [admin]
  hosted_ui:
    domain_prefix: acme-login
    callback_urls: [http://localhost:5173/auth/callback]
    logout_urls: [http://localhost:5173/]
  identity_providers:
    Google: {type: google, client_id: 123.apps.googleusercontent.com,
             client_secret: "/acme/{stage}/google-client-secret"}
    corp: {type: oidc, client_id: scaffold, client_secret: /acme/corp-oidc-secret,
           issuer: "https://login.corp.example"}
    okta: {type: saml, metadata_url: "https://okta.example/app/metadata"}
frontend: {domain: app.acme.example}
dns: {zone: acme.example}
services:
  users:
    routes:
      GET /me: {handler: getMe, auth: user}
"""

# The mock provider's random strings would fail the modules' own checks of ids and ARNs.
PLAN_TESTS = """\
mock_provider "aws" {
  override_data {
    target = data.aws_caller_identity.current
    values = { account_id = "123456789012" }
  }
  override_data {
    target = data.aws_partition.current
    values = { partition = "aws" }
  }
  override_data {
    target = data.aws_route53_zone.this
    values = { zone_id = "Z0123456789ABCDEFGHIJ" }
  }
  override_data {
    target = module.user_pool.data.aws_region.current
    values = { id = "eu-west-1", name = "eu-west-1" }
  }
}

mock_provider "aws" {
  alias = "us_east_1"
}

run "production_keeps_the_bare_prefix" {
  command = plan

  variables {
    stage = "prod"
  }

  assert {
    condition     = output.hosted_ui_url == "https://acme-login.auth.eu-west-1.amazoncognito.com"
    error_message = "The production stage's hosted UI is on the bare prefix."
  }

  assert {
    condition     = data.aws_ssm_parameter.idp_google.name == "/acme/prod/google-client-secret"
    error_message = "The Google client secret is read from the stage's parameter."
  }
}

run "another_stage_gets_its_own_domain" {
  command = plan

  variables {
    stage = "dev"
  }

  assert {
    condition     = output.hosted_ui_url == "https://acme-login-dev.auth.eu-west-1.amazoncognito.com"
    error_message = "Prefix domains are unique per region: every other stage adds its name."
  }

  assert {
    condition     = data.aws_ssm_parameter.idp_corp.name == "/acme/corp-oidc-secret"
    error_message = "A secret name without {stage} is the same for every stage."
  }
}
"""


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("hosted_ui")
    render_to(BLUEPRINT, tmp / "out")
    root = tmp / "out" / "infra" / "platform"
    env = terraform_env(tmp)
    init_and_validate(root, env)
    init = run_terraform(["init", "-input=false", "-no-color"], root, env)  # local state
    assert init.returncode == 0, init.stderr
    return root, env


def _console(root: Path, env: dict[str, str], stage: str, expression: str) -> object:
    """Evaluate ``expression`` for ``stage``; jsonencode keeps the answer machine-readable."""
    proc = subprocess.run([terraform_bin(), f"-chdir={root}", "console", f"-var=stage={stage}"],
                          input=f"jsonencode({expression})\n", env=env, text=True,
                          capture_output=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(json.loads(proc.stdout.strip()))


def test_each_stage_returns_to_its_own_site_and_to_the_extra_urls(
        platform: tuple[Path, dict[str, str]]) -> None:
    root, env = platform
    assert _console(root, env, "prod", "local.oauth") == {
        "domain_prefix": "acme-login",
        "callback_urls": ["https://app.acme.example/auth/callback",
                          "http://localhost:5173/auth/callback"],
        "logout_urls": ["https://app.acme.example/", "http://localhost:5173/"],
        "scopes": ["openid", "email", "profile"]}
    dev = _console(root, env, "dev", "local.oauth")
    assert isinstance(dev, dict)
    assert dev["domain_prefix"] == "acme-login-dev"
    assert dev["callback_urls"][0] == "https://dev.app.acme.example/auth/callback"


def test_the_providers_reach_the_user_pool_and_the_frontend_config(
        platform: tuple[Path, dict[str, str]]) -> None:
    root, _ = platform
    main = (root / "main.tf").read_text()
    assert 'identity_provider_secrets = {\n    Google = data.aws_ssm_parameter.idp_google.value' \
        in main
    assert 'metadata_url = "https://okta.example/app/metadata"' in main
    assert main.count("with_decryption = true") == 2  # the two client secrets, decrypted
    outputs = (root / "outputs.tf").read_text()
    assert 'responseType    = "code"' in outputs
    assert 'redirectSignIn  = local.oauth.callback_urls' in outputs
    assert '"Google",' in outputs and 'custom = "okta"' in outputs


def test_the_platform_plans_per_stage_with_the_hosted_ui(
        platform: tuple[Path, dict[str, str]]) -> None:
    root, env = platform
    (root / "tests").mkdir(exist_ok=True)
    (root / "tests" / "hosted_ui.tftest.hcl").write_text(PLAN_TESTS)
    test = run_terraform(["test", "-no-color"], root, env)
    assert test.returncode == 0, test.stdout + test.stderr
    assert "2 passed, 0 failed" in test.stdout
