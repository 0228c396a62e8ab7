"""The platform root outputs what a user needs after apply, and dns.delegated (issue 12, item 2)."""

from __future__ import annotations

import re
from typing import Any

import hcl2

from scaffold.render.resources import templates_root
from tests.helpers import REPO, render_files

WEBAPP = (REPO / "blueprints" / "webapp.yaml").read_text()
USER_OUTPUTS = {"site_url", "api_url", "websocket_url", "user_pool_id", "user_pool_client_id",
                "name_servers"}


def _files(text: str) -> dict[str, str]:
    return {f.path: f.content.decode() for f in render_files(text)}


def _outputs(text: str) -> dict[str, dict[str, Any]]:
    parsed = hcl2.loads(_files(text)["infra/platform/outputs.tf"])
    # python-hcl2 7 keeps the quotes of block labels and string values.
    return {name.strip('"'): {k: v.strip('"') if isinstance(v, str) else v
                              for k, v in body.items()}
            for block in parsed["output"] for name, body in block.items()}


def _not_delegated(text: str) -> str:
    return text.replace("  create_zone: true\n", "  create_zone: true\n  delegated: false\n")


def test_the_webapp_platform_outputs_every_value_a_user_needs_and_none_is_sensitive() -> None:
    outputs = _outputs(WEBAPP)
    assert set(outputs) >= USER_OUTPUTS
    assert not [n for n, body in outputs.items() if body.get("sensitive")]
    assert outputs["api_url"]["value"] == "https://${local.domains.api}"  # the stage's own
    assert outputs["name_servers"]["value"] == "${one(aws_route53_zone.this[*].name_servers)}"


def test_name_servers_are_output_only_when_the_zone_is_created_by_scaffold() -> None:
    existing = WEBAPP.replace("  create_zone: true\n", "")
    assert "create_zone" not in existing
    assert "name_servers" not in _outputs(existing)


def test_the_api_url_is_the_invoke_url_without_a_custom_domain() -> None:
    minimal = (REPO / "blueprints" / "minimal.yaml").read_text()
    assert _outputs(minimal)["api_url"]["value"] == "${module.http_api.api_endpoint}"


def _modules_used(files: dict[str, str]) -> set[str]:
    return {m for path, text in files.items() if not path.startswith("infra/modules/")
            for m in re.findall(r'source\s*=\s*"\.\./(?:\.\./)?modules/([a-z_]+)"', text)}


def _validates_certificates(module: str) -> bool:
    folder = templates_root() / "terraform" / "modules" / module
    return any('resource "aws_acm_certificate_validation"' in f.read_text()
               for f in folder.iterdir() if f.name.endswith(".tf"))


def test_an_undelegated_zone_renders_no_certificate_validation_and_no_custom_domain() -> None:
    delegated, pending = _files(WEBAPP), _files(_not_delegated(WEBAPP))
    assert any(_validates_certificates(m) for m in _modules_used(delegated))
    assert not [m for m in _modules_used(pending) if _validates_certificates(m)]
    roots = "\n".join(t for p, t in pending.items() if p.startswith("infra/")
                      and not p.startswith("infra/modules/"))
    assert "aws_acm_certificate" not in roots
    # Only the blueprint's own CORS origin may still name a custom domain.
    named = roots.replace('"https://app.acme.example"', "")
    assert "app.acme.example" not in named and "api.acme.example" not in named
    assert 'resource "aws_route53_zone" "this"' in pending["infra/platform/main.tf"]
    outputs = _outputs(_not_delegated(WEBAPP))
    assert outputs["api_url"]["value"] == "${module.http_api.api_endpoint}"
    assert outputs["name_servers"]["value"] == "${one(aws_route53_zone.this[*].name_servers)}"
