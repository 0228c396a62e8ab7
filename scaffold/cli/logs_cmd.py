"""``scaffold logs``: CloudWatch Logs of a service's functions, merged in time order."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from scaffold.cli.common import chosen_stage, err, handle_errors, load_valid, out

TargetArg = Annotated[str, typer.Argument(
    metavar="SERVICE[.FUNCTION]", help="A service (all its functions and workflows) or one "
    "function, e.g. projects or projects.createProject.", show_default=False)]
StageOpt = Annotated[str | None, typer.Option(
    "--stage", "-s", help="The deployed stage (default: the blueprint's first stage).")]
SinceOpt = Annotated[str, typer.Option(
    "--since", help="From how long ago (30s, 10m, 2h, 1d, 1w) or from an ISO 8601 time "
    "(UTC unless it has an offset).")]
FollowOpt = Annotated[bool, typer.Option(
    "--follow", help="Keep polling for new events until Ctrl-C.")]
EndpointOpt = Annotated[str | None, typer.Option(
    "--endpoint-url", envvar="SCAFFOLD_AWS_ENDPOINT_URL",
    help="Read from an AWS emulator (moto server, LocalStack) at this URL.")]
BlueprintOpt = Annotated[Path, typer.Option("--blueprint", "-b", help="The blueprint file.",
                                            dir_okay=False)]
IntervalOpt = Annotated[float, typer.Option("--interval", min=0.5, help="Seconds between "
                                            "polls with --follow.")]


def _logs(target: str, blueprint: Path, stage: str | None, since: str, follow: bool,
          endpoint: str | None, interval: float) -> None:
    from scaffold.plan.build import build_plan
    from scaffold.run.logs import (
        COLOURS,
        follow_events,
        format_event,
        log_sources,
        logs_client,
        parse_since,
        read_events,
    )

    plan = build_plan(load_valid(blueprint))
    chosen = chosen_stage(plan, stage)
    service, _, function = target.partition(".")
    sources = log_sources(plan, chosen, service, function or None)
    start = int(parse_since(since).timestamp() * 1000)
    client = logs_client(plan.region, endpoint, os.environ)
    width = max(len(s.label) for s in sources)
    colour = None
    if sys.stdout.isatty():
        from rich.console import Console

        console = Console(highlight=False, soft_wrap=True)
        styles = {s.label: COLOURS[i % len(COLOURS)] for i, s in enumerate(sources)}

        def colour(label: str, line: str) -> None:
            from rich.text import Text

            console.print(Text(line, style=styles[label]))

    def show(event) -> None:  # type: ignore[no-untyped-def]
        line = format_event(event, width)
        if colour is None:
            out(line)
        else:
            colour(event.label, line)

    if follow:
        err(f"==> following {len(sources)} log group(s) of {target} in stage '{chosen}' "
            "(Ctrl-C stops)")
        for event in follow_events(client, sources, start, interval=interval):
            show(event)
        return
    events, missing = read_events(client, sources, start)
    for event in events:
        show(event)
    if missing:
        err("no log group yet (never invoked, or not deployed): "
            + ", ".join(s.group for s in missing))
    if not events:
        err(f"no events since {datetime.fromtimestamp(start / 1000, UTC):%Y-%m-%d %H:%M:%S} "
            "UTC")


def register(app: typer.Typer) -> None:
    """Add ``logs`` to ``app``."""

    @app.command("logs", epilog="Examples: scaffold logs projects --stage prod --since 1h  |  "
                 "scaffold logs projects.createProject --follow")
    def logs(target: TargetArg, stage: StageOpt = None, since: SinceOpt = "10m",
             follow: FollowOpt = False, endpoint: EndpointOpt = None,
             interval: IntervalOpt = 2.0,
             blueprint: BlueprintOpt = Path("blueprint.yaml")) -> None:
        """Print the CloudWatch Logs of a deployed service's functions, merged by time.

        Reads the log groups Terraform created for the service's functions (and its
        workflows), /aws/lambda/<app>-<stage>-<service>-<function>, with FilterLogEvents,
        and prints one line per event, oldest first: `HH:MM:SS.mmm function | message`
        (times in UTC; a colour per function on a terminal). Uses your AWS credentials
        and the blueprint's region. Needs boto3: pip install 'scaffold-serverless[aws]'.
        """
        with handle_errors():
            _logs(target, blueprint, stage, since, follow, endpoint, interval)
