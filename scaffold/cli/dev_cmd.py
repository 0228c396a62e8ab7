"""``scaffold dev``: the application on this machine; ``scaffold dev token``: a test token."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from scaffold.cli.common import chosen_stage, err, handle_errors, load_valid, out
from scaffold.errors import ScaffoldError

BlueprintArg = Annotated[Path, typer.Argument(help="The blueprint file.", dir_okay=False)]
BlueprintOpt = Annotated[Path, typer.Option("--blueprint", "-b", help="The blueprint file "
                                            "(its folder holds the session).", dir_okay=False)]
StageOpt = Annotated[str | None, typer.Option(
    "--stage", "-s", help="Stage whose names and settings the local app uses (default: the "
    "blueprint's first stage).")]
PortOpt = Annotated[int, typer.Option("--port", "-p", min=1, max=65535,
                                      envvar="SCAFFOLD_DEV_PORT",
                                      help="Port of the local HTTP API (127.0.0.1).")]
WsPortOpt = Annotated[int | None, typer.Option(
    "--ws-port", min=1, max=65535, help="Port of the local WebSocket API (default: --port "
    "plus one).")]
EmulatorPortOpt = Annotated[int | None, typer.Option(
    "--emulator-port", min=1, max=65535, help="Port of the AWS emulator (default: a free "
    "one).")]
FreshOpt = Annotated[bool, typer.Option("--fresh", help="Wipe .scaffold/dev/ first (the "
                                        "copied Terraform, its init cache, the session).")]
TerraformOpt = Annotated[str | None, typer.Option("--terraform", help="Terraform binary "
                                                  "(default: $SCAFFOLD_TERRAFORM, then PATH).")]
GroupOpt = Annotated[str | None, typer.Option("--group", "-g", help="Put the user in this "
                                              "group of the user pool (e.g. admin).")]
UserOpt = Annotated[str | None, typer.Option("--username", "-u", help="The user's name (an "
                                             "e-mail; default dev@example.com, or "
                                             "dev-<group>@example.com with --group).")]
OutOpt = Annotated[Path | None, typer.Option(
    "--out", help="Project root holding infra/, services/ and dist/ (default: the "
    "blueprint's folder), as for render and build.", file_okay=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the user, its groups, access "
                                       "and id tokens as JSON.")]

# The credentials of whoever runs `dev` must never reach a handler or Terraform: everything
# talks to the emulator, with fake keys.
_AWS_IDENTITY = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN",
                 "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL")


class _DefaultStart(TyperGroup):
    """``scaffold dev [BLUEPRINT] [options]`` means ``scaffold dev start ...``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = ["start", *args]
        return super().parse_args(ctx, args)


def _run_step(name: str, args: list[str], cwd: Path) -> float:
    """``scaffold <args>`` in a child process; its summary line on success, all on failure."""
    began = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "scaffold", *args], cwd=cwd, text=True,
                          capture_output=True, check=False)
    took = time.monotonic() - began
    lines = (proc.stdout.strip() or proc.stderr.strip()).splitlines()
    if proc.returncode != 0:
        lines = (proc.stdout + proc.stderr).strip().splitlines()
        raise ScaffoldError(f"`scaffold {name}` failed:\n" + "\n".join(lines[-40:]),
                            hint=f"fix it and start `scaffold dev` again (or run `scaffold "
                            f"{name}` alone to see why)")
    err(f"{name}: {lines[-1] if lines else 'done'} ({took:.1f} s)")
    return took


