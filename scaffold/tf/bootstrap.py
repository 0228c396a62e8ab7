"""``scaffold bootstrap``: create (or adopt) the S3 bucket the other roots keep state in.

Runs ``init`` and ``apply`` on ``infra/bootstrap/``. That root's state is local and may be
missing (a teammate, CI, a fresh clone): then the bucket is first imported, through a
temporary ``import`` block, so an existing bucket is adopted and brought to the rendered
settings instead of failing with ``BucketAlreadyOwnedByYou``. When that import fails (no
such bucket yet, or not readable) the bucket is created by a plain apply, whose errors are
the ones the user sees. No Terraform output is parsed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from scaffold.errors import ScaffoldError
from scaffold.plan.ir import BuildPlan
from scaffold.render.terraform.bootstrap import BUCKET, ROOT, emit_bootstrap_root
from scaffold.render.terraform.hcl import Block, Expr, render_file
from scaffold.tf.emulator import emulator_overrides
from scaffold.tf.runner import RootRef, RunReporter, Step, TerraformResult, TerraformRunner

ADOPT_NAME = "zz_scaffold_adopt.tf"
NO_STATE_HINT = (
    "add a state backend to the blueprint, e.g.\n"
    "  state: {bucket: <globally unique bucket name>, key_prefix: <app>}\n"
    "then run `scaffold render` and `scaffold bootstrap` (see docs/blueprint.md, "
    "\"State backend\")")

Outcome = Literal["created", "adopted", "updated"]


@dataclass(frozen=True)
class BootstrapRequest:
    """Where the project is and how to reach AWS."""

    project_root: Path
    endpoint_url: str | None = None
    terraform: str | None = None


@dataclass(frozen=True)
class BootstrapResult:
    """What happened to the state bucket.

    Attributes:
        bucket: Its name.
        region: Its region.
        outcome: ``created`` (new bucket), ``adopted`` (an existing bucket was imported),
            ``updated`` (already in this root's state; settings re-applied).
        results: Every terraform result, in order.
    """

    bucket: str
    region: str
    outcome: Outcome
    results: list[TerraformResult] = field(default_factory=list)


def bootstrap_root(project_root: Path) -> Path:
    """``<project>/infra/bootstrap``."""
    return project_root / ROOT


def manages_bucket(root: Path) -> bool:
    """True when the root's local state already holds the bucket."""
    state = root / "terraform.tfstate"
    if not state.is_file():
        return False
    try:
        data = json.loads(state.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    kind, name = BUCKET.split(".")
    return any(r.get("mode") == "managed" and r.get("type") == kind and r.get("name") == name
               for r in data.get("resources", []) if isinstance(r, dict))


def adopt_text(bucket: str) -> str:
    """A temporary ``import`` block that adopts an existing bucket."""
    return render_file([Block("import").attr("to", Expr(BUCKET)).attr("id", bucket)],
                       header="# Written by `scaffold bootstrap` to adopt an existing "
                              "bucket; removed afterwards.")


@contextmanager
def _adopting(root: Path, bucket: str) -> Iterator[None]:
    target = root / ADOPT_NAME
    target.write_text(adopt_text(bucket))
    try:
        yield
    finally:
        target.unlink(missing_ok=True)


def check_rendered(project_root: Path, plan: BuildPlan) -> Path:
    """The bootstrap root, after checking it is rendered and matches the blueprint.

    Raises:
        ScaffoldError: no ``state:``, not rendered, or rendered from another blueprint.
    """
    if not plan.state_bucket:
        raise ScaffoldError("the blueprint has no state backend, so there is no state "
                            "bucket to create (Terraform keeps local state)",
                            hint=NO_STATE_HINT)
    root = bootstrap_root(project_root)
    expected = emit_bootstrap_root(plan)
    for path, text in expected.items():
        on_disk = project_root / path
        if not on_disk.is_file():
            raise ScaffoldError(f"no rendered bootstrap root: {on_disk} is missing",
                                hint="run `scaffold render` first")
        if on_disk.read_text(encoding="utf-8") != text:
            raise ScaffoldError(f"{on_disk} differs from the blueprint's state settings",
                                hint="run `scaffold render` first")
    return root


def run(request: BootstrapRequest, plan: BuildPlan,
        reporter: RunReporter | None = None) -> BootstrapResult:
    """Init and apply the bootstrap root; adopt the bucket when this root's state lacks it.

    Raises:
        ScaffoldError: no ``state:`` or not rendered (see :func:`check_rendered`).
        TerraformStepError: init or the final apply failed.
    """
    root = check_rendered(request.project_root, plan)
    assert plan.state_bucket is not None and plan.state_region is not None
    bucket, region = plan.state_bucket, plan.state_region
    runner = TerraformRunner(request.terraform)
    ref = RootRef("bootstrap", root)
    apply = Step("apply", ("-auto-approve",))
    again = "scaffold bootstrap --auto-approve" + (
        f" --endpoint-url {request.endpoint_url}" if request.endpoint_url else "")

    def resume(_: RootRef) -> str:
        return again

    results: list[TerraformResult] = []
    with emulator_overrides([(root, ())], request.endpoint_url):
        results += runner.run_roots([ref], [], init=Step("init"), reporter=reporter,
                                    resume=resume)
        if manages_bucket(root):
            outcome: Outcome = "updated"
        else:
            # Its output is held back: a failed import is the normal case of a first run.
            held: list[str] = []
            with _adopting(root, bucket):
                attempt = runner.run(ref, apply, held.append)
            if attempt.ok:
                if reporter is not None:
                    reporter.started(ref, "apply (adopting the existing bucket)")
                    for text in held:
                        reporter.line(text)
                    reporter.finished(attempt)
                return BootstrapResult(bucket, region, "adopted", [*results, attempt])
            if reporter is not None:
                reporter.line(f"[bootstrap] bucket {bucket} cannot be imported (it does not "
                              "exist yet, or is not readable): creating it")
            outcome = "created"
        results += runner.run_roots([ref], [apply], init=None, reporter=reporter,
                                    resume=resume)
    return BootstrapResult(bucket, region, outcome, results)


__all__ = ["ADOPT_NAME", "BootstrapRequest", "BootstrapResult", "adopt_text", "bootstrap_root",
           "check_rendered", "manages_bucket", "run"]
