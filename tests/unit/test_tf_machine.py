"""Terraform's `-json` machine output: counts, diagnostics and fitting resume hints.

The streams under tests/unit/tf_json/ were recorded from terraform 1.11.4 on a root of two
`terraform_data` resources, one with a `local-exec` provisioner that exits 3.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from scaffold.blueprint.load import load_text
from scaffold.blueprint.validate import validate
from scaffold.plan.build import build_plan
from scaffold.plan.ir import BuildPlan
from scaffold.tf.deploy import deploy_steps, fitting_hint
from scaffold.tf.machine import (
    MachineMessage,
    PlanSummary,
    TerraformDiagnostic,
    parse_machine_line,
)
from scaffold.tf.runner import RootRef, Step, TerraformResult, TerraformRunner, TerraformStepError

STREAMS = Path(__file__).parent / "tf_json"
CAT = """\
import pathlib, sys
print("There are some problems with the CLI configuration:", file=sys.stderr, flush=True)
print(pathlib.Path(sys.argv[-1]).read_text(), end="")
sys.exit(1 if "failed" in sys.argv[-1] else 0)
"""


def messages(name: str) -> list[MachineMessage | None]:
    return [parse_machine_line(line) for line in
            (STREAMS / name).read_text().splitlines()]


@pytest.fixture
def cat_tf(tmp_path: Path) -> Path:
    script = tmp_path / "terraform"
    script.write_text(f"#!{sys.executable} -S\n{CAT}")
    script.chmod(0o755)
    return script


def test_a_plan_stream_gives_its_counts_from_the_change_summary() -> None:
    (summary,) = [m.summary for m in messages("plan-changes.jsonl")
                  if m is not None and m.summary is not None]
    assert summary == PlanSummary(add=2)
    assert summary.describe() == "2 to add, 0 to change, 0 to destroy"
    assert summary.counts() == {"add": 2, "change": 0, "destroy": 0, "import": 0}


def test_a_plan_without_changes_has_zero_counts_and_says_no_changes() -> None:
    last = messages("plan-no-changes.jsonl")[-1]
    assert last is not None and last.summary == PlanSummary()
    assert last.summary.describe() == "no changes"


def test_a_destroy_stream_reports_its_plan_then_what_it_destroyed() -> None:
    summaries = [(m.operation, m.summary) for m in messages("destroy.jsonl")
                 if m is not None and m.summary is not None]
    assert summaries == [("plan", PlanSummary(destroy=2)), ("destroy", PlanSummary(destroy=2))]


def test_a_failed_apply_carries_the_diagnostic_with_file_line_and_snippet() -> None:
    (diag,) = [m.diagnostic for m in messages("apply-failed.jsonl")
               if m is not None and m.diagnostic is not None]
    assert diag == TerraformDiagnostic(
        "error", "local-exec provisioner error",
        "Error running command 'echo nope; exit 3': exit status 3. Output: nope\n",
        "terraform_data.bad", "main.tf", 5, 'resource "terraform_data" "bad"',
        'provisioner "local-exec" {')
    assert diag.block() == [
        "Error: local-exec provisioner error",
        '  on main.tf line 5, in resource "terraform_data" "bad":',
        '     5: provisioner "local-exec" {',
        "",
        "  Error running command 'echo nope; exit 3': exit status 3. Output: nope"]
    assert diag.to_json()["address"] == "terraform_data.bad"


@pytest.mark.parametrize("line", ["", "Switched to workspace \"dev\".", "{not json",
                                  '{"no": "message"}', "[1, 2]"])
def test_lines_that_are_not_machine_messages_are_left_alone(line: str) -> None:
    assert parse_machine_line(line) is None


def test_the_version_banner_has_no_text_to_show() -> None:
    first = messages("init.jsonl")[0]
    assert first is not None and first.text == ""


def test_the_runner_shows_messages_reports_the_plan_early_and_keeps_plain_lines(
        cat_tf: Path, tmp_path: Path) -> None:
    lines: list[str] = []
    planned: list[PlanSummary] = []
    root = RootRef("users", tmp_path)
    result = TerraformRunner(cat_tf, color=False).run(
        root, Step("destroy", ("-json", str(STREAMS / "destroy.jsonl"))), lines.append,
        planned.append)
    assert result.ok and planned == [PlanSummary(destroy=2)]
    assert result.plan == PlanSummary(destroy=2) and result.applied == PlanSummary(destroy=2)
    assert lines[0] == "[users] There are some problems with the CLI configuration:"
    assert "[users] Destroy complete! Resources: 2 destroyed." in lines
    assert not [line for line in lines if '"@message"' in line]


def test_the_runner_keeps_the_error_diagnostics_of_a_failed_apply(cat_tf: Path,
                                                                 tmp_path: Path) -> None:
    result = TerraformRunner(cat_tf, color=False).run(
        RootRef("users", tmp_path), Step("apply", ("-json", str(STREAMS / "apply-failed.jsonl"))))
    assert not result.ok
    assert [d.summary for d in result.diagnostics] == ["local-exec provisioner error"]
    assert result.output_tail[-1] == "Error: local-exec provisioner error"


def test_human_output_of_a_json_step_is_not_parsed_for_counts(cat_tf: Path,
                                                              tmp_path: Path) -> None:
    (tmp_path / "human.txt").write_text("Plan: 9 to add, 0 to change, 0 to destroy.\n")
    result = TerraformRunner(cat_tf, color=False).run(
        RootRef("users", tmp_path), Step("plan", ("-json", str(tmp_path / "human.txt"))))
    assert result.plan is None


def test_apply_saves_the_plan_shows_it_then_applies_exactly_that_plan(tmp_path: Path) -> None:
    steps = deploy_steps("apply", "dev", tmp_path / "dev.tfvars")
    assert [(s.command, s.args) for s in steps] == [
        ("workspace", ("select", "-or-create=true", "dev")),
        ("plan", ("-json", f"-var-file={tmp_path / 'dev.tfvars'}",
                  "-out=.terraform/scaffold.tfplan")),
        ("show", (".terraform/scaffold.tfplan",)),
        ("apply", ("-json", ".terraform/scaffold.tfplan"))]
    assert [s.command for s in deploy_steps("plan", "dev", tmp_path, show_plan=False)] == [
        "workspace", "plan"]
    assert [s.command for s in deploy_steps("destroy", "dev", tmp_path)] == [
        "workspace", "destroy"]


# --- resume hints that fit the failure ----------------------------------------------

BLUEPRINT = """\
blueprint: 1
name: shop
region: eu-west-1
services:
  orders:
    routes:
      GET /orders: {handler: listOrders, auth: public}
