"""Write stage: prove that a re-render would change nothing, without loading or rendering.

A render records, in ``.scaffold/manifest.json``, the digest of its inputs
(:func:`inputs_digest`: the blueprint's bytes, scaffold's version and a content digest of
the installed package, code and templates). When the digest is unchanged, the output is
what the recorded files are, so :func:`unchanged` only has to show that every recorded file
is still on disk as scaffold wrote it: a generated file must hash to its manifest entry
(and keep its executable bits), a seed file must exist. Anything else (a hand edit, a
deleted file, an interrupted render, no record) sends the caller to the full render,
which reports it exactly as before.

Hashing is skipped for a file whose size, mtime, ctime and inode match a local stat cache
(``.scaffold/stat-cache.json``, per machine, not committed) entry made when that file last
hashed to the same sha256. Like git's index, a file modified within ``RACY_NS`` of being
cached is never trusted by its stat alone (coarse file-system clocks). Only the standard
library is imported here: this is the ``scaffold render`` fast path.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Mapping
from contextlib import suppress
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from scaffold import __version__
from scaffold.errors import ScaffoldError
from scaffold.output.manifest import PENDING_PATH, Manifest, load_manifest

__all__ = [
    "RACY_NS",
    "STAT_CACHE_PATH",
    "inputs_digest",
    "package_digest",
    "unchanged",
]

STAT_CACHE_PATH = ".scaffold/stat-cache.json"
"""Per-machine cache of file stats and hashes (ignored by ``.scaffold/.gitignore``)."""
RACY_NS = 3_000_000_000
"""A file modified less than this before it was cached is hashed every time (FAT: 2 s)."""
_FORMAT = b"scaffold-render-inputs/1"
_CACHE_VERSION = 1


def inputs_digest(blueprint: bytes) -> str:
    """The digest a render records: blueprint bytes, scaffold version, package digest.

    Rendering reads nothing else (no environment, no option changes the output; ``--out``
    only chooses where the files go), so equal digests mean equal output.

    Args:
        blueprint: The blueprint file's bytes, exactly as read.

    Returns:
        Hex sha256.
    """
    h = hashlib.sha256(_FORMAT)
    for part in (__version__.encode(), package_digest().encode(), blueprint):
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


@cache
def package_digest() -> str:
    """Content digest of every file of the installed ``scaffold`` package (templates
    included), computed once per process and only when asked: an edited template or
    emitter in a development install changes it even when the version does not."""
    h = hashlib.sha256()
    for rel, entry in _walk(files("scaffold")):
        data = entry.read_bytes()
        h.update(f"{rel}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def _walk(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__" or entry.name.endswith(".pyc"):
            continue
        if entry.is_dir():
            found.extend(_walk(entry, f"{prefix}{entry.name}/"))
        else:
            found.append((f"{prefix}{entry.name}", entry))
    return found


def unchanged(root: Path, blueprint: bytes) -> Manifest | None:
    """The manifest, when re-rendering ``blueprint`` into ``root`` would change nothing.

    Reads only; the stat cache is refreshed (best effort, atomically) when files had to be
    hashed. Without the output lock: a render in progress leaves its pending journal,
    which makes this return None.

    Args:
        root: The output root.
        blueprint: The blueprint file's bytes.

    Returns:
        The loaded manifest if its render record matches ``blueprint`` and every recorded
        file is as scaffold left it; None when a full render must decide.
    """
    if (root / PENDING_PATH).exists():
        return None
    try:
        manifest = load_manifest(root)
    except ScaffoldError:
        return None
    record = manifest.render
    if record is None or not manifest.entries or record.inputs != inputs_digest(blueprint):
        return None
    now = time.time_ns()
    cached = _load_cache(root)
    fresh: dict[str, list[Any]] = {}
    executable = frozenset(record.executable)
    for path, entry in manifest.entries.items():
        target = root / path
        try:
            info = target.stat()
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        if entry.ownership == "seed":
            continue  # the user's once written; only its presence matters
        if bool(info.st_mode & 0o111) != (path in executable):
            return None
        key = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, entry.sha256]
        if cached.get(path) == key:
            fresh[path] = key
            continue
        if _hash(target) != entry.sha256:
            return None
        if now - max(info.st_mtime_ns, info.st_ctime_ns) >= RACY_NS:
            fresh[path] = key
    if fresh != cached:
        _save_cache(root, fresh)
    return manifest


def _hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _load_cache(root: Path) -> dict[str, list[Any]]:
    try:
        document = json.loads((root / STAT_CACHE_PATH).read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(document, dict) or document.get("version") != _CACHE_VERSION:
        return {}
    entries = document.get("files")
    return entries if isinstance(entries, dict) else {}


def _save_cache(root: Path, entries: Mapping[str, list[Any]]) -> None:
    # A cache, not a record: no fsync, and a lost or torn write only costs hashing again.
    target = root / STAT_CACHE_PATH
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with suppress(OSError):
        tmp.write_text(json.dumps({"files": entries, "version": _CACHE_VERSION},
                                  sort_keys=True, separators=(",", ":")))
        tmp.replace(target)
    with suppress(OSError):
        tmp.unlink(missing_ok=True)
