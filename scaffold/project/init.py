"""Project stage: ``scaffold init`` as a function: a new project from the Copier project template.

Writes the starter blueprint, README, .gitignore, CI workflow and the blueprint's JSON
Schema into an empty folder, then makes it a git repository with a first commit (when it
is not inside one already), because ``copier update`` works only on clean git repos.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from scaffold.blueprint import names
from scaffold.blueprint.load import load_blueprint, load_text
from scaffold.blueprint.validate import validate
from scaffold.errors import BlueprintError, ScaffoldError
from scaffold.project import git as gitops
from scaffold.project.generate import copy_template
from scaffold.project.install_source import default_requirement, is_machine_local, requirement_for
from scaffold.project.reporter import NullReporter, Reporter
from scaffold.project.templates import Runtime, TemplateSource

__all__ = ["DEFAULT_REGION", "GitState", "InitResult", "app_name_from_folder", "init_project"]

DEFAULT_REGION = "eu-west-1"
SCHEMA_FILE = "blueprint.schema.json"

GitState = Literal["created", "existing", "unavailable"]
"""``created``: new repo with a first commit; ``existing``: the folder is inside a work
tree (nothing committed); ``unavailable``: git is not installed."""


@dataclass(frozen=True)
class InitResult:
    """What ``init_project`` created.

    Attributes:
        root: The project folder.
        app: The application name written into the blueprint.
        blueprint: The starter blueprint file.
        template: The Copier source recorded in ``.copier-answers.yml``.
        git: What happened with git.
    """

    root: Path
    app: str
    blueprint: Path
    template: TemplateSource
    git: GitState


def app_name_from_folder(folder: str) -> str:
    """Derive an application name from a folder name: ``My Shop_2`` -> ``my-shop-2``.

    Returns:
        The name, possibly empty when nothing usable is left.
    """
    name = re.sub(r"[^a-z0-9]+", "-", folder.lower())
    name = re.sub(r"^[^a-z]+", "", name)
    return name[:20].rstrip("-")


def init_project(dest: Path, *, name: str | None = None, region: str = DEFAULT_REGION,
                 runtime: str = Runtime.NODEJS22.value, scaffold_source: str | None = None,
                 reporter: Reporter | None = None) -> InitResult:
    """Create a new scaffold project in ``dest``.

    Args:
        dest: The project folder; created when missing, refused when it holds anything
            but a ``.git`` folder.
        name: The application name (default: derived from the folder name).
        region: The AWS region.
        runtime: The default Lambda runtime of the services.
        scaffold_source: Where the project installs scaffold from (see
            :func:`scaffold.project.install_source.requirement_for`); default: where the
            running scaffold came from, else this version on the package index.
        reporter: Receives progress and warnings.

    Returns:
        What was created.

    Raises:
        ScaffoldError: If ``dest`` is not empty, an option is invalid, or rendering fails.
    """
    reporter = reporter or NullReporter()
    _check_empty(dest)
    app = name if name is not None else app_name_from_folder(dest.absolute().name)
    _check_options(app, region, runtime, derived=name is None)
    requirement = (requirement_for(scaffold_source) if scaffold_source is not None
                   else default_requirement())
    data = {"app": app, "region": region, "runtime": runtime,
            "scaffold_requirement": requirement}
    template = copy_template("project", dest, data, reporter=reporter)
    reporter.step(f"created project '{app}' in {dest}/ (blueprint.yaml, README.md, "
                  ".gitignore, .github/workflows/ci.yml)")
    reporter.step(f"requirements-dev.txt installs {requirement}")
    if is_machine_local(requirement):
        reporter.warn("that path exists on this machine only: CI and teammates need "
                      "another source (scaffold init --scaffold-source, or edit "
                      "requirements-dev.txt)")
    _write_schema(dest / SCHEMA_FILE)
    blueprint = dest / "blueprint.yaml"
    validate(load_blueprint(blueprint))
    return InitResult(dest, app, blueprint, template, _init_git(dest, reporter))


def _check_empty(dest: Path) -> None:
    if dest.exists() and not dest.is_dir():
        raise ScaffoldError(f"{dest} exists and is not a folder")
    if dest.is_dir() and any(entry.name != ".git" for entry in dest.iterdir()):
        raise ScaffoldError(f"{dest} is not empty", hint="scaffold init creates a project in a "
                            "new or empty folder: pass another DIR, e.g. scaffold init my-app")


def _check_options(app: str, region: str, runtime: str, *, derived: bool) -> None:
    if not names.APP.fullmatch(app):
        hint = ("pass --name" if derived else "e.g. --name my-app") + f" ({names.KINDS['app'][1]})"
        what = "derived from the folder name " if derived else ""
        raise ScaffoldError(f"application name '{app}' {what}is not valid", hint=hint)
    if runtime not in set(Runtime):
        raise ScaffoldError(f"unknown runtime '{runtime}'",
                            hint="one of " + ", ".join(r.value for r in Runtime))
    # The blueprint's own rules decide what a valid region is.
    probe = json.dumps({"blueprint": 1, "name": app, "region": region,
                        "services": {"api": {}}})
    try:
        validate(load_text(probe, "--region"))
    except BlueprintError as exc:
        problem = exc.diagnostics[0]
        raise ScaffoldError(f"--region: {problem.message}", hint=problem.hint) from None


def _write_schema(path: Path) -> None:
    from scaffold.blueprint.schema import blueprint_schema_json

    path.write_text(blueprint_schema_json() + "\n", encoding="utf-8")


def _init_git(dest: Path, reporter: Reporter) -> GitState:
    if not gitops.git_available():
        reporter.warn("git is not installed: the project is not a git repository; "
                      "`copier update` needs one (git init && git add -A && git commit)")
        return "unavailable"
    top = gitops.work_tree_root(dest)
    if top is not None:
        reporter.step(f"{dest}/ is inside the git repository {top}: commit the new files "
                      "before running `copier update`")
        return "existing"
    gitops.init_repo(dest)
    if gitops.commit_all(dest, "Initial commit from scaffold init"):
        name, email = gitops.FALLBACK_IDENTITY
        reporter.warn(f"git has no user.name/user.email: made the initial commit as "
                      f"'{name} <{email}>' (git commit --amend --reset-author to change it)")
    reporter.step("initialised a git repository with a first commit")
    return "created"
