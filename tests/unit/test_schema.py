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
