"""Project stage: locate the shipped Copier templates and version them in local git repositories.

``copier update`` needs a git template source with version tags. The wheel ships plain
files, so scaffold mirrors each template into one git repository under its cache folder
(``~/.cache/scaffold/templates/<name>``), one tagged commit per scaffold version, and
projects record that repository as ``_src_path`` (see docs/decisions/0002-copier-templates.md).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.abc import Traversable
from importlib.resources import files
from pathlib import Path

from scaffold import __version__
from scaffold.errors import ScaffoldError
from scaffold.output import user_cache
from scaffold.project.git import commit_all, git, init_repo
from scaffold.project.runtimes import Runtime

__all__ = [
    "CACHE_ENV",
    "TEMPLATE_NAMES",
    "Runtime",
    "TemplateSource",
    "cache_dir",
    "ensure_template_repo",
    "export_template",
    "service_template",
    "shipped_template",
    "template_repo_path",
]

CACHE_ENV = user_cache.CACHE_ENV
"""Environment variable overriding scaffold's cache folder (tests, CI, shared machines)."""

TEMPLATE_NAMES: tuple[str, ...] = ("project", "service-typescript", "service-python")
"""The Copier templates under ``templates/copier/``."""

_SKIPPED = frozenset({"__pycache__", ".DS_Store", ".git"})


@dataclass(frozen=True)
class TemplateSource:
    """A Copier template ready to copy from.

    Attributes:
        name: One of :data:`TEMPLATE_NAMES`.
        src_path: What Copier gets as source and records as ``_src_path``: the template's
            git repository, written ``~/...`` when it lies under the home folder so that
            answers files stay valid for everyone whose cache is in the default place.
        ref: The git tag to copy (``v<scaffold version>``, or ``.postN`` when the files of
            one version changed); None for a plain folder (no git available).
    """

    name: str
    src_path: str
    ref: str | None


def service_template(runtime: str) -> str:
    """The template name of a service with ``runtime``: ``service-python`` or ``-typescript``."""
    return "service-python" if runtime.startswith("python") else "service-typescript"


def shipped_template(name: str) -> Traversable:
    """The template folder inside the installed package.

    Args:
        name: One of :data:`TEMPLATE_NAMES`.

    Returns:
        The folder, as an importlib resource.

    Raises:
        ScaffoldError: If the name is unknown or the installation lacks the template.
    """
    if name not in TEMPLATE_NAMES:
        raise ScaffoldError(f"unknown template '{name}'", hint="one of "
                            + ", ".join(TEMPLATE_NAMES))
    folder = files("scaffold") / "_templates" / "copier" / name
    if not folder.is_dir():
        raise ScaffoldError(f"the '{name}' template is missing from this scaffold installation",
                            hint="reinstall scaffold-serverless")
    return folder


def cache_dir() -> Path:
    """The cache folder: ``$SCAFFOLD_CACHE_DIR``, ``$XDG_CACHE_HOME/scaffold`` or ``~/.cache/...``.

    ``~/.cache/scaffold`` on Linux and macOS alike, on purpose: answers files record paths
    below it, and a team shares them (see :mod:`scaffold.output.user_cache`).
    """
    return user_cache.cache_dir()


def export_template(name: str, dest: Path) -> None:
    """Write the files of the shipped template ``name`` into the existing folder ``dest``.

    Args:
        name: One of :data:`TEMPLATE_NAMES`.
        dest: An existing folder (normally empty).

    Raises:
        ScaffoldError: If the template is unknown or missing.
    """
    _copy_tree(shipped_template(name), dest)


def template_repo_path(name: str, cache: Path | None = None) -> Path:
    """Where the git repository of template ``name`` lives."""
    return (cache or cache_dir()) / "templates" / name


def ensure_template_repo(name: str, *, version: str | None = None,
                         cache: Path | None = None) -> TemplateSource:
    """Bring the git repository of a template up to date with the installed files and tag it.

    The repository's working tree is replaced by the shipped template and committed when
    it changed. The result is tagged ``v<version>``; if that tag already names other files
    (a development build), the next free ``v<version>.postN`` is used instead. A tag whose
    files are identical is reused, so repeated calls are cheap and create nothing. Old tags
    stay: ``copier update`` regenerates a project's old version from them.

    Args:
        name: One of :data:`TEMPLATE_NAMES`.
        version: The scaffold version the tag is named after (default: the installed one).
        cache: The cache folder (default :func:`cache_dir`).

    Returns:
        The repository as a Copier source, with the tag to copy.

    Raises:
        ScaffoldError: If git is missing or fails, or the cache is not writable.
    """
    version = version or __version__
    source = shipped_template(name)
    repo = template_repo_path(name, cache)
    try:
        repo.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ScaffoldError(f"cannot create scaffold's template cache {repo}: {exc.strerror}",
                            hint=f"set {CACHE_ENV} to a writable folder") from None
    with _locked(repo.parent / f".{name}.lock"):
        if not (repo / ".git").exists():
            init_repo(repo)
        _clear_work_tree(repo)
        _copy_tree(source, repo)
        git(repo, "add", "-A", ".")
        tree = git(repo, "write-tree").stdout.strip()
        if _rev(repo, "HEAD^{tree}") != tree:
            commit_all(repo, f"{name} template of scaffold {version}", internal=True)
        tags = git(repo, "tag", "--list").stdout.split()
        for tag in _family(tags, version):
            if _rev(repo, f"{tag}^{{tree}}") == tree:
                return TemplateSource(name, _display(repo), tag)
        if git(repo, "tag", "--points-at", "HEAD").stdout.strip():
            # One commit per tag keeps `git describe` (Copier's `_commit`) unambiguous.
            commit_all(repo, f"{name} template of scaffold {version}", internal=True,
                       allow_empty=True)
        tag = _next_tag(version, set(tags))
        git(repo, "tag", tag)
        return TemplateSource(name, _display(repo), tag)


def _rev(repo: Path, ref: str) -> str:
    return git(repo, "rev-parse", "-q", "--verify", ref, check=False).stdout.strip()


def _family(tags: list[str], version: str) -> list[str]:
    """Tags made for ``version``: ``v<version>`` and its ``.postN``/``+N`` successors."""
    base = f"v{version}"
    return [t for t in tags if t == base or t.startswith((f"{base}.post", f"{base}+"))]


def _next_tag(version: str, taken: set[str]) -> str:
    base = f"v{version}"
    if base not in taken:
        return base
    # PEP 440: `X.Y.Z.postN` sorts after `X.Y.Z`; a dev, post or local version instead gets
    # a numeric local segment (`+N`, or `.N` appended to an existing one).
    sep = ".post" if re.fullmatch(r"\d+(\.\d+)*", version) else (
        "." if "+" in version else "+")
    n = 1
    while f"{base}{sep}{n}" in taken:
        n += 1
    return f"{base}{sep}{n}"


def _display(repo: Path) -> str:
    try:
        return "~/" + repo.relative_to(Path.home()).as_posix()
    except (ValueError, RuntimeError):
        return repo.as_posix()


def _clear_work_tree(repo: Path) -> None:
    for entry in repo.iterdir():
        if entry.name == ".git":
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def _copy_tree(source: Traversable, dest: Path) -> None:
    for item in source.iterdir():
        if item.name in _SKIPPED:
            continue
        target = dest / item.name
        if item.is_dir():
            target.mkdir()
            _copy_tree(item, target)
        else:
            target.write_bytes(item.read_bytes())


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Serialise scaffold processes that update the same template repository."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks, accept the race
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
