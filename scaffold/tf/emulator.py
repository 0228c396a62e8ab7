"""Deploy against a local AWS emulator (moto server, LocalStack), the way ``tflocal`` does.

A provider override file is written into each root for the run and removed afterwards,
so it never becomes part of the committed output.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scaffold.render.hcl import Attr, Blank, Block, render_file

OVERRIDE_NAME = "zz_scaffold_emulator_override.tf"
SERVICES = ("acm", "apigateway", "apigatewayv2", "cloudfront", "cloudwatch", "cognitoidp",
            "dynamodb", "events", "iam", "kms", "lambda", "logs", "route53", "s3",
            "secretsmanager", "sfn", "sns", "sqs", "ssm", "sts", "xray")


def _provider(endpoint: str, region: str | None, alias: str | None) -> Block:
    block = Block("provider", ["aws"])
    if alias:
        block.attr("alias", alias)
    if region:
        block.attr("region", region)
    block.attr("access_key", "test").attr("secret_key", "test")
    block.attr("skip_credentials_validation", True).attr("skip_requesting_account_id", True)
    block.attr("skip_metadata_api_check", True).attr("s3_use_path_style", True)
    # Fail fast: an action the emulator lacks would otherwise retry for many minutes.
    block.attr("max_retries", 3)
    block.add(Blank(), Block("endpoints").add(*[Attr(s, endpoint) for s in SERVICES]))
    return block


def override_text(endpoint: str, with_us_east_1: bool) -> str:
    """The override file of one root (HCL, every value escaped)."""
    providers = [_provider(endpoint, None, None)]
    if with_us_east_1:
        providers.append(_provider(endpoint, "us-east-1", "us_east_1"))
    header = ("# Written by scaffold for a run against a local AWS emulator; removed "
              "afterwards.")
    return render_file(providers, header=header)


@contextmanager
def emulator_overrides(roots: list[tuple[Path, bool]], endpoint: str | None) -> Iterator[None]:
    """Write the override into each root (``(path, needs us-east-1 alias)``) for the run."""
    if not endpoint:
        yield
        return
    written = []
    try:
        for path, us_east_1 in roots:
            target = path / OVERRIDE_NAME
            target.write_text(override_text(endpoint, us_east_1))
            written.append(target)
        yield
    finally:
        for target in written:
            target.unlink(missing_ok=True)


__all__ = ["OVERRIDE_NAME", "emulator_overrides", "override_text"]
