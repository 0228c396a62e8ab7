"""The bootstrap root: the state bucket `scaffold bootstrap` creates, as rendered."""

from __future__ import annotations

import io
from typing import Any

import hcl2

from scaffold.render.terraform.common import AWS_CONSTRAINT
from tests.helpers import REPO, render_files

MINIMAL = (REPO / "blueprints" / "minimal.yaml").read_text()
WITH_STATE = MINIMAL + ("state: {bucket: hello-tfstate, key_prefix: hello, region: eu-central-1}\n"
                        "tags: {team: platform}\n")


def _s(value: Any) -> Any:
    """python-hcl2 keeps the quotes of string literals and labels, and marks blocks; drop both."""
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    if isinstance(value, dict):
        return {_s(k): _s(v) for k, v in value.items() if k not in ("__is_block__",
                                                                      "__comments__")}
    if isinstance(value, list):
        return [_s(v) for v in value]
    return value


def _bootstrap() -> dict[str, list[dict[str, Any]]]:
    files = {f.path: f.content.decode() for f in render_files(WITH_STATE)}
    merged: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(p for p in files if p.startswith("infra/bootstrap/")):
        for key, items in hcl2.load(io.StringIO(files[path])).items():
            merged.setdefault(key, []).extend(_s(items))
    return merged


def _resource(doc: dict[str, list[dict[str, Any]]], kind: str) -> dict[str, Any]:
    (found,) = [r[kind]["this"] for r in doc["resource"] if kind in r]
    return found  # type: ignore[no-any-return]


def test_without_state_there_is_no_bootstrap_root() -> None:
    assert not [f.path for f in render_files(MINIMAL) if f.path.startswith("infra/bootstrap")]


def test_the_bootstrap_root_keeps_local_state_with_the_shared_provider_constraint() -> None:
    (terraform,) = _bootstrap()["terraform"]
    assert terraform["backend"] == [{"local": {}}]
    assert terraform["required_providers"][0]["aws"]["version"] == AWS_CONSTRAINT


def test_the_state_bucket_is_versioned_encrypted_private_and_kept() -> None:
    doc = _bootstrap()
    bucket = _resource(doc, "aws_s3_bucket")
    assert _s(bucket["bucket"]) == "hello-tfstate" and bucket["force_destroy"] is False
    assert bucket["lifecycle"][0]["prevent_destroy"] is True
    versioning = _resource(doc, "aws_s3_bucket_versioning")
    assert _s(versioning["versioning_configuration"][0]["status"]) == "Enabled"
    sse = _resource(doc, "aws_s3_bucket_server_side_encryption_configuration")["rule"][0]
    algorithm = _s(sse["apply_server_side_encryption_by_default"][0]["sse_algorithm"])
    assert algorithm in ("AES256", "aws:kms")
    block = _resource(doc, "aws_s3_bucket_public_access_block")
    for flag in ("block_public_acls", "block_public_policy", "ignore_public_acls",
                 "restrict_public_buckets"):
        assert block[flag] is True, flag
    owner = _resource(doc, "aws_s3_bucket_ownership_controls")["rule"][0]
    assert _s(owner["object_ownership"]) == "BucketOwnerEnforced"
    for kind in ("aws_s3_bucket_versioning", "aws_s3_bucket_public_access_block",
                 "aws_s3_bucket_policy", "aws_s3_bucket_ownership_controls",
                 "aws_s3_bucket_server_side_encryption_configuration"):
        assert _resource(doc, kind)["bucket"] == "${aws_s3_bucket.this.id}", kind


def test_the_bucket_policy_denies_every_request_without_tls() -> None:
    doc = _bootstrap()
    policy = _resource(doc, "aws_s3_bucket_policy")
    assert policy["policy"] == "${data.aws_iam_policy_document.tls_only.json}"
    (statement,) = [d["aws_iam_policy_document"]["tls_only"]["statement"] for d in doc["data"]]
    (deny,) = statement
    assert _s(deny["effect"]) == "Deny" and [_s(a) for a in deny["actions"]] == ["s3:*"]
    assert [_s(r) for r in deny["resources"]] == ["${aws_s3_bucket.this.arn}",
                                                  "${aws_s3_bucket.this.arn}/*"]
    (condition,) = deny["condition"]
    assert (_s(condition["test"]), _s(condition["variable"]),
            [_s(v) for v in condition["values"]]) == ("Bool", "aws:SecureTransport", ["false"])
    (principals,) = deny["principals"]
    assert _s(principals["type"]) == "*" and [_s(i) for i in principals["identifiers"]] == ["*"]


def test_the_bucket_lives_in_the_state_region_and_carries_the_blueprint_tags() -> None:
    (provider,) = _bootstrap()["provider"]
    aws = provider["aws"]
    assert _s(aws["region"]) == "eu-central-1"
    tags = {k: _s(v) for k, v in aws["default_tags"][0]["tags"].items()}
    assert tags == {"app": "hello", "project": "hello", "managed-by": "scaffold",
                    "purpose": "terraform-state",
                    "team": "platform"}
