"""``scaffold validate``: check a blueprint and print a one-line summary."""

from __future__ import annotations

from pathlib import Path

import typer

from scaffold.cli.common import BlueprintArg, err, handle_errors, out


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""

    @app.command(epilog="Example: scaffold validate blueprints/webapp.yaml")
    def validate(blueprint: BlueprintArg = Path("blueprint.yaml")) -> None:
        """Check the blueprint; print every problem with FILE:LINE:COL and a hint.

        Warnings (a valid choice that surprises on a real account) go to standard error
        and keep exit code 0. Exit code 0 when valid, 1 when not, 2 for usage errors.
        """
        with handle_errors():
            from scaffold.blueprint.advice import blueprint_warnings
            from scaffold.blueprint.load import load_text, read_blueprint
            from scaffold.blueprint.summary import summarize
            from scaffold.blueprint.validate import validate as validate_document
            from scaffold.cli.validate_cache import record

            raw = read_blueprint(blueprint)
            doc = load_text(raw, str(blueprint))
            bp = validate_document(doc)
            warnings = [w.format() for w in blueprint_warnings(bp, doc.source_map)]
            if warnings:
                warnings.append(f"found {len(warnings)} warning{'s' * (len(warnings) != 1)} "
                                "(the blueprint is valid)")
            summary = f"{blueprint}: valid — {summarize(bp)}"
            for line in warnings:
                err(line)
            out(summary)
            record(str(blueprint), raw, summary + "\n", "".join(f"{w}\n" for w in warnings))
