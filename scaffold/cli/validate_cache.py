"""``scaffold validate`` of a blueprint already found valid: print the recorded answer.

Editors and CI run ``validate`` on every save and every push, mostly on a blueprint that
has not changed since the last run. Validation reads nothing but the blueprint (no
environment, no other file), so its answer is a function of the blueprint's bytes, the
path as typed (it is part of every message) and scaffold itself
(:func:`scaffold.output.fingerprint.inputs_digest`: version plus a content digest of the
installed package, templates included). A valid run records what it printed, with that
key, in the user cache (``<cache>/validate/``, one small file per blueprint file and path
as typed, replaced by the next valid run); the next run whose key matches prints the same
text without importing pydantic, YAML or Typer.

Only valid blueprints are recorded (an invalid one is being edited: the full check runs).
Any doubt (another option, no record, an unreadable record or file) falls back to the
full check; a record that cannot be written is skipped silently. ``SCAFFOLD_NO_CACHE=1``
turns it off. Standard library and ``scaffold.output`` only.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import tempfile
from contextlib import suppress
from pathlib import Path

__all__ = ["record", "try_from_argv"]

_FORMAT = b"scaffold-validate-answer/1"
_LARGEST = 2 * 1024 * 1024  # blueprint.load.MAX_BYTES: a larger file is never valid


def try_from_argv(argv: list[str]) -> bool:
    """Answer ``scaffold validate [BLUEPRINT]`` from a record; False to run the full check."""
    if not argv or argv[0] != "validate" or len(argv) > 2:
        return False
    typed = argv[1] if len(argv) == 2 else "blueprint.yaml"
    if not typed or typed.startswith("-"):
        return False  # --help and every option: Typer
    blueprint = str(Path(typed))  # as the command prints it ("./a.yaml" -> "a.yaml")
    try:
        info = Path(blueprint).stat()  # before open: opening a FIFO would wait for a writer
        if not stat.S_ISREG(info.st_mode) or info.st_size > _LARGEST:
            return False  # never recorded: the full check reports it
        with Path(blueprint).open("rb") as handle:
            raw = handle.read(_LARGEST + 1)
        if len(raw) > _LARGEST:
            return False
        with _record_path(blueprint).open(encoding="utf-8") as handle:
            answer = json.load(handle)
        stdout, stderr = answer["stdout"], answer["stderr"]
        if answer["key"] != _key(blueprint, raw):
            return False
        if not isinstance(stdout, str) or not isinstance(stderr, str):
            return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    sys.stderr.write(stderr)
    sys.stderr.flush()
    sys.stdout.write(stdout)
    sys.stdout.flush()
    return True


def record(blueprint: str, raw: bytes, stdout: str, stderr: str) -> None:
    """Keep what a valid run printed (best effort, atomic: a reader never sees half).

    Args:
        blueprint: The path as typed (it appears in the messages).
        raw: The bytes that were validated.
        stdout: Everything the run wrote to standard output.
        stderr: Everything it wrote to standard error (warnings).
    """
    if os.environ.get("SCAFFOLD_NO_CACHE"):
        return
    with suppress(OSError, ValueError):
        target = _record_path(blueprint)
        answer = {"key": _key(blueprint, raw), "stdout": stdout, "stderr": stderr}
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(answer, handle)
            Path(temp).replace(target)
        except BaseException:
            with suppress(OSError):
                Path(temp).unlink()
            raise


def _record_path(blueprint: str) -> Path:
    """One record per blueprint file and path as typed (the next valid run replaces it)."""
    if os.environ.get("SCAFFOLD_NO_CACHE"):
        raise ValueError("cache turned off")
    from scaffold.output.user_cache import cache_dir

    where = f"{Path(blueprint).absolute()}\0{blueprint}".encode("utf-8", "surrogateescape")
    return cache_dir() / "validate" / f"{hashlib.sha256(where).hexdigest()[:32]}.json"


def _key(blueprint: str, raw: bytes) -> str:
    """What the answer depends on: the bytes, scaffold itself and the path as printed."""
    from scaffold.output.fingerprint import inputs_digest

    h = hashlib.sha256(_FORMAT)
    for part in (inputs_digest(raw).encode(), blueprint.encode("utf-8", "surrogateescape")):
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()
