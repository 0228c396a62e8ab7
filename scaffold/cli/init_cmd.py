"""``scaffold init``: create a new project (blueprint, README, .gitignore, CI) from Copier."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scaffold.cli.common import err, handle_errors, out
from scaffold.project.runtimes import Runtime


class ProgressPrinter:
    """Prints the project stage's progress (stdout) and warnings (stderr)."""

    def step(self, message: str) -> None:
        """Print one progress line."""
        out(message)

    def warn(self, message: str) -> None:
        """Print a warning line to standard error."""
        err(f"warning: {message}")


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""

    @app.command(epilog="Example: scaffold init my-app --region eu-central-1 "
                        "--runtime python3.13 && cd my-app && scaffold validate")
    def init(
        directory: Annotated[Path, typer.Argument(
            metavar="DIR", help="Folder of the new project; created if missing, must be empty.",
            file_okay=False, show_default=True)] = Path(),
        name: Annotated[str | None, typer.Option(
            "--name", help="Application name, prefix of every AWS resource name "
            "[default: derived from the folder name]")] = None,
        region: Annotated[str, typer.Option(help="AWS region.")] = "eu-west-1",
        runtime: Annotated[Runtime, typer.Option(
            help="Default Lambda runtime of the services.")] = Runtime.NODEJS22,
        scaffold_source: Annotated[str | None, typer.Option(
            "--scaffold-source", metavar="SOURCE",
            help="Where the project's CI installs scaffold from (requirements-dev.txt): a "
            "version or index spec (scaffold-serverless>=0.1), a git URL "
            "(git+https://github.com/ORG/scaffold@v0.1.0) or a local path. [default: where "
            "this scaffold was installed from, else this version on the package index]",
            show_default=False)] = None,
    ) -> None:
        """Create a new project: starter blueprint, README, .gitignore and CI workflow.

        The files come from scaffold's Copier project template. Unless the folder is
        already inside a git repository, it becomes one with a first commit, which
        `copier update` needs later.
        """
        with handle_errors():
            from scaffold.project.init import init_project

            result = init_project(directory, name=name, region=region,
                                  runtime=runtime.value, scaffold_source=scaffold_source,
                                  reporter=ProgressPrinter())
            where = "" if directory == Path() else f"cd {directory} && "
            out(f"next: {where}scaffold validate && scaffold render "
                f"(add services with: scaffold new-service NAME) — app '{result.app}'")
