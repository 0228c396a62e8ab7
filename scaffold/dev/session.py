"""One ``scaffold dev`` session: emulator up, every root applied to it, handlers run from source.

The stages of a start, each a function the CLI calls in order (library code never prints;
progress goes to a ``log`` callable): :func:`prepare_workdir` copies the rendered Terraform
into ``.scaffold/dev/project`` (its state must never mix with a real stage's state),
:func:`seed_emulator` creates what another stage or ``scaffold bootstrap`` would have made,
:func:`deploy` applies every root, and :class:`Session` then runs handlers with the
environment Terraform gave each emulated function, pointed at the emulator.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from scaffold.blueprint import physical
from scaffold.dev.runlog import invocation_lines
from scaffold.errors import ScaffoldError
from scaffold.plan.ir import BuildPlan
from scaffold.run.environment import FAKE_CREDENTIALS, local_environment
from scaffold.run.function import Project, Result, find_function, run_function

__all__ = ["SESSION_FILE", "STATE_DIR", "Session", "SessionInfo", "deploy", "prepare_workdir",
           "emulator_client", "read_session", "seed_emulator", "write_session"]

STATE_DIR = Path(".scaffold") / "dev"
"""Where a session keeps its state, under the project root."""
SESSION_FILE = STATE_DIR / "session.json"

Log = Callable[[str], None]


@dataclass(frozen=True)
class SessionInfo:
    """What ``scaffold dev token`` (and a person) needs of a running session."""

    pid: int
    stage: str
    region: str
    emulator_url: str
    api_url: str
    user_pool_id: str | None
    user_pool_client_id: str | None
    websocket_url: str | None = None


def write_session(project_root: Path, info: SessionInfo) -> Path:
    """Write ``.scaffold/dev/session.json`` (atomically)."""
    target = project_root / SESSION_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(info), indent=2) + "\n", encoding="utf-8")
    tmp.replace(target)
    return target


def read_session(project_root: Path) -> SessionInfo:
    """The running session of the project.

    Raises:
        ScaffoldError: No session file, or its process is gone.
    """
    path = project_root / SESSION_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        info = SessionInfo(**data)
    except (OSError, ValueError, TypeError):
        raise ScaffoldError(f"no running `scaffold dev` session in {project_root} "
                            f"({path} is missing or unreadable)",
                            hint="start one with `scaffold dev` in another terminal") from None
    try:
        os.kill(info.pid, 0)
    except ProcessLookupError:
        raise ScaffoldError(f"the `scaffold dev` session recorded in {path} (pid {info.pid}) "
                            "has ended", hint="start it again with `scaffold dev`") from None
    except PermissionError:
        pass  # it exists, run by another user
    return info


_COPY_IGNORE = shutil.ignore_patterns(".terraform", "terraform.tfstate*", "*.tfplan",
                                      "zz_scaffold_*override.tf")


def prepare_workdir(project_root: Path, *, fresh: bool) -> Path:
    """The project as Terraform sees it in dev: a copy of ``infra/``, ``dist/`` linked.

    The copy keeps each root's ``.terraform`` between runs (a fast ``init``), never its
    state: the emulator forgets everything when it stops, so every start applies anew.
    ``fresh`` wipes the whole session folder first.

    Raises:
        ScaffoldError: Nothing rendered yet.
    """
    infra = project_root / "infra"
    if not (infra / "platform" / "main.tf").is_file():
        raise ScaffoldError(f"no rendered Terraform under {infra}", hint="run `scaffold render`")
    state = project_root / STATE_DIR
    if fresh and state.exists():
        shutil.rmtree(state)
    state.mkdir(parents=True, exist_ok=True)
    (state / ".gitignore").write_text("*\n", encoding="utf-8")
    work = state / "project"
    target = work / "infra"
    if target.exists():
        # Files the blueprint no longer renders must not linger in the copy.
        for path in sorted(target.rglob("*"), reverse=True):
            if ".terraform" in path.parts or path.is_dir():
                continue
            if not (infra / path.relative_to(target)).exists():
                path.unlink()
    for folder in target.rglob("terraform.tfstate.d") if target.exists() else ():
        shutil.rmtree(folder)
    shutil.copytree(infra, target, ignore=_COPY_IGNORE, dirs_exist_ok=True)
    dist = work / "dist"
    if dist.is_symlink() or dist.exists():
        dist.unlink()
    dist.symlink_to((project_root / "dist").resolve(), target_is_directory=True)
    return work


def emulator_client(service: str, emulator_url: str, region: str) -> Any:
    """A boto3 client of ``service`` on the emulator (fake credentials)."""
    import boto3  # type: ignore[import-untyped]

    return boto3.client(service, endpoint_url=emulator_url, region_name=region,
                        aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
                        aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"])


def seed_emulator(emulator_url: str, plan: BuildPlan, stage: str, log: Log) -> None:
    """Create in the emulator what the stage finds instead of creating it.

    - the hosted zone, when another (the production) stage owns it;
    - the state bucket of an S3 backend (``scaffold bootstrap`` makes it on AWS).
    """
    p = plan.platform
    if p.dns_zone and p.create_zone and stage != plan.owner_stage and not p.zone_id:
        route53 = emulator_client("route53", emulator_url, "us-east-1")
        zones = route53.list_hosted_zones()["HostedZones"]
        if not any(z["Name"].rstrip(".") == p.dns_zone for z in zones):
            route53.create_hosted_zone(Name=p.dns_zone, CallerReference=f"scaffold-dev-{stage}")
            log(f"emulator: created the hosted zone {p.dns_zone} (stage '{plan.owner_stage}' "
                f"owns it; stage '{stage}' only finds it)")
    if plan.state_bucket:
        region = plan.state_region or plan.region
        s3 = emulator_client("s3", emulator_url, region)
        config = {} if region == "us-east-1" else {
            "CreateBucketConfiguration": {"LocationConstraint": region}}
        with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou):
            s3.create_bucket(Bucket=plan.state_bucket, **config)
        log(f"emulator: created the state bucket {plan.state_bucket}")


def _preload() -> Path:
    """``cognito_jwks.mjs``: Node handlers fetch the pool's JWKS from the emulator."""
    from importlib import resources

    return Path(str(resources.files("scaffold.dev").joinpath("cognito_jwks.mjs")))


