"""Run moto server on loopback for end-to-end Terraform tests.

Public API
----------
``start_moto(port=None) -> (endpoint_url, stop)``
    The emulator of ``scaffold dev`` (:mod:`scaffold.dev.emulator`, re-exported here):
    sets ``MOTO_ACM_VALIDATION_WAIT=0`` and ``MOTO_PORT`` *before* moto is imported,
    applies :mod:`scaffold.dev.moto_patches`, starts ``moto.server.ThreadedMotoServer``
    on ``127.0.0.1`` (a free port unless one is given) and returns its URL and an
    idempotent ``stop()`` callable (also registered with :mod:`atexit`).

``moto_server_fixture(name="moto_endpoint", scope="session")``
    Factory for a pytest fixture yielding the endpoint URL; the server stops at the
    end of the scope. ``moto_endpoint`` below is one, ready to use::

        # conftest.py (or the test module)
        from tests.support.moto_server import moto_endpoint  # noqa: F401

        def test_x(moto_endpoint, tmp_path):
            write_provider_override(tmp_path / "root", moto_endpoint)
            boto3.client("sqs", endpoint_url=moto_endpoint, region_name="eu-west-1",
                         aws_access_key_id="testing", aws_secret_access_key="testing")

``provider_override_hcl(endpoint_url, region=None, aliases=("us_east_1",)) -> str``
    HCL for a Terraform *override file* (name it ``*_override.tf``) that points the
    default ``aws`` provider and each alias (``aws.us_east_1`` -> us-east-1) at the
    emulator. Override files merge into existing provider blocks, so the root must
    declare every provider configuration the override names.

``write_provider_override(root, endpoint_url, ...) -> Path``
    Writes that override as ``<root>/emulator_override.tf``.

``reset_moto(endpoint_url)``
    Drops all emulated state (``POST /moto-api/reset``).

Environment: ``SCAFFOLD_MOTO_ACCESS_LOG=1`` keeps werkzeug's per-request log lines.

Notes: moto keeps its state in this process. ``mock_aws`` in another test of the same
process resets the same backends, so do not interleave ``mock_aws`` tests with a test
that relies on state kept in the server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scaffold.dev.emulator import (
    FAKE_ACCESS_KEY,
    FAKE_SECRET_KEY,
    LOOPBACK,
    free_port,
    start_moto,
)
from scaffold.dev.emulator import reset_emulator as reset_moto

__all__ = ["ENDPOINT_SERVICES", "FAKE_ACCESS_KEY", "FAKE_SECRET_KEY", "LOOPBACK", "free_port",
           "moto_endpoint", "moto_server_fixture", "provider_override_hcl", "reset_moto",
           "start_moto", "write_provider_override"]

# Every service the rendered Terraform (and the proof config) talks to.
# Keys are the provider's ``endpoints`` block argument names (AWS provider 5.x/6.x).
ENDPOINT_SERVICES: tuple[str, ...] = (
    "acm",
    "apigateway",
    "apigatewayv2",
    "cloudfront",
    "cloudwatch",
    "cognitoidp",
    "dynamodb",
    "events",
    "iam",
    "kms",
    "lambda",
    "logs",
    "route53",
    "s3",
    "secretsmanager",
    "sfn",
    "sns",
    "sqs",
    "ssm",
    "sts",
    "xray",
)


def moto_server_fixture(name: str = "moto_endpoint", scope: Any = "session") -> Any:
    """Build a pytest fixture that yields the URL of a patched moto server."""

    @pytest.fixture(scope=scope, name=name)
    def _fixture() -> Iterator[str]:
        endpoint_url, stop = start_moto()
        try:
            yield endpoint_url
        finally:
            stop()

    return _fixture


#: Session-scoped fixture: ``def test_x(moto_endpoint): ...`` (import it into the test
#: module or a conftest.py).
moto_endpoint = moto_server_fixture()


def _hcl_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("${", "$${") + '"'


def _provider_block(endpoint_url: str, alias: str | None, region: str | None) -> str:
    url = _hcl_string(endpoint_url)
    width = max(len(s) for s in ENDPOINT_SERVICES)
    endpoints = "\n".join(f"    {s.ljust(width)} = {url}" for s in ENDPOINT_SERVICES)
    head = []
    if alias:
        head.append(f"  alias  = {_hcl_string(alias)}")
    if region:
        head.append(f"  region = {_hcl_string(region)}")
    if head:
        head.append("")  # own alignment group, so the file is `terraform fmt` clean
    lines = [
        'provider "aws" {',
        *head,
        f"  access_key                  = {_hcl_string(FAKE_ACCESS_KEY)}",
        f"  secret_key                  = {_hcl_string(FAKE_SECRET_KEY)}",
        "  skip_credentials_validation = true",
        "  skip_requesting_account_id  = true",
        "  skip_metadata_api_check     = true",
        "  skip_region_validation      = true",
        "  s3_use_path_style           = true",
        "  # Unimplemented emulator calls fail after 3 tries instead of hanging for minutes.",
        "  max_retries = 3",
        "",
        "  endpoints {",
        endpoints,
        "  }",
        "}",
    ]
    return "\n".join(lines) + "\n"


_ALIAS_REGIONS = {"us_east_1": "us-east-1"}


def provider_override_hcl(endpoint_url: str, region: str | None = None,
                          aliases: tuple[str, ...] = ("us_east_1",)) -> str:
    """Provider configuration pointing the default provider and aliases at the emulator.

    Meant for an override file (``*_override.tf``): it merges into the root's own
    ``provider "aws"`` blocks, replacing credentials and endpoints. ``region=None``
    keeps the root's region; an alias named like ``us_east_1`` gets that region.
    """
    blocks = [
        "# Generated by tests/support/moto_server.py: points Terraform at moto server.\n",
        _provider_block(endpoint_url, None, region),
    ]
    for alias in aliases:
        blocks.append(_provider_block(endpoint_url, alias, _ALIAS_REGIONS.get(alias)))
    return "\n".join(blocks)


def write_provider_override(root: Path, endpoint_url: str, region: str | None = None,
                            aliases: tuple[str, ...] = ("us_east_1",)) -> Path:
    """Write ``emulator_override.tf`` into a Terraform root; return its path."""
    path = Path(root) / "emulator_override.tf"
    path.write_text(provider_override_hcl(endpoint_url, region=region, aliases=aliases))
    return path
