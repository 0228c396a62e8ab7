"""`scaffold apply` of a service whose platform was never applied, against moto (issue #16).

The real provider's error for the platform's missing SSM parameters reaches the user as
Terraform's error block, the resume hint says to apply the platform first, and `--json`
prints JSON lines only (no counts: the plan fails): the failed root with
Terraform's diagnostic, and the error event with the resume command.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import REPO
from tests.support.e2e import run_scaffold
from tests.support.terraform import terraform_bin, terraform_env

pytestmark = [pytest.mark.e2e, pytest.mark.terraform]
REGION = "eu-west-1"
APP = "noplatform"  # its own SSM paths: other tests of the session apply minimal.yaml


def test_a_service_applied_before_its_platform_is_told_to_apply_the_platform_first(
        tmp_path: Path, moto_endpoint: str) -> None:
    project = tmp_path / "project"
    project.mkdir()
    text = (REPO / "blueprints/minimal.yaml").read_text().replace("name: hello", f"name: {APP}")
    (project / "blueprint.yaml").write_text(text)
    env = terraform_env(tmp_path)
    env.update(SCAFFOLD_TERRAFORM=terraform_bin(), AWS_ACCESS_KEY_ID="testing",
               AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION=REGION)
    assert run_scaffold(["render"], project, env, timeout=300).returncode == 0
    artifact = project / "dist/greeter/say-hello.zip"
    artifact.parent.mkdir(parents=True)
    artifact.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    args = ["apply", "--service", "greeter", "-s", "dev", "--auto-approve", "--force",
            "--endpoint-url", moto_endpoint]

    plain = run_scaffold(args, project, env, timeout=600)
    assert plain.returncode == 1, plain.stdout[-3000:] + plain.stderr[-3000:]
    assert "\x1b[" not in plain.stdout + plain.stderr
    assert "[greeter] Error: " in plain.stderr, plain.stderr[-5000:]
    assert "reading SSM Parameter (/noplatform/dev/platform/" in plain.stderr
    assert "plan: " not in plain.stderr, "a failed plan has no counts to announce"
    assert (f"Apply the platform first: scaffold apply --stage dev --endpoint-url "
            f"{moto_endpoint} --service platform") in plain.stderr
    assert "Traceback" not in plain.stderr

    machine = run_scaffold([*args, "--json"], project, env, timeout=600)
    assert machine.returncode == 1
    events = [json.loads(line) for line in machine.stdout.splitlines()]
    (failed,) = [e for e in events if e["event"] == "failed"]
    assert failed["root"] == "greeter" and failed["phase"] == "plan"
    assert "couldn't find resource" in json.dumps(failed["error"]["diagnostics"])
    assert not [e for e in events if e["event"] == "planned"]
    assert events[-1]["event"] == "error"
    assert events[-1]["error"]["resume"].startswith("scaffold apply --stage dev")
    assert "apply the platform" in events[-1]["error"]["hint"].lower()
