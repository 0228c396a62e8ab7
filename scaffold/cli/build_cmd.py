"""``scaffold build``: package function code into reproducible zips under ``dist/``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scaffold.cli.common import BlueprintArg, handle_errors, load_valid
from scaffold.cli.progress import Event, EventSink, json_errors, make_sink

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


JsonOption = Annotated[bool, typer.Option(
    "--json", help="Print progress as JSON lines on stdout (one event per service, step "
    "and zip, then a summary); nothing else goes to stdout.")]


class _Progress:
    """Reports each service and build step as events (a header per service on stderr)."""

    def __init__(self, sink: EventSink) -> None:
        self.sink = sink
        self.service: str | None = None

    def service_started(self, service: str, runtime: str, index: int, total: int) -> None:
        self.service = service
        self.sink.emit(Event("start", "build", service, runtime, index=index, total=total))

    def step(self, message: str) -> None:
        self.sink.emit(Event("log", "build", self.service if self.sink.json else None,
                             message=message if self.sink.json else f"  {message}"))


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
        as_json: JsonOption = False,
    ) -> None:
        """Package each function into dist/<service>/<function>.zip for Terraform.

        Python services are zipped with their dependencies (pip, binary wheels for the
        function's architecture, cached in dist/.cache); Node.js services are bundled
        with esbuild. Zips are reproducible: building unchanged code again gives the same
        bytes, so Terraform plans no change. A zip whose sources, dependencies and
        settings hash as when it was built is left alone ("up to date").
        """
        sink = make_sink(as_json)
        with handle_errors(), json_errors(sink, "build"):
            from scaffold.bundle.package import build as build_zips
            from scaffold.bundle.package import check_services

            bp = load_valid(blueprint)
            check_services(bp, service or [])
            root = out_dir or blueprint.resolve().parent
            zips = build_zips(root, bp, service or None, _Progress(sink), stage=stage,
                              force=force)
            for item in zips:
                status = "built" if item.rebuilt else "up to date"
                path = _relative(item.path, root)
                sink.emit(Event("file", "build", _service_of(path), status,
                                message=path if sink.json else f"  {status:<10} {path}"))
            rebuilt = sum(item.rebuilt for item in zips)
            sink.emit(Event("summary", "build", counts={
                "zips": len(zips), "built": rebuilt, "up_to_date": len(zips) - rebuilt},
                message=f"{root}: {len(zips)} zip(s) in dist/ ({rebuilt} built, "
                f"{len(zips) - rebuilt} up to date)"))


def _service_of(path: str) -> str | None:
    parts = path.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "dist" else None


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
