"""``scaffold validate`` is clean on every blueprint under blueprints/ and every example of
docs/blueprint.md (issue 19); their roots pass terraform validate in tests/terraform/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from scaffold.cli import app
from tests.helpers import BLUEPRINTS
from tests.unit.test_schema import DOC_EXAMPLES, _as_blueprint

runner = CliRunner()


@pytest.mark.parametrize("blueprint", BLUEPRINTS, ids=lambda p: p.stem)
def test_scaffold_validate_is_clean_on_every_shipped_blueprint(blueprint: Path) -> None:
    result = runner.invoke(app, ["validate", str(blueprint)])
    assert result.exit_code == 0, result.stderr
    # warnings (W001 on kitchen-sink, on purpose) do not make a blueprint unclean
    assert "error[" not in result.stderr, result.stderr


@pytest.mark.parametrize("line,fragment", DOC_EXAMPLES,
                         ids=[f"line{line}" for line, _ in DOC_EXAMPLES])
def test_scaffold_validate_accepts_every_doc_example(line: int, fragment: dict[str, Any],
                                                      tmp_path: Path) -> None:
    path = tmp_path / "blueprint.yaml"
    path.write_text(yaml.safe_dump(_as_blueprint(fragment), sort_keys=False), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, f"docs/blueprint.md line {line}:\n{result.stderr}"
    assert "error[" not in result.stderr, result.stderr