class _Progress:
    """Terraform progress, one line per root and step (the full output only on failure)."""

    def __init__(self, log: Log) -> None:
        self.log = log
        self.started_at: dict[str, float] = {}

    def started(self, root: Any, command: str) -> None:
        if command in ("apply", "plan"):
            self.started_at[f"{root.name}:{command}"] = time.monotonic()

    def line(self, text: str) -> None:
        """Terraform's own lines are not shown (the failure shows its error)."""

    def planned(self, root: Any, summary: Any) -> None:
        """Counts are shown once applied."""

    def finished(self, result: Any) -> None:
        if result.command != "apply" or not result.ok:
            return
        began = self.started_at.get(f"{result.root.name}:apply", time.monotonic())
        counts = result.applied.describe() if result.applied is not None else "applied"
        self.log(f"apply: {result.root.name:<14} {counts} "
                 f"({time.monotonic() - began:.0f} s)")


def deploy(work: Path, plan: BuildPlan, stage: str, emulator_url: str, log: Log,
           terraform: str | None = None, parallel: int = 3) -> dict[str, Any]:
    """Apply every root of ``stage`` to the emulator; return the platform's outputs.

    Raises:
        ScaffoldError: A root failed to apply (its Terraform error in the message).
    """
    from scaffold.tf.deploy import DeployRequest, run
    from scaffold.tf.outputs import read_root_outputs
    from scaffold.tf.runner import RootRef, TerraformRunner, TerraformStepError

    request = DeployRequest(project_root=work, command="apply", stage=stage,
                            endpoint_url=emulator_url, terraform=terraform,
                            parallel=parallel, show_plan=False)
    try:
        run(request, plan, reporter=_Progress(log))
    except TerraformStepError as exc:
        result = exc.result
        block = [line for d in result.diagnostics for line in (*d.block(), "")]
        detail = "\n".join(block or result.output_tail[-30:])
        raise ScaffoldError(f"applying root '{result.root.name}' to the emulator failed "
                            f"(terraform {result.command}):\n{detail}",
                            hint="fix the blueprint or its custom Terraform and start "
                            "`scaffold dev` again; `--fresh` starts from nothing") from None
    platform = RootRef("platform", work / "infra" / "platform")
    return read_root_outputs(TerraformRunner(terraform), platform, stage).values


