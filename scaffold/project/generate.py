"""Project stage: render one of scaffold's Copier templates into a new folder.

The template comes from its versioned git repository (``templates.ensure_template_repo``),
so the answers file records a source and a tag that ``copier update`` can use later.
Without git, the shipped files are copied directly and the user is told that updates
will not work.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scaffold.errors import ScaffoldError
from scaffold.project.git import git_available
from scaffold.project.portable import make_portable
from scaffold.project.reporter import NullReporter, Reporter
from scaffold.project.templates import TemplateSource, ensure_template_repo, export_template

__all__ = ["copy_template"]


def copy_template(name: str, dest: Path, data: Mapping[str, Any], *,
                  reporter: Reporter | None = None,
                  project_root: Path | None = None) -> TemplateSource:
    """Render template ``name`` into ``dest`` with Copier, answering every question from ``data``.

    Args:
        name: A template of ``templates.TEMPLATE_NAMES``.
        dest: The folder to create; it must not hold files the template writes.
        data: Answers to the template's questions (missing ones take their defaults).
        reporter: Receives a warning when git is missing.
        project_root: The project the folder belongs to (default ``dest``): it receives
            the template's history (``.scaffold/templates/<name>.bundle``), which the
            answers file records as its source, so every clone can update.

    Returns:
        The source the project now records in its answers file.

    Raises:
        ScaffoldError: If Copier rejects an answer or fails.
    """
    reporter = reporter or NullReporter()
    if git_available():
        source = ensure_template_repo(name)
        _run_copy(source.src_path, dest, data, source.ref)
        portable = make_portable(project_root or dest, dest, name)
        return TemplateSource(name, portable, source.ref)
    reporter.warn("git is not installed: copied the template without version information; "
                  f"`copier update` will not work for {dest} (install git to get updates)")
    with tempfile.TemporaryDirectory(prefix="scaffold-template-") as tmp:
        export_template(name, Path(tmp))
        _run_copy(tmp, dest, data, None)
    return TemplateSource(name, "", None)


def _run_copy(src: str, dest: Path, data: Mapping[str, Any], ref: str | None) -> None:
    from copier import run_copy
    from copier.errors import CopierError

    try:
        run_copy(src, dest, data=dict(data), vcs_ref=ref, defaults=True, overwrite=False,
                 quiet=True, unsafe=False)
    except CopierError as exc:
        raise ScaffoldError(f"copier could not render the template into {dest}: {exc}") from None
