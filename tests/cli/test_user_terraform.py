"""User-owned Terraform (``*.custom.tf``) next to generated files: render leaves it alone.

Issue #14: a user file in a root survives re-renders byte for byte, is never reported as
orphaned or conflicting (render, ``--check``, ``--diff``), and no generated file is so named.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scaffold.cli import app
from scaffold.errors import ScaffoldError
from scaffold.output.files import OutputFile, is_user_terraform
from scaffold.output.manifest import MANIFEST_PATH, load_manifest
from scaffold.output.writer import plan_writes
from tests.helpers import BLUEPRINTS, REPO, render_files

runner = CliRunner()

CUSTOM = 'resource "aws_sqs_queue" "jobs" {\n  name = "${local.prefix}-greeter-jobs"\n}\n'


def _render(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["render", str(root / "blueprint.yaml"), *args])


def test_a_custom_tf_survives_three_renders_and_is_never_orphan_or_conflict(
        tmp_path: Path) -> None:
    (tmp_path / "blueprint.yaml").write_bytes((REPO / "blueprints/minimal.yaml").read_bytes())
    assert _render(tmp_path).exit_code == 0
    custom = tmp_path / "infra/services/greeter/sqs.custom.tf"
    platform = tmp_path / "infra/platform/extra.custom.tf.json"
    custom.write_text(CUSTOM)
    platform.write_text("{}\n")
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (custom, platform)}
    for _ in range(3):
        for args in ((), ("--check",), ("--diff",), ("--dry-run",), ("-v",), ("--force",)):
            result = _render(tmp_path, *args)
            assert result.exit_code == 0, (args, result.output)
            for line in result.output.splitlines():
                if "custom.tf" in line:  # only ever listed as the user's, in -v
                    assert line.split()[0] == "user", (args, line)
            assert "orphan" not in result.output and "conflict" not in result.output
            assert "+++ b/infra/services/greeter/sqs" not in result.output
            assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in before} == before
    verbose = _render(tmp_path, "-v").output
    assert "user      infra/services/greeter/sqs.custom.tf" in verbose
    assert "user      infra/platform/extra.custom.tf.json" in verbose
    recorded = json.loads((tmp_path / MANIFEST_PATH).read_text())["files"]
    assert not [p for p in recorded if "custom.tf" in p]


def test_a_custom_tf_in_an_old_manifest_is_neither_deleted_nor_orphaned(tmp_path: Path) -> None:
    (tmp_path / "blueprint.yaml").write_bytes((REPO / "blueprints/minimal.yaml").read_bytes())
    assert _render(tmp_path).exit_code == 0
    custom = tmp_path / "infra/services/greeter/sqs.custom.tf"
    custom.write_text(CUSTOM)
    manifest_path = tmp_path / MANIFEST_PATH
    document = json.loads(manifest_path.read_text())
    # As if scaffold had recorded it with exactly these bytes: it would be deleted if generated.
    document["files"]["infra/services/greeter/sqs.custom.tf"] = {
        "ownership": "generated", "sha256": hashlib.sha256(custom.read_bytes()).hexdigest()}
    manifest_path.write_text(json.dumps(document))
    plan = plan_writes(tmp_path, render_files(tmp_path / "blueprint.yaml"),
                       load_manifest(tmp_path))
    assert "infra/services/greeter/sqs.custom.tf" not in {a.path for a in plan.actions}
    assert "infra/services/greeter/sqs.custom.tf" not in plan.manifest.entries
    assert _render(tmp_path).exit_code == 0
    assert custom.read_text() == CUSTOM


def test_render_refuses_to_produce_a_file_named_custom_tf(tmp_path: Path) -> None:
    files = [OutputFile("infra/services/x/main.custom.tf", b"")]
    with pytest.raises(ScaffoldError, match=r"\*\.custom\.tf"):
        plan_writes(tmp_path, files, load_manifest(tmp_path))


@pytest.mark.parametrize("blueprint", BLUEPRINTS, ids=lambda p: p.stem)
def test_no_example_blueprint_generates_a_custom_tf_name(blueprint: Path) -> None:
    produced = [f.path for f in render_files(blueprint)]
    assert produced and not [p for p in produced if is_user_terraform(p)]
    assert is_user_terraform("infra/platform/a.custom.tf")
    assert not is_user_terraform("infra/platform/custom.tf")
