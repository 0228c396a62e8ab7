"""boto3 clients for the commands that talk to a deployed stage (``[aws]`` extra).

boto3 is imported only here, when a command needs it; against an emulator endpoint with no
credentials configured, fake ones are used (moto and LocalStack accept any).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scaffold.errors import ScaffoldError

__all__ = ["aws_client"]


def aws_client(service: str, region: str, endpoint_url: str | None,
               environ: Mapping[str, str], command: str) -> Any:
    """A boto3 client of ``service`` in ``region`` (or at ``endpoint_url``).

    Raises:
        ScaffoldError: When boto3 is not installed; the hint says how to get it.
    """
    try:
        import boto3  # type: ignore[import-untyped]
    except ImportError:
        raise ScaffoldError(f"scaffold {command} needs boto3, which is not installed",
                            hint="pip install 'scaffold-serverless[aws]'") from None
    options: dict[str, Any] = {"region_name": region}
    if endpoint_url:
        options["endpoint_url"] = endpoint_url
        if not environ.get("AWS_ACCESS_KEY_ID") and not environ.get("AWS_PROFILE"):
            options.update(aws_access_key_id="test", aws_secret_access_key="test")
    return boto3.client(service, **options)
