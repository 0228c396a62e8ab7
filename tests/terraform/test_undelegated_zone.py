"""`dns.delegated: false`: the platform root still passes fmt, init and validate, without ACM."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import REPO, render_to
from tests.support.terraform import init_and_validate, run_terraform, terraform_env

pytestmark = pytest.mark.terraform


def test_the_undelegated_webapp_platform_validates_and_declares_no_certificate(
        tmp_path: Path) -> None:
    text = (REPO / "blueprints" / "webapp.yaml").read_text()
    assert "  create_zone: true\n" in text
    text = text.replace("  create_zone: true\n", "  create_zone: true\n  delegated: false\n")
    out = tmp_path / "out"
    render_to(text, out)
    root = out / "infra" / "platform"
    env = terraform_env(tmp_path)
    init_and_validate(root, env)
    # The modules terraform installed for this root: none holds a certificate.
    modules = (root / ".terraform" / "modules" / "modules.json").read_text()
    assert '"Key":"site"' in modules.replace(" ", "")
    assert "certificate" not in modules and "api_domain" not in modules
    assert run_terraform(["init", "-input=false"], root, env).returncode == 0  # local state
    graph = run_terraform(["graph"], root, env)
    assert graph.returncode == 0, graph.stderr
    assert "aws_acm_certificate" not in graph.stdout
    assert "aws_route53_zone.this" in graph.stdout
