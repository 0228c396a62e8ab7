"""``scaffold doctor``: check this machine's tools and settings for the blueprint."""

from __future__ import annotations

from pathlib import Path

import typer

from scaffold.cli.common import BlueprintArg, err, handle_errors, load_valid, out
from scaffold.errors import ExitCode

_MARK = {"ok": "ok  ", "warn": "warn", "fail": "FAIL"}


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""

    @app.command(epilog="Example: scaffold doctor | scaffold doctor blueprints/webapp.yaml")
    def doctor(blueprint: BlueprintArg = Path("blueprint.yaml")) -> None:
        """Check Python, Terraform, the AWS provider source, Node.js, Graphviz, AWS
        credentials, region and state backend, and say what to fix.

        Reads the blueprint when there is one, to know what it needs (Node.js only for
        TypeScript services, for example). Makes no network call. Exit code 1 when
        something blocks render, build or deploy; warnings do not.
        """
        with handle_errors():
            from scaffold.tf.doctor import run_checks

            bp = load_valid(blueprint) if blueprint.is_file() else None
            if bp is None:
                err(f"note: {blueprint} not found; checking the machine only")
            checks = run_checks(bp)
            for check in checks:
                out(f"  {_MARK[check.status]}  {check.name}: {check.found}")
                if check.fix and check.status != "ok":
                    out(f"          fix: {check.fix}")
            failed = [c.name for c in checks if c.status == "fail"]
            if failed:
                err(f"doctor: {len(failed)} problem(s) block the work: {', '.join(failed)}")
                raise typer.Exit(int(ExitCode.FAILURE))
            out("doctor: ready" + (" (see the warnings above)"
                                   if any(c.status == "warn" for c in checks) else ""))
