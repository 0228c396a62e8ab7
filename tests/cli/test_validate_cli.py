"""The command line around ``validate``: version, help, summary, exit codes, default path."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
import yaml
from typer.testing import CliRunner

from scaffold import __version__
from scaffold.cli import app

REPO = Path(__file__).resolve().parent.parent.parent
WEBAPP = REPO / "blueprints" / "webapp.yaml"
MINIMAL = REPO / "blueprints" / "minimal.yaml"
SUMMARY = re.compile(r"^(?P<file>.+): valid — (?P<services>\d+) services?, (?P<routes>\d+) "
                     r"routes?, (?P<events>\d+) events?, (?P<functions>\d+) functions?$")
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"scaffold {__version__}"


def test_version_through_the_console_script() -> None:
    proc = subprocess.run([sys.executable, "-m", "scaffold", "--version"], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"scaffold {__version__}"


def test_app_help_has_an_example() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    for command in ("validate", "schema", "render"):
        assert command in result.stdout
    # the epilog shows a command line to start with
    assert re.search(r"(Example|Start with): scaffold \w+", result.stdout), result.stdout


def test_the_expected_commands_are_registered() -> None:
    assert {"validate", "schema"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_has_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.stdout
    assert "Example" in result.stdout, result.stdout
    assert f"scaffold {command}" in result.stdout


def test_short_help_option() -> None:
    result = runner.invoke(app, ["validate", "-h"])
    assert result.exit_code == 0
    assert "Example" in result.stdout


def _counts(path: Path) -> dict[str, int]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    services = data["services"]
    return {
        "services": len(services),
        "routes": sum(len(s.get("routes", {})) + len(s.get("uploads", {}))
                      for s in services.values()),
        "events": sum(len(s.get("events", {})) for s in services.values()),
    }


@pytest.mark.parametrize("path", [WEBAPP, MINIMAL], ids=["webapp", "minimal"])
def test_validate_prints_a_one_line_summary(path: Path) -> None:
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    # Only warnings (and their hints and count) may reach stderr of a valid blueprint.
    assert all(": warning[W" in line or line.startswith(("    hint: ", "found "))
               for line in result.stderr.splitlines()), result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    match = SUMMARY.match(lines[0])
    assert match, lines[0]
    assert match["file"] == str(path)
    counts = _counts(path)
    for key, value in counts.items():
        assert int(match[key]) == value, (key, lines[0])
    assert int(match["functions"]) >= counts["routes"]


def test_minimal_summary_exactly() -> None:
    result = runner.invoke(app, ["validate", str(MINIMAL)])
    assert result.stdout.endswith("valid — 1 service, 1 route, 0 events, 1 function\n")


def test_invalid_blueprint_exits_1_with_messages_on_stderr(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("blueprint: 1\nname: acme\nregion: eu-west-1\n"
                                       "services:\n  users:\n    rutes: {}\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(tmp_path / "bad.yaml")])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{tmp_path / 'bad.yaml'}:6:5: error[S002]: unknown key 'rutes'" in result.stderr
    assert "did you mean 'routes'?" in result.stderr


@pytest.mark.parametrize("args", [
    ["validate", "one.yaml", "two.yaml"],
    ["validate", "--no-such-option"],
    ["no-such-command"],
])
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "Usage:" in result.output


def test_usage_error_through_a_real_process() -> None:
    proc = subprocess.run([sys.executable, "-m", "scaffold", "validate", "--no-such-option"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "No such option" in proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


def test_no_arguments_shows_help() -> None:
    result = runner.invoke(app, [])
    assert "Usage:" in result.output
    assert result.exit_code in (0, 2)  # click >= 8.2 exits 2 for no_args_is_help


def test_default_blueprint_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(MINIMAL, tmp_path / "blueprint.yaml")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("blueprint.yaml: valid — 1 service")


def test_default_blueprint_path_in_a_real_process(tmp_path: Path) -> None:
    shutil.copy(WEBAPP, tmp_path / "blueprint.yaml")
    proc = subprocess.run([sys.executable, "-m", "scaffold", "validate"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("blueprint.yaml: valid — 3 services")


def test_default_blueprint_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert result.stderr.startswith("blueprint.yaml:1:1: error[L001]: blueprint file not found")
    assert "scaffold init" in result.stderr
