"""Reading a stage's outputs with the real terraform: a root of output blocks, local state."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scaffold.errors import TerraformError
from scaffold.tf.outputs import StageOutputs, read_outputs, read_root_outputs
from scaffold.tf.runner import RootRef, TerraformRunner
from tests.support.terraform import run_terraform, terraform_bin

pytestmark = pytest.mark.terraform

ROOT = """\
output "site_url" {
  value = "https://${terraform.workspace}.acme.example"
}
output "name_servers" {
  value = ["ns-1.${terraform.workspace}.example", "ns-2.${terraform.workspace}.example"]
}
output "api_url" {
  value = "https://api.${terraform.workspace}.example"
}
output "client_secret" {
  value     = "hunter2-${terraform.workspace}"
  sensitive = true
}
"""


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, CHECKPOINT_DISABLE="1")
    # A CLI config that does not exist makes terraform warn on stderr on every command:
    # the JSON on stdout must not be spoiled by it.
    env["TF_CLI_CONFIG_FILE"] = str(tmp_path / "missing.tfrc")
    return env


def _applied_root(tmp_path: Path, *stages: str) -> RootRef:
    root = tmp_path / "platform"
    root.mkdir()
    (root / "main.tf").write_text(ROOT)
    env = _env(tmp_path)
    assert run_terraform(["init", "-input=false"], root, env).returncode == 0
    for stage in stages:
        done = run_terraform(["workspace", "select", "-or-create=true", stage], root, env)
        assert done.returncode == 0, done.stderr
        done = run_terraform(["apply", "-auto-approve", "-input=false"], root, env)
        assert done.returncode == 0, done.stdout + done.stderr
    return RootRef("platform", root)


def _runner(tmp_path: Path) -> TerraformRunner:
    return TerraformRunner(terraform_bin(), env=_env(tmp_path), color=False)


def test_each_stage_reads_the_outputs_of_its_own_workspace(tmp_path: Path) -> None:
    root = _applied_root(tmp_path, "dev", "prod")
    runner = _runner(tmp_path)
    dev = read_root_outputs(runner, root, "dev")
    prod = read_root_outputs(runner, root, "prod")
    assert dev.applied and prod.applied
    assert dev.values["site_url"] == "https://dev.acme.example"
    assert prod.values["site_url"] == "https://prod.acme.example"
    assert prod.values["name_servers"] == ["ns-1.prod.example", "ns-2.prod.example"]


def test_sensitive_outputs_are_named_but_their_values_never_returned(tmp_path: Path) -> None:
    root = _applied_root(tmp_path, "dev")
    result = read_outputs(_runner(tmp_path), [root], "dev")
    assert result.roots[0].sensitive == ("client_secret",)
    assert "client_secret" not in result.roots[0].values
    assert "hunter2" not in repr(result.to_json())


def test_a_stage_never_applied_is_reported_and_its_workspace_is_not_created(
        tmp_path: Path) -> None:
    root = _applied_root(tmp_path, "dev")
    result = read_outputs(_runner(tmp_path), [root], "qa")
    assert not result.applied
    assert result.not_applied == ("platform",)
    listed = run_terraform(["workspace", "list"], root.path, _env(tmp_path))
    assert "qa" not in listed.stdout


def test_an_uninitialised_root_is_initialised_then_read(tmp_path: Path) -> None:
    root = tmp_path / "fresh"
    (root / "child").mkdir(parents=True)
    (root / "child" / "main.tf").write_text('output "x" {\n  value = 1\n}\n')
    # A module makes `terraform output` refuse to run before init ("Module not installed").
    (root / "main.tf").write_text(ROOT + 'module "child" {\n  source = "./child"\n}\n')
    result = read_root_outputs(_runner(tmp_path), RootRef("fresh", root), "dev")
    assert (root / ".terraform" / "modules").is_dir()
    assert not result.applied and result.values == {}


def test_a_broken_root_fails_with_the_root_named(tmp_path: Path) -> None:
    root = tmp_path / "broken"
    root.mkdir()
    (root / "main.tf").write_text('output "x" {\n')
    with pytest.raises(TerraformError, match="root 'broken'"):
        read_root_outputs(_runner(tmp_path), RootRef("broken", root), "dev")


def test_the_user_values_come_from_the_platform_in_print_order(tmp_path: Path) -> None:
    root = _applied_root(tmp_path, "dev")
    result = read_outputs(_runner(tmp_path), [root], "dev")
    assert list(result.user_values()) == ["site_url", "api_url", "name_servers"]
    empty = StageOutputs("dev", ())
    assert not empty.applied and empty.user_values() == {}
