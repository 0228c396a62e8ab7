"""`scaffold build` from the command line: progress, zips, and one clear message on errors."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from scaffold.cli import app

runner = CliRunner()

BLUEPRINT = """\
blueprint: 1
name: shop
region: eu-west-1
defaults: {runtime: python3.13}
services:
  orders:
    tables: {orders: {key: id}}
    routes:
      GET /orders: {handler: listOrders, auth: public, reads: [orders]}
      POST /orders: {handler: createOrder, auth: public, writes: [orders]}
"""


def _project(tmp_path: Path) -> Path:
    """A rendered project whose service needs no third-party dependency (no pip, offline)."""
    blueprint = tmp_path / "blueprint.yaml"
    blueprint.write_text(BLUEPRINT)
    result = runner.invoke(app, ["render", str(blueprint)])
    assert result.exit_code == 0, result.output
    pyproject = tmp_path / "services/orders/pyproject.toml"
    text = pyproject.read_text()
    start = text.index("dependencies = [")
    pyproject.write_text(text[:start] + "dependencies = []" + text[text.index("\n]", start) + 2:])
    return blueprint


def test_build_packages_every_function_and_reports_progress(tmp_path: Path) -> None:
    blueprint = _project(tmp_path)
    result = runner.invoke(app, ["build", str(blueprint)])
    assert result.exit_code == 0, result.output
    assert "orders: zipping 2 function(s) for arm64" in result.output
    assert "built      dist/orders/list-orders.zip" in result.output
    assert (tmp_path / "dist/orders/create-order.zip").is_file()


def test_build_of_an_unknown_service_exits_1_with_a_hint(tmp_path: Path) -> None:
    blueprint = _project(tmp_path)
    result = runner.invoke(app, ["build", str(blueprint), "--service", "order"])
    assert result.exit_code == 1
    assert "unknown service 'order'" in result.stderr
    assert "did you mean 'orders'?" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert not (tmp_path / "dist").exists()


def test_build_before_render_says_to_render(tmp_path: Path) -> None:
    blueprint = tmp_path / "blueprint.yaml"
    blueprint.write_text(BLUEPRINT)
    result = runner.invoke(app, ["build", str(blueprint)])
    assert result.exit_code == 1
    assert "scaffold render" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_build_writes_into_the_out_folder(tmp_path: Path) -> None:
    blueprint = tmp_path / "blueprint.yaml"
    blueprint.write_text(BLUEPRINT)
    out = tmp_path / "elsewhere"
    assert runner.invoke(app, ["render", str(blueprint), "--out", str(out)]).exit_code == 0
    pyproject = out / "services/orders/pyproject.toml"
    text = pyproject.read_text()
    start = text.index("dependencies = [")
    pyproject.write_text(text[:start] + "dependencies = []" + text[text.index("\n]", start) + 2:])
    result = runner.invoke(app, ["build", str(blueprint), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "dist/orders/list-orders.zip").is_file()


def test_build_help_teaches_with_an_example() -> None:
    result = runner.invoke(app, ["build", "--help"])
    assert result.exit_code == 0
    assert "dist/<service>/<function>.zip" in result.output
    assert "scaffold build --service users" in result.output


def test_a_second_build_says_up_to_date_and_force_rebuilds(tmp_path: Path) -> None:
    blueprint = _project(tmp_path)
    assert runner.invoke(app, ["build", str(blueprint)]).exit_code == 0
    again = runner.invoke(app, ["build", str(blueprint)])
    assert again.exit_code == 0, again.output
    assert "up to date dist/orders/list-orders.zip" in again.output
    assert "zipping" not in again.output
    assert "2 zip(s) in dist/ (0 built, 2 up to date)" in again.output
    forced = runner.invoke(app, ["build", str(blueprint), "--force"])
    assert "built      dist/orders/list-orders.zip" in forced.output
    assert "(2 built, 0 up to date)" in forced.output
