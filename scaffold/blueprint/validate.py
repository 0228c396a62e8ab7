"""Validate stage: Document -> Blueprint, or every problem found as located diagnostics.

Schema errors come from the pydantic model; cross-reference rules from ``checks``.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from scaffold.blueprint import model
from scaffold.blueprint.checks import run_checks
from scaffold.blueprint.load import Document
from scaffold.blueprint.source_map import Path
from scaffold.errors import BlueprintError, Diagnostic


def validate(doc: Document) -> model.Blueprint:
    """Turn a loaded document into a valid blueprint.

    Args:
        doc: the loaded blueprint.

    Returns:
        The typed, frozen blueprint.

    Raises:
        BlueprintError: with every schema and cross-reference problem found.
    """
    if not isinstance(doc.data, dict):
        kind = type(doc.data).__name__ if doc.data is not None else "nothing"
        kind = {"list": "a list", "str": "a plain string", "int": "a number"}.get(kind, kind)
        raise BlueprintError([Diagnostic(doc.source_map.value(()), "S001",
                                         f"a blueprint must be a mapping of keys, found {kind}",
                                         "start with `blueprint: 1`, `name:` and `services:`")])
    try:
        blueprint = model.Blueprint.model_validate(doc.data)
    except ValidationError as exc:
        raise BlueprintError(_schema_diagnostics(exc, doc)) from None
    problems = list(run_checks(blueprint, doc.source_map))
    if problems:
        raise BlueprintError(problems)
    return blueprint


def _schema_diagnostics(exc: ValidationError, doc: Document) -> list[Diagnostic]:
    seen: set[tuple[Path, str]] = set()
    result: list[Diagnostic] = []
    for error in exc.errors(include_url=False):
        path, model_cls = _data_path(error["loc"], doc.data)
        kind = error["type"]
        if (path, kind) in seen:
            continue
        seen.add((path, kind))
        result.append(_diagnostic(error, path, model_cls, doc))
    return result


def _data_path(loc: tuple[Any, ...], data: Any) -> tuple[Path, type[BaseModel] | None]:
    """Keep the parts of a pydantic ``loc`` that are real keys (drop union branch tags)."""
    path: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            path.append(part)
            node = node[part]
        elif i == len(loc) - 1 and isinstance(part, str) and not _is_tag(part):
            path.append(part)
    return tuple(path), None


def _is_tag(part: str) -> bool:
    return part[:1].isupper() or "[" in part or part in {"str", "int", "float", "bool",
                                                           "function-before", "function-after"}


def _diagnostic(error: Any, path: Path, _cls: Any, doc: Document) -> Diagnostic:
    smap = doc.source_map
    kind = error["type"]
    where_key = " -> ".join(str(p) for p in path) or "blueprint"
    if kind == "extra_forbidden":
        key = str(path[-1])
        options = _allowed_keys(path[:-1], doc.data)
        close = difflib.get_close_matches(key, options, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else (
            "allowed here: " + ", ".join(options) if options else None)
        if path[:1] == ("stages",) and len(path) == 3:
            return Diagnostic(smap.key(path), "S003",
                              f"stage '{path[1]}' overrides unknown setting '{key}'",
                              hint if close else "a stage may override: "
                              + ", ".join(model.SETTING_NAMES))
        return Diagnostic(smap.key(path), "S002", f"unknown key '{key}' in {_owner(path)}", hint)
    if kind == "missing":
        return Diagnostic(smap.key(path[:-1]) if len(path) > 1 else smap.value(()), "S004",
                          f"missing required key '{path[-1]}' in {_owner(path)}")
    if kind == "literal_error" and path[-1:] == ("runtime",):
        value = str(error.get("input"))
        close = difflib.get_close_matches(value, model.RUNTIMES, n=1, cutoff=0.5)
        return Diagnostic(smap.value(path), "S005", f"unknown runtime '{value}'",
                          (f"did you mean '{close[0]}'? " if close else "")
                          + "supported: " + ", ".join(model.RUNTIMES))
    if kind == "literal_error":
        value = error.get("input")
        expected = error.get("ctx", {}).get("expected", "")
        close = difflib.get_close_matches(str(value), [e.strip(" '") for e in
                                                       expected.replace(" or ", ",").split(",")],
                                          n=1, cutoff=0.5)
        return Diagnostic(smap.value(path), "S006", f"{where_key}: '{value}' is not allowed",
                          (f"did you mean '{close[0]}'? " if close else "") + f"use {expected}")
    if kind == "step_kind":
        return Diagnostic(smap.value(path), "S020", str(error["msg"]))
    message = str(error["msg"])
    if message.startswith("Input should be"):
        message = "expected " + message[len("Input should be "):]
    return Diagnostic(smap.value(path), "S007", f"{where_key}: {message}")


def _owner(path: Path) -> str:
    parent = [str(p) for p in path[:-1]]
    return "'" + " -> ".join(parent) + "'" if parent else "the blueprint"


def _allowed_keys(path: Path, data: Any) -> list[str]:
    """The keys the model accepts at ``path`` (walking the model types alongside the data)."""
    node: Any = model.Blueprint
    for part in path:
        node = _child_type(node, part, data)
        if node is None:
            return []
    if isinstance(node, type) and issubclass(node, BaseModel):
        return sorted(node.model_fields)
    return []


def _child_type(node: Any, part: str | int, _data: Any) -> Any:
    import typing

    def unwrap(tp: Any) -> Any:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            return unwrap(typing.get_args(tp)[0])
        return tp

    node = unwrap(node)
    if isinstance(node, type) and issubclass(node, BaseModel):
        field = node.model_fields.get(str(part))
        return _pick_model(field.annotation) if field else None
    origin = typing.get_origin(node)
    if origin is dict:
        return _pick_model(typing.get_args(node)[1])
    if origin is list:
        return _pick_model(typing.get_args(node)[0])
    return None


def _pick_model(tp: Any) -> Any:
    """From ``X | None`` or ``Annotated[X, ...]`` keep the model or container type."""
    import types
    import typing

    if typing.get_origin(tp) is typing.Annotated:
        return _pick_model(typing.get_args(tp)[0])
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            picked = _pick_model(arg)
            if picked is not None and picked is not type(None):
                if isinstance(picked, type) and issubclass(picked, BaseModel):
                    return picked
                if typing.get_origin(picked) in (dict, list):
                    return picked
        return None
    return tp
