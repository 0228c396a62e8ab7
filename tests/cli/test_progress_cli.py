"""`scaffold plan | apply --json` print JSON lines only; plain output has no colour off a TTY.

A fake terraform replays streams recorded from terraform 1.11.4 (tests/unit/tf_json/):
every root plans two additions; the root named in $FAKE_TF_FAIL fails its apply.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scaffold.cli import app
from scaffold.cli.progress import ConsoleSink, Event, event_json, event_text
from tests.cli.test_build_cli import _project

runner = CliRunner()
STREAMS = Path(__file__).parents[1] / "unit" / "tf_json"
FAKE = f"""\
import os, pathlib, sys
streams = pathlib.Path({str(STREAMS)!r})
root = pathlib.Path(sys.argv[1].split("=", 1)[1]).name
command = sys.argv[2]
fail = command == "apply" and root == os.environ.get("FAKE_TF_FAIL")
replay = {{"init": "init.jsonl", "plan": "plan-changes.jsonl", "destroy": "destroy.jsonl",
          "apply": "apply-failed.jsonl" if fail else "apply.jsonl"}}
if command == "output":
    print("{{}}")
elif command == "show":
    print("  # terraform_data.a will be created")
elif command in replay:
    print((streams / replay[command]).read_text(), end="")
else:
    print(f"Switched to workspace {{sys.argv[-1]!r}}.")
