"""``scaffold bootstrap``: create the S3 bucket the blueprint's ``state:`` backend needs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from scaffold.cli.common import BlueprintArg, err, handle_errors, load_valid, out
from scaffold.cli.terraform_cmd import ApproveOpt, EndpointOpt, OutOpt, TerraformOpt, _Printer

_HELP = """Create the S3 bucket that keeps every root's Terraform state.

Runs `terraform init` and `apply` on infra/bootstrap/ (rendered by `scaffold render` when
the blueprint sets `state:`): a versioned, encrypted, private bucket with a TLS-only policy
and prevent_destroy. That root keeps its own state locally; when it has none (a teammate,
CI, a fresh clone) an existing bucket is imported and adopted instead of failing, so
running it again is always safe. Run it once per account, before the first
`scaffold apply`.
"""


def _run(blueprint: Path, out_dir: Path | None, auto_approve: bool, terraform: str | None,
         endpoint: str | None) -> None:
    from scaffold.plan.build import build_plan
    from scaffold.tf.bootstrap import BootstrapRequest, check_rendered, run

    bp = load_valid(blueprint)
    plan = build_plan(bp)
    project = out_dir or blueprint.resolve().parent
    check_rendered(project, plan)  # before asking: no state, not rendered
    if not auto_approve:
        if not sys.stdin.isatty():
            err("refusing to bootstrap without confirmation: pass --auto-approve")
            raise typer.Exit(1)
        typer.confirm(f"create or adopt the state bucket {plan.state_bucket} "
                      f"({plan.state_region})?", abort=True)
    result = run(BootstrapRequest(project, endpoint,
                                  terraform or os.environ.get("SCAFFOLD_TERRAFORM")),
                 plan, reporter=_Printer("bootstrap"))
    verb = {"created": "created", "adopted": "adopted (it existed; settings applied)",
            "updated": "up to date"}[result.outcome]
    out("")
    out(f"state bucket {result.bucket} ({result.region}): {verb}")
    out("  versioning on, aws:kms encryption, public access blocked, bucket owner enforced,")
    out("  TLS-only bucket policy, prevent_destroy")
    out(f"  state keys: s3://{result.bucket}/{plan.state_key_prefix}/<root>.tfstate, "
        "locked with S3 lock files")
    stage = plan.stages[0]
    flags = f" --endpoint-url {endpoint}" if endpoint else ""
    out(f"next: scaffold build && scaffold apply --stage {stage}{flags}")


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""

    @app.command(help=_HELP, epilog="Example: scaffold bootstrap --auto-approve && "
                 "scaffold apply --stage dev")
    def bootstrap(blueprint: BlueprintArg = Path("blueprint.yaml"), out_dir: OutOpt = None,
                  auto_approve: ApproveOpt = False, terraform: TerraformOpt = None,
                  endpoint_url: EndpointOpt = None) -> None:
        with handle_errors():
            _run(blueprint, out_dir, auto_approve, terraform, endpoint_url)
