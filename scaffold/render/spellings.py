"""Render stage: how each language spells the blueprint's event field types and numbers.

One row per field type (the blueprint's ``FieldType``), one column per language, so a new
field type is one row here and ``tests/render/test_spellings.py`` fails until every type
has one. The emitters read only their own columns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["FIELD_SPELLINGS", "FieldSpelling", "number_literal"]


@dataclass(frozen=True)
class FieldSpelling:
    """One field type in TypeScript and in Python."""

    ts_type: str
    ts_placeholder: str  # a value of the type, for stubs
    py_annotation: str
    py_coercion: str  # format string: builds the field from ``{src}.get({key}, ...)``
    py_sample: object  # a value of the type, for generated tests


FIELD_SPELLINGS: dict[str, FieldSpelling] = {
    "string": FieldSpelling("string", '""', "str", "str({src}.get({key}, ''))", "test"),
    "number": FieldSpelling("number", "0", "float", "float({src}.get({key}, 0))", 1.5),
    "integer": FieldSpelling("number", "0", "int", "int({src}.get({key}, 0))", 1),
    "boolean": FieldSpelling("boolean", "false", "bool", "bool({src}.get({key}, False))",
                             True),
    "object": FieldSpelling("Record<string, unknown>", "{}", "dict[str, typing.Any]",
                            "dict({src}.get({key}) or {{}})", {}),
    "string[]": FieldSpelling("string[]", "[]", "list[str]",
                              "[str(v) for v in {src}.get({key}) or []]", ["test"]),
    "number[]": FieldSpelling("number[]", "[]", "list[float]",
                              "[float(v) for v in {src}.get({key}) or []]", [1.5]),
    "object[]": FieldSpelling("Array<Record<string, unknown>>", "[]",
                              "list[dict[str, typing.Any]]",
                              "[dict(v) for v in {src}.get({key}) or []]", []),
}
"""Blueprint field type -> its spellings."""


def number_literal(value: int | float, language: str) -> str:
    """An int or a finite float as a literal: the same text in Python and TypeScript.

    Raises:
        ValueError: For NaN and the infinities, which neither language has a literal for.
    """
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"cannot write {value!r} as a {language} number")
    return repr(value)
