"""Build stage: write byte-for-byte reproducible zips of function code.

The same input always gives the same bytes, so Terraform's ``filebase64sha256`` of the zip
(and therefore the plan) only changes when the code does: entries are sorted, every
timestamp is 1980-01-01 00:00, permissions are normalised to 0644 / 0755, no folder entries,
no extra fields, DEFLATE level 9 (deterministic for a given zlib).
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
import io
import stat
import zipfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from scaffold.errors import BuildError
from scaffold.output.writer import write_atomic

__all__ = [
    "DEFAULT_EXCLUDES",
    "FIXED_DATE_TIME",
    "BuiltZip",
    "collect_folder",
    "write_reproducible_zip",
    "zip_folder",
]

FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip can store; used for every entry."""
DEFAULT_EXCLUDES: tuple[str, ...] = ("__pycache__", "*.pyc", ".DS_Store", ".git")
"""Name patterns left out by ``collect_folder``, matched against every path part."""

_UNIX = 3  # "made by" system: Unix, so external_attr carries the permission bits


@dataclass(frozen=True)
class BuiltZip:
    """A written zip and its hashes.

    Attributes:
        path: Where it was written.
        sha256: Hex sha256 of the zip bytes.
        sha256_base64: Base64 of the raw sha256, what Terraform's ``filebase64sha256``
            returns (use it for ``source_code_hash``).
        size: Size in bytes.
        written: False when an identical zip was already there (left untouched).
    """

    path: Path
    sha256: str
    sha256_base64: str
    size: int
    written: bool


def write_reproducible_zip(dest: Path, entries: Mapping[str, bytes | Path], *,
                           executable: Collection[str] = ()) -> BuiltZip:
    """Write a reproducible zip atomically; an identical existing zip is left untouched.

    Args:
        dest: Zip file to write; parent folders are created.
        entries: Archive name (POSIX, relative) to content: bytes, or a file to read.
        executable: Archive names of ``bytes`` entries that get mode 0755. A ``Path``
            entry gets 0755 when the file has any executable bit.

    Returns:
        The zip's path, hashes and size.

    Raises:
        BuildError: On an unsafe archive name or an unreadable source file.
    """
    data = _zip_bytes(entries, frozenset(executable))
    digest = hashlib.sha256(data).digest()
    try:
        written = not dest.is_file() or dest.read_bytes() != data
        if written:
            write_atomic(dest, data)
    except OSError as exc:
        raise BuildError(f"cannot write {dest}: {exc.strerror or exc}") from exc
    return BuiltZip(dest, digest.hex(), base64.b64encode(digest).decode("ascii"), len(data),
                    written)


def collect_folder(folder: Path,
                   exclude: Collection[str] = DEFAULT_EXCLUDES) -> dict[str, Path]:
    """List the files under ``folder`` as zip entries, skipping excluded names.

    Args:
        folder: The folder whose content becomes the zip root.
        exclude: ``fnmatch`` patterns; a file is skipped when any part of its relative path
            matches one.

    Returns:
        Archive name to file path, sorted by name.

    Raises:
        BuildError: If ``folder`` is not a folder.
    """
    if not folder.is_dir():
        raise BuildError(f"cannot package {folder}: not a folder")
    found: dict[str, Path] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(fnmatch.fnmatch(part, pat) for part in rel.parts for pat in exclude):
            continue
        if path.is_file():
            found[rel.as_posix()] = path
    return found


def zip_folder(folder: Path, dest: Path,
               exclude: Collection[str] = DEFAULT_EXCLUDES) -> BuiltZip:
    """Package a folder into a reproducible zip (``collect_folder`` + ``write_reproducible_zip``).

    Args:
        folder: The folder whose content becomes the zip root.
        dest: Zip file to write.
        exclude: ``fnmatch`` patterns of names to leave out.

    Returns:
        The zip's path, hashes and size.

    Raises:
        BuildError: If the folder cannot be read or the zip cannot be written.
    """
    return write_reproducible_zip(dest, collect_folder(folder, exclude))


def _zip_bytes(entries: Mapping[str, bytes | Path], executable: frozenset[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            _check_name(name)
            source = entries[name]
            if isinstance(source, Path):
                content, is_exec = _read_source(name, source)
            else:
                content, is_exec = source, name in executable
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE_TIME)
            info.create_system = _UNIX
            info.external_attr = (stat.S_IFREG | (0o755 if is_exec else 0o644)) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content, compresslevel=9)
    return buffer.getvalue()


def _read_source(name: str, source: Path) -> tuple[bytes, bool]:
    try:
        return source.read_bytes(), bool(source.stat().st_mode & 0o111)
    except OSError as exc:
        raise BuildError(f"cannot read {source} (zip entry {name}): {exc.strerror}") from exc


def _check_name(name: str) -> None:
    parts = name.split("/")
    if (not name or "\\" in name or PurePosixPath(name).is_absolute()
            or any(p in ("", ".", "..") for p in parts)):
        raise BuildError(f"unsafe zip entry name {name!r}",
                         hint="entry names are relative POSIX paths without '.' or '..'")
