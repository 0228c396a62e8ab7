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


_TYPE_WORDS = {
    "string_type": "a string",
    "list_type": "a list",
    "bool_type": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}

# What a value may be written as, for "expected ..." messages about models with a short form.
_SHORT_FORMS = {
    "RouteSpec": "a handler name or a mapping with 'handler'",
    "FunctionRef": "a handler name or a mapping with 'handler'",
    "SubscriptionSpec": "an event name ('service.Event') or a mapping with 'event'",
    "StreamSpec": "a table name or a mapping with 'table'",
    "ScheduleSpec": "a schedule expression or a mapping with 'schedule'",
    "KeySpec": "an attribute name or a mapping with 'name'",
    "CatchSpec": "a step name or a mapping with 'next'",
    "WaitSpec": "a number of seconds or a mapping with 'seconds' or 'timestamp_path'",
    "WorkflowSpec": "a list of steps or a mapping with 'steps'",
    "EventSpec": "a mapping of field names to types",
    "ServiceSpec": "a mapping (write `{}` for a service with nothing yet)",
    "StageSpec": "a mapping of settings (write `{}` for none)",
}


def _schema_diagnostics(exc: ValidationError, doc: Document) -> list[Diagnostic]:
    located = [(error, *_data_path(error["loc"], doc.data))
               for error in exc.errors(include_url=False)]
    deeper = [path for _, path, _ in located]
    groups: dict[tuple[Path, bool], list[Any]] = {}
    for error, path, is_key in located:
        if _is_type_error(error) and any(len(other) > len(path) and other[:len(path)] == path
                                         for other in deeper):
            # A union branch that failed at this level while another branch got further:
            # the deeper error says what is wrong.
            continue
        groups.setdefault((path, is_key), []).append(error)
    result: list[Diagnostic] = []
    seen: set[tuple[Path, str]] = set()
    for (path, is_key), errors in groups.items():
        if is_key:
            result.append(_key_diagnostic(errors[0], path, doc))
            continue
        type_errors = [e for e in errors if _is_type_error(e)]
        if len(type_errors) > 1:
            result.append(_union_diagnostic(type_errors, path, doc))
            errors = [e for e in errors if not _is_type_error(e)]
        for error in errors:
            if (path, error["type"]) in seen:
                continue
            seen.add((path, error["type"]))
            result.append(_diagnostic(error, path, None, doc))
    return result


def _is_type_error(error: Any) -> bool:
    return error["type"] in _TYPE_WORDS or error["type"] == "literal_error"


def _expected(error: Any) -> str:
    if error["type"] == "literal_error":
        return "one of " + str(error.get("ctx", {}).get("expected", ""))
    if error["type"] == "model_type":
        return _SHORT_FORMS.get(error.get("ctx", {}).get("class_name", ""), "a mapping")
    return _TYPE_WORDS[error["type"]]


