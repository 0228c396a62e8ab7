"""``scaffold invoke``: run one function's handler locally, from source, with an event."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from scaffold.cli.common import UsageError, chosen_stage, err, handle_errors, load_valid, out
from scaffold.errors import ExitCode, ScaffoldError

FunctionArg = Annotated[str, typer.Argument(
    metavar="SERVICE.FUNCTION", help="The function: its service and handler name, e.g. "
    "projects.listProjects.", show_default=False)]
EventOpt = Annotated[Path | None, typer.Option(
    "--event", "-e", help="A JSON file holding the event ('-' reads standard input).",
    dir_okay=False, allow_dash=True)]
SampleOpt = Annotated[bool, typer.Option(
    "--sample", help="Use a sample event of the function's trigger (an HTTP API request "
    "with the route key and path parameters, an EventBridge event of the subscribed "
    "detail type, a stream record, an S3 or SQS event, ...).")]
StageOpt = Annotated[str | None, typer.Option(
    "--stage", "-s", help="Stage whose names the environment points at (default: the "
    "blueprint's first stage).")]
EndpointOpt = Annotated[str | None, typer.Option(
    "--endpoint-url", envvar="SCAFFOLD_AWS_ENDPOINT_URL",
    help="Send the handler's AWS SDK calls to this endpoint (moto server, LocalStack): "
    "sets AWS_ENDPOINT_URL, and fake credentials when none are set; with --remote, the "
    "emulator the stage was applied to.")]
EnvOpt = Annotated[list[str] | None, typer.Option(
    "--env", help="NAME=VALUE for the handler, over the planned environment; repeatable "
    "(e.g. USER_POOL_ID, which only a deployment knows).")]
BlueprintOpt = Annotated[Path, typer.Option("--blueprint", "-b", help="The blueprint file.",
                                            dir_okay=False)]
RemoteOpt = Annotated[bool, typer.Option(
    "--remote", help="Invoke the deployed function of the stage instead (needs boto3: "
    "pip install 'scaffold-serverless[aws]', and AWS credentials): prints its result and "
    "the end of its log.")]
TimeoutOpt = Annotated[float | None, typer.Option(
    "--timeout", min=0.1, help="Seconds before the run is stopped (default: the "
    "function's timeout in the stage).")]


def _event(event_file: Path | None, sample: bool, project: Any, service: str,
           function: str) -> Any:
    from scaffold.plan.samples import sample_event
    from scaffold.run.function import find_function

    local = find_function(project, service, function)
    if sample:
        return sample_event(project.blueprint, local.use, project.stage)
    if event_file is None:
        return {}
    import sys

    text = sys.stdin.read() if str(event_file) == "-" else event_file.read_text("utf-8")
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ScaffoldError(f"{event_file}: not JSON: {exc}",
                            hint="write the event as one JSON value") from None


def _overrides(pairs: list[str]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--env {pair!r} is not NAME=VALUE", hint="e.g. --env LOG_LEVEL=debug")
        values[key] = value
    return values


def _remote(project: Any, local: Any, event: Any, endpoint: str | None) -> int:
    import time

    from scaffold.run.aws import aws_client
    from scaffold.run.remote import invoke_remote

    client = aws_client("lambda", project.plan.region, endpoint, os.environ, "invoke --remote")
    started = time.monotonic()
    result = invoke_remote(client, project.plan, project.stage, local.fn, event)
    elapsed = (time.monotonic() - started) * 1000
    if result.log_tail:
        err(result.log_tail.rstrip("\n"))
    status = "ok" if result.error is None else f"error ({result.error})"
    err(f"==> {local.label} ({result.name}): {status} in {elapsed:.0f} ms")
    if result.error is None:
        out(json.dumps(result.payload, indent=2, sort_keys=True))
        return int(ExitCode.OK)
    payload = result.payload if isinstance(result.payload, dict) else {}
    err(f"{payload.get('errorType', 'Error')}: {payload.get('errorMessage', result.payload)}")
    for line in payload.get("stackTrace") or []:
        err(str(line))
    return int(ExitCode.FAILURE)


def _invoke(target: str, blueprint: Path, event_file: Path | None, sample: bool,
            stage: str | None, endpoint: str | None, env: list[str],
            timeout: float | None, remote: bool = False) -> int:
    from scaffold.plan.build import build_plan
    from scaffold.run.environment import local_environment
    from scaffold.run.function import Project, find_function, run_function

    if event_file is not None and sample:
        raise UsageError("--event and --sample exclude each other", hint="pass one of them")
    overrides = _overrides(env)
    service, dot, function = target.partition(".")
    bp = load_valid(blueprint)
    plan = build_plan(bp)
    chosen = chosen_stage(plan, stage)
    project = Project(blueprint.resolve().parent, bp, plan, chosen)
    if not dot:
        function = ""  # find_function raises, listing the known functions
    local = find_function(project, service, function)
    event = _event(event_file, sample, project, service, function)
    if remote:
        if env or timeout is not None:
            raise UsageError("--env and --timeout apply to local runs only",
                             hint="the deployed function has its own environment and timeout")
        return _remote(project, local, event, endpoint)
    planned = local_environment(plan, local.fn, chosen, timeout=local.timeout,
                                memory=local.memory, endpoint_url=endpoint, base=os.environ)
    missing = [k for k in planned.unresolved if k not in overrides]
    if missing:
        err(f"note: not set locally (only a deployment knows them): {', '.join(missing)}; "
            "pass --env NAME=VALUE to set them")
    result = run_function(project, service, local.use.handler, event,
                          {**planned.variables, **overrides}, timeout=timeout)
    if result.logs:
        err(result.logs.rstrip("\n"))
    err(f"==> {local.label}: {result.status} in {result.duration * 1000:.0f} ms")
    if result.status == "ok":
        out(json.dumps(result.payload, indent=2, sort_keys=True))
        return int(ExitCode.OK)
    payload = result.payload or {}
    err(f"{payload.get('errorType', 'Error')}: {payload.get('errorMessage', '')}")
    for line in payload.get("stackTrace") or []:
        err(line)
    return int(ExitCode.FAILURE)


def register(app: typer.Typer) -> None:
    """Add ``invoke`` to ``app``."""

    @app.command("invoke", epilog="Examples: scaffold invoke projects.listProjects --sample  |  "
                 "scaffold invoke users.onSignedUp --event event.json --endpoint-url "
                 "http://127.0.0.1:5000  |  scaffold invoke projects.getProject --sample "
                 "--remote --stage prod")
    def invoke(target: FunctionArg, event_file: EventOpt = None, sample: SampleOpt = False,
               stage: StageOpt = None, endpoint: EndpointOpt = None, env: EnvOpt = None,
               timeout: TimeoutOpt = None, remote: RemoteOpt = False,
               blueprint: BlueprintOpt = Path("blueprint.yaml")) -> None:
        """Run one function's handler on this machine, from its source, and print its result.

        No build, no zip, no deploy: a TypeScript function's generated entry point is
        bundled with the service's esbuild (node_modules must be installed) and run by
        node; a Python function runs in the service's .venv, or in this Python when it has
        none. The handler gets the event (--event FILE, --sample, or {}), a Lambda-like
        context and the environment Terraform gives it, with values pointing at the stage's
        resource names. Group rules apply as deployed: the generated entry point runs
        first. The result is printed as JSON on stdout, the handler's logs on stderr.
        With --remote the deployed function of the stage runs instead (through its alias
        `live` when it has provisioned concurrency): its result on stdout, the end of its
        log on stderr; --endpoint-url then names the emulator the stage was applied to.
        Exit 0 when the handler returned, 1 when it threw or timed out (its error and
        stack on stderr), 2 for a usage error.
        """
        with handle_errors():
            code = _invoke(target, blueprint, event_file, sample, stage, endpoint, env or [],
                           timeout, remote)
        raise typer.Exit(code)
