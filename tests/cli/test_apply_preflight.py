"""`scaffold apply` refuses stale rendered output and zips that do not match their sources."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from scaffold.cli import app
from tests.cli.test_build_cli import _project

runner = CliRunner()
NO_TERRAFORM = "/nonexistent/terraform"


def _apply(blueprint: Path, *extra: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["apply", str(blueprint), "--auto-approve", "--stage", "dev",
                               "--terraform", NO_TERRAFORM, *extra])


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A rendered and built Python project (no third-party dependency, offline)."""
    blueprint = _project(tmp_path)
    result = runner.invoke(app, ["build", str(blueprint)])
    assert result.exit_code == 0, result.output
    return blueprint


def _refusal(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output + result.stderr
    assert NO_TERRAFORM not in result.stderr, "apply reached terraform"
    return str(result.stderr)


def test_apply_with_current_output_and_zips_goes_on_to_terraform(built: Path) -> None:
    result = _apply(built)
    assert result.exit_code == 1
    assert "out of date" not in result.stderr and "do not match" not in result.stderr
    assert NO_TERRAFORM in result.stderr, result.stderr


def test_apply_refuses_output_rendered_from_an_older_blueprint(built: Path) -> None:
    built.write_text(built.read_text() + "      DELETE /orders/{id}: "
                     "{handler: deleteOrder, auth: public, writes: [orders]}\n")
    stderr = _refusal(_apply(built))
    assert "the rendered output is out of date with blueprint.yaml" in stderr
    assert f"hint: run `scaffold render {built}` first, or pass --force" in stderr


def test_apply_refuses_a_hand_edited_generated_file(built: Path) -> None:
    main_tf = built.parent / "infra" / "services" / "orders" / "main.tf"
    main_tf.write_text(main_tf.read_text() + "# edited\n")
    stderr = _refusal(_apply(built))
    assert "conflict infra/services/orders/main.tf" in stderr


def _edit_handler(blueprint: Path) -> None:
    handler = blueprint.parent / "services/orders/src/orders/handlers/list_orders.py"
    handler.write_text(handler.read_text() + "\n# changed after the build\n")


def test_apply_refuses_a_zip_older_than_its_handler_code(built: Path) -> None:
    _edit_handler(built)
    stderr = _refusal(_apply(built))
    assert "2 function zip(s) do not match their sources: dist/orders/list-orders.zip" in stderr
    assert f"hint: run `scaffold build {built} --stage dev` first, or pass --force" in stderr


def test_apply_refuses_a_missing_zip_and_names_the_service_to_build(built: Path) -> None:
    (built.parent / "dist/orders/create-order.zip").unlink()
    stderr = _refusal(_apply(built, "--service", "orders"))
    assert "dist/orders/create-order.zip (missing)" in stderr
    assert "list-orders.zip" not in stderr
    assert f"`scaffold build {built} --service orders --stage dev`" in stderr


def test_apply_refuses_a_zip_that_scaffold_build_did_not_make(built: Path) -> None:
    (built.parent / "dist/orders/list-orders.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    stderr = _refusal(_apply(built))
    assert "1 function zip(s) do not match their sources: dist/orders/list-orders.zip " \
        "(older than its sources" in stderr


def test_a_node_service_zip_without_a_build_record_is_refused(tmp_path: Path) -> None:
    blueprint = tmp_path / "blueprint.yaml"
    blueprint.write_text((Path(__file__).parents[2] / "blueprints/minimal.yaml").read_text())
    assert runner.invoke(app, ["render", str(blueprint)]).exit_code == 0
    (tmp_path / "dist/greeter").mkdir(parents=True)
    (tmp_path / "dist/greeter/say-hello.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    stderr = _refusal(runner.invoke(app, ["apply", str(blueprint), "--auto-approve",
                                          "--terraform", NO_TERRAFORM]))
    assert "dist/greeter/say-hello.zip (older than its sources" in stderr


def test_force_applies_stale_output_and_zips_anyway(built: Path) -> None:
    built.write_text(built.read_text().replace("auth: public", "auth: user", 1)
                     + "auth: {}\n")
    _edit_handler(built)
    assert "out of date" in _refusal(_apply(built))
    result = _apply(built, "--force")
    assert result.exit_code == 1
    assert NO_TERRAFORM in result.stderr, result.stderr


@pytest.mark.parametrize("command", ["plan", "destroy"])
def test_plan_and_destroy_do_not_check_freshness(built: Path, command: str) -> None:
    _edit_handler(built)
    result = runner.invoke(app, [command, str(built), "--auto-approve", "--terraform",
                                 NO_TERRAFORM])
    assert "do not match" not in result.stderr
    assert NO_TERRAFORM in result.stderr, result.stderr
