"""``scaffold render``: write Terraform, stubs and docs for the blueprint, safely."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scaffold.cli.common import BlueprintArg, err, handle_errors, load_valid
from scaffold.cli.progress import Event, EventSink, json_errors, make_sink
from scaffold.errors import ExitCode

OutOption = Annotated[Path | None, typer.Option(
    "--out", help="Project root to write into (default: the blueprint's folder).",
    file_okay=False)]


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""

    @app.command(epilog="Examples: scaffold render | scaffold render --diff | "
                 "scaffold render --check --diff | "
                 "scaffold render blueprints/webapp.yaml --out /tmp/webapp")
    def render(
        blueprint: BlueprintArg = Path("blueprint.yaml"),
        out_dir: OutOption = None,
        check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 when "
                                            "generated files are out of date (for CI).")] = False,
        diff: Annotated[bool, typer.Option("--diff", help="Show the unified diff of what "
                                           "would change, and write nothing.")] = False,
        dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the plan of writes "
                                              "and stop.")] = False,
        force: Annotated[bool, typer.Option("--force", help="Overwrite generated files "
                                            "that were edited by hand.")] = False,
        verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every file "
                                              "written, not only the summary.")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines on stdout: "
                                              "a `file` event per file listed, then a "
                                              "`summary` with the counts and conflicts.")]
        = False,
    ) -> None:
        """Render Terraform modules and roots, handler stubs and docs.

        Deterministic: a second render with no change writes nothing. Handler stubs and
        package files are written only when absent. A generated file edited by hand stops
        the render (use --force or move the change into the blueprint).
        """
        sink = make_sink(as_json)
        with handle_errors(), json_errors(sink, "render"):
            from scaffold.cli.noop_render import try_noop

            if not (force or diff or dry_run or verbose or as_json) and \
                    try_noop(blueprint, out_dir):
                return
            from scaffold.output.lock import output_lock
            from scaffold.output.manifest import load_manifest
            from scaffold.output.writer import apply_writes, plan_writes
            from scaffold.project.rendering import render as render_files

            raw = _read_or_none(blueprint)
            bp = load_valid(blueprint)
            loaded = raw if raw is not None and raw == _read_or_none(blueprint) else None
            root = out_dir or blueprint.resolve().parent
            files = render_files(bp)
            if check or dry_run or diff:
                plan = plan_writes(root, files, load_manifest(root))
                _print_plan(plan, sink, verbose=True)
                if diff:
                    sink.emit(Event("diff", "render", message=plan.diff()))
                if check and not plan.is_clean:
                    err("generated files are out of date: run `scaffold render`")
                    raise typer.Exit(int(ExitCode.FAILURE))
                return
            if root.is_dir():
                plan = _with_record(plan_writes(root, files, load_manifest(root)), files,
                                    loaded)
                if plan.writes_nothing:  # no lock either: a no-op render touches no file
                    _print_plan(plan, sink, verbose=verbose, listed=())
                    return
            root.mkdir(parents=True, exist_ok=True)
            with output_lock(root):
                plan = _with_record(plan_writes(root, files, load_manifest(root)), files,
                                    loaded)
                apply_writes(plan, force=force)
            _print_plan(plan, sink, verbose=verbose, listed=("create", "update", "delete")
                        if verbose else ())


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None  # load_valid reports it


def _with_record(plan, files, blueprint: bytes | None):  # type: ignore[no-untyped-def]
    """Record the render's inputs in the manifest it writes, so that the next render of the
    same blueprint can be answered without rendering; not when orphans stay recorded (they
    are not this render's files) or the blueprint changed while it was being loaded."""
    from dataclasses import replace

    from scaffold.output.fingerprint import inputs_digest
    from scaffold.output.manifest import Manifest, RenderRecord

    if blueprint is None or plan.orphans:
        return plan
    record = RenderRecord(inputs_digest(blueprint),
                          tuple(sorted(f.path for f in files if f.executable)))
    return replace(plan, manifest=Manifest(plan.manifest.entries, render=record))


def _print_plan(plan, sink: EventSink, verbose: bool,  # type: ignore[no-untyped-def]
                listed: tuple[str, ...] = ("create", "update", "delete")) -> None:
    """Print the plan: conflicts and orphans always, ``listed`` actions, then a summary."""
    for action in plan.actions:
        if action.action in ("identical", "skip"):
            continue
        if verbose or action.action in (*listed, "orphan", "conflict"):
            reason = f"  ({action.reason})" if action.reason else ""
            sink.emit(Event("file", "render", phase=action.action, message=action.path
                            if sink.json else f"  {action.action:<9} {action.path}{reason}"))
    if verbose:
        for path in plan.user_terraform:
            sink.emit(Event("file", "render", phase="user", message=path if sink.json else
                            f"  {'user':<9} {path}  (user Terraform: *.custom.tf, never "
                            "written)"))
    counts = plan.summary()
    parts = [f"{n} {a}" for a, n in counts.items() if n]
    conflicts = tuple(a.path for a in plan.actions if a.action == "conflict")
    sink.emit(Event("summary", "render", counts=dict(counts), items=conflicts,
                    message=f"{plan.root}: " + (", ".join(parts) or "nothing to do")))
    if plan.orphans:
        err(f"note: {len(plan.orphans)} file(s) are no longer produced by the blueprint and "
            "were kept (user code is never deleted); remove them by hand if unused")
