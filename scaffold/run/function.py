"""Local runs: call one function's handler from the user's source, in its own runtime.

The function runner ``scaffold invoke`` uses (and ``scaffold dev`` will): no zip, no
deploy. A TypeScript function's generated entry point (``src/generated/entries/``) is
bundled by the service's own esbuild into a temporary file and run by ``node`` under a tiny
harness; a Python function's entry (``<package>.generated.entries.<module>``) runs in the
service's ``.venv`` interpreter when it has one, else in the current one. Either way the
harness passes the event and a Lambda-like context, the handler's output (stdout and
stderr) is its log, and the function's timeout from the plan stops it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from scaffold.blueprint import model, names
from scaffold.blueprint.functions import FunctionUse, iter_functions
from scaffold.errors import ExitCode, ScaffoldError
from scaffold.plan import contract
from scaffold.plan.ir import BuildPlan, LambdaFunction

__all__ = ["LocalFunction", "Project", "Result", "UnknownFunctionError", "find_function",
           "run_function"]

_REQUIRE_SHIM = ('import{createRequire as __cr}from"node:module";'
                 "const require=__cr(import.meta.url);")
_BUNDLE_TIMEOUT = 120.0


class UnknownFunctionError(ScaffoldError):
    """The command line names a function the blueprint does not have (a usage error)."""

    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class Project:
    """A rendered project: its folder, blueprint and plan, and the stage runs are for."""

    root: Path
    blueprint: model.Blueprint
    plan: BuildPlan
    stage: str


@dataclass(frozen=True)
class LocalFunction:
    """One function of the plan with its trigger and resolved stage settings."""

    use: FunctionUse
    fn: LambdaFunction
    timeout: int
    memory: int

    @property
    def label(self) -> str:
        """``service.handler``, as the command line names it."""
        return f"{self.use.service}.{self.use.handler}"


@dataclass(frozen=True)
class Result:
    """What one run gave: ``ok`` (returned), ``error`` (threw) or ``timeout``.

    ``payload`` is the returned value, or Lambda's error shape (``errorType``,
    ``errorMessage``, ``stackTrace``); ``logs`` is everything the handler printed;
    ``duration`` is in seconds.
    """

    status: Literal["ok", "error", "timeout"]
    payload: Any
    logs: str
    duration: float


def _labels(project: Project) -> list[str]:
    return [f"{name}.{use.handler}" for name, svc in project.blueprint.services.items()
            for use in iter_functions(name, svc)]


def find_function(project: Project, service: str, function: str) -> LocalFunction:
    """The function ``service.function`` (handler name, or its kebab/snake form).

    Raises:
        UnknownFunctionError: When the blueprint has no such function; the hint lists
            the known ones.
    """
    svc = project.blueprint.services.get(service)
    wanted = {function, names.snake(function)}
    use = None if svc is None else next(
        (u for u in iter_functions(service, svc)
         if u.handler in wanted or names.snake(u.handler) in wanted
         or names.kebab(u.handler) == function), None)
    if use is None:
        known = ", ".join(dict.fromkeys(_labels(project))) or "(none)"
        raise UnknownFunctionError(f"no function {service}.{function} in the blueprint",
                                   hint=f"name one of: {known}")
    root = next(s for s in project.plan.services if s.service == service)
    fn = next(f for f in root.functions if f.handler == use.handler)
    settings = fn.settings[project.stage]
    return LocalFunction(use, fn, settings.timeout, settings.memory)


def run_function(project: Project, service: str, function: str, event: Any,
                 env: Mapping[str, str], *, timeout: float | None = None) -> Result:
    """Run one handler locally with ``event`` and return what it did.

    Args:
        project: The rendered project and the stage.
        service: The service's name.
        function: The handler's name (``listProjects``).
        event: The JSON-ready event.
        env: Variables set for the handler, over this process's environment
            (see ``scaffold.run.environment.local_environment``).
        timeout: Seconds before the run is stopped (default: the function's timeout in the
            stage, from the plan).

    Returns:
        The outcome.

    Raises:
        ScaffoldError: When the function is unknown (usage), or its runtime, entry point or
            bundler cannot be found.
    """
    local = find_function(project, service, function)
    limit = float(timeout if timeout is not None else local.timeout)
    folder = project.root / "services" / service
    entry = folder / contract.entry_source(service, local.use.handler, local.fn.runtime)
    if not entry.is_file():
        raise ScaffoldError(f"{local.label} has no generated entry point {entry}",
                            hint="run `scaffold render` first")
    name = env.get("AWS_LAMBDA_FUNCTION_NAME", local.fn.name.rest)
    args = [name, str(limit), str(local.memory), project.plan.region]
    with tempfile.TemporaryDirectory(prefix=".scaffold-invoke-", dir=folder) as tmp:
        work = Path(tmp)
        event_file, result_file = work / "event.json", work / "result.json"
        event_file.write_text(json.dumps(event), encoding="utf-8")
        if local.fn.runtime.startswith("python"):
            module = local.fn.entry.rsplit(".", 1)[0]
            cmd = [_python(folder), str(_harness("harness.py", work)), module,
                   str(event_file), str(result_file), *args]
            child_env = {**os.environ, **env,
                         "PYTHONPATH": os.pathsep.join(filter(None, [
                             str(folder / "src"), os.environ.get("PYTHONPATH")]))}
        else:
            node = shutil.which("node")
            if node is None:
                raise ScaffoldError(f"cannot run {local.label}: node not found on PATH",
                                    hint="install Node.js 22: https://nodejs.org/")
            bundle = _bundle(node, folder, entry, work, local.fn.runtime)
            cmd = [node, "--enable-source-maps", str(_harness("harness.mjs", work)),
                   str(bundle), str(event_file), str(result_file), name,
                   str(int(limit * 1000)), str(local.memory), project.plan.region]
            child_env = {**os.environ, **env}
        return _run(cmd, folder, child_env, limit, result_file)


def _python(folder: Path) -> str:
    for candidate in (folder / ".venv" / "bin" / "python",
                      folder / ".venv" / "Scripts" / "python.exe"):
        if candidate.is_file():
            return str(candidate)
    return sys.executable


def _harness(name: str, work: Path) -> Path:
    target = work / name
    target.write_bytes(resources.files("scaffold.run").joinpath(name).read_bytes())
    return target


def _bundle(node: str, folder: Path, entry: Path, work: Path, runtime: str) -> Path:
    """Bundle the entry point with the service's esbuild (inline source maps, no minify)."""
    esbuild = folder / "node_modules" / "esbuild" / "bin" / "esbuild"
    if not esbuild.is_file():
        raise ScaffoldError(f"esbuild is not installed in {folder / 'node_modules'}",
                            hint=f"run `npm install` in {folder}")
    with esbuild.open("rb") as handle:
        launcher = [node, str(esbuild)] if handle.read(2) == b"#!" else [str(esbuild)]
    out = work / "index.mjs"
    target = "node" + runtime.removeprefix("nodejs").split(".")[0]
    cmd = [*launcher, str(entry), "--bundle", "--platform=node", "--format=esm",
           "--sourcemap=inline", "--external:@aws-sdk/*", f"--target={target}",
           f"--banner:js={_REQUIRE_SHIM}", "--log-level=warning", f"--outfile={out}"]
    try:
        proc = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, check=False,
                              timeout=_BUNDLE_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ScaffoldError(f"esbuild could not bundle {entry}: {exc}") from None
    if proc.returncode != 0:
        raise ScaffoldError(f"esbuild could not bundle {entry}:\n"
                            + (proc.stdout + proc.stderr).strip(),
                            hint="fix the error above in the handler's source")
    return out


def _kill(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _run(cmd: list[str], cwd: Path, env: Mapping[str, str], limit: float,
         result_file: Path) -> Result:
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, env=dict(env), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        output, _ = proc.communicate(timeout=limit)
    except BaseException as exc:
        _kill(proc)  # the handler's own children go with it
        if not isinstance(exc, subprocess.TimeoutExpired):
            raise  # Ctrl-C: the handler runs in its own session and would outlive us
        output, _ = proc.communicate()
        duration = time.monotonic() - start
        return Result("timeout", {"errorType": "Sandbox.Timedout",
                                  "errorMessage": f"Task timed out after {limit:.2f} seconds"},
                      output.decode("utf-8", "replace"), duration)
    duration = time.monotonic() - start
    logs = output.decode("utf-8", "replace")
    try:
        outcome = json.loads(result_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Result("error", {"errorType": "Runtime.ExitError",
                                "errorMessage": f"the runtime exited ({proc.returncode}) "
                                "before the handler returned", "stackTrace": []},
                      logs, duration)
    return Result("ok" if outcome.get("ok") else "error", outcome.get("payload"), logs,
                  duration)
