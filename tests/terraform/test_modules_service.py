"""Service-side Terraform modules: conventions, example roots, plan-mode tests and checkov.

Each module in ``templates/terraform/modules/<name>`` has an example root in
``tests/terraform/modules/<name>/main.tf`` and, where its logic is non-trivial, plan-mode
``terraform test`` files (mock provider, no AWS) in ``tests/terraform/modules/<name>/module_tests``.
Everything Terraform or checkov touches is copied to ``tmp_path`` first, so no ``.terraform``
folder or lock file is ever written into the repository.

checkov is found through ``SCAFFOLD_CHECKOV`` (default ``/opt/checkov-venv/bin/checkov``), then
``checkov`` on PATH; when CI asks for it (``CI=true`` or ``SCAFFOLD_REQUIRE_CHECKOV=1``) and it
is missing, the test fails instead of skipping.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from scaffold.plan.contract import TERRAFORM_MIN_VERSION
from scaffold.render.terraform.common import AWS_CONSTRAINT
from tests.support.checkov import checkov_bin
from tests.support.terraform import init_and_validate, run_terraform, terraform_env

REPO = Path(__file__).resolve().parents[2]
MODULES_DIR = REPO / "templates" / "terraform" / "modules"
EXAMPLES_DIR = REPO / "tests" / "terraform" / "modules"

SERVICE_MODULES = [
    "lambda_function",
    "http_routes",
    "websocket_routes",
    "event_rule",
    "failure_chain",
    "dynamodb_table",
    "stream_subscription",
    "work_queue",
    "state_machine",
    "dashboard",
]
MODULES_WITH_PLAN_TESTS = [
    m for m in SERVICE_MODULES if list((EXAMPLES_DIR / m / "module_tests").glob("*.tftest.hcl"))
]
FORBIDDEN_PROVIDERS = ("archive", "null", "random", "local", "external", "http", "time", "tls")


def _stage_example(tmp_path: Path, module: str) -> Path:
    """Copy the module and its example root into tmp_path, keeping their relative layout."""
    shutil.copytree(MODULES_DIR / module, tmp_path / "templates" / "terraform" / "modules" / module)
    root = tmp_path / "tests" / "terraform" / "modules" / module
    root.mkdir(parents=True)
    for tf in (EXAMPLES_DIR / module).glob("*.tf"):
        shutil.copy(tf, root / tf.name)
    return root


def _blocks(text: str, kind: str) -> dict[str, str]:
    """Top-level ``kind "name" { ... }`` blocks of an HCL file, as name -> body text."""
    found: dict[str, str] = {}
    for match in re.finditer(rf'^{kind} "([^"]+)" \{{\n', text, re.M):
        depth, i = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        found[match.group(1)] = text[match.end() : i - 1]
    return found


def _module_text(module: str) -> str:
    return "\n".join(p.read_text() for p in sorted((MODULES_DIR / module).glob("*.tf")))


# --- conventions (pure Python, no Terraform needed) -------------------------------------


@pytest.mark.parametrize("module", SERVICE_MODULES)
def test_module_has_the_standard_files(module: str) -> None:
    present = {p.name for p in (MODULES_DIR / module).iterdir()}
    assert {"main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md"} <= present
    assert (EXAMPLES_DIR / module / "main.tf").is_file(), f"no example root for {module}"


@pytest.mark.parametrize("module", SERVICE_MODULES)
def test_versions_bound_the_provider_like_the_roots_and_no_provider_blocks(module: str) -> None:
    versions = (MODULES_DIR / module / "versions.tf").read_text()
    assert f'required_version = ">= {TERRAFORM_MIN_VERSION}"' in versions
    assert re.search(r'source\s*=\s*"hashicorp/aws"', versions)
    # The same bounds as the rendered roots: a module must never admit a provider major
    # version that the roots (and our tests) have not been checked against.
    assert re.search(rf'version\s*=\s*"{re.escape(AWS_CONSTRAINT)}"', versions)
    assert len(re.findall(r"source\s*=", versions)) == 1, "modules depend on hashicorp/aws only"
    text = _module_text(module)
    assert not re.search(r'^provider "', text, re.M), "modules contain no provider blocks"
    used = set(re.findall(r'^(?:resource|data) "([a-z0-9]+)_', text, re.M))
    assert used <= {"aws"}, f"resources of other providers: {used - {'aws'}}"
    assert not set(FORBIDDEN_PROVIDERS) & used


@pytest.mark.parametrize("module", SERVICE_MODULES)
def test_every_variable_is_typed_described_and_never_any(module: str) -> None:
    variables = _blocks((MODULES_DIR / module / "variables.tf").read_text(), "variable")
    assert variables
    for name, body in variables.items():
        assert re.search(r"^  description\s*=\s*\"[^\"]+\"", body, re.M), f"{name}: no description"
        type_match = re.search(r"^  type\s*=\s*(.+)$", body, re.M)
        assert type_match, f"{name}: no type"
        assert not re.search(r"\bany\b", type_match.group(1)), f"{name}: type any"
        for validation in re.findall(r"validation \{(.*?)\n  \}", body, re.S):
            assert "error_message" in validation, f"{name}: validation without message"


@pytest.mark.parametrize("module", SERVICE_MODULES)
def test_every_output_is_described(module: str) -> None:
    outputs = _blocks((MODULES_DIR / module / "outputs.tf").read_text(), "output")
    assert outputs
    for name, body in outputs.items():
        assert re.search(r"^  description\s*=\s*\"[^\"]+\"", body, re.M), f"{name}: no description"


@pytest.mark.parametrize("module", SERVICE_MODULES)
def test_iam_has_no_wildcard_action_and_every_wildcard_resource_is_explained(module: str) -> None:
    text = _module_text(module)
    for actions in re.findall(r'\b(?:Action|actions)\s*=\s*(\[[^\]]*\]|"[^"]*")', text):
        assert not re.search(r"\*", actions), f"wildcard action: {actions}"
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.search(r'\b[Rr]esources?\s*=\s*\[?\s*"\*"', line):
            previous = next(prev for prev in reversed(lines[:i]) if prev.strip())
            assert previous.strip().startswith("#"), f'"*" resource without a comment: {line}'


@pytest.mark.parametrize("module", SERVICE_MODULES)
def test_checkov_skips_carry_a_reason(module: str) -> None:
    for skip in re.findall(r"#checkov:skip=(.*)", _module_text(module)):
        check, _, reason = skip.partition(":")
        assert re.fullmatch(r"CKV2?_AWS_\d+", check), skip
        assert len(reason.strip()) > 20, f"checkov skip without a real reason: {skip}"


@pytest.mark.parametrize("module", SERVICE_MODULES)
def test_readme_documents_exactly_the_inputs_and_outputs(module: str) -> None:
    readme = (MODULES_DIR / module / "README.md").read_text()
    inputs, _, outputs = readme.partition("## Outputs")
    documented_inputs = set(re.findall(r"^\| `([a-z0-9_]+)` \|", inputs, re.M))
    documented_outputs = set(re.findall(r"^\| `([a-z0-9_]+)` \|", outputs, re.M))
    variables = set(_blocks((MODULES_DIR / module / "variables.tf").read_text(), "variable"))
    declared_outputs = set(_blocks((MODULES_DIR / module / "outputs.tf").read_text(), "output"))
    assert documented_inputs == variables, "README inputs table is stale"
    assert documented_outputs == declared_outputs, "README outputs table is stale"


# --- Terraform: fmt, offline init, validate, plan-mode tests ------------------------------


@pytest.mark.terraform
@pytest.mark.parametrize("module", SERVICE_MODULES)
def test_module_is_terraform_fmt_formatted(module: str, tmp_path: Path) -> None:
    copy = tmp_path / module
    shutil.copytree(MODULES_DIR / module, copy)
    for test_file in (EXAMPLES_DIR / module / "module_tests").glob("*.tftest.hcl"):
        shutil.copy(test_file, copy / test_file.name)
    env = terraform_env(tmp_path)
    fmt = run_terraform(["fmt", "-check", "-diff", "-recursive"], copy, env)
    assert fmt.returncode == 0, f"terraform fmt -check failed:\n{fmt.stdout}{fmt.stderr}"


@pytest.mark.terraform
@pytest.mark.parametrize("module", SERVICE_MODULES)
def test_example_root_passes_fmt_init_and_validate(module: str, tmp_path: Path) -> None:
    root = _stage_example(tmp_path, module)
    init_and_validate(root, terraform_env(tmp_path))


@pytest.mark.terraform
@pytest.mark.parametrize("module", MODULES_WITH_PLAN_TESTS)
def test_module_plan_mode_tests_pass(module: str, tmp_path: Path) -> None:
    copy = tmp_path / module
    shutil.copytree(MODULES_DIR / module, copy)
    (copy / "tests").mkdir()
    for test_file in (EXAMPLES_DIR / module / "module_tests").glob("*.tftest.hcl"):
        shutil.copy(test_file, copy / "tests" / test_file.name)
    env = terraform_env(tmp_path)
    init = run_terraform(["init", "-backend=false", "-input=false", "-no-color"], copy, env)
    assert init.returncode == 0, f"terraform init failed for {module}:\n{init.stdout}{init.stderr}"
    test = run_terraform(["test", "-no-color"], copy, env)
    assert test.returncode == 0, f"terraform test failed for {module}:\n{test.stdout}{test.stderr}"


# --- checkov ------------------------------------------------------------------------------



@pytest.mark.terraform
def test_checkov_reports_no_failed_check_on_the_example_roots(tmp_path: Path) -> None:
    checkov = checkov_bin()
    for module in SERVICE_MODULES:
        _stage_example(tmp_path, module)
    roots = tmp_path / "tests" / "terraform" / "modules"
    result = subprocess.run(
        [checkov, "-d", str(roots), "--framework", "terraform", "--download-external-modules",
         "false", "--skip-download", "--quiet", "--output", "json"],
        capture_output=True, text=True, timeout=600, check=False,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE"},
    )
    try:
        reports = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"checkov printed no JSON report (exit {result.returncode}):\n{result.stderr}")
    reports = reports if isinstance(reports, list) else [reports]
    summary = {key: sum(r["summary"][key] for r in reports)
               for key in ("failed", "skipped", "parsing_errors", "resource_count")}
    failed = [f"{c['check_id']} {c['resource']} ({c['file_path']}): {c['check_name']}"
              for r in reports for c in r["results"].get("failed_checks", [])]
    assert not failed, "checkov failed checks:\n" + "\n".join(failed)
    assert summary["parsing_errors"] == 0, summary
    assert summary["resource_count"] > 0 and summary["skipped"] > 0, summary
