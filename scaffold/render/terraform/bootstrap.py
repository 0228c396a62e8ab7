"""Emit the bootstrap root (``infra/bootstrap/``): the S3 bucket the other roots keep state in.

It exists only when the blueprint sets ``state:``. Its own state is local
(``infra/bootstrap/terraform.tfstate``) because the bucket cannot hold the state of its own
creation. That file is disposable: ``scaffold bootstrap`` adopts an existing bucket (it
imports ``aws_s3_bucket.this`` first), so a second person, a CI job or a fresh clone gets
the same settings applied without the first person's file.
"""

from __future__ import annotations

from scaffold.plan.contract import TERRAFORM_MIN_VERSION
from scaffold.plan.ir import BuildPlan
from scaffold.render.terraform.common import AWS_CONSTRAINT, tf_file
from scaffold.render.terraform.hcl import Attr, Blank, Block, Comment, Expr, Value

ROOT = "infra/bootstrap"
BUCKET = "aws_s3_bucket.this"
# Old state versions (and the lock files' noncurrent versions) are kept this long.
NONCURRENT_DAYS = 90

_ABOUT = (
    "The S3 bucket every other root keeps its state in. Run `scaffold bootstrap` once per\n"
    "account, before the first `scaffold apply`.\n"
    "\n"
    "This root's own state is local (terraform.tfstate next to this file; projects made by\n"
    "`scaffold init` git-ignore *.tfstate). Losing it is harmless: `scaffold bootstrap`\n"
    "imports an existing bucket before applying, so a teammate or CI re-running it adopts\n"
    "the bucket instead of failing. By hand: terraform import aws_s3_bucket.this <bucket>,\n"
    "then terraform apply. The bucket has prevent_destroy: deleting it would delete the\n"
    "state of every stage.")


def _versions() -> Block:
    return (Block("terraform").attr("required_version", f">= {TERRAFORM_MIN_VERSION}")
            .add(Blank(), Block("required_providers").attr(
                "aws", {"source": "hashicorp/aws", "version": AWS_CONSTRAINT}),
                 Blank(), Comment("Local state on purpose: the bucket cannot hold the state "
                                  "of its own creation."),
                 Block("backend", ["local"])))


def _provider(plan: BuildPlan) -> Block:
    tags: dict[str, Value] = {"app": plan.app, "project": plan.app, "managed-by": "scaffold",
                              "purpose": "terraform-state"}
    tags.update({k: v for k, v in sorted(plan.tags.items()) if k not in tags})
    return (Block("provider", ["aws"]).attr("region", plan.state_region)
            .add(Blank(), Block("default_tags").attr("tags", tags)))


def _bucket(bucket: str) -> list[Block]:
    this = Expr(f"{BUCKET}.id")
    arn = f"{BUCKET}.arn"
    return [
        Block("resource", ["aws_s3_bucket", "this"]).add(
            Comment("checkov:skip=CKV_AWS_18:Server access logging needs a log bucket of its "
                    "own; CloudTrail data events are the audit trail of state reads and "
                    "writes."),
            Comment("checkov:skip=CKV_AWS_144:Cross-region replication of state is a "
                    "disaster-recovery choice; the bucket is versioned."),
            Comment("checkov:skip=CKV2_AWS_62:Nothing consumes events of the state bucket."))
        .attr("bucket", bucket).attr("force_destroy", False)
        .add(Blank(), Block("lifecycle").attr("prevent_destroy", True)),
        Block("resource", ["aws_s3_bucket_ownership_controls", "this"])
        .attr("bucket", this)
        .add(Blank(), Block("rule").attr("object_ownership", "BucketOwnerEnforced")),
        Block("resource", ["aws_s3_bucket_public_access_block", "this"])
        .attr("bucket", this).add(Blank())
        .attr("block_public_acls", True).attr("block_public_policy", True)
        .attr("ignore_public_acls", True).attr("restrict_public_buckets", True),
        Block("resource", ["aws_s3_bucket_server_side_encryption_configuration", "this"])
        .attr("bucket", this)
        .add(Blank(), Block("rule").add(
            Comment("The AWS-managed aws/s3 key: whoever may read the state objects may "
                    "decrypt them, with no key policy to keep in step."),
            Block("apply_server_side_encryption_by_default").attr("sse_algorithm", "aws:kms"))
            .attr("bucket_key_enabled", True)),
        Block("resource", ["aws_s3_bucket_versioning", "this"])
        .attr("bucket", this)
        .add(Blank(), Block("versioning_configuration").attr("status", "Enabled")),
        Block("resource", ["aws_s3_bucket_lifecycle_configuration", "this"])
        .attr("bucket", this)
        .add(Blank(), Block("rule").attr("id", "state-history").attr("status", "Enabled")
             .add(Blank(), Block("filter"), Blank(),
                  Block("abort_incomplete_multipart_upload").attr("days_after_initiation", 7),
                  Blank(),
                  Block("noncurrent_version_expiration").attr("noncurrent_days",
                                                              NONCURRENT_DAYS)),
             Blank(), Comment("Rules on noncurrent versions need versioning configured "
                              "first."),
             Attr("depends_on", [Expr("aws_s3_bucket_versioning.this")])),
        Block("data", ["aws_iam_policy_document", "tls_only"]).add(
            Block("statement").attr("sid", "DenyInsecureTransport").attr("effect", "Deny")
            .attr("actions", ["s3:*"])
            .attr("resources", [Expr(arn), Expr('"${' + arn + '}/*"')])
            .add(Blank(), Block("principals").attr("type", "*").attr("identifiers", ["*"]),
                 Blank(), Block("condition").attr("test", "Bool")
                 .attr("variable", "aws:SecureTransport").attr("values", ["false"]))),
        Block("resource", ["aws_s3_bucket_policy", "this"])
        .attr("bucket", this).attr("policy", Expr("data.aws_iam_policy_document.tls_only.json"))
        .add(Blank(), Comment("S3 rejects a bucket policy while the public access block is "
                              "still being applied."),
             Attr("depends_on", [Expr("aws_s3_bucket_public_access_block.this")])),
    ]


def _outputs() -> list[Block]:
    return [
        Block("output", ["bucket_name"]).attr("description", "The state bucket.")
        .attr("value", Expr(f"{BUCKET}.bucket")),
        Block("output", ["bucket_arn"]).attr("description", "ARN of the state bucket.")
        .attr("value", Expr(f"{BUCKET}.arn")),
        Block("output", ["bucket_region"]).attr("description", "Region of the state bucket.")
        .attr("value", Expr(f"{BUCKET}.region")),
    ]


def emit_bootstrap_root(plan: BuildPlan) -> dict[str, str]:
    """The bootstrap root's files, or nothing when the blueprint keeps local state."""
    if not plan.state_bucket:
        return {}
    return {
        f"{ROOT}/versions.tf": tf_file(_versions()),
        f"{ROOT}/main.tf": tf_file(Comment(_ABOUT), Blank(), _provider(plan),
                                   *_bucket(plan.state_bucket)),
        f"{ROOT}/outputs.tf": tf_file(*_outputs()),
    }


__all__ = ["BUCKET", "ROOT", "emit_bootstrap_root"]
