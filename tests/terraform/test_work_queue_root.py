"""A service root with FIFO, content-deduplicated and standard queues, and a visibility
timeout that differs by stage, passes fmt, offline init and validate against the provider."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import render_to
from tests.render.test_work_queues import BLUEPRINT
from tests.support.terraform import init_and_validate, run_terraform, terraform_env

pytestmark = pytest.mark.terraform


def test_the_queue_service_root_is_formatted_and_validates(tmp_path: Path) -> None:
    out = tmp_path / "out"
    render_to(BLUEPRINT, out)
    root = out / "infra" / "services" / "media"
    env = terraform_env(tmp_path)
    fmt = run_terraform(["fmt", "-check", "-diff"], root, env)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr
    init_and_validate(root, env)
