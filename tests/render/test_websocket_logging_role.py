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


def test_the_platform_manages_the_role_by_default() -> None:
    platform = _platform("")
    assert 'module "websocket_api"' in platform
    assert "manage_logging_role" not in platform  # the module's default: true


def test_an_existing_account_role_is_left_alone() -> None:
    platform = _platform("api: {websocket_logging_role: existing}\n")
    assert "manage_logging_role = false" in platform
