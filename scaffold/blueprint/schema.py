"""JSON Schema (draft 2020-12) of the blueprint, exported from the model itself."""

from __future__ import annotations

import json
from typing import Any

from scaffold.blueprint.model import Blueprint

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def blueprint_schema() -> dict[str, Any]:
    """The schema as a dict; short forms appear as ``anyOf`` alternatives."""
    schema = Blueprint.model_json_schema(mode="validation")
    return {"$schema": DIALECT, "title": "scaffold blueprint (format 1)", **schema}


def blueprint_schema_json() -> str:
    """The schema as deterministic JSON text."""
    return json.dumps(blueprint_schema(), indent=2, sort_keys=True)
