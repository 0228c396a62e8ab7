# This file belongs to you: scaffold created it once and will never overwrite it.
"""Shared fixtures of the tests of service reports: fake AWS, moto, a Lambda context."""

from __future__ import annotations

import os
from collections.abc import Iterator

# Unit tests never reach a real AWS account: fake credentials, set before any client exists.
os.environ.pop("AWS_PROFILE", None)
os.environ.update({
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "eu-west-1",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_SERVICE_NAME": "reports",
    "POWERTOOLS_METRICS_NAMESPACE": "tenantly",
})

import pytest  # noqa: E402
import scaffold_fixtures as fx  # noqa: E402
from moto import mock_aws  # noqa: E402


@pytest.fixture
def lambda_context() -> fx.LambdaContext:
    """A Lambda context object, as the runtime passes it."""
    return fx.LambdaContext()


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """Moto with this service's tables, bus, buckets... and the environment Terraform sets."""
    with mock_aws():
        fx.reset_caches()
        env = fx.create_resources()
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        yield env
        fx.reset_caches()
