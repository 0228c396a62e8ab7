"""Render stage (Python stubs): the Jinja environment whose every ``{{ }}`` is an inert literal.

Blueprint values reach Python source only through ``finalize``: strings become ``repr()``
literals, numbers their ``repr``. Trusted source text that scaffold builds itself
(identifiers it validated, type expressions) is wrapped in :class:`Code` and passes through.
Text inside docstrings and comments goes through :func:`doc`, which cannot close them.
"""

from __future__ import annotations

import keyword
import re
from functools import cache
from typing import Any

import jinja2

from scaffold.plan import contract
from scaffold.render.jinja_cache import bytecode_cache
from scaffold.render.resources import templates_root
from scaffold.render.spellings import number_literal

__all__ = ["Code", "doc", "ident", "py_literal", "render_template", "render_text_template"]

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class Code(str):
    """Python source text built by scaffold (never raw blueprint text); rendered verbatim."""

    __slots__ = ()


def ident(name: str) -> Code:
    """Accept ``name`` as a Python identifier or fail loudly (a bug in scaffold, not user input).

    Args:
        name: A name scaffold derived from a validated blueprint name.

    Returns:
        The name as trusted code.

    Raises:
        ValueError: If ``name`` is not a plain, non-keyword identifier.
    """
    if not _IDENT.fullmatch(name) or keyword.iskeyword(name) or keyword.issoftkeyword(name):
        raise ValueError(f"{name!r} is not usable as a Python identifier")
    return Code(name)


def is_ident(name: str) -> bool:
    """True when ``name`` can be written as a Python identifier (not a keyword)."""
    return bool(_IDENT.fullmatch(name)) and not keyword.iskeyword(name)


def py_literal(value: Any) -> str:
    """Render ``value`` as an inert Python literal (the Jinja ``finalize`` hook).

    Args:
        value: ``Code`` (verbatim), ``None``, bool, int, finite float, str, or a
            list / tuple / dict / set of those.

    Returns:
        Python source that evaluates to ``value``.

    Raises:
        TypeError: For any other type, so nothing reaches the output unescaped.
    """
    if isinstance(value, Code):
        return str(value)
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int | float):
        return number_literal(value, "Python")
    if isinstance(value, str):
        return _str_literal(value)
    if isinstance(value, bytes):
        return repr(value)
    if isinstance(value, list | tuple):
        items = ", ".join(py_literal(v) for v in value)
        return f"({items},)" if isinstance(value, tuple) and len(value) == 1 else (
            f"({items})" if isinstance(value, tuple) else f"[{items}]")
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_literal(k)}: {py_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, set | frozenset):
        if not value:
            return "frozenset()"
        return "frozenset({" + ", ".join(py_literal(v) for v in sorted(value)) + "})"
    raise TypeError(f"cannot write {type(value).__name__} into Python source")


def _str_literal(value: str) -> str:
    """``repr`` in double quotes when that needs no escaping of quotes (the house style)."""
    text = repr(value)
    if text.startswith("'") and '"' not in value:
        # repr escaped every ' as \' (with the backslash immediately before it).
        return '"' + text[1:-1].replace("\\'", "'") + '"'
    return text


def doc(value: object) -> Code:
    """Text safe inside a ``\"\"\"docstring\"\"\"`` or a ``#`` comment: one line, escaped.

    Backslashes, quotes, newlines and unprintable characters come out as escapes, so the
    value can neither close the docstring nor start a new line of code.
    """
    body = repr(str(value))[1:-1]
    return Code(re.sub(r'(?<!\\)((?:\\\\)*)"', r'\1\\"', body))


@cache
def _environment() -> jinja2.Environment:
    options: dict[str, Any] = {"keep_trailing_newline": True, "trim_blocks": True,
                               "lstrip_blocks": True, "autoescape": False,
                               "finalize": py_literal}
    env = jinja2.Environment(loader=jinja2.FunctionLoader(_load),
                             undefined=jinja2.StrictUndefined,
                             bytecode_cache=bytecode_cache(**options), **options)
    env.filters["doc"] = doc
    env.filters["code"] = _code_filter
    env.filters["ident"] = ident
    env.filters["text"] = _text
    env.filters["spaces"] = lambda n: Code(" " * int(n))
    env.globals["SECRET_PLACEHOLDER"] = contract.SECRET_PLACEHOLDER
    env.globals["API_KEY_HEADER"] = contract.API_KEY_HEADER
    return env


@cache
def _text_environment() -> jinja2.Environment:
    # For non-Python templates shared with Copier (pyproject.toml.jinja): the template
    # escapes every value itself with ``| tojson`` (valid TOML basic strings).
    options: dict[str, Any] = {"keep_trailing_newline": True, "autoescape": False}
    return jinja2.Environment(loader=jinja2.FunctionLoader(_load),
                              undefined=jinja2.StrictUndefined,
                              bytecode_cache=bytecode_cache(**options), **options)


def _code_filter(value: object) -> Code:
    if not isinstance(value, Code):
        raise TypeError(f"refusing to write {value!r} as code: only scaffold-built Code may be")
    return value


def _text(value: object) -> str:
    """A plain ``str`` (so ``Code`` is written as a string literal, not as code)."""
    return str.__str__(value) if isinstance(value, str) else str(value)


def _load(name: str) -> str:
    entry = templates_root()
    for part in name.split("/"):
        entry = entry / part
    return entry.read_text(encoding="utf-8")


def render_template(name: str, **context: Any) -> str:
    """Render a Python template under ``templates/`` with the escaping environment.

    Args:
        name: Template path relative to ``templates/`` (POSIX).
        **context: Template variables.

    Returns:
        The rendered text.
    """
    return _environment().get_template(name).render(**context)


def render_text_template(name: str, **context: Any) -> str:
    """Render a non-Python template (no finalizer; the template escapes its values)."""
    return _text_environment().get_template(name).render(**context)
