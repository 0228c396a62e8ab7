"""Every blueprint field type has a spelling in each language, and numbers stay literal."""

from __future__ import annotations

import math
import typing

import pytest

from scaffold.blueprint.model import FieldType
from scaffold.render.python.env import py_literal
from scaffold.render.spellings import FIELD_SPELLINGS, number_literal
from scaffold.render.typescript.env import _finalize


def test_every_field_type_has_one_row() -> None:
    assert sorted(FIELD_SPELLINGS) == sorted(typing.get_args(FieldType))


@pytest.mark.parametrize("kind", sorted(FIELD_SPELLINGS))
def test_the_python_sample_has_the_annotated_type(kind: str) -> None:
    row = FIELD_SPELLINGS[kind]
    coerce = row.py_coercion.format(src="src", key=repr("f"))
    assert eval(coerce, {}, {"src": {"f": row.py_sample}}) == row.py_sample  # noqa: S307


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_no_language_writes_a_number_it_has_no_literal_for(value: float) -> None:
    with pytest.raises(ValueError, match="Python"):
        py_literal(value)
    with pytest.raises(ValueError, match="TypeScript"):
        _finalize(value)


def test_numbers_are_written_the_same_in_both_languages() -> None:
    for value in (0, -3, 1.5, 1e100, 2**70):
        assert py_literal(value) == _finalize(value) == number_literal(value, "x")
    assert _finalize(True) == "true" and py_literal(True) == "True"
