"""Reproducible zips: same input, same bytes, and the hash Terraform computes."""

from __future__ import annotations

import base64
import hashlib
import os
import stat
import zipfile
from pathlib import Path

import pytest

from scaffold.bundle.zip import collect_folder, write_reproducible_zip, zip_folder
from scaffold.errors import BuildError


def make_source(folder: Path, mtime: int, order: list[str]) -> None:
    files = {"handler.py": b"def handler(e, c):\n    return 1\n",
             "lib/util.py": b"X = 1\n",
             "bin/run": b"#!/bin/sh\necho hi\n",
             "__pycache__/handler.cpython-311.pyc": b"\x00junk"}
    for name in order:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[name])
        path.chmod(0o700 if name == "bin/run" else 0o600 if name == "lib/util.py" else 0o664)
        os.utime(path, (mtime, mtime))


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path: Path) -> None:
    make_source(tmp_path / "one", 1_700_000_000, ["handler.py", "lib/util.py", "bin/run",
                                                   "__pycache__/handler.cpython-311.pyc"])
    make_source(tmp_path / "two", 1_600_000_000, ["bin/run", "lib/util.py", "handler.py",
                                                   "__pycache__/handler.cpython-311.pyc"])
    first = zip_folder(tmp_path / "one", tmp_path / "out/one.zip")
    second = zip_folder(tmp_path / "two", tmp_path / "out/two.zip")
    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.sha256 == second.sha256


def test_entries_are_sorted_dated_1980_deflated_without_extra_fields(tmp_path: Path) -> None:
    built = write_reproducible_zip(tmp_path / "f.zip", {"z.py": b"z", "a/b.py": b"b" * 1000,
                                                         "a.py": b"a"})
    with zipfile.ZipFile(built.path) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["a.py", "a/b.py", "z.py"]
        for info in infos:
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert info.extra == b""
            assert not info.is_dir()
        assert archive.read("a/b.py") == b"b" * 1000


def test_permissions_are_normalised(tmp_path: Path) -> None:
    make_source(tmp_path / "src", 0, ["handler.py", "lib/util.py", "bin/run"])
    built = zip_folder(tmp_path / "src", tmp_path / "f.zip")
    with zipfile.ZipFile(built.path) as archive:
        modes = {i.filename: stat.S_IMODE(i.external_attr >> 16) for i in archive.infolist()}
        kinds = {stat.S_IFMT(i.external_attr >> 16) for i in archive.infolist()}
    assert modes == {"bin/run": 0o755, "handler.py": 0o644, "lib/util.py": 0o644}
    assert kinds == {stat.S_IFREG}


def test_bytes_entries_can_be_marked_executable(tmp_path: Path) -> None:
    built = write_reproducible_zip(tmp_path / "f.zip", {"bootstrap": b"#!/bin/sh\n", "a": b""},
                                   executable={"bootstrap"})
    with zipfile.ZipFile(built.path) as archive:
        assert stat.S_IMODE(archive.getinfo("bootstrap").external_attr >> 16) == 0o755
        assert stat.S_IMODE(archive.getinfo("a").external_attr >> 16) == 0o644


def test_base64_hash_is_what_terraform_filebase64sha256_gives(tmp_path: Path) -> None:
    built = write_reproducible_zip(tmp_path / "f.zip", {"a.py": b"print(1)\n"})
    data = built.path.read_bytes()
    assert built.sha256_base64 == base64.b64encode(hashlib.sha256(data).digest()).decode()
    assert built.sha256 == hashlib.sha256(data).hexdigest()
    assert built.size == len(data)


def test_an_identical_zip_is_not_rewritten(tmp_path: Path) -> None:
    first = write_reproducible_zip(tmp_path / "f.zip", {"a.py": b"1"})
    mtime = first.path.stat().st_mtime_ns
    again = write_reproducible_zip(tmp_path / "f.zip", {"a.py": b"1"})
    assert first.written and not again.written
    assert again.path.stat().st_mtime_ns == mtime
    changed = write_reproducible_zip(tmp_path / "f.zip", {"a.py": b"2"})
    assert changed.written and changed.sha256 != first.sha256


def test_excluded_names_are_left_out(tmp_path: Path) -> None:
    make_source(tmp_path / "src", 0, ["handler.py", "__pycache__/handler.cpython-311.pyc"])
    assert list(collect_folder(tmp_path / "src")) == ["handler.py"]


@pytest.mark.parametrize("name", ["../evil.py", "/abs.py", "a//b", "a\\b", "./a", ""])
def test_unsafe_entry_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(BuildError):
        write_reproducible_zip(tmp_path / "f.zip", {name: b"x"})
    assert not (tmp_path / "f.zip").exists()


def test_packaging_a_missing_folder_is_a_build_error(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="not a folder"):
        zip_folder(tmp_path / "nope", tmp_path / "f.zip")
