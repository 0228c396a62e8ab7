"""``scaffold build``: package function code into reproducible zips under ``dist/``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scaffold.cli.common import BlueprintArg, handle_errors, load_valid, out

ServiceOption = Annotated[list[str] | None, typer.Option(
    "--service", metavar="NAME", help="Build only this service (repeat for several).",
    show_default=False)]
StageOption = Annotated[str | None, typer.Option(
    "--stage", "-s", metavar="STAGE",
    help="Use this stage's architecture (needed only when stages differ).")]
OutOption = Annotated[Path | None, typer.Option(
    "--out", help="Project root holding services/ and dist/ (default: the blueprint's "
    "folder; the same --out as render).", file_okay=False)]
ForceOption = Annotated[bool, typer.Option(
    "--force", help="Rebuild every zip, even those dist/.scaffold-build.json proves up to "
    "date.")]


class _Progress:
    """Prints each build step on standard output."""

    def step(self, message: str) -> None:
        out(f"  {message}")


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""

    @app.command(epilog="Examples: scaffold build | scaffold build --service users "
                 "--service projects | scaffold build blueprints/webapp.yaml --out /tmp/webapp")
    def build(
        blueprint: BlueprintArg = Path("blueprint.yaml"),
        service: ServiceOption = None,
        stage: StageOption = None,
        out_dir: OutOption = None,
        force: ForceOption = False,
    ) -> None:
        """Package each function into dist/<service>/<function>.zip for Terraform.

        Python services are zipped with their dependencies (pip, binary wheels for the
        function's architecture, cached in dist/.cache); Node.js services are bundled
        with esbuild. Zips are reproducible: building unchanged code again gives the same
        bytes, so Terraform plans no change. A zip whose sources, dependencies and
        settings hash as when it was built is left alone ("up to date").
        """
        with handle_errors():
            from scaffold.bundle.package import build as build_zips
            from scaffold.bundle.package import check_services

            bp = load_valid(blueprint)
            check_services(bp, service or [])
            root = out_dir or blueprint.resolve().parent
            zips = build_zips(root, bp, service or None, _Progress(), stage=stage, force=force)
            for item in zips:
                status = "built" if item.rebuilt else "up to date"
                out(f"  {status:<10} {_relative(item.path, root)}")
            rebuilt = sum(item.rebuilt for item in zips)
            out(f"{root}: {len(zips)} zip(s) in dist/ ({rebuilt} built, "
                f"{len(zips) - rebuilt} up to date)")


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
