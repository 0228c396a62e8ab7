"""``scaffold validate``: check a blueprint and print a one-line summary."""

from __future__ import annotations

from pathlib import Path

import typer

from scaffold.cli.common import BlueprintArg, handle_errors, load_valid, out


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""

    @app.command(epilog="Example: scaffold validate blueprints/webapp.yaml")
    def validate(blueprint: BlueprintArg = Path("blueprint.yaml")) -> None:
        """Check the blueprint; print every problem with FILE:LINE:COL and a hint.

        Exit code 0 when valid, 1 when not, 2 for usage errors.
        """
        with handle_errors():
            from scaffold.blueprint.summary import summarize

            bp = load_valid(blueprint)
            out(f"{blueprint}: valid — {summarize(bp)}")
