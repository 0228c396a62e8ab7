"""Build stage: package function code into reproducible Lambda deployment zips."""

from __future__ import annotations

from scaffold.bundle.zip import BuiltZip, collect_folder, write_reproducible_zip, zip_folder

__all__ = ["BuiltZip", "collect_folder", "write_reproducible_zip", "zip_folder"]
