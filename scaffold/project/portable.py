"""Project stage: a template source every clone of a project can use (``scaffold update``).

A project carries the history of the templates it was made from: a git bundle per template
under ``.scaffold/templates/<name>.bundle``, committed with the project, and every answers
file records that bundle, relative to the project root, as ``_src_path`` (see
docs/decisions/0016-portable-template-source.md). So ``copier update`` finds the old
template version (``_commit``) on any clone, in any folder, with scaffold's cache empty.
"""

from __future__ import annotations

import re
from contextlib import chdir
from dataclasses import dataclass
from pathlib import Path

from scaffold.errors import ScaffoldError
from scaffold.project.git import commit_all, git, init_repo
from scaffold.project.templates import (
    TEMPLATE_NAMES,
    ensure_template_repo,
    template_repo_path,
)

__all__ = ["ANSWERS_FILE", "BUNDLE_DIR", "UpdateResult", "answers_folders", "bundle_relpath",
           "make_portable", "update_folder"]

ANSWERS_FILE = ".copier-answers.yml"
BUNDLE_DIR = ".scaffold/templates"
_SRC = re.compile(r"^_src_path: .*$", re.M)
_COMMIT = re.compile(r"^_commit: (.*)$", re.M)


@dataclass(frozen=True)
class UpdateResult:
    """One folder brought to the installed template version.

    Attributes:
        folder: The folder holding the answers file.
        template: The template's name.
        old: The template version it had (``_commit``).
        new: The version it has now.
    """

    folder: Path
    template: str
    old: str | None
    new: str | None


def bundle_relpath(name: str) -> str:
    """The bundle of template ``name``, relative to the project root (POSIX separators)."""
    return f"{BUNDLE_DIR}/{name}.bundle"


def make_portable(project_root: Path, folder: Path, name: str) -> str:
    """Write the template's history into the project and point ``folder``'s answers at it.

    Args:
        project_root: The folder holding ``blueprint.yaml``.
        folder: The folder a template was just copied into (its answers file is rewritten).
        name: The template (its repository in scaffold's cache holds every version).

    Returns:
        The ``_src_path`` now recorded.

    Raises:
        ScaffoldError: If git fails.
    """
    bundle = project_root / bundle_relpath(name)
    bundle.parent.mkdir(parents=True, exist_ok=True)
    repo = template_repo_path(name)
    tmp = bundle.with_name(bundle.name + ".tmp")
    git(repo, "bundle", "create", "-q", str(tmp.absolute()), "--all")
    tmp.replace(bundle)
    answers = folder / ANSWERS_FILE
    text = answers.read_text(encoding="utf-8")
    answers.write_text(_SRC.sub(f"_src_path: {bundle_relpath(name)}", text, count=1),
                       encoding="utf-8")
    return bundle_relpath(name)


def answers_folders(project_root: Path) -> list[Path]:
    """The project root and every ``services/*`` folder that has a Copier answers file."""
    found = [project_root] if (project_root / ANSWERS_FILE).is_file() else []
    services = project_root / "services"
    if services.is_dir():
        found += sorted(p.parent for p in services.glob(f"*/{ANSWERS_FILE}"))
    return found


def update_folder(project_root: Path, folder: Path) -> UpdateResult:
    """Bring ``folder`` to the installed scaffold's template with ``copier update``.

    The project's bundle holds every template version the project has used; the installed
    package adds its own (versioned in scaffold's cache, which may be empty: the old tags
    are fetched from the bundle first). The refreshed bundle is committed on its own, as
    Copier asks of a changed template source, then ``copier update`` runs from the project
    root and leaves its changes in the work tree for review.

    Args:
        project_root: The folder holding ``blueprint.yaml`` and ``.scaffold/``.
        folder: The project root or a service folder with an answers file.

    Returns:
        What changed.

    Raises:
        ScaffoldError: No answers file, an unknown template, uncommitted changes (Copier
            updates only a clean git tree), or Copier fails.
    """
    answers = folder / ANSWERS_FILE
    if not answers.is_file():
        raise ScaffoldError(f"{folder} has no {ANSWERS_FILE}",
                            hint="update works on folders made by `scaffold init` or "
                            "`scaffold new-service`")
    if git(project_root, "status", "--porcelain").stdout.strip():
        raise ScaffoldError(f"{project_root} has uncommitted changes",
                            hint="commit or stash them first: Copier updates only a clean "
                            "git tree, and you will want to review its changes alone")
    text = answers.read_text(encoding="utf-8")
    name = _template_name(text, answers)
    old = _commit(text)
    bundle = project_root / bundle_relpath(name)
    repo = template_repo_path(name)
    if bundle.is_file():
        _fetch_tags(repo, bundle)
    source = ensure_template_repo(name)
    make_portable(project_root, folder, name)
    if git(project_root, "status", "--porcelain").stdout.strip():
        commit_all(bundle.parent, f"scaffold update: {name} template history up to "
                   f"{source.ref}")
    _copier_update(project_root, folder, source.ref)
    return UpdateResult(folder, name, old, _commit(answers.read_text(encoding="utf-8")))


def _template_name(text: str, answers: Path) -> str:
    match = _SRC.search(text)
    stem = Path(match.group(0).split(":", 1)[1].strip()).name if match else ""
    name = stem.removesuffix(".bundle")
    if name not in TEMPLATE_NAMES:
        raise ScaffoldError(f"{answers}: _src_path names no scaffold template ({stem!r})",
                            hint="expected one of " + ", ".join(
                                bundle_relpath(n) for n in TEMPLATE_NAMES))
    return name


def _commit(text: str) -> str | None:
    match = _COMMIT.search(text)
    return match.group(1).strip() if match else None


def _fetch_tags(repo: Path, bundle: Path) -> None:
    """Copy the project's template tags into the cache repository (creating it if needed)."""
    repo.mkdir(parents=True, exist_ok=True)
    if not (repo / ".git").exists():
        init_repo(repo)
    git(repo, "fetch", "-q", "--no-tags", str(bundle.absolute()), "+refs/tags/*:refs/tags/*")


def _copier_update(project_root: Path, folder: Path, ref: str | None) -> None:
    from copier import run_update
    from copier.errors import CopierError

    # _src_path is relative to the project root (Copier resolves it from the cwd).
    with chdir(project_root):
        try:
            run_update(folder.absolute(), vcs_ref=ref, defaults=True, overwrite=True,
                       quiet=True)
        except CopierError as exc:
            raise ScaffoldError(f"copier could not update {folder}: {exc}") from None
