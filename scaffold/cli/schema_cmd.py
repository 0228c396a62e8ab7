"""``scaffold schema``: print the JSON Schema of the blueprint for editors."""

from __future__ import annotations

import typer

from scaffold.cli.common import handle_errors, out


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""

    @app.command(epilog="Example: scaffold schema > blueprint.schema.json")
    def schema() -> None:
        """Print the JSON Schema (draft 2020-12) of blueprint format 1.

        Point your editor at it, e.g. with the YAML language server add
        `# yaml-language-server: $schema=blueprint.schema.json` on top of blueprint.yaml.
        """
        with handle_errors():
            from scaffold.blueprint.schema import blueprint_schema_json

            out(blueprint_schema_json())
