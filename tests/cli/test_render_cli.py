"""Stories of `scaffold render` over months: incremental, predictable, never destroys work."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from scaffold.cli import app
from scaffold.output.lock import output_lock
from tests.helpers import REPO

runner = CliRunner()

BLUEPRINT = """\
blueprint: 1
name: shop
region: eu-west-1
services:
  orders:
    tables: {orders: {key: id}}
    routes:
      GET /orders: {handler: listOrders, auth: public, reads: [orders]}
      POST /orders: {handler: createOrder, auth: public, writes: [orders]}
  billing:
    routes:
      GET /invoices: {handler: listInvoices, auth: public}
"""


def _project(tmp_path: Path, text: str = BLUEPRINT) -> Path:
    (tmp_path / "blueprint.yaml").write_text(text)
    return tmp_path


def _render(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["render", str(root / "blueprint.yaml"), *args])


def _mtimes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*")
            if p.is_file() and ".scaffold/lock" not in str(p)}


def test_a_second_render_with_no_change_writes_nothing(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert _render(root).exit_code == 0
    before = _mtimes(root)
    second = _render(root)
    assert second.exit_code == 0, second.output
    assert "nothing to do" in second.output or " create" not in second.output
    assert _mtimes(root) == before


def test_a_hand_edited_generated_file_stops_render_until_forced(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _render(root)
    edited = root / "infra/services/orders/main.tf"
    edited.write_text(edited.read_text() + "\n# my tweak\n")
    (root / "blueprint.yaml").write_text(BLUEPRINT.replace("listInvoices", "getInvoices"))
    result = _render(root)
    assert result.exit_code == 1
    assert "infra/services/orders/main.tf" in result.output
    assert "--force" in result.output
    assert "Traceback" not in result.output
    # nothing was written: billing still has the old handler
    assert "list-invoices" in (root / "infra/services/billing/main.tf").read_text()
    assert "# my tweak" in edited.read_text()
    forced = _render(root, "--force")
    assert forced.exit_code == 0, forced.output
    assert "# my tweak" not in edited.read_text()
    assert "get-invoices" in (root / "infra/services/billing/main.tf").read_text()


def test_removing_a_service_deletes_its_unmodified_files_and_keeps_edited_ones(
        tmp_path: Path) -> None:
    root = _project(tmp_path)
    _render(root)
    kept = root / "infra/services/billing/outputs.tf"
    kept.write_text(kept.read_text() + "# mine\n")
    without_billing = BLUEPRINT.split("  billing:")[0]
    (root / "blueprint.yaml").write_text(without_billing)
    result = _render(root)
    assert result.exit_code == 0, result.output
    assert not (root / "infra/services/billing/main.tf").exists()
    assert kept.exists() and "# mine" in kept.read_text()
    assert "orphan" in result.output and "infra/services/billing/outputs.tf" in result.output


def test_check_exits_1_when_out_of_date_and_writes_nothing(tmp_path: Path) -> None:
    root = _project(tmp_path)
    first = _render(root, "--check")
    assert first.exit_code == 1
    assert not (root / "infra").exists()
    _render(root)
    assert _render(root, "--check").exit_code == 0
    (root / "blueprint.yaml").write_text(BLUEPRINT.replace("GET /invoices", "GET /bills"))
    before = _mtimes(root)
    stale = _render(root, "--check", "--diff")
    assert stale.exit_code == 1
    assert "out of date" in stale.output
    assert "-      route_key" in stale.output or '+      route_key          = "GET /bills"' \
        in stale.output or "GET /bills" in stale.output
    assert "--- a/infra/services/billing/main.tf" in stale.output
    assert _mtimes(root) == before


def test_diff_shows_what_would_change_and_writes_nothing(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert _render(root).exit_code == 0
    (root / "blueprint.yaml").write_text(BLUEPRINT.replace("GET /invoices", "GET /bills"))
    before = _mtimes(root)
    shown = _render(root, "--diff")
    assert shown.exit_code == 0, shown.output
    assert "--- a/infra/services/billing/main.tf" in shown.output
    assert "GET /bills" in shown.output
    assert _mtimes(root) == before
    assert _render(root, "--check").exit_code == 1  # still out of date: nothing was written


def test_a_second_concurrent_render_gets_a_clear_message(tmp_path: Path) -> None:
    root = _project(tmp_path)
    with output_lock(root):
        result = _render(root)
    assert result.exit_code == 1
    assert "another scaffold render" in result.output
    assert "Traceback" not in result.output


def test_render_of_every_example_blueprint_is_deterministic(tmp_path: Path) -> None:
    for blueprint in sorted((REPO / "blueprints").glob("*.yaml")):
        a, b = tmp_path / f"{blueprint.stem}-a", tmp_path / f"{blueprint.stem}-b"
        for out in (a, b):
            out.mkdir()
            shutil.copy(blueprint, out / "blueprint.yaml")
            assert _render(out).exit_code == 0
        files_a = {p.relative_to(a): p.read_bytes() for p in a.rglob("*") if p.is_file()
                   and ".scaffold/lock" not in str(p)}
        files_b = {p.relative_to(b): p.read_bytes() for p in b.rglob("*") if p.is_file()
                   and ".scaffold/lock" not in str(p)}
        assert files_a == files_b


def test_short_flags_mean_the_same_in_every_command() -> None:
    """``-s`` is ``--stage`` wherever it exists; ``--service`` has no short form."""
    import typer.main

    from scaffold.cli import app

    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    meanings: dict[str, set[str]] = {}
    for sub in commands.values():
        for param in (p for p in sub.params if p.param_type_name == "option"):
            longs = [o for o in param.opts if o.startswith("--")]
            for short in (o for o in param.opts if not o.startswith("--")):
                meanings.setdefault(short, set()).update(longs)
    assert meanings["-s"] == {"--stage"}, meanings
    assert all(len(longs) == 1 for longs in meanings.values()), meanings


def test_an_out_folder_below_a_file_is_a_clear_error(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (tmp_path / "a-file").write_text("x")
    result = _render(root, "--out", str(tmp_path / "a-file" / "out"))
    assert result.exit_code == 1
    assert "Not a directory" in result.output and "choose another --out" in result.output
    assert "internal error" not in result.output and "Traceback" not in result.output


def test_a_full_disk_is_a_clear_error_and_the_next_render_converges(
        tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import errno

    from scaffold.output import writer

    root = _project(tmp_path)
    real = writer.write_atomic
    written: list[Path] = []

    def fill_up(path: Path, content: bytes, *, executable: bool = False) -> None:
        if len(written) >= 5:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        written.append(path)
        real(path, content, executable=executable)

    monkeypatch.setattr(writer, "write_atomic", fill_up)
    result = _render(root)
    assert result.exit_code == 1
    assert "No space left on device" in result.output and "run render again" in result.output
    assert "internal error" not in result.output
    assert not (root / ".scaffold" / "manifest.json").exists()  # written last, never half
    monkeypatch.setattr(writer, "write_atomic", real)
    again = _render(root)
    assert again.exit_code == 0, again.output
    assert "conflict" not in again.output
    assert _render(root, "--check").exit_code == 0


def test_a_killed_render_then_the_previous_blueprint_reports_no_false_edits(
        tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from scaffold.output import writer

    root = _project(tmp_path)
    assert _render(root).exit_code == 0
    before = (root / "blueprint.yaml").read_text()
    (root / "blueprint.yaml").write_text(before.replace("GET /invoices", "GET /bills"))
    real = writer.write_atomic
    calls: list[Path] = []

    def killed(path: Path, content: bytes, *, executable: bool = False) -> None:
        if path.name != "manifest.pending.json":
            calls.append(path)
            if len(calls) > 1:
                raise KeyboardInterrupt  # the process dies here: no manifest, no clean-up
        real(path, content, executable=executable)

    monkeypatch.setattr(writer, "write_atomic", killed)
    assert _render(root).exit_code != 0
    assert (root / ".scaffold" / "manifest.pending.json").exists()
    monkeypatch.setattr(writer, "write_atomic", real)
    (root / "blueprint.yaml").write_text(before)  # back to the previous blueprint
    result = _render(root)
    assert result.exit_code == 0, result.output
    assert "conflict" not in result.output and "edited by hand" not in result.output
    assert not (root / ".scaffold" / "manifest.pending.json").exists()
    assert _render(root, "--check").exit_code == 0