def _start(blueprint: Path, out_dir: Path | None, stage: str | None, port: int,
           emulator_port: int | None, ws_port: int | None, fresh: bool,
           terraform: str | None) -> None:
    from scaffold.dev.emulator import LOOPBACK, port_is_free, start_emulator
    from scaffold.dev.http_gateway import HttpGateway, routes_of, serve
    from scaffold.dev.jwt import JwtVerifier, issuer_of
    from scaffold.dev.session import (
        SESSION_FILE,
        Session,
        SessionInfo,
        deploy,
        prepare_workdir,
        seed_emulator,
        write_session,
    )
    from scaffold.plan.build import build_plan
    from scaffold.run.function import Project

    began = time.monotonic()
    bp = load_valid(blueprint)
    plan = build_plan(bp)
    chosen = chosen_stage(plan, stage)
    ws_port = ws_port if ws_port is not None else port + 1
    wanted_ports = [(port, "--port")]
    if any(s.websocket for s in plan.services):
        wanted_ports.append((ws_port, "--ws-port"))
    for wanted, flag in wanted_ports:
        if not port_is_free(wanted):
            raise ScaffoldError(f"port {wanted} of {LOOPBACK} is taken",
                                hint=f"stop what listens there, or pass {flag}")
    root = (out_dir or blueprint.parent).resolve()
    for key in _AWS_IDENTITY:
        os.environ.pop(key, None)
    terraform = terraform or os.environ.get("SCAFFOLD_TERRAFORM")
    # The emulator is local: more resources at once overlap the provider's waiters.
    for step in ("plan", "apply"):
        os.environ.setdefault(f"TF_CLI_ARGS_{step}", "-parallelism=30")
    root.mkdir(parents=True, exist_ok=True)  # as `render --out` would
    where = [str(blueprint.resolve()), "--out", str(root)]
    _run_step("render", ["render", *where], root)
    _run_step("build", ["build", *where], root)
    work = prepare_workdir(root, fresh=fresh)
    emulator = start_emulator(emulator_port)
    server = websocket = uninstall = None
    try:
        err(f"emulator: moto server on {emulator.url} (in this process; it keeps nothing "
            "when dev stops, so every start applies again)")
        seed_emulator(emulator.url, plan, chosen, err)
        _execute_workflows(emulator.url)
        applied = time.monotonic()
        outputs = deploy(work, plan, chosen, emulator.url, err, terraform)
        err(f"apply: every root applied to the emulator ({time.monotonic() - applied:.0f} s)")
        session = Session(Project(root, bp, plan, chosen), emulator.url, err)
        pool_id, client_id = outputs.get("user_pool_id"), outputs.get("user_pool_client_id")
        verify = None
        if pool_id and client_id:
            verify = JwtVerifier(f"{emulator.url}/{pool_id}/.well-known/jwks.json",
                                 issuer_of(plan.region, str(pool_id)), {str(client_id)})
        routes = routes_of(plan)
        gateway = HttpGateway(routes, plan.platform.cors,
                              lambda route, event: session.run(route.service, route.handler,
                                                               event),
                              verify, err)
        server, _ = serve(gateway, LOOPBACK, port)
        websocket = _start_websocket(session, chosen, ws_port)
        dispatch, uninstall = _wire_dispatch(session, emulator.url)
        api_url = f"http://{LOOPBACK}:{port}"
        info = SessionInfo(os.getpid(), chosen, plan.region, emulator.url, api_url,
                           str(pool_id) if pool_id else None,
                           str(client_id) if client_id else None,
                           websocket.url if websocket is not None else None)
        write_session(root, info)
        _banner(bp.name, chosen, info, len(routes), time.monotonic() - began, dispatch,
                root)
        _wait_for_interrupt()
        err("stopping: HTTP gateway, emulator")
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
        if websocket is not None:
            websocket.close()
        if uninstall is not None:
            uninstall()
        emulator.stop()
        (root / SESSION_FILE).unlink(missing_ok=True)
    err("scaffold dev stopped")


def _execute_workflows(emulator_url: str) -> None:
    """Switch on moto's Step Functions execution, before any state machine exists.

    moto keeps state machines apart when executions run (another backend): switched on
    after the apply, the workflows Terraform created would be gone.
    """
    import urllib.request

    config = json.dumps({"stepfunctions": {"execute_state_machine": True}}).encode()
    request = urllib.request.Request(f"{emulator_url}/moto-api/config", data=config,
                                     method="POST",
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=10):
        pass


def _wire_dispatch(session: Any, emulator_url: str) -> tuple[str, Any]:
    """Route the emulator's own Lambda invocations to the handlers (``scaffold.dev.invoker``).

    EventBridge targets, stream and queue mappings, S3 notifications, Step Functions tasks
    (moto's execution simulation is switched on for them) and ``Invoke`` run the user's
    handler of the function invoked. Returns what the banner says and ``uninstall``.
    """
    from scaffold.dev.invoker import install_local_invoker

    uninstall = install_local_invoker(session.handler_for)
    return ("events, streams, queues, uploads and workflow tasks run your handlers "
            "(schedules: `scaffold invoke SERVICE.FUNCTION --sample`)"), uninstall


def _start_websocket(session: Any, stage: str, port: int) -> Any:
    """The local WebSocket API, when the plan has one; handlers push to it."""
    from scaffold.dev.ws_gateway import start_websocket_gateway
    from scaffold.plan import contract

    routes = session.websocket_routes()
    if not routes:
        return None
    gateway = start_websocket_gateway(session.on_websocket_route, routes=list(routes),
                                      stage=stage, port=port)
    session.overrides[contract.ENV_WEBSOCKET_ENDPOINT] = gateway.management_endpoint
    return gateway


def _banner(app: str, stage: str, info: Any, routes: int, took: float, dispatch: str,
            root: Path) -> None:
    where = "" if root == Path.cwd().resolve() else f" --out {root}"
    token = "scaffold dev token" + where + (" --group admin" if info.user_pool_id else "")
    lines = [
        "",
        f"scaffold dev is ready: {app}, stage {stage}, in {took:.0f} s",
        f"  local API    {info.api_url}  ({routes} route(s))",
        *([f"  WebSocket    {info.websocket_url}"] if info.websocket_url else []),
        f"  emulator     {info.emulator_url}  (point the AWS CLI or an SDK at it: "
        f"AWS_ENDPOINT_URL={info.emulator_url})",
    ]
    if info.user_pool_id:
        lines += [f"  user pool    {info.user_pool_id}",
                  f"  token        {token}",
                  f"               curl -H \"Authorization: Bearer $({token})\" "
                  f"{info.api_url}/..."]
    lines += [f"  async        {dispatch}",
              "  handlers     run from your source on every request: edit and call again",
              "Ctrl-C stops everything.", ""]
    for line in lines:
        out(line)


