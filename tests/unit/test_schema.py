"""``scaffold schema``: a JSON Schema (draft 2020-12) that the example blueprints satisfy."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from scaffold.cli import app

REPO = Path(__file__).resolve().parent.parent.parent
EXAMPLES = sorted((REPO / "blueprints").glob("*.yaml"))


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema)


def _example(name: str) -> dict[str, Any]:
    data = yaml.safe_load((REPO / "blueprints" / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_schema_is_draft_2020_12(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert {"blueprint", "name", "region", "services"} <= set(schema["required"])


def test_schema_output_is_deterministic() -> None:
    first = CliRunner().invoke(app, ["schema"]).stdout
    second = CliRunner().invoke(app, ["schema"]).stdout
    assert first == second


def test_there_are_examples() -> None:
    assert {p.name for p in EXAMPLES} >= {"webapp.yaml", "minimal.yaml"}


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_examples_validate_against_the_schema(
        path: Path, validator: jsonschema.Draft202012Validator) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def _unknown_top_level(data: dict[str, Any]) -> None:
    data["regoin"] = "eu-west-1"


def _unknown_in_service(data: dict[str, Any]) -> None:
    data["services"]["greeter"]["rutes"] = {}


def _unknown_in_route(data: dict[str, Any]) -> None:
    data["services"]["greeter"]["routes"]["GET /hello"]["auht"] = "public"


def _missing_services(data: dict[str, Any]) -> None:
    del data["services"]


def _wrong_type(data: dict[str, Any]) -> None:
    data["services"]["greeter"]["memory"] = "lots"


def _unknown_runtime(data: dict[str, Any]) -> None:
    data["services"]["greeter"]["runtime"] = "python3.31"


@pytest.mark.parametrize("mutate", [_unknown_top_level, _unknown_in_service, _unknown_in_route,
                                    _missing_services, _wrong_type, _unknown_runtime])
def test_invalid_blueprints_do_not_validate(
        mutate: Any, validator: jsonschema.Draft202012Validator) -> None:
    data = copy.deepcopy(_example("minimal.yaml"))
    mutate(data)
    assert not validator.is_valid(data)


def test_the_error_names_the_unknown_key(validator: jsonschema.Draft202012Validator) -> None:
    data = _example("minimal.yaml")
    data["regoin"] = "eu-west-1"
    messages = [e.message for e in validator.iter_errors(data)]
    assert any("regoin" in m for m in messages), messages


@pytest.mark.parametrize("snippet", [
    # short and long forms the schema must advertise, as the model accepts them
    {"routes": {"GET /a": "getA"}},
    {"routes": {"GET /a": {"handler": "getA", "auth": ["admin", "member"]}}},
    {"events": ["Created"]},
    {"events": {"Created": {"id": "string"}}},
    {"events": {"Created": {"description": "d", "fields": {"id": "string"}}}},
    {"events": {"Created": None}},
    {"secrets": ["api-key"]},
    {"secrets": {"api-key": {"description": "d"}}},
    {"subscribes": {"onX": "other.Created"}},
    {"streams": {"onRow": "rows"}, "tables": {"rows": {"key": "id", "stream": "keys_only"}}},
    {"schedules": {"nightly": "rate(1 day)"}},
    {"workflows": {"flow": ["a", {"wait": 5}, {"succeed": "done"}]}},
    {"workflows": {"flow": {"steps": [{"task": "a", "catch": "failed"}, {"fail": "failed"}],
                            "timeout_seconds": 60}}},
    {"tables": {"t": {"key": {"name": "id", "type": "number"}, "sort": "at",
                      "indexes": {"byOwner": {"key": "owner"}}}}},
])
def test_short_and_long_forms_are_in_the_schema(
        snippet: dict[str, Any], validator: jsonschema.Draft202012Validator) -> None:
    data = _example("minimal.yaml")
    data["services"]["greeter"].update(snippet)
    errors = list(validator.iter_errors(data))
    assert not errors, [e.message for e in errors]


def test_alert_email_short_form(validator: jsonschema.Draft202012Validator) -> None:
    data = _example("minimal.yaml")
    data["alerts"] = {"email": "ops@example.com"}
    assert validator.is_valid(data)
    data["alerts"] = {"email": ["ops@example.com", "dev@example.com"]}
    assert validator.is_valid(data)
    data["auth"] = {"groups": ["admin"]}
    assert validator.is_valid(data)


# --- docs/blueprint.md documents the same format -------------------------------------

DOC = REPO / "docs" / "blueprint.md"
# What the examples in the documentation may refer to without declaring it.
DOC_CONTEXT: dict[str, Any] = {
    "blueprint": 1, "name": "acme", "region": "eu-west-1",
    "dns": {"zone": "acme.example"},
    "auth": {"groups": ["admin", "member"]},
    "services": {
        "users": {"events": ["UserSignedUp"]},
        "projects": {"events": ["ProjectCreated"]},
    },
}


def _doc_examples() -> list[tuple[int, Any]]:
    text = DOC.read_text(encoding="utf-8")
    found = []
    for part in text.split("```yaml\n")[1:]:
        block = part.split("```", 1)[0]
        line = text[: text.index(block)].count("\n") + 1
        found.append((line, yaml.safe_load(block)))
    return found


def _merge(base: Any, extra: Any) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(extra, list):
        return [*base, *(item for item in extra if item not in base)]
    return extra


def _as_blueprint(fragment: dict[str, Any]) -> dict[str, Any]:
    from scaffold.blueprint import model

    if "blueprint" in fragment:
        return fragment
    if set(fragment) <= set(model.Blueprint.model_fields):
        return _merge(copy.deepcopy(DOC_CONTEXT), fragment)
    assert set(fragment) <= set(model.ServiceSpec.model_fields), sorted(fragment)
    return _merge(copy.deepcopy(DOC_CONTEXT), {"services": {"example": fragment}})


DOC_EXAMPLES = [(line, data) for line, data in _doc_examples() if isinstance(data, dict)]


def test_the_docs_have_examples() -> None:
    assert len(DOC_EXAMPLES) >= 20


@pytest.mark.parametrize("line,fragment", DOC_EXAMPLES,
                         ids=[f"line{line}" for line, _ in DOC_EXAMPLES])
def test_doc_examples_are_valid_blueprints(
        line: int, fragment: dict[str, Any], validator: jsonschema.Draft202012Validator) -> None:
    from scaffold.blueprint.load import load_text
    from scaffold.blueprint.validate import validate
    from scaffold.errors import BlueprintError

    data = _as_blueprint(fragment)
    text = yaml.safe_dump(data, sort_keys=False)
    try:
        validate(load_text(text, f"docs/blueprint.md:{line}"))
    except BlueprintError as exc:
        pytest.fail(f"example at line {line} is invalid:\n{exc.format()}\n---\n{text}")
    errors = list(validator.iter_errors(data))
    assert not errors, [e.message for e in errors]


def _model_keys() -> set[str]:
    from pydantic import BaseModel

    from scaffold.blueprint import model

    keys: set[str] = set()
    for value in vars(model).values():
        if isinstance(value, type) and issubclass(value, BaseModel) and value is not BaseModel:
            keys.update(f.alias or name for name, f in value.model_fields.items())
    return keys


def test_every_key_is_documented() -> None:
    import re as _re

    text = DOC.read_text(encoding="utf-8")
    code = " ".join(_re.findall(r"```.*?```", text, flags=_re.S)
                    + _re.findall(r"`[^`\n]+`", text))
    missing = sorted(k for k in _model_keys() if not _re.search(rf"\b{k}\b", code))
    assert not missing, f"keys not in docs/blueprint.md: {missing}"


def test_every_error_code_is_documented() -> None:
    import re as _re

    source = "".join((REPO / "scaffold" / "blueprint" / f).read_text(encoding="utf-8")
                     for f in ("load.py", "validate.py", "checks.py", "cognito.py", "queues.py",
                               "settings_checks.py", "buckets.py", "existing.py", "flows.py",
                               "authorizers.py"))
    codes = set(_re.findall(r'"([LSNC]\d{3})"', source))
    text = DOC.read_text(encoding="utf-8")
    missing = sorted(c for c in codes if f"| {c} |" not in text)
    assert not missing, f"codes not in the error table of docs/blueprint.md: {missing}"
    assert len(codes) >= 40
