"""``scaffold update``: bring the project's template-made folders to the installed templates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scaffold.cli.common import handle_errors, out


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""

    @app.command(epilog="Examples: scaffold update | scaffold update services/billing")
    def update(
        folders: Annotated[list[Path] | None, typer.Argument(
            metavar="[FOLDER]...", help="Folders to update (the project root, services/NAME); "
            "default: every folder with a .copier-answers.yml.", show_default=False)] = None,
        blueprint: Annotated[Path, typer.Option(
            "--blueprint", "-b", help="The blueprint file; its folder is the project root.",
            dir_okay=False)] = Path("blueprint.yaml"),
    ) -> None:
        """Run `copier update` on folders made by init and new-service, from any clone.

        The old template version comes from the project itself
        (.scaffold/templates/<template>.bundle, committed with it), the new one from this
        scaffold installation, so a fresh clone on another machine updates too. Your edits
        are kept (Copier replays them on the new version). Commit first: Copier updates
        only a clean git tree; afterwards commit the updated folders and bundles.
        """
        with handle_errors():
            from scaffold.errors import ScaffoldError
            from scaffold.project.portable import answers_folders, update_folder

            root = blueprint.resolve().parent
            chosen = [f.resolve() for f in folders] if folders else answers_folders(root)
            if not chosen:
                raise ScaffoldError(f"no folder under {root} has a .copier-answers.yml",
                                    hint="run it in a project made by `scaffold init`")
            for folder in chosen:
                result = update_folder(root, folder)
                where = folder.relative_to(root).as_posix() if folder != root else "."
                change = (f"{result.old} -> {result.new}" if result.old != result.new
                          else f"already at {result.new}")
                out(f"  {where}: {result.template} template {change}")
            out("next: review the changes (git diff), then commit them with .scaffold/templates/")
