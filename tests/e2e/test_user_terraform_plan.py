"""A user-owned ``*.custom.tf`` in a service root is part of ``scaffold plan`` (issue #14).

The custom file is the example of docs/extra-terraform.md: it names a queue from
``local.prefix`` and feeds a generated module output (``module.fn_say_hello.function_arn``)
to a ``terraform_data`` and an output, names that page promises. It passes
fmt/init/validate offline, survives three re-renders byte for byte, and its resources show
up in the plan against moto.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from scaffold.blueprint.load import load_blueprint
from scaffold.blueprint.validate import validate
from scaffold.plan.build import build_plan
from tests.helpers import REPO
from tests.support.e2e import emulator_client, run_scaffold
from tests.support.terraform import init_and_validate, terraform_bin, terraform_env

pytestmark = [pytest.mark.e2e, pytest.mark.terraform]
REGION = "eu-west-1"
APP = "extratf"  # not "hello": other tests of the session apply minimal.yaml on this server

DOC = REPO / "docs" / "extra-terraform.md"


def _first(pattern: str, text: str) -> str:
    found = re.search(pattern, text, re.S)
    assert found is not None, pattern
    return found.group(1)


CUSTOM = _first(r"```hcl\n(.*?)```", DOC.read_text())  # the page's example, as a user copies it


def _scaffold(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_scaffold(args, cwd, env, timeout=600)


def _ssm(endpoint: str) -> Any:
    return emulator_client("ssm", endpoint, REGION)


def test_a_custom_tf_survives_renders_validates_and_shows_up_in_scaffold_plan(
        tmp_path: Path, moto_endpoint: str) -> None:
    project = tmp_path / "project"
    project.mkdir()
    text = (REPO / "blueprints/minimal.yaml").read_text().replace("name: hello", f"name: {APP}")
    (project / "blueprint.yaml").write_text(text)
    env = terraform_env(tmp_path)
    env.update(SCAFFOLD_TERRAFORM=terraform_bin(), AWS_ACCESS_KEY_ID="testing",
               AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION=REGION)
    assert (rendered := _scaffold(["render"], project, env)).returncode == 0, rendered.stderr
    root = project / "infra/services/greeter"
    custom = root / "jobs.custom.tf"
    custom.write_text(CUSTOM)
    for _ in range(3):
        again = _scaffold(["render", "-v"], project, env)
        assert again.returncode == 0, again.stderr
        assert "orphan" not in again.stdout + again.stderr
        assert "user      infra/services/greeter/jobs.custom.tf" in again.stdout
    assert custom.read_text() == CUSTOM
    init_and_validate(root, env)  # fmt -check, offline init, validate: the names resolve

    # The service reads the platform through SSM: publish what a platform apply would.
    main = (root / "main.tf").read_text()
    listed = _first(r'"platform" \{\n  for_each = toset\(\[(.*?)\]\)', main)
    keys = re.findall(r'"(\w+)"', listed)
    assert "http_api_id" in keys
    names = [f"/{APP}/dev/platform/{key}" for key in keys]
    ssm = _ssm(moto_endpoint)
    for name, key in zip(names, keys, strict=True):
        value = (f"arn:aws:execute-api:{REGION}:123456789012:abc123" if "execution" in key
                 else f"arn:aws:sns:{REGION}:123456789012:{APP}-dev-alerts"
                 if key.endswith("_arn") else "abc123")
        ssm.put_parameter(Name=name, Value=value, Type="String", Overwrite=True)
    # Plan needs the zips `scaffold build` makes; their bytes do not matter to a plan.
    plan = build_plan(validate(load_blueprint(project / "blueprint.yaml")))
    for fn in (f for s in plan.services for f in s.functions):
        (project / fn.artifact).parent.mkdir(parents=True, exist_ok=True)
        (project / fn.artifact).write_bytes(b"PK\x05\x06" + b"\0" * 18)
    try:
        planned = _scaffold(["plan", "--stage", "dev", "--service", "greeter",
                             "--endpoint-url", moto_endpoint], project, env)
    finally:
        ssm.delete_parameters(Names=names)
    output = planned.stdout
    assert planned.returncode == 0, output[-6000:] + planned.stderr[-3000:]
    assert "# aws_sqs_queue.jobs will be created" in output
    assert re.search(rf'\+ name\s+= "{APP}-dev-greeter-jobs"', output), "local.prefix"
    assert "# terraform_data.jobs_consumer will be created" in output
    assert "+ jobs_queue_url" in output
    summary = output.split("plan summary:")[-1]
    assert re.search(r"^\s+greeter\s+\d+ to add", summary, re.M), summary
    assert custom.read_text() == CUSTOM
