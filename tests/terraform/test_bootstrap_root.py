"""The rendered bootstrap root passes fmt, offline init, validate and (where installed) checkov."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import REPO, render_to
from tests.support.checkov import run_checkov
from tests.support.terraform import init_and_validate, terraform_env

pytestmark = pytest.mark.terraform

BLUEPRINT = (REPO / "blueprints" / "minimal.yaml").read_text() + (
    "state: {bucket: hello-tfstate, key_prefix: hello}\n")


def test_the_bootstrap_root_passes_fmt_init_and_validate(tmp_path: Path) -> None:
    render_to(BLUEPRINT, tmp_path / "out")
    init_and_validate(tmp_path / "out" / "infra" / "bootstrap", terraform_env(tmp_path))


def test_checkov_reports_no_failed_check_on_the_bootstrap_root(tmp_path: Path) -> None:
    render_to(BLUEPRINT, tmp_path)
    failed = run_checkov(tmp_path / "infra" / "bootstrap")
    summary = sorted({f"{f['check_id']} {f['resource']}" for f in failed})
    assert not summary, "checkov failed checks:\n" + "\n".join(summary)
