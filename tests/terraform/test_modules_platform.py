"""Platform modules: examples pass fmt, init, validate and checkov; plan-mode tests pass."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from scaffold.plan.contract import TERRAFORM_MIN_VERSION
from scaffold.render.terraform.common import AWS_CONSTRAINT
from tests.support.checkov import checkov_bin
from tests.support.terraform import init_and_validate, run_terraform, terraform_env

pytestmark = pytest.mark.terraform

REPO = Path(__file__).resolve().parents[2]
MODULES = Path("templates") / "terraform" / "modules"
EXAMPLES = Path("tests") / "terraform" / "modules"

PLATFORM_MODULES = (
    "http_api",
    "websocket_api",
    "event_bus",
    "alerts",
    "static_site",
    "certificate",
    "api_domain",
    "user_pool",
    "upload_bucket",
    "storage_bucket",
    "parameters",
)

_IGNORED = shutil.ignore_patterns(".terraform", ".terraform.lock.hcl", "terraform.tfstate*")


def _copy_examples(dest: Path, modules: tuple[str, ...]) -> list[Path]:
    """Copy modules and their example roots into ``dest`` with the repo's relative layout."""
    roots = []
    for module in modules:
        shutil.copytree(REPO / MODULES / module, dest / MODULES / module, ignore=_IGNORED)
        shutil.copytree(REPO / EXAMPLES / module, dest / EXAMPLES / module, ignore=_IGNORED)
        roots.append(dest / EXAMPLES / module)
    return roots




@pytest.mark.parametrize("module", PLATFORM_MODULES)
def test_module_example_passes_fmt_init_and_validate(module: str, tmp_path: Path) -> None:
    (root,) = _copy_examples(tmp_path / "repo", (module,))
    env = terraform_env(tmp_path)
    fmt = run_terraform(
        ["fmt", "-check", "-diff", "-recursive"], tmp_path / "repo" / MODULES / module, env
    )
    assert fmt.returncode == 0, (
        f"terraform fmt -check failed for module {module}:\n{fmt.stdout}{fmt.stderr}"
    )
    init_and_validate(root, env)


MODULES_WITH_PLAN_TESTS = tuple(
    m for m in PLATFORM_MODULES if list((REPO / EXAMPLES / m / "module_tests").glob("*.tftest.hcl"))
)


@pytest.mark.parametrize("module", MODULES_WITH_PLAN_TESTS)
def test_module_plan_mode_tests_pass(module: str, tmp_path: Path) -> None:
    copy = tmp_path / module
    shutil.copytree(REPO / MODULES / module, copy, ignore=_IGNORED)
    (copy / "tests").mkdir()
    for test_file in (REPO / EXAMPLES / module / "module_tests").glob("*.tftest.hcl"):
        shutil.copy(test_file, copy / "tests" / test_file.name)
    env = terraform_env(tmp_path)
    init = run_terraform(["init", "-backend=false", "-input=false", "-no-color"], copy, env)
    assert init.returncode == 0, f"terraform init failed for {module}:\n{init.stdout}{init.stderr}"
    test = run_terraform(["test", "-no-color"], copy, env)
    assert test.returncode == 0, f"terraform test failed for {module}:\n{test.stdout}{test.stderr}"


def test_module_examples_have_no_failed_checkov_check(tmp_path: Path) -> None:
    checkov = checkov_bin()
    _copy_examples(tmp_path / "repo", PLATFORM_MODULES)
    proc = subprocess.run(
        [
            checkov,
            "-d",
            str(tmp_path / "repo" / EXAMPLES),
            "--framework",
            "terraform",
            "--quiet",
            "--compact",
            "--skip-download",
            "--output",
            "json",
        ],
        text=True,
        capture_output=True,
        timeout=900,
        check=False,
    )
    assert proc.stdout.strip(), (
        f"checkov printed no report (exit {proc.returncode}):\n{proc.stderr[-3000:]}"
    )
    report = json.loads(proc.stdout)
    reports = report if isinstance(report, list) else [report]
    summary = [r["summary"] for r in reports]
    assert sum(s.get("resource_count", 0) for s in summary) > 0, (
        f"checkov scanned nothing: {summary}"
    )
    assert all(s.get("parsing_errors", 0) == 0 for s in summary), (
        f"checkov parsing errors: {summary}"
    )
    failed = [
        f"{c['check_id']} {c['check_name']}: {c['resource']} ({c['file_path']})"
        for r in reports
        for c in r.get("results", {}).get("failed_checks", [])
    ]
    assert not failed, (
        "checkov failed checks (fix them or add a justified #checkov:skip):\n" + "\n".join(failed)
    )


@pytest.mark.parametrize("module", PLATFORM_MODULES)
def test_every_checkov_skip_gives_a_reason(module: str) -> None:
    for tf in sorted((REPO / MODULES / module).glob("*.tf")):
        for line in tf.read_text().splitlines():
            if "checkov:skip" in line:
                assert re.search(r"#checkov:skip=CKV2?_AWS_\d+:\S.{15,}", line), (
                    f"{tf.name}: skip without reason: {line.strip()}"
                )


@pytest.mark.parametrize("module", PLATFORM_MODULES)
def test_readme_documents_exactly_the_module_inputs_and_outputs(module: str) -> None:
    folder = REPO / MODULES / module
    variables = re.findall(r'^variable "(\w+)"', (folder / "variables.tf").read_text(), re.M)
    outputs = re.findall(r'^output "(\w+)"', (folder / "outputs.tf").read_text(), re.M)
    readme = (folder / "README.md").read_text()
    inputs_part, _, outputs_part = readme.partition("## Outputs")
    documented_inputs = re.findall(r"^\| `(\w+)` \|", inputs_part, re.M)
    documented_outputs = re.findall(r"^\| `(\w+)` \|", outputs_part, re.M)
    assert documented_inputs == variables, f"{module}/README.md inputs table is stale"
    assert documented_outputs == outputs, f"{module}/README.md outputs table is stale"


@pytest.mark.parametrize("module", PLATFORM_MODULES)
def test_module_follows_the_terraform_conventions(module: str) -> None:
    hcl2 = pytest.importorskip("hcl2")
    folder = REPO / MODULES / module
    assert sorted(p.name for p in folder.glob("*.tf")) == [
        "main.tf",
        "outputs.tf",
        "variables.tf",
        "versions.tf",
    ]
    for tf in folder.glob("*.tf"):
        text = tf.read_text()
        assert not re.search(r'^provider "', text, re.M), f"{tf.name} declares a provider block"
        assert not re.search(r'hashicorp/(archive|null|random|local|external)"', text), (
            f"{tf.name} uses a forbidden provider"
        )
    versions = (folder / "versions.tf").read_text()
    assert f'required_version = ">= {TERRAFORM_MIN_VERSION}"' in versions
    # The same bounds as the rendered roots: a module must never admit a provider major
    # version that the roots (and our tests) have not been checked against.
    assert re.search(rf'version\s*=\s*"{re.escape(AWS_CONSTRAINT)}"', versions)
    with (folder / "variables.tf").open() as handle:
        variables = hcl2.load(handle).get("variable", [])
    for block in variables:
        for name, body in block.items():
            assert body.get("description"), f"variable {name} has no description"
            assert "type" in body, f"variable {name} has no type"
            assert not re.search(r"\bany\b", str(body["type"])), f"variable {name} is typed any"
    with (folder / "outputs.tf").open() as handle:
        outputs = hcl2.load(handle).get("output", [])
    for block in outputs:
        for name, body in block.items():
            assert body.get("description"), f"output {name} has no description"
