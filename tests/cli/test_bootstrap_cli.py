"""``scaffold bootstrap`` without Terraform: what it refuses, what it reads, the apply hint."""

from __future__ import annotations

import io
import json
from pathlib import Path

import hcl2
from typer.testing import CliRunner

from scaffold.blueprint.load import load_text
from scaffold.blueprint.validate import validate
from scaffold.cli import app
from scaffold.errors import ScaffoldError
from scaffold.plan.build import build_plan
from scaffold.render.terraform.common import s3_backend
from scaffold.tf.bootstrap import adopt_text, check_rendered, manages_bucket
from scaffold.tf.deploy import fitting_hint
from scaffold.tf.emulator import override_text
from scaffold.tf.runner import RootRef, TerraformResult, TerraformStepError
from tests.helpers import REPO, render_to

MINIMAL = (REPO / "blueprints" / "minimal.yaml").read_text()
STATE = "state: {bucket: hello-tfstate, key_prefix: hello}\n"


def _project(tmp_path: Path, text: str) -> Path:
    (tmp_path / "blueprint.yaml").write_text(text)
    render_to(text, tmp_path)
    return tmp_path


def test_without_state_it_explains_how_to_add_it_and_exits_1(tmp_path: Path) -> None:
    project = _project(tmp_path, MINIMAL)
    result = CliRunner().invoke(app, ["bootstrap", str(project / "blueprint.yaml"),
                                      "--auto-approve"])
    assert result.exit_code == 1, result.output
    assert "no state backend" in result.output
    assert "state: {bucket:" in result.output and "scaffold render" in result.output


def test_it_refuses_an_unrendered_or_stale_bootstrap_root(tmp_path: Path) -> None:
    plan = build_plan(validate(load_text(MINIMAL + STATE)))
    (tmp_path / "blueprint.yaml").write_text(MINIMAL + STATE)
    try:
        check_rendered(tmp_path, plan)
    except ScaffoldError as exc:
        assert "is missing" in exc.message and exc.hint == "run `scaffold render` first"
    else:
        raise AssertionError("an unrendered bootstrap root was accepted")
    render_to(MINIMAL + "state: {bucket: other-tfstate}\n", tmp_path)
    try:
        check_rendered(tmp_path, plan)
    except ScaffoldError as exc:
        assert "differs" in exc.message
    else:
        raise AssertionError("a bootstrap root rendered for another bucket was accepted")
    render_to(MINIMAL + STATE, tmp_path)
    assert check_rendered(tmp_path, plan) == tmp_path / "infra" / "bootstrap"


def test_only_a_bucket_in_the_local_state_counts_as_managed(tmp_path: Path) -> None:
    assert not manages_bucket(tmp_path)
    state = tmp_path / "terraform.tfstate"
    state.write_text(json.dumps({"version": 4, "resources": []}))
    assert not manages_bucket(tmp_path)
    state.write_text(json.dumps({"version": 4, "resources": [
        {"mode": "data", "type": "aws_s3_bucket", "name": "this"}]}))
    assert not manages_bucket(tmp_path)
    state.write_text(json.dumps({"version": 4, "resources": [
        {"mode": "managed", "type": "aws_s3_bucket", "name": "this", "instances": []}]}))
    assert manages_bucket(tmp_path)


def test_the_adopt_file_imports_the_bucket_the_root_manages() -> None:
    (block,) = hcl2.load(io.StringIO(adopt_text('odd"name')))["import"]
    assert block["to"] == "${aws_s3_bucket.this}" and block["id"] == '"odd\\"name"'


def test_the_emulator_override_moves_the_s3_backend_to_the_emulator() -> None:
    plan = build_plan(validate(load_text(MINIMAL + STATE)))
    backend = s3_backend(plan, "services/greeter")
    assert backend is not None
    doc = hcl2.load(io.StringIO(override_text("http://127.0.0.1:5000", (), backend)))
    (terraform,) = doc["terraform"]
    (s3,) = [b['"s3"'] for b in terraform["backend"]]
    assert s3["key"] == '"hello/services/greeter.tfstate"' and s3["use_lockfile"] is True
    assert s3["bucket"] == '"hello-tfstate"' and s3["use_path_style"] is True
    assert s3["endpoints"] == {"s3": '"http://127.0.0.1:5000"', "sts": '"http://127.0.0.1:5000"'}
    assert s3["access_key"] == '"test"'  # never the caller's real credentials
    assert "terraform" not in hcl2.load(io.StringIO(override_text("http://x")))


def _failure(command: str) -> TerraformStepError:
    result = TerraformResult(RootRef("platform", Path("infra/platform")), command, 1, (), False)
    return TerraformStepError("terraform failed", "fix it", result, [])


def test_a_failed_init_on_an_s3_backend_names_bootstrap() -> None:
    with_state = build_plan(validate(load_text(MINIMAL + STATE)))
    local = build_plan(validate(load_text(MINIMAL)))
    hinted = fitting_hint(_failure("init"), with_state, "dev")
    assert hinted.hint is not None and "fix it" in hinted.hint
    assert "state bucket hello-tfstate (eu-west-1)" in hinted.hint
    assert "`scaffold bootstrap`" in hinted.hint
    assert "bootstrap" not in str(fitting_hint(_failure("apply"), with_state, "dev").hint)
    assert "bootstrap" not in str(fitting_hint(_failure("init"), local, "dev").hint)