def _found(value: Any) -> str:
    """Describe a value the way it was written (YAML reads 2024-01-01 as a date...)."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (a boolean)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    text = text if len(text) <= 40 else text[:37] + "..."
    if isinstance(value, str):
        return f"'{text}'"
    kind = {int: "a number", float: "a number"}.get(type(value), f"a {type(value).__name__}")
    return f"{text} ({kind})"


def _quote_hint(error: Any) -> str | None:
    value = error.get("input")
    if error["type"] == "string_type" and value is not None and not isinstance(
            value, dict | list | str):
        return "YAML reads this value as " + _found(value).split("(", 1)[-1].rstrip(")") + \
            "; put it in quotes to make it text"
    return None


def _union_diagnostic(errors: list[Any], path: Path, doc: Document) -> Diagnostic:
    where_key = _where(path)
    options = list(dict.fromkeys(_expected(e) for e in errors))
    return Diagnostic(doc.source_map.value(path), "S007",
                      f"{where_key}: expected {' or '.join(options)}, found "
                      f"{_found(errors[0].get('input'))}", f"write {options[0]} here")


def _key_diagnostic(error: Any, path: Path, doc: Document) -> Diagnostic:
    key = str(path[-1])
    where_key = _where(path[:-1])
    expected = str(error.get("ctx", {}).get("expected", ""))
    options = [e.strip(" '") for e in expected.replace(" or ", ",").split(",") if e.strip()]
    close = difflib.get_close_matches(key, options, n=1, cutoff=0.6)
    return Diagnostic(doc.source_map.key(path), "S006", f"{where_key}: '{key}' is not allowed "
                      "as a key", (f"did you mean '{close[0]}'? " if close else "")
                      + f"use {expected}")


def _data_path(loc: tuple[Any, ...], data: Any) -> tuple[Path, bool]:
    """Keep the parts of a pydantic ``loc`` that are real keys (drop union branch tags).

    Returns the path and whether the error is about the key itself (``[key]``).
    """
    path: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        if (i > 0 and isinstance(loc[i - 1], int) and part in model.STEP_KINDS
                and "workflows" in loc[:i]):
            continue  # the tag pydantic adds after the index of a workflow step
        if (isinstance(node, dict) and part in node) or (
                isinstance(node, list) and isinstance(part, int) and part < len(node)):
            path.append(part)
            node = node[part]
        elif i == len(loc) - 1 and isinstance(part, str) and not _is_tag(part):
            path.append(part)
    return tuple(path), loc[-1:] == ("[key]",)


def _is_tag(part: str) -> bool:
    return part[:1].isupper() or "[" in part or part in {"str", "int", "float", "bool",
                                                           "function-before", "function-after"}


def _diagnostic(error: Any, path: Path, _cls: Any, doc: Document) -> Diagnostic:
    smap = doc.source_map
    kind = error["type"]
    where_key = _where(path)
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
                              + ", ".join(n for n in model.SETTING_NAMES if n != "runtime"))
        if key in model.STEP_KINDS and len(path) > 1 and isinstance(path[-2], int):
            hint = ("a workflow step is one kind of step: put '" + key + "' in a step of its "
                    "own")
        return Diagnostic(smap.key(path), "S002", f"unknown key '{key}' in {_owner(path)}",
                          hint or "remove it: nothing may be set here")
    if kind == "missing":
        return Diagnostic(smap.key(path[:-1]) if len(path) > 1 else smap.value(()), "S004",
                          f"missing required key '{path[-1]}' in {_owner(path)}",
                          f"add `{path[-1]}: ...` (docs/blueprint.md shows each key)")
    if kind == "literal_error" and path[-1:] == ("runtime",):
        value = str(error.get("input"))
        close = difflib.get_close_matches(value, model.RUNTIMES, n=1, cutoff=0.5)
        return Diagnostic(smap.value(path), "S005", f"unknown runtime '{value}'",
                          (f"did you mean '{close[0]}'? " if close else "")
                          + "supported: " + ", ".join(model.RUNTIMES))
    if kind == "literal_error":
        value = error.get("input")
        expected = error.get("ctx", {}).get("expected", "")
        options = [e.strip(" '") for e in expected.replace(" or ", ",").split(",")]
        if not isinstance(value, str) or str(value) not in options:
            close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
            hint = (f"did you mean '{close[0]}'? " if close else "") + f"use {expected}"
        else:  # blueprint: '1' where the number 1 is meant
            hint = f"write {value} without quotes"
        return Diagnostic(smap.value(path), "S006",
                          f"{where_key}: {_found(value)} is not allowed", hint)
    if kind == "step_kind":
        return Diagnostic(smap.value(path), "S020", str(error["msg"]),
                          "e.g. `- sendEmail` (a task), `- {wait: 60}` or "
                          "`- {wait_for_callback: awaitApproval}`")
    if kind == "too_short":
        what = {"services": "declare at least one service",
                "stages": "declare at least one stage, e.g. `dev: {}`",
                "steps": "a workflow needs at least one step"}
        last = path[-1] if path else ""
        if isinstance(last, str) and last not in what and len(path) >= 4 and path[-3] == \
                "workflows":
            last = "steps"
        return Diagnostic(smap.value(path), "S008", f"{where_key}: must not be empty",
                          what.get(str(last), "give at least one item, or remove the key"))
    bounds = {"greater_than_equal": ("at least", "ge"), "less_than_equal": ("at most", "le"),
              "greater_than": ("more than", "gt"), "less_than": ("less than", "lt")}
    if kind in bounds:
        words, name = bounds[kind]
        limit = error.get("ctx", {}).get(name)
        return Diagnostic(smap.value(path), "S009", f"{where_key}: must be {words} {limit}, "
                          f"found {_found(error.get('input'))}",
                          {"at least": f"write {limit} or more", "at most": f"write {limit} or "
                           "less"}.get(words, f"write a number {words} {limit}"))
    if kind == "too_long" and path[-1:] == ("layers",):
        return Diagnostic(smap.value(path), "S007", f"{where_key}: at most 5 layers, found "
                          f"{error.get('ctx', {}).get('actual_length')}",
                          "Lambda applies at most 5 layers to a function: merge some into one")
    if kind == "finite_number":
        return Diagnostic(smap.value(path), "S007", f"{where_key}: expected a finite number, "
                          f"found {_found(error.get('input'))}",
                          "YAML reads .inf and .nan as numbers; write a finite value")
    if kind in _TYPE_WORDS:
        return Diagnostic(smap.value(path), "S007", f"{where_key}: expected {_expected(error)}, "
                          f"found {_found(error.get('input'))}",
                          _quote_hint(error) or f"write {_expected(error)} here")
    message = str(error["msg"])
    if message.startswith("Input should be"):
        message = "expected " + message[len("Input should be "):]
    message = message.removeprefix("Value error, ")
    hint = ("list each item once" if message.endswith("is listed twice")
            else "docs/blueprint.md shows the shape of this key")
    return Diagnostic(smap.value(path), "S007", f"{where_key}: {message}", hint)


def _where(path: Path) -> str:
    """``services -> users -> workflows -> w -> item 2``: a path as people read it."""
    return " -> ".join(f"item {p + 1}" if isinstance(p, int) else str(p)
                       for p in path) or "blueprint"


def _owner(path: Path) -> str:
    return f"'{_where(path[:-1])}'" if path[:-1] else "the blueprint"


def _allowed_keys(path: Path, data: Any) -> list[str]:
    """The keys the model accepts at ``path`` (walking the model types alongside the data)."""
    node: Any = model.Blueprint
    value = data
    for part in path:
        node = _child_type(node, part, value)
        value = _child_value(value, part)
        if node is None:
            return []
    if isinstance(node, type) and issubclass(node, BaseModel):
        return sorted(node.model_fields)
    return []


def _child_value(value: Any, part: str | int) -> Any:
    if isinstance(value, dict):
        return value.get(part)
    if isinstance(value, list) and isinstance(part, int) and part < len(value):
        return value[part]
    return None


_STEP_MODELS: dict[str, type[BaseModel]] = {
    "task": model.TaskStep, "wait_for_callback": model.CallbackStep,
    "choice": model.ChoiceStep, "wait": model.WaitStep, "succeed": model.SucceedStep,
    "fail": model.FailStep,
}


def _child_type(node: Any, part: str | int, value: Any) -> Any:
    import typing

    def unwrap(tp: Any) -> Any:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            return unwrap(typing.get_args(tp)[0])
        return tp

    node = unwrap(node)
    if node is model.WorkflowSpec and isinstance(part, int):  # short form: a list of steps
        node = node.model_fields["steps"].annotation
    if isinstance(node, type) and issubclass(node, BaseModel):
        field = node.model_fields.get(str(part))
        return _pick_model(field.annotation) if field else None
    origin = typing.get_origin(node)
    if origin is dict:
        return _pick_model(typing.get_args(node)[1])
    if origin is list:
        item = _child_value(value, part)
        kind = model._step_kind(item) if isinstance(item, dict) else None
        if kind is not None and typing.get_args(node)[0] is model.Step:
            return _STEP_MODELS[kind]
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
