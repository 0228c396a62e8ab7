"""`scaffold invoke --remote`: the deployed function of the stage answers, by its physical name.

The emulator is moto in this process (``mock_aws`` with its Docker-free Lambda, which
answers with the payload it was sent), so the test sees exactly which function the command
called and with what; a fake client stands in for what moto cannot answer (a function
error with its log tail).
"""

from __future__ import annotations

import base64
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws
from typer.testing import CliRunner

from scaffold.blueprint.load import load_text
from scaffold.blueprint.validate import validate
from scaffold.cli import app
from scaffold.plan.build import build_plan
from scaffold.run.remote import invoke_remote

runner = CliRunner()

BLUEPRINT = """\
blueprint: 1
name: demo
region: eu-west-1
services:
  ledger:
    runtime: python3.13
    tables: {entries: {key: id}}
    routes:
      GET /entries/{id}: {handler: getEntry, auth: public, reads: [entries]}
      POST /entries: {handler: addEntry, auth: public, provisioned_concurrency: 2}
"""


@pytest.fixture()
def blueprint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_DEFAULT_REGION": "eu-west-1"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("SCAFFOLD_AWS_ENDPOINT_URL", raising=False)
    path = tmp_path / "blueprint.yaml"
    path.write_text(BLUEPRINT)
    return path


def _deploy(name: str) -> None:
    iam = boto3.client("iam", region_name="eu-west-1")
    role = iam.create_role(RoleName="r", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as z:
        z.writestr("index.py", "def handler(event, context):\n    return event\n")
    boto3.client("lambda", region_name="eu-west-1").create_function(
        FunctionName=name, Runtime="python3.13", Role=role, Handler="index.handler",
        Code={"ZipFile": code.getvalue()})


def test_remote_invokes_the_deployed_function_of_the_stage(blueprint: Path) -> None:
    with mock_aws(config={"lambda": {"use_docker": False}}):
        _deploy("demo-dev-ledger-get-entry")
        result = runner.invoke(app, ["invoke", "ledger.getEntry", "--sample", "--remote",
                                     "-b", str(blueprint)])
    assert result.exit_code == 0, result.output
    sent = json.loads(result.stdout)  # moto's Docker-free Lambda answers with the payload
    assert sent["routeKey"] == "GET /entries/{id}" and sent["pathParameters"] == {"id": "sample-id"}
    assert "==> ledger.getEntry (demo-dev-ledger-get-entry): ok" in result.stderr


class _Failing:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def invoke(self, **args: Any) -> dict[str, Any]:
        self.calls.append(args)
        error = {"errorType": "KeyError", "errorMessage": "'id'",
                 "stackTrace": ['  File "handler.py", line 3']}
        return {"StatusCode": 200, "FunctionError": "Unhandled", "ExecutedVersion": "7",
                "LogResult": base64.b64encode(b"START\nboom happened\nEND\n").decode(),
                "Payload": io.BytesIO(json.dumps(error).encode())}


def test_a_function_with_provisioned_concurrency_is_called_through_its_alias() -> None:
    plan = build_plan(validate(load_text(BLUEPRINT)))
    fn = next(f for f in plan.services[0].functions if f.handler == "addEntry")
    client = _Failing()
    result = invoke_remote(client, plan, "dev", fn, {"body": "{}"})
    assert client.calls[0]["FunctionName"] == "demo-dev-ledger-add-entry"
    assert client.calls[0]["Qualifier"] == "live" and client.calls[0]["LogType"] == "Tail"
    assert json.loads(client.calls[0]["Payload"]) == {"body": "{}"}
    assert result.name == "demo-dev-ledger-add-entry:live" and result.version == "7"
    assert result.error == "Unhandled" and "boom happened" in result.log_tail


def test_a_function_error_exits_1_with_its_log_and_stack(
        blueprint: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("scaffold.run.aws.aws_client", lambda *a, **k: _Failing())
    result = runner.invoke(app, ["invoke", "ledger.addEntry", "--remote", "-b", str(blueprint)])
    assert result.exit_code == 1, result.output
    assert "boom happened" in result.stderr
    assert "KeyError: 'id'" in result.stderr and 'File "handler.py"' in result.stderr
    assert "error (Unhandled)" in result.stderr and result.stdout == ""


class _Missing:
    def invoke(self, **args: Any) -> dict[str, Any]:
        error = Exception("Function not found: " + args["FunctionName"])
        error.response = {"Error": {"Code": "ResourceNotFoundException"}}  # type: ignore[attr-defined]
        raise error


def test_a_stage_not_applied_yet_says_how_to_apply_it(
        blueprint: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("scaffold.run.aws.aws_client", lambda *a, **k: _Missing())
    result = runner.invoke(app, ["invoke", "ledger.getEntry", "--remote", "--stage", "dev",
                                 "-b", str(blueprint)])
    assert result.exit_code == 1, result.output
    assert "could not invoke demo-dev-ledger-get-entry" in result.output
    assert "scaffold apply --stage dev" in result.output


def test_local_only_options_are_refused_with_remote(blueprint: Path) -> None:
    result = runner.invoke(app, ["invoke", "ledger.getEntry", "--remote", "--timeout", "3",
                                 "-b", str(blueprint)])
    assert result.exit_code == 2, result.output
    assert "local runs only" in result.output
