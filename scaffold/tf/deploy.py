"""Terraform stage: plan / apply / destroy every root of a project in dependency order."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Literal

from scaffold.errors import ScaffoldError
from scaffold.plan.ir import BuildPlan
from scaffold.render.terraform.common import s3_backend
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
    show_plan: bool = True  # print terraform's own view of each plan (`terraform show`)


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
    steps = deploy_steps(request.command, request.stage, tfvars, show_plan=request.show_plan)
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
                delegation = _create_zone_first(runner, platform, plan, request.stage, tfvars,
                                                reporter)
                if delegation is not None:
                    on_zone_created(delegation)
            return runner.run_roots(refs, steps, init=Step("init", ("-json",)),
                                    reporter=reporter, resume=resume,
                                    parallel=request.parallel)
        except TerraformStepError as exc:
            raise fitting_hint(exc, plan, request.stage, flags) from None


PLAN_FILE = ".terraform/scaffold.tfplan"
"""Where a root's saved plan goes (relative to the root; ``.terraform/`` is git-ignored)."""


def deploy_steps(command: Command, stage: str, tfvars: Path, *,
                 show_plan: bool = True) -> list[Step]:
    """The terraform steps after ``init`` for ``command`` on one root.

    ``plan`` and ``apply`` save the plan (``plan -json -out``), so its counts are known,
    and shown, before an apply changes anything, and the apply applies exactly that plan.
    ``show_plan`` adds ``terraform show`` of the saved plan: terraform's own view of every
    change, passed through for people, never parsed. Destroy plans and destroys in one go
    (its ``-json`` stream reports the plan's counts first).
    """
    var = f"-var-file={tfvars}"
    steps = [Step("workspace", ("select", "-or-create=true", stage))]
    if command == "destroy":
        return [*steps, Step("destroy", ("-json", var, "-auto-approve"))]
    steps.append(Step("plan", ("-json", var, f"-out={PLAN_FILE}")))
    if show_plan:
        steps.append(Step("show", (PLAN_FILE,)))
    if command == "apply":
        steps.append(Step("apply", ("-json", PLAN_FILE)))
    return steps


def fitting_hint(exc: TerraformStepError, plan: BuildPlan, stage: str,
                 flags: Sequence[str] = ()) -> TerraformStepError:
    """Replace the generic "resume" hint with one that fits the failure, when one does.

    Reads only the diagnostics of terraform's ``-json`` output:

    - a service root that cannot read the platform's SSM parameters: the platform of this
      stage is not applied (or was destroyed): apply the platform first;
    - expired or missing AWS credentials: fix them (``scaffold doctor``) and resume;
    - a held state lock: another run is still going, or crashed (``force-unlock``);
    - ``init`` of a root with an S3 backend: the state bucket may not exist yet
      (``scaffold bootstrap``); init says so only in prose, so any init failure counts.

    Args:
        exc: The failure, with its resume command.
        plan: The build plan (state bucket, roots).
        stage: The stage that was deployed.
        flags: The ``--stage``/``--endpoint-url`` flags of the resume command.

    Returns:
        The same error with a better hint, or ``exc`` itself.
    """
    result = exc.result
    resume = exc.resume or ""
    text = "\n".join(f"{d.summary}\n{d.detail}" for d in result.diagnostics)
    hint: str | None = None
    if result.root.name != "platform" and _platform_missing(text):
        first = f"scaffold apply {' '.join(flags) or f'--stage {stage}'} --service platform"
        hint = (f"root '{result.root.name}' reads values the platform root writes to SSM, "
                f"and they are missing: the platform of stage '{stage}' is not applied. "
                f"Apply the platform first: {first}; then resume with: {resume}")
    elif any(marker in text for marker in _CREDENTIALS):
        hint = ("AWS refused the credentials: check them and the region with `scaffold "
                f"doctor` (or `aws sts get-caller-identity`), then resume with: {resume}")
    elif "Error acquiring the state lock" in text:
        lock = re.search(r"ID:\s+(\S+)", text)
        lock_id = lock.group(1) if lock else "ID"
        unlock = f"terraform -chdir={result.root.path} force-unlock {lock_id}"
        hint = ("another terraform run holds the state lock of this root: wait for it to "
                f"finish; if it crashed, release the lock with `{unlock}`; then resume with: "
                f"{resume}")
    elif result.command == "init" and plan.state_bucket:
        hint = (f"{exc.hint}; if the state bucket {plan.state_bucket} ({plan.state_region}) "
                "does not exist yet, create it with `scaffold bootstrap`")
    if hint is None:
        return exc
    return TerraformStepError(exc.message, hint, result, exc.completed, exc.resume)


_CREDENTIALS = ("No valid credential sources found", "InvalidClientTokenId", "ExpiredToken",
                "security token included in the request is invalid",
                "failed to refresh cached credentials")


def _platform_missing(text: str) -> bool:
    """True when a diagnostic says an SSM parameter could not be read because it is absent."""
    # The AWS provider 5.100 says "reading SSM Parameter (<name>): couldn't find resource".
    return "ParameterNotFound" in text or ("SSM Parameter" in text and any(
        phrase in text for phrase in ("couldn't find resource", "not found")))


def _create_zone_first(runner: TerraformRunner, platform: RootRef, plan: BuildPlan,
                       stage: str, tfvars: Path, reporter: RunReporter | None
                       ) -> ZoneDelegation | None:
    """Apply only the hosted zone when this apply creates it and certificates will wait on it.

    ACM DNS validation waits up to 75 minutes for a zone nobody has delegated yet, so the
    user must learn the name servers before that wait starts, not after it.
    """
    p = plan.platform
    domains = tuple(d for d in (p.site_domain, p.api_domain, p.websocket_domain) if d)
    if not (p.create_zone and p.dns_zone and domains):
        return None
    workspace = Step("workspace", ("select", "-or-create=true", stage))
    if stage != plan.owner_stage:
        return None  # only the production stage creates the zone; the others find it
    _run_or_raise(runner, platform, Step("init"), reporter)
    _run_or_raise(runner, platform, workspace, reporter)
    if read_root_outputs(runner, platform, stage).values.get("name_servers"):
        return None  # the zone exists already: nothing new to delegate
    _run_or_raise(runner, platform, Step("apply", ("-json", f"-var-file={tfvars}",
                                                   "-auto-approve",
                                                   "-target=aws_route53_zone.this")),
                  reporter, " (the hosted zone only)")
    servers = read_root_outputs(runner, platform, stage).values.get("name_servers") or []
    return ZoneDelegation(p.dns_zone, tuple(str(s) for s in servers), domains)


def _run_or_raise(runner: TerraformRunner, root: RootRef, step: Step,
                  reporter: RunReporter | None, what: str = "") -> None:
    if reporter is not None:
        reporter.started(root, step.command + what)
    result = runner.run(root, step, reporter.line if reporter is not None else None,
                        partial(reporter.planned, root) if reporter is not None else None)
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
