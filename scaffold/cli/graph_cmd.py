"""``scaffold graph``: draw the architecture of a blueprint (Mermaid, SVG or PNG)."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from scaffold.cli.common import BlueprintArg, handle_errors, load_valid
from scaffold.errors import ScaffoldError


class GraphFormat(enum.StrEnum):
    """Output formats of ``scaffold graph``."""

    MERMAID = "mermaid"
    SVG = "svg"
    PNG = "png"


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""

    @app.command(epilog="Examples: scaffold graph > architecture.mmd | "
                 "scaffold graph blueprints/webapp.yaml --service projects | "
                 "scaffold graph --format png --out architecture.png "
                 "(svg/png need: pip install 'scaffold-serverless[graph]' and Graphviz)")
    def graph(
        blueprint: BlueprintArg = Path("blueprint.yaml"),
        fmt: Annotated[GraphFormat, typer.Option(
            "--format", "-f", help="mermaid (text, no dependency), or svg / png with AWS "
            "icons (needs the `diagrams` package and Graphviz `dot`).")] = GraphFormat.MERMAID,
        out_file: Annotated[Path | None, typer.Option(
            "--out", "-o", help="Write to this file instead of standard output "
            "(required for png).", dir_okay=False)] = None,
        service: Annotated[str | None, typer.Option(
            "--service", metavar="NAME", help="Draw only this service and the platform "
            "parts it touches.")] = None,
    ) -> None:
        """Draw the architecture: frontend, user pool, APIs, services, bus and arrows.

        One box per service with its functions, tables, buckets, work queues, state
        machines and dead-letter chain; arrows for routes, reads/writes, published and
        subscribed events, streams, queue messages and sends, uploads, workflow tasks,
        schedules and failures. Mermaid text
        renders on GitHub and GitLab (`scaffold render` also writes docs/architecture.md).
        """
        with handle_errors():
            from scaffold.graph import build_graph, render_image, to_mermaid
            from scaffold.plan.build import build_plan

            if fmt is GraphFormat.PNG and out_file is None and sys.stdout.isatty():
                raise ScaffoldError("refusing to write a PNG to the terminal",
                                    hint="add --out FILE (e.g. --out architecture.png)")
            picture = build_graph(build_plan(load_valid(blueprint)), service=service)
            data = (to_mermaid(picture).encode("utf-8") if fmt is GraphFormat.MERMAID
                    else render_image(picture, fmt.value))
            if out_file is None:
                sys.stdout.buffer.write(data)
                sys.stdout.flush()
            else:
                _write(out_file, data)


def _write(path: Path, data: bytes) -> None:
    """Write atomically with the user's umask, like every file render writes."""
    from scaffold.output.writer import write_atomic  # lazy: keeps `scaffold --help` lean

    write_atomic(path, data)
