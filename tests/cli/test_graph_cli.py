"""`scaffold graph` on the command line: formats, --out, --service, errors and help."""

from __future__ import annotations

import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scaffold.blueprint.load import load_blueprint
from scaffold.blueprint.validate import validate
from scaffold.cli import app
from scaffold.graph import GraphToolsMissingError, mermaid
from scaffold.graph.image import require_tools
from scaffold.plan.build import build_plan

REPO = Path(__file__).resolve().parents[2]
WEBAPP = REPO / "blueprints" / "webapp.yaml"
runner = CliRunner()


def _need_graphviz() -> None:
    try:
        require_tools()
    except GraphToolsMissingError as exc:
        reason = f"{exc.message} ({exc.hint})"
        if os.environ.get("SCAFFOLD_REQUIRE_GRAPHVIZ") == "1":
            pytest.fail(f"SCAFFOLD_REQUIRE_GRAPHVIZ=1 but {reason}")
        pytest.skip(reason)


def test_mermaid_to_stdout_by_default() -> None:
    result = runner.invoke(app, ["graph", str(WEBAPP)])
    assert result.exit_code == 0, result.output
    assert result.stdout == mermaid(build_plan(validate(load_blueprint(WEBAPP))))
    assert result.stdout.startswith("flowchart LR\n")


def test_default_blueprint_is_the_one_in_the_current_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "blueprint.yaml").write_text((REPO / "blueprints" / "minimal.yaml").read_text())
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["graph"])
    assert result.exit_code == 0, result.output
    assert "sayHello" in result.stdout


def test_out_writes_the_file_and_prints_nothing(tmp_path: Path) -> None:
    target = tmp_path / "docs" / "arch.mmd"
    result = runner.invoke(app, ["graph", str(WEBAPP), "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert target.read_text() == mermaid(build_plan(validate(load_blueprint(WEBAPP))))
    assert [p.name for p in target.parent.iterdir()] == ["arch.mmd"]  # no temp file left


def test_service_option() -> None:
    result = runner.invoke(app, ["graph", str(WEBAPP), "--service", "users"])
    assert result.exit_code == 0, result.output
    assert "subgraph svc_users" in result.stdout
    assert "svc_projects" not in result.stdout and "listProjects" not in result.stdout


def test_unknown_service_is_a_usage_error() -> None:
    result = runner.invoke(app, ["graph", str(WEBAPP), "--service", "billing"])
    assert result.exit_code == 2
    assert "no service 'billing'" in result.stderr
    assert "notifications, projects, users" in result.stderr
    assert "Traceback" not in result.output


def test_bad_format_is_a_usage_error() -> None:
    result = runner.invoke(app, ["graph", str(WEBAPP), "--format", "jpeg"])
    assert result.exit_code == 2


def test_invalid_blueprint_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "blueprint.yaml"
    bad.write_text("blueprint: 1\nname: x\nregion: eu-west-1\nservices: {}\n")
    result = runner.invoke(app, ["graph", str(bad)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["graph", "--help"])
    assert result.exit_code == 0
    assert "Examples: scaffold graph" in result.stdout
    for option in ("--format", "--out", "--service", "mermaid", "svg", "png"):
        assert option in result.stdout


def test_missing_graphviz_or_diagrams_says_what_to_install(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot`
    monkeypatch.setitem(sys.modules, "diagrams", None)  # import diagrams fails
    result = runner.invoke(app, ["graph", str(WEBAPP), "--format", "svg",
                                 "--out", str(tmp_path / "a.svg")])
    assert result.exit_code == 1
    assert "the Python package `diagrams` and Graphviz (`dot` is not on PATH)" in result.stderr
    assert "pip install 'scaffold-serverless[graph]'" in result.stderr
    assert "apt-get install graphviz" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "a.svg").exists()


def test_only_dot_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("diagrams")
    monkeypatch.setenv("PATH", str(tmp_path))
    result = runner.invoke(app, ["graph", str(WEBAPP), "--format", "png",
                                 "--out", str(tmp_path / "a.png")])
    assert result.exit_code == 1
    assert "needs Graphviz (`dot` is not on PATH)" in result.stderr


def test_svg_file(tmp_path: Path) -> None:
    _need_graphviz()
    target = tmp_path / "arch.svg"
    result = runner.invoke(app, ["graph", str(WEBAPP), "-f", "svg", "-o", str(target)])
    assert result.exit_code == 0, result.output
    root = ET.fromstring(target.read_bytes())
    texts = "".join(root.itertext())
    for name in ("users", "projects", "notifications"):
        assert f"{name} service" in texts


def test_png_file_and_piped_stdout(tmp_path: Path) -> None:
    _need_graphviz()
    target = tmp_path / "arch.png"
    result = runner.invoke(app, ["graph", str(WEBAPP), "-f", "png", "-o", str(target),
                                 "--service", "notifications"])
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    piped = runner.invoke(app, ["graph", str(WEBAPP), "-f", "png", "--service", "notifications"])
    assert piped.exit_code == 0
    assert piped.stdout_bytes == target.read_bytes()  # deterministic too


def test_graph_files_get_the_users_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "arch.mmd"
        result = runner.invoke(app, ["graph", str(WEBAPP), "--out", str(target)])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert target.stat().st_mode & 0o777 == 0o644
