"""Project stage: the pip requirement a generated project installs scaffold from.

``scaffold init`` writes it into ``requirements-dev.txt`` (which CI installs). It comes from
``--scaffold-source`` (an index version spec, a git URL or a local path) or, by default,
from how the running scaffold was installed (PEP 610 ``direct_url.json``): the same git
commit, the same local folder or archive, else this version from the package index.
"""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path
from typing import Any

from scaffold import __version__
from scaffold.errors import ScaffoldError

__all__ = ["DISTRIBUTION", "default_requirement", "is_machine_local", "requirement_for"]

DISTRIBUTION = "scaffold-serverless"
"""scaffold's distribution name on the package index."""

_NAME = re.compile(r"^scaffold[-_.]serverless(?=$|[\s\[<>=!~;@(])", re.I)
_VERSION = re.compile(r"^\d+(\.\d+)*([abc]|rc|\.post|\.dev)?\d*$")
_URL = re.compile(r"^(git\+)?(https?|ssh|file)://|^git\+")
_FORMS = (f"a version ({__version__}), an index spec ({DISTRIBUTION}>={__version__}), a git "
          "URL (git+https://github.com/ORG/scaffold@v" + __version__ + ") or a local path "
          "(a checkout, a wheel or an sdist)")


def requirement_for(source: str) -> str:
    """The requirement line for ``--scaffold-source``.

    Args:
        source: ``0.1.0``, ``scaffold-serverless>=0.1``, ``git+https://...[@ref]``, another
            URL of an archive, or a path to a checkout, wheel or sdist.

    Returns:
        A line pip understands, e.g. ``scaffold-serverless @ git+https://...@v0.1.0``.

    Raises:
        ScaffoldError: When ``source`` is none of these.
    """
    text = source.strip()
    if not text or "\n" in text:
        raise ScaffoldError(f"--scaffold-source {source!r} is empty or spans lines",
                            hint="give " + _FORMS)
    if _VERSION.fullmatch(text):
        return f"{DISTRIBUTION}=={text}"
    if _NAME.match(text):
        return text
    if _URL.match(text):
        return f"{DISTRIBUTION} @ {text}"
    path = Path(text).expanduser()
    if path.exists():
        return f"{DISTRIBUTION} @ {path.resolve().as_uri()}"
    raise ScaffoldError(f"--scaffold-source {source!r} is not a version, an index spec, a "
                        "URL or an existing path", hint="give " + _FORMS)


def default_requirement(direct_url: dict[str, Any] | None = None) -> str:
    """How to install the running version: where it was installed from, else the index.

    Args:
        direct_url: The installation's PEP 610 record (default: read it).

    Returns:
        The requirement line.
    """
    record = _direct_url() if direct_url is None else direct_url
    url = record.get("url") if isinstance(record, dict) else None
    if not isinstance(url, str) or not url:
        return f"{DISTRIBUTION}=={__version__}"
    vcs = record.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git":
        commit = vcs.get("commit_id") or vcs.get("requested_revision")
        return f"{DISTRIBUTION} @ git+{url}" + (f"@{commit}" if commit else "")
    return f"{DISTRIBUTION} @ {url}"


def is_machine_local(requirement: str) -> bool:
    """Whether the requirement names a file of this machine (CI elsewhere cannot use it)."""
    return "file://" in requirement


def _direct_url() -> dict[str, Any]:
    try:
        text = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return {}
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
