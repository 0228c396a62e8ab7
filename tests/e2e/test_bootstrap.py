"""`scaffold bootstrap` on the emulator: the state bucket, adopting it, and S3 state with locks.

Order of one user's first deploy with `state:` set: apply fails early and names bootstrap;
bootstrap creates the bucket; a teammate without the bootstrap root's local state runs it
again and adopts the bucket; apply keeps each root's state (and its lock file) in the
bucket. The S3 backend reaches moto through scaffold's emulator override. Last, a fresh
clone (what git keeps: no zips, no .terraform, no local state) destroys the stage from the
state in the bucket.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO
from tests.support.e2e import emulator_client, run_scaffold
from tests.support.node import link_node_modules
from tests.support.terraform import terraform_bin, terraform_env

pytestmark = [pytest.mark.e2e, pytest.mark.terraform]
REGION = "eu-west-1"
BUCKET = "hello-e2e-tfstate"
STATE = f"state: {{bucket: {BUCKET}, key_prefix: hello}}\n"


_scaffold = run_scaffold


def _s3(endpoint: str) -> Any:
    return emulator_client("s3", endpoint, REGION)


def _assert_state_bucket(s3: Any) -> None:
    assert s3.get_bucket_versioning(Bucket=BUCKET)["Status"] == "Enabled"
    (rule,) = s3.get_bucket_encryption(Bucket=BUCKET)["ServerSideEncryptionConfiguration"][
        "Rules"]
    assert rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] in ("AES256", "aws:kms")
    block = s3.get_public_access_block(Bucket=BUCKET)["PublicAccessBlockConfiguration"]
    assert block == {"BlockPublicAcls": True, "IgnorePublicAcls": True,
                     "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
    (owner,) = s3.get_bucket_ownership_controls(Bucket=BUCKET)["OwnershipControls"]["Rules"]
    assert owner["ObjectOwnership"] == "BucketOwnerEnforced"
    (statement,) = json.loads(s3.get_bucket_policy(Bucket=BUCKET)["Policy"])["Statement"]
    assert statement["Effect"] == "Deny" and statement["Principal"] == "*"
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_bootstrap_creates_and_adopts_the_state_bucket_and_apply_keeps_state_in_it(
        moto_endpoint: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(REPO / "blueprints" / "minimal.yaml", project / "blueprint.yaml")
    with (project / "blueprint.yaml").open("a") as blueprint:
        blueprint.write(STATE)
    env = terraform_env(tmp_path)
    env.update(SCAFFOLD_TERRAFORM=terraform_bin(), AWS_ACCESS_KEY_ID="testing",
               AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION=REGION)
    for step in (["render"], ["build"]):
        if step == ["build"]:  # the session's one npm install, not one per test
            assert link_node_modules(project, tmp_path_factory.getbasetemp())
        done = _scaffold(step, project, env)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    s3 = _s3(moto_endpoint)
    deploy = ["--stage", "dev", "--endpoint-url", moto_endpoint]

    early = _scaffold(["apply", "--auto-approve", *deploy], project, env)
    assert early.returncode != 0 and "scaffold bootstrap" in early.stderr, early.stderr[-3000:]
    assert BUCKET not in [b["Name"] for b in s3.list_buckets()["Buckets"]]

    boot = ["bootstrap", "--auto-approve", "--endpoint-url", moto_endpoint]
    created = _scaffold(boot, project, env)
    assert created.returncode == 0, created.stdout[-6000:] + created.stderr[-3000:]
    assert f"state bucket {BUCKET} ({REGION}): created" in created.stdout
    assert "next: scaffold build && scaffold apply --stage dev" in created.stdout
    _assert_state_bucket(s3)
    assert not list((project / "infra" / "bootstrap").glob("zz_scaffold_*.tf"))

    # A teammate (or CI) without the first run's local state adopts the same bucket.
    (project / "infra" / "bootstrap" / "terraform.tfstate").unlink()
    adopted = _scaffold(boot, project, env)
    assert adopted.returncode == 0, adopted.stdout[-6000:] + adopted.stderr[-3000:]
    assert f"state bucket {BUCKET} ({REGION}): adopted" in adopted.stdout
    _assert_state_bucket(s3)

    applied = _scaffold(["apply", "--auto-approve", *deploy], project, env)
    assert applied.returncode == 0, applied.stdout[-6000:] + applied.stderr[-3000:]
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])}
    assert keys == {"env:/dev/hello/platform.tfstate", "env:/dev/hello/services/greeter.tfstate"}
    state = json.loads(s3.get_object(Bucket=BUCKET, Key="env:/dev/hello/platform.tfstate")[
        "Body"].read())
    assert state["resources"], "the platform's state in the bucket is empty"
    # use_lockfile: each run wrote <key>.tflock and deleted it (versions and delete markers).
    versions = s3.list_object_versions(Bucket=BUCKET)
    locks = {m["Key"] for m in versions.get("DeleteMarkers", [])}
    assert {"env:/dev/hello/platform.tfstate.tflock",
            "env:/dev/hello/services/greeter.tfstate.tflock"} <= locks
    for root in ("platform", "services/greeter"):
        assert not (project / "infra" / root / "terraform.tfstate.d").exists(), root

    # A fresh clone of the project destroys the stage: the state is in the bucket, and
    # destroy needs neither the built zips nor an earlier `terraform init`.
    clone = tmp_path / "clone"
    shutil.copytree(project, clone, ignore=shutil.ignore_patterns(
        "dist", ".terraform", "*.tfstate", "*.tfstate.*", "node_modules", "lock"))
    assert not (clone / "dist").exists()
    destroyed = _scaffold(["destroy", "--auto-approve", *deploy], clone, env)
    assert destroyed.returncode == 0, destroyed.stdout[-6000:] + destroyed.stderr[-3000:]
    for key in ("env:/dev/hello/platform.tfstate", "env:/dev/hello/services/greeter.tfstate"):
        state = json.loads(s3.get_object(Bucket=BUCKET, Key=key)["Body"].read())
        assert not state["resources"], f"{key} still holds resources after the destroy"
    lambdas = emulator_client("lambda", moto_endpoint, REGION).list_functions()["Functions"]
    assert not [f for f in lambdas if f["FunctionName"].startswith("hello-dev-")]
