"""Secrets never reach Terraform state, even after the value is set out of band.

The ``parameters`` module creates each SecureString with the write-only ``value_wo``. The
test applies it on the emulator, sets the real value with ``put-parameter`` (as an operator
would), applies again (which refreshes every resource), and reads every state file: the
real value, and the placeholder, appear in none of them. The second apply must also not
write the placeholder back over the real value.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import boto3
import pytest

from tests.support.moto_server import write_provider_override
from tests.support.terraform import run_terraform, terraform_env

pytestmark = [pytest.mark.e2e]

MODULES = Path(__file__).resolve().parents[2] / "templates" / "terraform" / "modules"
NAME = "/acme/dev/projects/mailer-api-key"
SECRET = "sk_live_5e3c7e1d-real-secret"

ROOT = f'''
terraform {{
  required_providers {{
    aws = {{ source = "hashicorp/aws" }}
  }}
}}

provider "aws" {{
  region = "eu-west-1"
}}

module "parameters" {{
  source = "./modules/parameters"
  secure = {{ "{NAME}" = {{ description = "API key of the e-mail provider" }} }}
}}
'''


def test_an_out_of_band_secret_never_reaches_the_state(moto_endpoint: str,
                                                       tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(MODULES / "parameters", root / "modules" / "parameters")
    (root / "main.tf").write_text(ROOT)
    write_provider_override(root, moto_endpoint, aliases=())
    env = terraform_env(tmp_path)

    def terraform(*args: str) -> str:
        result = run_terraform([*args, "-input=false", "-no-color"], root, env, timeout=900)
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
        return result.stdout

    ssm = boto3.client("ssm", endpoint_url=moto_endpoint, region_name="eu-west-1",
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    terraform("init")
    try:
        terraform("apply", "-auto-approve")
        ssm.put_parameter(Name=NAME, Value=SECRET, Type="SecureString", Overwrite=True)
        terraform("apply", "-auto-approve")  # refreshes the parameter, then converges
        states = [p for p in root.rglob("*.tfstate*") if p.is_file()]
        assert states, "terraform wrote no state file"
        for state in states:
            text = state.read_text()
            assert NAME in text, f"{state.name} does not hold the parameter at all"
            assert SECRET not in text, f"the secret value is in {state.name}"
            assert "set-me-out-of-band" not in text, f"a write-only value is in {state.name}"
        value = ssm.get_parameter(Name=NAME, WithDecryption=True)["Parameter"]["Value"]
        assert value == SECRET, "the second apply wrote the placeholder over the real secret"
        plan = run_terraform(["plan", "-detailed-exitcode", "-input=false", "-no-color"],
                             root, env, timeout=900)
        assert plan.returncode == 0, plan.stdout[-4000:]  # converged: nothing to change
    finally:
        run_terraform(["destroy", "-auto-approve", "-input=false", "-no-color"], root, env,
                      timeout=900)
