"""Build stage: skip a zip whose inputs have not changed since it was built.

``dist/.scaffold-build.json`` records, per zip, a digest of everything that can change its
bytes, the sha256 of the zip that was written, and (TypeScript) the files esbuild read to
bundle it. A zip is *up to date* when its inputs give the recorded digest again and the zip on
disk still hashes to the recorded sha256; anything else (no record, a changed input, a
deleted or edited zip, another scaffold version, ``--force``) rebuilds it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from scaffold import __version__
from scaffold.errors import BuildError
from scaffold.output.writer import write_atomic

__all__ = ["CACHE_FILE", "BuildCache", "Built", "Digest", "file_sha256"]

CACHE_FILE = "dist/.scaffold-build.json"
"""The record of built zips, relative to the project root (under dist/, which git ignores)."""
_FORMAT = 1


@dataclass(frozen=True)
class Built:
    """One zip of a build.

    Attributes:
        path: The zip.
        rebuilt: True when this build packaged it; False when the cache proved it up to date
            and it was left untouched.
    """

    path: Path
    rebuilt: bool


class Digest:
    """A sha256 over labelled values and files, length-prefixed so no two inputs collide."""

    def __init__(self, kind: str) -> None:
        self._hash = hashlib.sha256()
        self.text("format", f"{_FORMAT} {kind} scaffold {__version__}")

    def _add(self, label: str, data: bytes) -> None:
        self._hash.update(f"{label}\0{len(data)}\0".encode())
        self._hash.update(data)

    def text(self, label: str, value: str) -> None:
        """Add a value (a flag, a version, a name)."""
        self._add(label, value.encode("utf-8"))

    def file(self, label: str, path: Path) -> None:
        """Add a file's content; a missing file counts as a distinct value."""
        try:
            data = path.read_bytes()
        except OSError:
            self._add(f"missing {label}", b"")
        else:
            self._add(f"file {label}", data)

    def files(self, folder: Path, names: Iterable[str]) -> None:
        """Add files of ``folder`` by relative POSIX name, in sorted order."""
        for name in sorted(set(names)):
            self.file(name, folder / name)

    def copy(self) -> Digest:
        """An independent digest that starts from this one's state."""
        twin = Digest.__new__(Digest)
        twin._hash = self._hash.copy()
        return twin

    def hexdigest(self) -> str:
        """The digest so far, in hex."""
        return self._hash.hexdigest()


def file_sha256(path: Path) -> str | None:
    """Hex sha256 of a file, or None when it cannot be read."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


class BuildCache:
    """The records of ``dist/.scaffold-build.json`` and the outcome of this build.

    Args:
        root: Project root (holds ``dist/``).
        force: Treat every zip as out of date (``scaffold build --force``).
    """

    def __init__(self, root: Path, *, force: bool = False) -> None:
        self.root = root
        self.force = force
        self.rebuilt: dict[Path, bool] = {}
        self._records: dict[str, dict[str, object]] = self._load()

    def _load(self) -> dict[str, dict[str, object]]:
        try:
            data = json.loads((self.root / CACHE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if (not isinstance(data, dict) or data.get("format") != _FORMAT
                or data.get("scaffold") != __version__ or not isinstance(data.get("zips"), dict)):
            return {}
        return {k: v for k, v in data["zips"].items() if isinstance(v, dict)}

    def _key(self, zip_path: Path) -> str:
        try:
            return zip_path.relative_to(self.root).as_posix()
        except ValueError:
            return zip_path.as_posix()

    def inputs_of(self, zip_path: Path) -> list[str] | None:
        """The input files recorded for a zip (relative to its source folder), if any."""
        files = self._records.get(self._key(zip_path), {}).get("files")
        if self.force or not isinstance(files, list):
            return None
        return [str(f) for f in files]

    def fresh(self, zip_path: Path, digest: str) -> bool:
        """Whether ``zip_path`` was built from inputs with this digest and is unchanged since."""
        record = self._records.get(self._key(zip_path))
        return (not self.force and record is not None and record.get("inputs") == digest
                and record.get("sha256") == file_sha256(zip_path))

    def record(self, zip_path: Path, digest: str, sha256: str,
               files: Sequence[str] = ()) -> None:
        """Remember a zip just built from inputs with this digest."""
        self._records[self._key(zip_path)] = {"inputs": digest, "sha256": sha256,
                                              "files": sorted(files)}
        self.rebuilt[zip_path] = True

    def skip(self, zip_path: Path) -> None:
        """Note that a zip was found up to date."""
        self.rebuilt[zip_path] = False

    def save(self) -> None:
        """Write the records (atomically; unchanged content is not rewritten).

        Raises:
            BuildError: If the file cannot be written.
        """
        data = (json.dumps({"format": _FORMAT, "scaffold": __version__,
                            "zips": dict(sorted(self._records.items()))},
                           indent=1, sort_keys=True) + "\n").encode("utf-8")
        path = self.root / CACHE_FILE
        try:
            if not path.is_file() or path.read_bytes() != data:
                write_atomic(path, data)
        except OSError as exc:
            raise BuildError(f"cannot write {path}: {exc.strerror or exc}") from exc