class Session:
    """Runs the plan's functions from source, with their emulated environment.

    The environment of each function is the one Terraform gave it in the emulator
    (``GetFunctionConfiguration``: table names, the bus, the user pool id, secrets'
    parameter names), over Lambda's own variables, with ``AWS_ENDPOINT_URL`` and fake
    credentials so both SDKs talk to the emulator.
    """

    def __init__(self, project: Project, emulator_url: str, log: Log) -> None:
        self.project = project
        self.emulator_url = emulator_url
        self.log = log
        self._env: dict[tuple[str, str], dict[str, str]] = {}
        self._lock = threading.Lock()
        self.overrides: dict[str, str] = {}  # set for every function (the local WebSocket API)
        self.by_physical_name = {
            f"{physical.prefix(project.plan.app, project.stage)}-{fn.name.rest}":
                (svc.service, fn.handler)
            for svc in project.plan.services for fn in svc.functions}

    def environment(self, service: str, handler: str) -> dict[str, str]:
        """The variables ``service.handler`` runs with (read from the emulator once)."""
        key = (service, handler)
        with self._lock:
            if key in self._env:
                return self._env[key]
        local = find_function(self.project, service, handler)
        plan, stage = self.project.plan, self.project.stage
        planned = local_environment(plan, local.fn, stage, timeout=local.timeout,
                                    memory=local.memory, endpoint_url=self.emulator_url)
        variables = dict(planned.variables)
        name = variables["AWS_LAMBDA_FUNCTION_NAME"]
        try:
            config = emulator_client("lambda", self.emulator_url, plan.region) \
                .get_function_configuration(FunctionName=name)
            variables.update(config.get("Environment", {}).get("Variables", {}))
        except Exception as exc:  # noqa: BLE001 - the planned values still serve
            self.log(f"note: {name} is not in the emulator ({exc}); using planned values")
        variables.update(FAKE_CREDENTIALS)
        variables["AWS_ENDPOINT_URL"] = self.emulator_url
        if not local.fn.runtime.startswith("python"):
            variables["NODE_OPTIONS"] = " ".join(filter(None, [
                os.environ.get("NODE_OPTIONS"), f"--import={_preload().as_uri()}"]))
        variables.update({k: v for k, v in self.overrides.items() if k in variables})
        with self._lock:
            self._env[key] = variables
        return variables

    def run(self, service: str, handler: str, event: Any) -> Result:
        """Run one handler with ``event`` (no logging; see :meth:`invoke`)."""
        return run_function(self.project, service, handler, event,
                            self.environment(service, handler))

    def invoke(self, service: str, handler: str, event: Any, trigger: str) -> Result:
        """Run one handler and log the run: the trigger, status, duration, its output."""
        try:
            result = self.run(service, handler, event)
        except ScaffoldError as exc:
            result = Result("error", {"errorType": "ScaffoldError",
                                      "errorMessage": exc.format(), "stackTrace": []}, "", 0.0)
        for line in invocation_lines(trigger, f"{service}.{handler}", result):
            self.log(line)
        return result

    def invoke_physical(self, function_name: str, event: Any, trigger: str) -> Result:
        """Run the function an emulated Lambda name (or ARN) stands for.

        The seam for the emulator's own invocations (EventBridge targets, stream and queue
        mappings, S3 notifications, Step Functions tasks, ``Invoke``): see
        ``scaffold.dev.invoker`` when it is wired in.

        Raises:
            KeyError: The name is none of the plan's functions.
        """
        name = function_name.rsplit(":function:", 1)[-1].split(":")[0]
        service, handler = self.by_physical_name[name]
        return self.invoke(service, handler, event, trigger)

    def trigger_of(self, service: str, handler: str) -> str:
        """The kind of trigger of a function (``subscription``, ``stream``, ``task``...)."""
        return find_function(self.project, service, handler).use.trigger

    def handler_for(self, function_name: str) -> Callable[[Any], Any] | None:
        """What the emulator runs when it invokes ``function_name`` (None: not ours).

        The resolver of ``scaffold.dev.invoker.install_local_invoker``: the handler's
        result is the function's result, its error a ``HandlerError`` with the runtime's
        error type and stack.
        """
        found = self.by_physical_name.get(function_name)
        if found is None:
            return None
        service, handler = found
        trigger = self.trigger_of(service, handler)

        def run(event: Any) -> Any:
            from scaffold.dev.invoker import HandlerError

            result = self.invoke(service, handler, event, trigger)
            if result.status == "ok":
                return result.payload
            payload = result.payload if isinstance(result.payload, dict) else {}
            raise HandlerError(str(payload.get("errorType", "Error")),
                               str(payload.get("errorMessage", result.status)),
                               [str(line) for line in payload.get("stackTrace") or []])

        return run

    def websocket_routes(self) -> dict[str, tuple[str, str]]:
        """Route key -> ``(service, handler)`` of the WebSocket API."""
        routes = {}
        for svc in self.project.plan.services:
            handlers = {fn.id: fn.handler for fn in svc.functions}
            routes.update({r.route_key: (svc.service, handlers[r.function])
                           for r in svc.websocket})
        return routes

    def on_websocket_route(self, route_key: str, event: dict[str, Any]) -> dict[str, Any] | None:
        """Run a WebSocket route's handler (the ``on_route`` of the local WebSocket API)."""
        service, handler = self.websocket_routes()[route_key]
        result = self.invoke(service, handler, event, f"websocket {route_key}")
        if result.status != "ok":
            payload = result.payload if isinstance(result.payload, dict) else {}
            from scaffold.dev.invoker import HandlerError

            raise HandlerError(str(payload.get("errorType", "Error")),
                               str(payload.get("errorMessage", result.status)))
        return result.payload if isinstance(result.payload, dict) else None

