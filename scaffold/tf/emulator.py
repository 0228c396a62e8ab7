"""Deploy against a local AWS emulator (moto server, LocalStack), the way ``tflocal`` does.

A provider override file is written into each root for the run and removed afterwards,
so it never becomes part of the committed output. A root with an S3 backend also gets a
backend override (an override file's backend replaces the root's whole backend block), so
its state goes to the emulator's S3 too, never to a real bucket.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from scaffold.render.terraform.hcl import Attr, Blank, Block, Comment, render_file

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


def _backend(endpoint: str, backend: Block) -> Block:
    """The root's S3 backend, pointed at the emulator with its fake credentials."""
    block = Block("backend", backend.labels, list(backend.body))
    block.add(Blank(), Comment("The emulator: its endpoint, fake credentials, path-style "
                               "addressing."))
    block.attr("access_key", "test").attr("secret_key", "test")
    block.attr("skip_credentials_validation", True).attr("skip_requesting_account_id", True)
    block.attr("skip_metadata_api_check", True).attr("skip_region_validation", True)
    block.attr("skip_s3_checksum", True).attr("use_path_style", True)
    block.attr("endpoints", {"s3": endpoint, "sts": endpoint})
    return Block("terraform").add(block)


def override_text(endpoint: str, aliases: Sequence[tuple[str, str]] = (),
                  backend: Block | None = None) -> str:
    """The override file of one root (HCL, every value escaped).

    Args:
        endpoint: The emulator's URL.
        aliases: ``(alias, region)`` of the root's other providers, overridden as well.
        backend: The root's ``backend "s3"`` block, to point at the emulator as well.
    """
    blocks: list[Block] = [] if backend is None else [_backend(endpoint, backend)]
    blocks.append(_provider(endpoint, None, None))
    blocks += [_provider(endpoint, region, alias) for alias, region in aliases]
    header = ("# Written by scaffold for a run against a local AWS emulator; removed "
              "afterwards.")
    return render_file(blocks, header=header)


@contextmanager
def emulator_overrides(roots: Sequence[tuple[Path, Sequence[tuple[str, str]]]],
                       endpoint: str | None,
                       backends: Mapping[Path, Block] | None = None) -> Iterator[None]:
    """Write the override into each root (``(path, its provider aliases)``) for the run.

    ``backends`` maps a root's path to its S3 backend block, which the override then points
    at the emulator; roots left out keep their backend.
    """
    if not endpoint:
        yield
        return
    written = []
    backends = backends or {}
    try:
        for path, aliases in roots:
            target = path / OVERRIDE_NAME
            target.write_text(override_text(endpoint, aliases, backends.get(path)))
            written.append(target)
        yield
    finally:
        for target in written:
            target.unlink(missing_ok=True)


__all__ = ["OVERRIDE_NAME", "emulator_overrides", "override_text"]
