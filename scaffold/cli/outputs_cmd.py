"""``scaffold outputs``: print what a deployed stage offers (URLs, ids, name servers)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from scaffold.cli.common import BlueprintArg, chosen_stage, err, handle_errors, load_valid, out
from scaffold.errors import ScaffoldError

if TYPE_CHECKING:
    from scaffold.tf.deploy import ZoneDelegation
    from scaffold.tf.outputs import StageOutputs

StageOpt = Annotated[str | None, typer.Option("--stage", "-s", help="Stage to read "
                                              "(default: the blueprint's first stage).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout and "
                                       "nothing else: the values named above under \"outputs\", "
                                       "every root's non-sensitive outputs under \"roots\".")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Project root holding infra/ "
                                             "(default: the blueprint's folder).",
                                             file_okay=False)]
TerraformOpt = Annotated[str | None, typer.Option("--terraform", help="Terraform binary "
                                                  "(default: $SCAFFOLD_TERRAFORM, then PATH).")]


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return value if isinstance(value, str) else json.dumps(value)


def print_outputs(result: StageOutputs, as_json: bool = False) -> None:
    """Print a stage's outputs: a table (stdout), or JSON only (stdout) with ``as_json``."""
    if as_json:
        out(json.dumps(result.to_json(), indent=2, sort_keys=True))
        return
    from rich.console import Console
    from rich.table import Table

    from scaffold.tf.outputs import USER_OUTPUTS

    table = Table(title=f"stage '{result.stage}'", title_justify="left", show_header=False,
                  box=None, pad_edge=False)
    table.add_column("what", style="bold", no_wrap=True)
    table.add_column("value", no_wrap=True, overflow="ignore")
    for key, value in result.user_values().items():
        table.add_row(USER_OUTPUTS[key], _text(value))
    # A wide console: a URL cut at the terminal's edge cannot be copied.
    Console(file=sys.stdout, width=max(120, Console().width), highlight=False,
            soft_wrap=True).print(table)
    if result.not_applied:
        err(f"not applied in stage '{result.stage}': {', '.join(result.not_applied)}")


def print_delegation(zone: ZoneDelegation) -> None:
    """Tell the user, before any certificate waits, where to delegate the new zone."""
    lines = "\n".join(f"    {ns}" for ns in zone.name_servers) or "    (none reported)"
    err(f"\n==> created the hosted zone {zone.zone}. Delegate it NOW at your registrar "
        f"(NS records of {zone.zone}) to:\n{lines}\n"
        f"==> the certificates of {', '.join(zone.domains)} are validated through this zone; "
        "the apply continues and waits for that (AWS gives up after 75 minutes).\n"
        "    To deploy without custom domains first, stop here (Ctrl-C), add "
        "`delegated: false` under `dns:`, render and apply again.\n")


def _outputs(blueprint: Path, stage: str | None, as_json: bool, out_dir: Path | None,
             terraform: str | None) -> None:
    from scaffold.plan.build import build_plan
    from scaffold.tf.deploy import stage_outputs

    plan = build_plan(load_valid(blueprint))
    chosen = chosen_stage(plan, stage)
    result = stage_outputs(out_dir or blueprint.resolve().parent, plan, chosen,
                           terraform or os.environ.get("SCAFFOLD_TERRAFORM"))
    if not result.applied:
        raise ScaffoldError(f"stage '{chosen}' has not been applied yet: no root has "
                            "Terraform state with outputs in that workspace",
                            hint=f"run `scaffold apply --stage {chosen}`")
    print_outputs(result, as_json)


def register(app: typer.Typer) -> None:
    """Add ``outputs`` to ``app``."""

    @app.command("outputs", epilog="Examples: scaffold outputs --stage prod  |  "
                 "scaffold outputs --json | jq -r .outputs.site_url")
    def outputs(blueprint: BlueprintArg = Path("blueprint.yaml"), stage: StageOpt = None,
                as_json: JsonOpt = False, out_dir: OutOpt = None,
                terraform: TerraformOpt = None) -> None:
        """Print the URLs and ids of a deployed stage, as `scaffold apply` does at its end.

        Reads `terraform output -json` of every root in the stage's workspace (it talks to
        the state backend only, never to the deployed services): the frontend URL, the API
        and WebSocket URLs, the Cognito user pool and client ids, and the name servers of
        a zone scaffold created (delegate the domain to them at your registrar). Sensitive
        outputs are never printed. Exits 1 when the stage has not been applied yet.
        """
        with handle_errors():
            _outputs(blueprint, stage, as_json, out_dir, terraform)