sys.exit(1 if fail else 0)
"""
ANSI = "\x1b["


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A rendered project (platform + orders) with stand-in zips and the fake terraform."""
    blueprint = _project(tmp_path)
    for name in ("list-orders", "create-order"):
        (tmp_path / "dist" / "orders").mkdir(parents=True, exist_ok=True)
        (tmp_path / "dist" / "orders" / f"{name}.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    script = tmp_path / "bin" / "terraform"
    script.parent.mkdir()
    script.write_text(f"#!{sys.executable} -S\n{FAKE}")
    script.chmod(0o755)
    monkeypatch.setenv("SCAFFOLD_TERRAFORM", str(script))
    return blueprint


def _events(stdout: str) -> list[dict[str, object]]:
    assert ANSI not in stdout
    return [json.loads(line) for line in stdout.splitlines()]  # every line is one object


def test_plan_json_prints_one_event_per_line_with_each_roots_counts(project: Path) -> None:
    result = runner.invoke(app, ["plan", str(project), "--stage", "dev", "--json"])
    assert result.exit_code == 0, result.output
    events = _events(result.stdout)
    planned = [(e["root"], e["counts"]) for e in events if e["event"] == "planned"]
    counts = {"add": 2, "change": 0, "destroy": 0, "import": 0}
    assert planned == [("platform", counts), ("orders", counts)]
    assert [e["root"] for e in events if e["event"] == "summary"] == ["platform", "orders"]
    assert {"event": "step", "command": "plan", "root": "orders", "phase": "init"} in events
    assert {"event": "log", "command": "plan", "root": "orders",
            "message": "terraform_data.a: Plan to create"} in events
    assert not [e for e in events if "will be created" in str(e.get("message"))], \
        "terraform show (for people) is not run in --json mode"


def test_a_failed_apply_in_json_names_the_root_its_diagnostic_and_how_to_resume(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_TF_FAIL", "orders")
    result = runner.invoke(app, ["apply", str(project), "-s", "dev", "--auto-approve",
                                 "--force", "--json"])
    assert result.exit_code == 1
    events = _events(result.stdout)
    kinds = [(e["event"], e.get("root"), e.get("phase")) for e in events]
    assert kinds.index(("planned", "orders", "plan")) < kinds.index(("step", "orders", "apply"))
    (failed,) = [e for e in events if e["event"] == "failed"]
    assert failed["root"] == "orders" and failed["phase"] == "apply"
    error = failed["error"]
    assert isinstance(error, dict) and error["exit_code"] == 1
    assert error["diagnostics"][0]["summary"] == "local-exec provisioner error"
    last = events[-1]
    assert last["event"] == "error" and isinstance(last["error"], dict)
    assert last["error"]["resume"] == "scaffold apply --stage dev --service orders"
    assert "Traceback" not in result.stderr


def test_plain_output_off_a_tty_has_no_colour_and_shows_counts_before_the_apply(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_TF_FAIL", "orders")
    monkeypatch.setenv("FORCE_COLOR", "1")  # colour follows the terminal, not this
    result = runner.invoke(app, ["apply", str(project), "-s", "dev", "--auto-approve",
                                 "--force"])
    assert result.exit_code == 1
    assert ANSI not in result.stdout and ANSI not in result.stderr
    err = result.stderr
    assert err.index("==> orders (2/2): apply") < err.index(
        "==> orders: plan: 2 to add, 0 to change, 0 to destroy") < err.index(
        "==> orders: terraform apply\n")
    assert "[orders]   # terraform_data.a will be created" in result.stdout
    block = err[err.index("==> orders: terraform apply failed (exit 1)"):]
    assert "[orders] Error: local-exec provisioner error" in block
    assert '[orders]   on main.tf line 5, in resource "terraform_data" "bad":' in block
    assert "hint: fix the error shown above, then resume from this root with: " \
        "scaffold apply --stage dev --service orders" in block


# --- event formatting ------------------------------------------------------------------

def test_event_json_is_one_line_with_sorted_keys_and_only_the_set_fields() -> None:
    event = Event("planned", "apply", "users", "plan", counts={"add": 1, "destroy": 0})
    assert event_json(event) == ('{"command": "apply", "counts": {"add": 1, "destroy": 0}, '
                                 '"event": "planned", "phase": "plan", "root": "users"}')


@pytest.mark.parametrize(("event", "text", "style"), [
    (Event("start", "apply", "users", index=2, total=3), "==> users (2/3): apply", "bold"),
    (Event("start", "build", "users", index=1, total=1), "==> users (1/1): building", "bold"),
    (Event("step", "plan", "platform", "init"), "==> platform: terraform init", "cyan"),
    (Event("planned", "apply", "users", counts={"add": 0, "change": 0, "destroy": 0}),
     "==> users: plan: no changes", "bold green"),
    (Event("planned", "apply", "users", counts={"add": 1, "change": 2, "destroy": 3}),
     "==> users: plan: 1 to add, 2 to change, 3 to destroy", "bold red"),
    (Event("failed", "apply", "users", "apply", error={"exit_code": 1}),
     "==> users: terraform apply failed (exit 1)", "bold red"),
    (Event("log", "plan", message="[users] Plan to create"), "[users] Plan to create", None),
])
def test_event_text_for_people(event: Event, text: str, style: str | None) -> None:
    assert event_text(event) == (text, style)


class _Tty:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_colour_and_markup_like_text_stays_literal(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    tty = _Tty()
    ConsoleSink(out=tty, err=tty).emit(Event("failed", "apply", "[bold]x", "apply",
                                             error={"exit_code": 2}))
    assert ANSI in tty.text and "[bold]x" in tty.text


def test_build_json_reports_each_service_each_zip_and_the_totals(tmp_path: Path) -> None:
    blueprint = _project(tmp_path)
    result = runner.invoke(app, ["build", str(blueprint), "--json"])
    assert result.exit_code == 0, result.output
    events = _events(result.stdout)
    assert {k: events[0][k] for k in ("event", "root", "index", "total")} == {
        "event": "start", "root": "orders", "index": 1, "total": 1}
    assert str(events[0]["phase"]).startswith("python")
    files = {e["message"]: e["phase"] for e in events if e["event"] == "file"}
    assert files == {"dist/orders/list-orders.zip": "built",
                     "dist/orders/create-order.zip": "built"}
    assert events[-1]["counts"] == {"zips": 2, "built": 2, "up_to_date": 0}


def test_render_json_lists_files_only_with_verbose_and_always_sums_up(tmp_path: Path) -> None:
    blueprint = _project(tmp_path)
    quiet = runner.invoke(app, ["render", str(blueprint), "--json"])
    assert quiet.exit_code == 0, quiet.output
    (summary,) = _events(quiet.stdout)
    assert summary["event"] == "summary" and summary["command"] == "render"
    counts = summary["counts"]
    assert isinstance(counts, dict) and counts["identical"] > 0 and counts["conflict"] == 0
    (tmp_path / "infra/platform/main.tf").write_text("# edited by hand\n")
    planned = _events(runner.invoke(app, ["render", str(blueprint), "--json",
                                          "--dry-run"]).stdout)
    assert {"event": "file", "command": "render", "phase": "conflict",
            "message": "infra/platform/main.tf"} in planned
    assert planned[-1]["items"] == ["infra/platform/main.tf"]
    stopped = runner.invoke(app, ["render", str(blueprint), "--json"])
    assert stopped.exit_code == 1
    (error,) = _events(stopped.stdout)
    assert error["event"] == "error" and "infra/platform/main.tf" in str(error["error"])


def test_off_a_terminal_lines_are_written_exactly_as_they_are() -> None:
    import io

    out, err = io.StringIO(), io.StringIO()
    long = "[users] " + "x" * 300 + "\tend [bold]"
    ConsoleSink(out=out, err=err).emit(Event("log", "apply", message=long))
    assert out.getvalue() == long + "\n" and err.getvalue() == ""
