"""``scaffold new-service``: add a service to the blueprint and create its code folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scaffold.cli.common import handle_errors, out
from scaffold.cli.init_cmd import ProgressPrinter
from scaffold.project.runtimes import Runtime


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""

    @app.command(name="new-service",
                 epilog="Examples: scaffold new-service billing --runtime python3.13 | "
                 "scaffold new-service billing --route \"GET /invoices/{id}\"")
    def new_service(
        name: Annotated[str, typer.Argument(
            metavar="NAME", help="Service name: lowercase letters, digits and '-', at most 30.")],
        runtime: Annotated[Runtime | None, typer.Option(
            help="Lambda runtime of the service [default: the blueprint's "
            "defaults.runtime, else nodejs22.x]", show_default=False)] = None,
        blueprint: Annotated[Path, typer.Option(
            "--blueprint", "-b", help="The blueprint file; services/NAME/ is created next to it.",
            dir_okay=False)] = Path("blueprint.yaml"),
        route: Annotated[str | None, typer.Option(
            "--route", metavar="'METHOD /path'",
            help="Also add this route, its handler named after it (GET /invoices/{id} -> "
            "getInvoices); auth is 'user' when the blueprint has a user pool, else "
            "'public'. Default: no route.", show_default=False)] = None,
    ) -> None:
        """Add a service to the blueprint and create services/NAME/ from a Copier template.

        The blueprint keeps its comments, key order and formatting; the service gets no
        route unless --route asks for one. The folder records its Copier answers, so that
        `copier update --defaults services/NAME` brings later template improvements.
        """
        with handle_errors():
            from scaffold.project.new_service import add_service

            result = add_service(blueprint, name, runtime.value if runtime else None,
                                 route=route, reporter=ProgressPrinter())
            if result.block.handler:
                out(f"next: scaffold render (writes the stub of {result.block.handler}), "
                    f"then commit services/{name}/")
            else:
                out(f"next: give '{name}' routes, events or tables in {blueprint.name}, "
                    f"scaffold render, then commit services/{name}/")
