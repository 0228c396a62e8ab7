"""The Typer application: every command registered on one ``typer.Typer``.

Heavy modules (pydantic, jinja2, copier) are imported inside the commands, so
``scaffold --help`` starts fast.
"""

from __future__ import annotations

import sys

import typer

from scaffold import __version__
from scaffold.cli import commands

app = typer.Typer(
    name="scaffold",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
    help="Turn one blueprint YAML into Terraform modules, roots and Lambda handler stubs "
    "for the AWS serverless reference architecture.",
    epilog="Example: scaffold init my-app && cd my-app && scaffold render",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"scaffold {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of internal errors."),
) -> None:
    commands.STATE.debug = debug


commands.register(app)


def run() -> None:
    """Run the application on ``sys.argv``."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive
        sys.stderr.write("interrupted\n")
        sys.exit(130)
