"""WebSocket stage logging and the account's API Gateway CloudWatch role (issue 12, item 1)."""

from __future__ import annotations

from tests.helpers import render_files

BLUEPRINT = """blueprint: 1
name: acme
region: eu-west-1
{api}services:
  live:
    websocket: {{$connect: onConnect}}
"""


def _platform(api: str) -> str:
    files = {f.path: f.content.decode() for f in render_files(BLUEPRINT.format(api=api))}
    return files["infra/platform/main.tf"]


def test_the_production_stage_alone_manages_the_account_wide_role() -> None:
    # aws_api_gateway_account is one setting per account and region: two stages managing it
    # would overwrite each other, and destroying one would break the other's logging.
    platform = _platform("")
    assert 'module "websocket_api"' in platform
    assert "manage_logging_role = local.production" in platform
    assert 'production = var.stage == "dev"' in platform  # no production flag: the first


def test_an_existing_account_role_is_left_alone() -> None:
    platform = _platform("api: {websocket_logging_role: existing}\n")
    assert "manage_logging_role = false" in platform
