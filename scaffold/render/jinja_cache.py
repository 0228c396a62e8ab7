"""Render stage: compiled templates kept between runs (Jinja's bytecode cache).

Compiling the ~100 stub templates costs a render about 0.25 s, on every run. Jinja can
keep the compiled code: :func:`bytecode_cache` gives each environment a folder under the
user cache (:mod:`scaffold.output.user_cache`), named by a digest of what the compiled
code depends on (Jinja's and Python's versions, the environment's syntax options), so two
environments or two scaffold versions never read each other's code. Jinja checks each
entry against the template's source checksum, so an edited template is compiled again.

The cache is an optimisation only: a folder that cannot be created, read or written (a
read-only home, a full disk) makes the render compile as before, never fail.
``SCAFFOLD_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

from scaffold.output.user_cache import cache_dir

__all__ = ["NO_CACHE_ENV", "bytecode_cache"]

NO_CACHE_ENV = "SCAFFOLD_NO_CACHE"

# Environment attributes the generated code depends on (filters, globals and finalize
# functions are looked up when a template runs, so only their presence matters).
_OPTIONS = ("block_start_string", "block_end_string", "variable_start_string",
            "variable_end_string", "comment_start_string", "comment_end_string",
            "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
            "newline_sequence", "keep_trailing_newline", "optimized", "autoescape",
            "is_async")


class _QuietCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, where a failing read or write means "compile", not an error."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def bytecode_cache(**options: Any) -> jinja2.BytecodeCache | None:
    """A bytecode cache for an environment built with ``options``, or None when turned off.

    Args:
        **options: The keyword arguments the environment is built with (``trim_blocks``,
            ``finalize``, ...); only those that change the compiled code name the folder.

    Returns:
        The cache to pass as ``bytecode_cache=``.
    """
    if os.environ.get(NO_CACHE_ENV):
        return None
    defaults = jinja2.Environment()
    key = [jinja2.__version__, sys.version, str("finalize" in options)]
    key += [f"{name}={options.get(name, getattr(defaults, name))!r}" for name in _OPTIONS]
    digest = hashlib.sha256("\0".join(key).encode()).hexdigest()[:16]
    return _QuietCache(str(cache_dir() / "jinja" / digest))
