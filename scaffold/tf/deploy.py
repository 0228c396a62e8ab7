"""Terraform stage: plan / apply / destroy every root of a project in dependency order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from scaffold.errors import ScaffoldError
from scaffold.plan.ir import BuildPlan
from scaffold.render.tf_common import s3_backend
from scaffold.tf.emulator import emulator_overrides
from scaffold.tf.outputs import StageOutputs, read_outputs, read_root_outputs
from scaffold.tf.runner import (
    RootRef,
    RunReporter,
    Step,
    TerraformResult,
    TerraformRunner,
    TerraformStepError,
)

Command = Literal["plan", "apply", "destroy"]


@dataclass(frozen=True)
class DeployRequest:
    """What to run where."""

    project_root: Path
    command: Command
    stage: str
    roots: tuple[str, ...] = ()  # empty: every root
    endpoint_url: str | None = None
    terraform: str | None = None
    parallel: int = 1


@dataclass(frozen=True)
class ZoneDelegation:
    """A hosted zone this apply has just created, before any certificate waits for it.

    Attributes:
        zone: The zone's domain.
        name_servers: Where the registrar must delegate the zone.
        domains: Custom domains whose certificates ACM validates through the zone.
    """

    zone: str
    name_servers: tuple[str, ...]
    domains: tuple[str, ...]


def select_roots(plan: BuildPlan, wanted: Sequence[str]) -> list[str]:
    """Root names in dependency order, limited to ``wanted`` (``platform`` or services)."""
    order = plan.root_order()
    unknown = [w for w in wanted if w not in order]
    if unknown:
        raise ScaffoldError(f"unknown root(s): {', '.join(unknown)}",
                            hint="choose from: " + ", ".join(order))
    return [r for r in order if not wanted or r in wanted]


def root_path(project_root: Path, name: str) -> Path:
    """Folder of a root: ``infra/platform`` or ``infra/services/<name>``."""
    infra = project_root / "infra"
    return infra / "platform" if name == "platform" else infra / "services" / name


def missing_artifacts(project_root: Path, plan: BuildPlan, roots: Sequence[str]) -> list[str]:
    """Function zips the selected roots refer to that ``scaffold build`` has not made."""
    from scaffold.plan import contract

    needed = [fn.artifact for s in plan.services if s.service in roots for fn in s.functions]
    if "platform" in roots and plan.platform.ssr:
        needed.append(contract.SSR_ARTIFACT)
    return [a for a in needed if not (project_root / a).is_file()]


def run(request: DeployRequest, plan: BuildPlan, reporter: RunReporter | None = None,
        on_zone_created: Callable[[ZoneDelegation], None] | None = None
        ) -> list[TerraformResult]:
    """Run init, workspace selection and the command on each selected root.

    When an apply is about to create the hosted zone that certificates validate through,
    it first applies the zone alone and hands its name servers to ``on_zone_created``
    (which should tell the user), then applies everything.

    Raises:
        ScaffoldError: output not rendered, zips not built, or an unknown root.
        TerraformStepError: the first root that failed, with how to resume.
    """
    if request.stage not in plan.stages:
        raise ScaffoldError(f"unknown stage '{request.stage}'",
                            hint="stages of this blueprint: " + ", ".join(plan.stages))
    names = select_roots(plan, request.roots)
    paths = {n: root_path(request.project_root, n) for n in names}
    absent = [n for n, p in paths.items() if not (p / "main.tf").is_file()]
    if absent:
        raise ScaffoldError(f"no rendered Terraform for: {', '.join(absent)}",
                            hint="run `scaffold render` first")
    if request.command != "destroy":
        missing = missing_artifacts(request.project_root, plan, names)
        if missing:
            raise ScaffoldError(f"{len(missing)} function zip(s) missing, e.g. {missing[0]}",
                                hint="run `scaffold build` first")
    if request.command == "destroy":
        names.reverse()
    tfvars = (request.project_root / "infra" / "stages" / f"{request.stage}.tfvars").resolve()
    args = [f"-var-file={tfvars}"]
    if request.command != "plan":
        args.append("-auto-approve")
    steps = [Step("workspace", ("select", "-or-create=true", request.stage)),
             Step(request.command, tuple(args))]
    refs = [RootRef(n, paths[n], () if n == "platform" else ("platform",)) for n in names]
    runner = TerraformRunner(request.terraform)
    flags = ["--stage", request.stage]
    if request.endpoint_url:
        flags += ["--endpoint-url", request.endpoint_url]

    def resume(root: RootRef) -> str:
        rest = names[names.index(root.name):]
        services = " ".join(f"--service {n}" for n in rest)
        return f"scaffold {request.command} {' '.join(flags)} {services}"

    overrides = [(paths[n], plan.provider_aliases(n)) for n in names]
    backends = {paths[n]: b for n in names
                if (b := s3_backend(plan, n if n == "platform" else f"services/{n}"))}
    with emulator_overrides(overrides, request.endpoint_url, backends):
        try:
            if request.command == "apply" and "platform" in names and on_zone_created:
                platform = next(r for r in refs if r.name == "platform")
                delegation = _create_zone_first(runner, platform, plan, steps, reporter)
                if delegation is not None:
                    on_zone_created(delegation)
            return runner.run_roots(refs, steps, reporter=reporter, resume=resume,
                                    parallel=request.parallel)
        except TerraformStepError as exc:
            raise _with_bootstrap_hint(exc, plan) from None


def _with_bootstrap_hint(exc: TerraformStepError, plan: BuildPlan) -> TerraformStepError:
    """Name ``scaffold bootstrap`` when ``init`` of a root with an S3 backend failed.

    Terraform reports a missing bucket only in a diagnostic's prose (init has no error
    code), so this reads no output: an S3 backend's init failing is reason enough to
    mention the likeliest cause on a first deploy.
    """
    if exc.result.command != "init" or not plan.state_bucket:
        return exc
    hint = (f"{exc.hint}; if the state bucket {plan.state_bucket} ({plan.state_region}) "
            "does not exist yet, create it with `scaffold bootstrap`")
    return TerraformStepError(exc.message, hint, exc.result, exc.completed)


def _create_zone_first(runner: TerraformRunner, platform: RootRef, plan: BuildPlan,
                       steps: list[Step], reporter: RunReporter | None
                       ) -> ZoneDelegation | None:
    """Apply only the hosted zone when this apply creates it and certificates will wait on it.

    ACM DNS validation waits up to 75 minutes for a zone nobody has delegated yet, so the
    user must learn the name servers before that wait starts, not after it.
    """
    p = plan.platform
    domains = tuple(d for d in (p.site_domain, p.api_domain, p.websocket_domain) if d)
    if not (p.create_zone and p.dns_zone and domains):
        return None
    workspace, apply = steps
    stage = workspace.args[-1]
    if stage != plan.owner_stage:
        return None  # only the production stage creates the zone; the others find it
    _run_or_raise(runner, platform, Step("init"), reporter)
    _run_or_raise(runner, platform, workspace, reporter)
    if read_root_outputs(runner, platform, stage).values.get("name_servers"):
        return None  # the zone exists already: nothing new to delegate
    _run_or_raise(runner, platform, Step("apply", (*apply.args, "-target=aws_route53_zone.this")),
                  reporter, " (the hosted zone only)")
    servers = read_root_outputs(runner, platform, stage).values.get("name_servers") or []
    return ZoneDelegation(p.dns_zone, tuple(str(s) for s in servers), domains)


def _run_or_raise(runner: TerraformRunner, root: RootRef, step: Step,
                  reporter: RunReporter | None, what: str = "") -> None:
    if reporter is not None:
        reporter.started(root, step.command + what)
    result = runner.run(root, step, reporter.line if reporter is not None else None)
    if reporter is not None:
        reporter.finished(result)
    if not result.ok:
        raise TerraformStepError(
            f"terraform {step.command}{what} failed in root '{root.name}' ({root.path}) "
            f"with exit code {result.returncode}",
            "fix the error shown above, then run `scaffold apply` again", result, [])


def stage_outputs(project_root: Path, plan: BuildPlan, stage: str,
                  terraform: str | None = None) -> StageOutputs:
    """The outputs of every rendered root of ``stage`` (``terraform output -json``).

    Raises:
        ScaffoldError: Unknown stage, or nothing rendered yet.
        TerraformError: A root's terraform failed.
    """
    if stage not in plan.stages:
        raise ScaffoldError(f"unknown stage '{stage}'",
                            hint="stages of this blueprint: " + ", ".join(plan.stages))
    refs = [RootRef(n, root_path(project_root, n)) for n in plan.root_order()]
    rendered = [r for r in refs if (r.path / "main.tf").is_file()]
    if not rendered:
        raise ScaffoldError(f"no rendered Terraform under {project_root / 'infra'}",
                            hint="run `scaffold render`, `scaffold build` and `scaffold apply` "
                            "first")
    return read_outputs(TerraformRunner(terraform), rendered, stage)
