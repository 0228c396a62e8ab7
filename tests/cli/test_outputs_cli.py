"""`scaffold outputs` and the end of `scaffold apply`, with the real terraform on output-only roots.

The roots stand in for rendered ones: only `output` blocks (values depend on the workspace)
and local state, so terraform applies them without any provider or cloud.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scaffold.cli import app
from tests.helpers import REPO
from tests.support.terraform import run_terraform, terraform_bin

pytestmark = pytest.mark.terraform
runner = CliRunner()

PLATFORM = """\
output "site_url" {
  value = "https://d111111abcdef8-${terraform.workspace}.cloudfront.net"
}
output "api_url" {
  value = "https://abc123.execute-api.eu-west-1.amazonaws.com/${terraform.workspace}/a/very/long/path/that/a/narrow/terminal/would/cut"
}
output "user_pool_id" {
  value = "eu-west-1_${terraform.workspace}"
}
output "event_bus_name" {
  value = "hello-${terraform.workspace}-bus"
}
"""
SERVICE = 'output "function_names" {\n  value = ["hello-${terraform.workspace}-greeter"]\n}\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The minimal blueprint with output-only roots where `scaffold render` puts its roots."""
    minimal = (REPO / "blueprints" / "minimal.yaml").read_text()
    (tmp_path / "blueprint.yaml").write_text(minimal + "stages: {dev: {}, prod: {}}\n")
    for root, text in (("platform", PLATFORM), ("services/greeter", SERVICE)):
        (tmp_path / "infra" / root).mkdir(parents=True)
        (tmp_path / "infra" / root / "main.tf").write_text(text)
    (tmp_path / "infra" / "stages").mkdir()
    (tmp_path / "infra" / "stages" / "dev.tfvars").write_text("")
    (tmp_path / "dist" / "greeter").mkdir(parents=True)
    (tmp_path / "dist" / "greeter" / "say-hello.zip").write_bytes(b"")
    monkeypatch.setenv("SCAFFOLD_TERRAFORM", terraform_bin())
    monkeypatch.setenv("CHECKPOINT_DISABLE", "1")
    monkeypatch.setenv("TF_CLI_CONFIG_FILE", str(tmp_path / "no-such.tfrc"))
    return tmp_path


def _apply_by_hand(project: Path, stage: str) -> None:
    for root in ("platform", "services/greeter"):
        path = project / "infra" / root
        for args in (["init", "-input=false"], ["workspace", "new", stage],
                     ["apply", "-auto-approve", "-input=false"]):
            done = run_terraform(args, path, dict(os.environ))
            assert done.returncode == 0, done.stdout + done.stderr


def _invoke(project: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [*args, str(project / "blueprint.yaml")])


def test_outputs_json_prints_only_one_json_object_on_stdout(project: Path) -> None:
    _apply_by_hand(project, "dev")
    result = _invoke(project, "outputs", "--stage", "dev", "--json")
    assert result.exit_code == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert data["stage"] == "dev"
    assert data["outputs"] == {
        "site_url": "https://d111111abcdef8-dev.cloudfront.net",
        "api_url": "https://abc123.execute-api.eu-west-1.amazonaws.com/dev/a/very/long/path/"
                   "that/a/narrow/terminal/would/cut",
        "user_pool_id": "eu-west-1_dev"}
    assert data["roots"]["platform"]["event_bus_name"] == "hello-dev-bus"
    assert data["roots"]["greeter"] == {"function_names": ["hello-dev-greeter"]}
    assert data["not_applied"] == []


def test_outputs_prints_a_table_with_whole_urls_labelled_for_people(project: Path) -> None:
    _apply_by_hand(project, "dev")
    result = _invoke(project, "outputs")  # the first stage, dev
    assert result.exit_code == 0, result.stdout + result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert "stage 'dev'" in lines[0]
    (api,) = [line for line in lines if line.startswith("API URL")]
    assert api.split()[-1] == ("https://abc123.execute-api.eu-west-1.amazonaws.com/dev/a/very/"
                               "long/path/that/a/narrow/terminal/would/cut")
    assert any(line.startswith("Frontend URL") and line.endswith(
        "https://d111111abcdef8-dev.cloudfront.net") for line in lines)
    assert "event_bus_name" not in result.stdout  # only what a user needs, in words


def test_a_stage_not_applied_yet_exits_1_and_says_how_to_apply_it(project: Path) -> None:
    _apply_by_hand(project, "dev")
    result = _invoke(project, "outputs", "--stage", "prod", "--json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "stage 'prod' has not been applied yet" in result.stderr
    assert "scaffold apply --stage prod" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_stage_is_a_usage_error_that_lists_the_stages(project: Path) -> None:
    result = _invoke(project, "outputs", "--stage", "qa")
    assert result.exit_code == 2  # as for every command with --stage (cli/common.py)
    assert "no stage 'qa'" in result.stderr
    assert "dev" in result.stderr


def test_outputs_before_render_exits_1_and_says_to_render(tmp_path: Path) -> None:
    (tmp_path / "blueprint.yaml").write_text((REPO / "blueprints" / "minimal.yaml").read_text())
    result = runner.invoke(app, ["outputs", str(tmp_path / "blueprint.yaml")])
    assert result.exit_code == 1
    assert "scaffold render" in result.stderr


def test_apply_ends_by_printing_the_outputs_of_the_stage(project: Path) -> None:
    result = _invoke(project, "apply", "--auto-approve", "--force", "--stage", "dev")
    assert result.exit_code == 0, result.stdout[-3000:] + result.stderr[-3000:]
    tail = result.stdout.split("apply finished for stage 'dev'")[-1]
    assert "Frontend URL" in tail and "https://d111111abcdef8-dev.cloudfront.net" in tail
    assert "User pool id" in tail and "eu-west-1_dev" in tail
    assert "scaffold outputs --stage dev" in tail
    again = _invoke(project, "outputs", "--json")
    assert json.loads(again.stdout)["outputs"]["user_pool_id"] == "eu-west-1_dev"


def test_outputs_help_teaches_the_flags_and_what_is_printed() -> None:
    result = runner.invoke(app, ["outputs", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for part in ("--stage", "--json", "the frontend URL", "the name servers", "Sensitive outputs "
                 "are never printed", "has not been applied yet", "scaffold outputs --json"):
        assert part in text


def test_the_delegation_notice_names_the_name_servers_and_the_way_out_on_stderr(
        capsys: pytest.CaptureFixture[str]) -> None:
    from scaffold.cli.outputs_cmd import print_delegation
    from scaffold.tf.deploy import ZoneDelegation

    print_delegation(ZoneDelegation("acme.example", ("ns-1.example", "ns-2.example"),
                                    ("app.acme.example", "api.acme.example")))
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Delegate it NOW at your registrar" in captured.err
    assert "    ns-1.example\n    ns-2.example\n" in captured.err
    assert "app.acme.example, api.acme.example" in captured.err
    assert "75 minutes" in captured.err and "`delegated: false`" in captured.err