"""


def _failure(root: str, command: str, summary: str, detail: str = "") -> TerraformStepError:
    result = TerraformResult(RootRef(root, Path("/p/infra") / root), command, 1, (), False,
                             diagnostics=(TerraformDiagnostic("error", summary, detail),))
    resume = f"scaffold apply --stage dev --service {root}"
    return TerraformStepError("terraform failed", f"resume with: {resume}", result, [], resume)


@pytest.fixture(scope="module")
def shop() -> BuildPlan:
    return build_plan(validate(load_text(BLUEPRINT)))


def test_a_service_that_cannot_read_the_platform_parameters_says_apply_the_platform_first(
        shop: BuildPlan) -> None:
    # The AWS provider 5.100's words, as seen against moto (tests/e2e/test_apply_progress.py).
    exc = _failure("orders", "plan", "reading SSM Parameter (/shop/dev/platform/api_id): "
                   "couldn't find resource")
    hint = fitting_hint(exc, shop, "dev", ["--stage", "dev"]).hint or ""
    assert "Apply the platform first: scaffold apply --stage dev --service platform" in hint
    assert hint.endswith("then resume with: scaffold apply --stage dev --service orders")


def test_the_platform_itself_missing_a_parameter_gets_no_platform_first_advice(
        shop: BuildPlan) -> None:
    exc = _failure("platform", "apply", "ParameterNotFound")
    assert "platform first" not in (fitting_hint(exc, shop, "dev").hint or "")


def test_refused_credentials_point_to_doctor(shop: BuildPlan) -> None:
    exc = _failure("orders", "plan", "Retrieving AWS account details: validating provider "
                   "credentials", "api error InvalidClientTokenId: The security token "
                   "included in the request is invalid.")
    assert "scaffold doctor" in (fitting_hint(exc, shop, "dev").hint or "")


def test_a_held_state_lock_names_the_force_unlock_command(shop: BuildPlan) -> None:
    exc = _failure("orders", "apply", "Error acquiring the state lock",
                   "Lock Info:\n  ID:        3f1c-77\n  Path:      shop-tfstate/orders")
    hint = fitting_hint(exc, shop, "dev").hint or ""
    assert "force-unlock 3f1c-77" in hint and "-chdir=/p/infra/orders" in hint


def test_an_unrecognised_failure_keeps_the_plain_resume_hint(shop: BuildPlan) -> None:
    exc = _failure("orders", "apply", "local-exec provisioner error")
    assert fitting_hint(exc, shop, "dev") is exc


def test_a_plan_that_fails_after_its_summary_announces_no_counts(cat_tf: Path,
                                                                tmp_path: Path) -> None:
    error = [line for line in (STREAMS / "apply-failed.jsonl").read_text().splitlines()
             if '"diagnostic"' in line]
    stream = tmp_path / "plan-failed.jsonl"
    stream.write_text((STREAMS / "plan-changes.jsonl").read_text() + error[0] + "\n")
    planned: list[PlanSummary] = []
    result = TerraformRunner(cat_tf, color=False).run(
        RootRef("users", tmp_path), Step("plan", ("-json", str(stream))), None, planned.append)
    assert not result.ok and planned == []
    ok = TerraformRunner(cat_tf, color=False).run(
        RootRef("users", tmp_path), Step("plan", ("-json", str(STREAMS / "plan-changes.jsonl"))),
        None, planned.append)
    assert ok.ok and planned == [PlanSummary(add=2)]
