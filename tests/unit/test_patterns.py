"""docs/patterns.md: every flow's blueprint validates and renders, and says what it uses."""

from __future__ import annotations

import pytest

from scaffold.blueprint.load import load_text
from scaffold.blueprint.validate import validate
from tests.helpers import REPO, render_files

DOC = REPO / "docs" / "patterns.md"


def _snippets() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    return [part.split("```", 1)[0] for part in text.split("```yaml\n")[1:]]


def test_the_four_flows_of_the_seed_are_there() -> None:
    assert len(_snippets()) == 4


@pytest.mark.parametrize("index", range(4))
def test_each_pattern_is_a_valid_blueprint_that_renders(index: int) -> None:
    text = _snippets()[index]
    validate(load_text(text, f"docs/patterns.md#{index + 1}"))
    paths = {f.path for f in render_files(text)}
    assert any(p.startswith("infra/services/") for p in paths)


def test_the_callback_pattern_renders_the_token_store_and_signed_entry() -> None:
    paths = {f.path: f.content.decode() for f in render_files(_snippets()[1])}
    main = paths["infra/services/campaigns/main.tf"]
    assert 'module "table_task_tokens"' in main and "HeartbeatSeconds" in main
    entry = paths["services/campaigns/src/generated/entries/reportStatus.ts"]
    assert "validSignature" in entry
