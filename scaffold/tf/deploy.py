"""Terraform stage: plan / apply / destroy every root of a project in dependency order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from scaffold.errors import ScaffoldError
from scaffold.plan.ir import BuildPlan
from scaffold.render.tf_common import s3_backend
from scaffold.tf.emulator import emulator_overrides
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


def run(request: DeployRequest, plan: BuildPlan,
        reporter: RunReporter | None = None) -> list[TerraformResult]:
    """Run init, workspace selection and the command on each selected root.

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

    overrides = [(paths[n], n == "platform") for n in names]
    backends = {paths[n]: b for n in names
                if (b := s3_backend(plan, n if n == "platform" else f"services/{n}"))}
    with emulator_overrides(overrides, request.endpoint_url, backends):
        try:
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
