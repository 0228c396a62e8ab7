"""``scaffold doctor``: each prerequisite checked, what to fix said, exit 1 when blocked."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from typer.testing import CliRunner

from scaffold.blueprint.load import load_blueprint, load_text
from scaffold.blueprint.validate import validate
from scaffold.cli import app
from scaffold.tf.doctor import run_checks
from tests.helpers import REPO

PYTHON_ONLY = validate(load_text(
    "blueprint: 1\nname: acme\nregion: eu-west-1\nservices:\n  s:\n    runtime: python3.13\n"
    "    routes:\n      GET /a: {handler: getA, auth: public}\n"))
WEBAPP = validate(load_blueprint(REPO / "blueprints" / "webapp.yaml"))


def _tool(folder: Path, name: str, output: str) -> None:
    script = folder / name
    script.write_text(f"#!/bin/sh\necho '{output}'\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


def _by_name(bp: object, path: Path, home: Path) -> dict[str, tuple[str, str]]:
    env = {"PATH": str(path), "HOME": str(home)}
    return {c.name: (c.status, c.found) for c in run_checks(bp, env)}  # type: ignore[arg-type]


def test_missing_tools_fail_only_when_the_blueprint_needs_them(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    webapp = _by_name(WEBAPP, empty, tmp_path)
    assert webapp["Terraform"][0] == "fail"
    assert webapp["Node.js"][0] == "fail"  # TypeScript services
    assert webapp["Graphviz"][0] == "warn"
    assert webapp["AWS credentials"][0] == "warn"
    python_only = _by_name(PYTHON_ONLY, empty, tmp_path)
    assert python_only["Node.js"][0] == "ok" and "no TypeScript service" in python_only[
        "Node.js"][1]


def test_versions_are_compared_with_the_minimums(tmp_path: Path) -> None:
    tools = tmp_path / "bin"
    tools.mkdir()
    _tool(tools, "terraform", '{"terraform_version": "1.10.5"}')
    _tool(tools, "node", "v18.19.0")
    _tool(tools, "npm", "10.0.0")
    old = _by_name(WEBAPP, tools, tmp_path)
    assert old["Terraform"][0] == "fail" and "1.10.5" in old["Terraform"][1]
    assert old["Node.js"][0] == "fail"
    _tool(tools, "terraform", '{"terraform_version": "1.11.4"}')
    _tool(tools, "node", "v20.11.1")
    new = _by_name(WEBAPP, tools, tmp_path)
    assert new["Terraform"][0] == "ok" and new["Node.js"][0] == "ok"


def test_credentials_and_state_are_reported(tmp_path: Path) -> None:
    (tmp_path / ".aws").mkdir()
    (tmp_path / ".aws" / "credentials").write_text("[default]\n")
    found = _by_name(WEBAPP, tmp_path, tmp_path)
    assert found["AWS credentials"][0] == "ok"
    assert found["State backend"][0] == "warn"  # the webapp keeps local state


def test_the_command_exits_1_and_says_what_blocks(tmp_path: Path) -> None:
    (tmp_path / "bin").mkdir()
    result = CliRunner().invoke(app, ["doctor", str(REPO / "blueprints" / "webapp.yaml")],
                                env={"PATH": str(tmp_path / "bin"), "HOME": str(tmp_path),
                                     "SCAFFOLD_TERRAFORM": ""})
    assert result.exit_code == 1, result.output
    assert "FAIL  Terraform: not found" in result.output
    assert "fix: install Terraform >= 1.11" in result.output
    assert "block the work: Terraform, Node.js" in result.output


def test_the_command_passes_on_this_machine() -> None:
    result = CliRunner().invoke(app, ["doctor", str(REPO / "blueprints" / "webapp.yaml")],
                                env={"PATH": os.environ["PATH"]})
    assert result.exit_code == 0, result.output
    assert "doctor: ready" in result.output
