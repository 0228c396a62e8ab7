"""``scaffold plan | apply | destroy``: run Terraform on every root in dependency order."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from scaffold.cli.common import BlueprintArg, chosen_stage, err, handle_errors, load_valid, out
from scaffold.cli.outputs_cmd import print_delegation, print_outputs
from scaffold.cli.progress import Event, EventSink, json_errors, make_sink
from scaffold.errors import ScaffoldError

if TYPE_CHECKING:
    from scaffold.tf.runner import PlanSummary, RootRef, TerraformResult

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


JsonOpt = Annotated[bool, typer.Option(
    "--json", help="Print progress as JSON lines on stdout, one event per line (root, "
    "phase, counts, error); nothing else goes to stdout.")]


class _Printer:
    """Turns runner progress into events: a header per root and step, each Terraform line,
    each root's plan counts before it is applied, and the Terraform error block of a
    failure."""

    def __init__(self, command: str, total: int = 0, sink: EventSink | None = None) -> None:
        self.command = command
        self.total = total
        self.sink = sink or make_sink(False)
        self.seen: list[str] = []

    def started(self, root: RootRef, command: str) -> None:
        if root.name not in self.seen:
            self.seen.append(root.name)
            if self.total > 1:
                self.sink.emit(Event("start", self.command, root.name, index=len(self.seen),
                                     total=self.total))
        self.sink.emit(Event("step", self.command, root.name, command))

    def line(self, text: str) -> None:
        root, _, rest = text[1:].partition("] ") if text.startswith("[") else ("", "", text)
        if self.sink.json:
            self.sink.emit(Event("log", self.command, root or None, message=rest))
        else:
            self.sink.emit(Event("log", self.command, message=text))

    def planned(self, root: RootRef, summary: PlanSummary) -> None:
        self.sink.emit(Event("planned", self.command, root.name, "plan",
                             counts=summary.counts()))

    def finished(self, result: TerraformResult) -> None:
        name = result.root.name
        if result.ok:
            changed = result.applied or (result.plan if result.command == "plan" else None)
            if result.command in ("plan", "apply", "destroy") and changed is not None:
                self.sink.emit(Event("done", self.command, name, result.command,
                                     counts=changed.counts(),
                                     message=f"terraform {result.command} done"))
            return
        error: dict[str, Any] = {"exit_code": result.returncode}
        if result.diagnostics:
            error["diagnostics"] = [d.to_json() for d in result.diagnostics]
        self.sink.emit(Event("failed", self.command, name, result.command, error=error))
        block = [line for d in result.diagnostics for line in (*d.block(), "")]
        self.sink.lines([f"[{name}] {line}".rstrip() for line in
                         (block or list(result.output_tail[-15:]))], "red")


def _run(command: str, blueprint: Path, stage: str | None, services: list[str] | None,
         out_dir: Path | None, auto_approve: bool, terraform: str | None,
         endpoint: str | None, parallel: int, force: bool = False,
         as_json: bool = False) -> None:
    sink = make_sink(as_json)
    with json_errors(sink, command):
        _deploy(command, blueprint, stage, services, out_dir, auto_approve, terraform,
                endpoint, parallel, force, sink)


def _deploy(command: str, blueprint: Path, stage: str | None, services: list[str] | None,
            out_dir: Path | None, auto_approve: bool, terraform: str | None,
            endpoint: str | None, parallel: int, force: bool, sink: EventSink) -> None:
    from scaffold.plan import contract
    from scaffold.plan.build import build_plan
    from scaffold.tf.deploy import DeployRequest, run, select_roots
    from scaffold.tf.runner import plan_summaries

    bp = load_valid(blueprint)
    plan = build_plan(bp)
    chosen = chosen_stage(plan, stage)
    project_root = out_dir or blueprint.resolve().parent
    if command == "apply" and not force:
        from scaffold.cli.preflight import check_fresh

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
                            parallel=parallel, show_plan=not sink.json)
    total = len(select_roots(plan, services or ()))
    results = run(request, plan, reporter=_Printer(command, total, sink),
                  on_zone_created=print_delegation)
    if command == "plan":
        summaries = plan_summaries(results)
        if sink.json:
            for root, summary in summaries.items():
                sink.emit(Event("summary", command, root, counts=summary.counts()))
        else:
            out("")
            out("plan summary:")
            for root, summary in summaries.items():
                out(f"  {root:<20} {summary.describe()}")
    elif sink.json:
        sink.emit(Event("summary", command, message=f"{command} finished for stage "
                        f"'{chosen}'"))
    else:
        out(f"{command} finished for stage '{chosen}'")
    if command == "destroy" and plan.platform.ssr and (not services or "platform" in services):
        _left_behind(contract.ssr_function_name(plan.app, chosen))
    if command == "apply":
        _print_stage_outputs(request.project_root, plan, chosen, request.terraform, sink)


def _left_behind(edge_function: str) -> None:
    """Say what destroy deliberately left, and how to remove it once AWS allows."""
    err(f"note: the Lambda@Edge function {edge_function} (us-east-1) was left in place. "
        "AWS deletes its edge replicas a few hours after the distribution is gone and refuses "
        "to delete the function before then. Afterwards run:\n"
        f"  aws lambda delete-function --region us-east-1 --function-name {edge_function}\n"
        "A new apply of this stage needs it gone (or imported) first.")


def _print_stage_outputs(project_root: Path, plan, stage: str,  # type: ignore[no-untyped-def]
                         terraform: str | None, sink: EventSink) -> None:
    from scaffold.tf.deploy import stage_outputs

    try:
        result = stage_outputs(project_root, plan, stage, terraform)
    except ScaffoldError as exc:  # the apply itself succeeded: say so, do not fail it
        err(f"warning: could not read the outputs: {exc.message}")
        return
    if sink.json:
        sink.emit(Event("outputs", "apply", data=result.to_json()))
        return
    out("")
    print_outputs(result)
    out(f"(again later: scaffold outputs --stage {stage} [--json])")


def _make(command: str):  # type: ignore[no-untyped-def]
    def handler(blueprint: BlueprintArg = Path("blueprint.yaml"), stage: StageOpt = None,
                service: ServiceOpt = None, out_dir: OutOpt = None,
                auto_approve: ApproveOpt = False, terraform: TerraformOpt = None,
                endpoint_url: EndpointOpt = None, parallel: ParallelOpt = 1,
                as_json: JsonOpt = False) -> None:
        with handle_errors():
            _run(command, blueprint, stage, service, out_dir, auto_approve, terraform,
                 endpoint_url, parallel, as_json=as_json)

    def apply(blueprint: BlueprintArg = Path("blueprint.yaml"), stage: StageOpt = None,
              service: ServiceOpt = None, out_dir: OutOpt = None,
              auto_approve: ApproveOpt = False, terraform: TerraformOpt = None,
              endpoint_url: EndpointOpt = None, parallel: ParallelOpt = 1,
              force: ForceOpt = False, as_json: JsonOpt = False) -> None:
        with handle_errors():
            _run(command, blueprint, stage, service, out_dir, auto_approve, terraform,
                 endpoint_url, parallel, force, as_json)

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
        handler.__doc__ = doc + (
            "\n\nRuns `terraform init`, selects the stage's workspace, then the command, "
            "streaming output prefixed by root. Plan and apply save each root's plan and "
            "print its counts (add/change/destroy) before anything changes; on a failure "
            "they print Terraform's error and the command that resumes (for a service "
            "whose platform is not applied yet: apply the platform first). Colour only on "
            "a terminal; --json prints one JSON event per line instead.")
        app.command(command, epilog=f"Example: {example}")(handler)
