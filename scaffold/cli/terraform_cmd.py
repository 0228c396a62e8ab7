"""``scaffold plan | apply | destroy``: run Terraform on every root in dependency order."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from scaffold.cli.common import BlueprintArg, err, handle_errors, load_valid, out
from scaffold.cli.outputs_cmd import print_delegation, print_outputs

StageOpt = Annotated[str | None, typer.Option("--stage", "-s", help="Stage to deploy "
                                              "(default: the blueprint's first stage).")]
ServiceOpt = Annotated[list[str] | None, typer.Option(
    "--service", help="Only this root (a service name or 'platform'); repeatable.")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Project root holding infra/ and "
                                             "dist/ (default: the blueprint's folder).",
                                             file_okay=False)]
ApproveOpt = Annotated[bool, typer.Option("--auto-approve", help="Do not ask before "
                                          "applying or destroying.")]
TerraformOpt = Annotated[str | None, typer.Option("--terraform", help="Terraform binary "
                                                  "(default: $SCAFFOLD_TERRAFORM, then PATH).")]
EndpointOpt = Annotated[str | None, typer.Option(
    "--endpoint-url", envvar="SCAFFOLD_AWS_ENDPOINT_URL",
    help="Deploy to a local AWS emulator (moto server, LocalStack) at this URL.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Apply even when the rendered output "
                                       "is out of date with the blueprint or a function zip "
                                       "does not match its sources.")]
ParallelOpt = Annotated[int, typer.Option("--parallel", min=1, max=8, help="Run up to N "
                                          "independent service roots at once.")]


class _Printer:
    """Prints runner progress: a header per step and every prefixed Terraform line."""

    def started(self, root, command: str) -> None:  # type: ignore[no-untyped-def]
        err(f"==> {root.name}: terraform {command}")

    def line(self, text: str) -> None:
        out(text)

    def finished(self, result) -> None:  # type: ignore[no-untyped-def]
        if not result.ok:
            name = getattr(result.root, "name", result.root)
            err(f"==> {name}: terraform {result.command} failed "
                f"(exit {result.returncode})")


def _run(command: str, blueprint: Path, stage: str | None, services: list[str] | None,
         out_dir: Path | None, auto_approve: bool, terraform: str | None,
         endpoint: str | None, parallel: int, force: bool = False) -> None:
    from scaffold.plan import contract
    from scaffold.plan.build import build_plan
    from scaffold.tf.deploy import DeployRequest, run
    from scaffold.tf.runner import plan_summaries

    bp = load_valid(blueprint)
    plan = build_plan(bp)
    chosen = stage or plan.stages[0]
    project_root = out_dir or blueprint.resolve().parent
    if command == "apply" and not force:
        from scaffold.cli.preflight import check_fresh
        from scaffold.tf.deploy import select_roots

        if chosen in plan.stages:  # else run() names the unknown stage
            check_fresh(blueprint, bp, project_root, select_roots(plan, services or ()),
                        chosen, out_dir, services or ())
    if command != "plan" and not auto_approve:
        if not sys.stdin.isatty():
            err(f"refusing to {command} without confirmation: pass --auto-approve")
            raise typer.Exit(1)
        typer.confirm(f"{command} stage '{chosen}' of {bp.name}?", abort=True)
    request = DeployRequest(project_root=project_root,
                            command=command,  # type: ignore[arg-type]
                            stage=chosen, roots=tuple(services or ()), endpoint_url=endpoint,
                            terraform=terraform or os.environ.get("SCAFFOLD_TERRAFORM"),
                            parallel=parallel)
    results = run(request, plan, reporter=_Printer(), on_zone_created=print_delegation)
    if command == "plan":
        out("")
        out("plan summary:")
        for root, summary in plan_summaries(results).items():
            text = ("no changes" if summary is None or not summary.has_changes else
                    f"{summary.add} to add, {summary.change} to change, "
                    f"{summary.destroy} to destroy")
            out(f"  {root:<20} {text}")
    else:
        out(f"{command} finished for stage '{chosen}'")
    if command == "destroy" and plan.platform.ssr and (not services or "platform" in services):
        _left_behind(contract.ssr_function_name(plan.app, chosen))
    if command == "apply":
        _print_stage_outputs(request.project_root, plan, chosen, request.terraform)


def _left_behind(edge_function: str) -> None:
    """Say what destroy deliberately left, and how to remove it once AWS allows."""
    err(f"note: the Lambda@Edge function {edge_function} (us-east-1) was left in place. "
        "AWS deletes its edge replicas a few hours after the distribution is gone and refuses "
        "to delete the function before then. Afterwards run:\n"
        f"  aws lambda delete-function --region us-east-1 --function-name {edge_function}\n"
        "A new apply of this stage needs it gone (or imported) first.")


def _print_stage_outputs(project_root: Path, plan, stage: str,  # type: ignore[no-untyped-def]
                         terraform: str | None) -> None:
    from scaffold.errors import ScaffoldError
    from scaffold.tf.deploy import stage_outputs

    try:
        result = stage_outputs(project_root, plan, stage, terraform)
    except ScaffoldError as exc:  # the apply itself succeeded: say so, do not fail it
        err(f"warning: could not read the outputs: {exc.message}")
        return
    out("")
    print_outputs(result)
    out(f"(again later: scaffold outputs --stage {stage} [--json])")


def _make(command: str):  # type: ignore[no-untyped-def]
    def handler(blueprint: BlueprintArg = Path("blueprint.yaml"), stage: StageOpt = None,
                service: ServiceOpt = None, out_dir: OutOpt = None,
                auto_approve: ApproveOpt = False, terraform: TerraformOpt = None,
                endpoint_url: EndpointOpt = None, parallel: ParallelOpt = 1) -> None:
        with handle_errors():
            _run(command, blueprint, stage, service, out_dir, auto_approve, terraform,
                 endpoint_url, parallel)

    def apply(blueprint: BlueprintArg = Path("blueprint.yaml"), stage: StageOpt = None,
              service: ServiceOpt = None, out_dir: OutOpt = None,
              auto_approve: ApproveOpt = False, terraform: TerraformOpt = None,
              endpoint_url: EndpointOpt = None, parallel: ParallelOpt = 1,
              force: ForceOpt = False) -> None:
        with handle_errors():
            _run(command, blueprint, stage, service, out_dir, auto_approve, terraform,
                 endpoint_url, parallel, force)

    return apply if command == "apply" else handler


def register(app: typer.Typer) -> None:
    """Add plan, apply and destroy to ``app``."""
    for command, doc, example in (
        ("plan", "Show what Terraform would change, root by root (platform first).",
         "scaffold plan --stage dev"),
        ("apply", "Apply every root in dependency order; stop at the first failure; print "
         "the stage's URLs and ids at the end (see `scaffold outputs`).\n\nRefuses, naming "
         "the command that fixes it, when the rendered output is out of date with the "
         "blueprint (`scaffold render --check` fails) or a function zip does not match its "
         "sources (`scaffold build` would rebuild it); --force applies anyway.",
         "scaffold apply --stage dev --auto-approve"),
        ("destroy", "Destroy every root in reverse dependency order (services first).\n\n"
         "Needs no built zips: a fresh clone can destroy a stage whose state is in the "
         "S3 backend. A Lambda@Edge function (SSR) is kept (`skip_destroy`): AWS deletes "
         "its replicas hours later, and destroy prints the command that removes it then.",
         "scaffold destroy --stage dev --auto-approve"),
    ):
        handler = _make(command)
        handler.__doc__ = doc + ("\n\nRuns `terraform init`, selects the stage's workspace, "
                                 "then the command, streaming output prefixed by root.")
        app.command(command, epilog=f"Example: {example}")(handler)