def _wait_for_interrupt() -> None:
    """Block until Ctrl-C or SIGTERM."""
    stop = threading.Event()

    def on_signal(signum: int, frame: Any) -> None:
        stop.set()

    # Both installed explicitly: a shell starting `dev` in the background ignores SIGINT,
    # and Python then raises no KeyboardInterrupt.
    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _token(blueprint: Path, out_dir: Path | None, group: str | None, username: str | None,
           as_json: bool) -> None:
    from scaffold.dev.session import read_session
    from scaffold.dev.tokens import mint_tokens

    info = read_session((out_dir or blueprint.parent).resolve())
    tokens = mint_tokens(info, group, username)
    if as_json:
        out(json.dumps({"username": tokens.username, "groups": list(tokens.groups),
                        "access_token": tokens.access_token, "id_token": tokens.id_token,
                        "expires_in": tokens.expires_in}, indent=2))
    else:
        out(tokens.access_token)


def register(app: typer.Typer) -> None:
    """Add ``dev`` (and ``dev token``) to ``app``."""
    dev = typer.Typer(cls=_DefaultStart, no_args_is_help=False, help=(
        "Run the whole application on this machine: no Docker, no AWS account.\n\n"
        "`scaffold dev [BLUEPRINT]` renders, builds, starts an AWS emulator (moto, in "
        "this process, 127.0.0.1 only), applies every root of the stage to it, and serves "
        "the HTTP API locally. `scaffold dev token` signs a test user in. Run `scaffold "
        "dev start --help` for the options."),
        epilog="Example: scaffold dev --port 3000, then in another terminal: "
        "curl -H \"Authorization: Bearer $(scaffold dev token)\" "
        "http://127.0.0.1:3000/projects")

    @dev.command("start", epilog="Examples: scaffold dev | scaffold dev blueprint.yaml "
                 "--stage dev --port 3000 | scaffold dev --fresh | scaffold dev "
                 "blueprints/webapp.yaml --out ~/webapp")
    def start(blueprint: BlueprintArg = Path("blueprint.yaml"), out_dir: OutOpt = None,
              stage: StageOpt = None, port: PortOpt = 3000, ws_port: WsPortOpt = None,
              emulator_port: EmulatorPortOpt = None, fresh: FreshOpt = False,
              terraform: TerraformOpt = None) -> None:
        """Run the application locally: emulator, every root applied, a local HTTP API.

        Renders (as `scaffold render`), builds (as `scaffold build`), starts moto server
        with scaffold's patches in this process on 127.0.0.1, applies every root of the
        stage to it with Terraform (the same roots `scaffold apply` deploys: tables,
        buckets, the bus, the user pool, queues and state machines exist as declared), then
        serves every route of the HTTP API on 127.0.0.1:PORT with API Gateway's payload
        2.0 events, and the WebSocket API on PORT+1 ($connect, $disconnect, custom routes;
        post_to_connection from a handler reaches the client). Events, table streams,
        queues, uploads and workflow tasks the emulator delivers run the handlers too.
        Each request runs the route's handler from your source in its runtime
        (Node for TypeScript, the service's Python), so an edited handler answers the next
        request, no restart. JWT routes check the bearer token against the emulated user
        pool (401 without a valid one, before your code runs); group rules answer 403 as
        deployed. Handlers get the environment Terraform gave their function, pointed at
        the emulator (AWS_ENDPOINT_URL, fake credentials). One log line per request, the
        handler's output beneath. Ctrl-C stops everything. State: .scaffold/dev/ (the
        emulator keeps nothing between runs: each start applies again; --fresh also drops
        Terraform's init cache). Needs moto: pip install 'scaffold-serverless[dev]'.
        """
        with handle_errors():
            _start(blueprint, out_dir, stage, port, emulator_port, ws_port, fresh, terraform)

    @dev.command("token", epilog="Examples: scaffold dev token | scaffold dev token --group "
                 "admin | scaffold dev token --username ana@example.com --json")
    def token(group: GroupOpt = None, username: UserOpt = None, as_json: JsonOpt = False,
              blueprint: BlueprintOpt = Path("blueprint.yaml"),
              out_dir: OutOpt = None) -> None:
        """Print an access token of a test user of the running `scaffold dev` session.

        Creates the user in the emulated user pool when it does not exist (confirmed, a
        fixed password), adds it to --group, signs it in and prints its access token, for
        `Authorization: Bearer <token>`. Reads the session from .scaffold/dev/session.json
        of the project (the blueprint's folder, or --out as given to `scaffold dev`);
        exit 1 when no session runs.
        """
        with handle_errors():
            _token(blueprint, out_dir, group, username, as_json)

    app.add_typer(dev, name="dev")


__all__ = ["register"]
