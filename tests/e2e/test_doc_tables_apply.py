"""Every table example of docs/blueprint.md applies on the emulator, and converges.

The examples are collected from the documentation (the same blocks
tests/unit/test_schema.py validates), each distinct table becomes a table of one service,
scaffold renders it, and Terraform applies only the table modules of that service's root
(``-target``): the tables are what this test is about, and CI time is tight.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.e2e import emulator_client, run_scaffold
from tests.support.moto_server import write_provider_override
from tests.support.terraform import run_terraform, terraform_env
from tests.unit.test_schema import DOC_EXAMPLES

pytestmark = [pytest.mark.e2e]

SERVICE = "catalog"


def _doc_tables() -> dict[str, Any]:
    """Each distinct table of the examples, named after its example (``projects2``...)."""
    found: list[tuple[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "tables" and isinstance(value, dict):
                    found.extend(value.items())
                else:
                    walk(value)

    for _, fragment in DOC_EXAMPLES:
        walk(fragment)
    tables: dict[str, Any] = {}
    for name, spec in found:
        if spec in tables.values():
            continue
        unique, n = name, 1
        while unique in tables:
            n += 1
            unique = f"{name}{n}"
        tables[unique] = spec
    return tables


def test_the_doc_examples_have_a_table_with_sort_key_indexes_stream_and_ttl() -> None:
    tables = _doc_tables()
    assert any({"sort", "indexes", "stream", "ttl"} <= set(t) for t in tables.values()
               if isinstance(t, dict)), tables


def test_every_table_example_of_the_docs_applies_on_the_emulator_and_converges(
        moto_endpoint: str, tmp_path: Path) -> None:
    tables = _doc_tables()
    project = tmp_path / "docs-tables"
    project.mkdir()
    blueprint = {"blueprint": 1, "name": "doctables", "region": "eu-west-1",
                 "services": {SERVICE: {"tables": tables}}}
    (project / "blueprint.yaml").write_text(yaml.safe_dump(blueprint, sort_keys=False))
    env = terraform_env(tmp_path)
    rendered = run_scaffold(["render"], project, env)
    assert rendered.returncode == 0, rendered.stdout[-3000:] + rendered.stderr[-3000:]

    root = project / "infra" / "services" / SERVICE
    write_provider_override(root, moto_endpoint, aliases=())
    targets = [f"-target=module.table_{name}" for name in tables]
    tfvars = f"-var-file={project / 'infra' / 'stages' / 'dev.tfvars'}"

    def terraform(*args: str) -> Any:
        return run_terraform([*args, "-input=false", "-no-color"], root, env, timeout=900)

    assert (init := terraform("init")).returncode == 0, init.stdout + init.stderr
    applied = terraform("apply", "-auto-approve", tfvars, *targets)
    assert applied.returncode == 0, applied.stdout[-6000:] + applied.stderr[-4000:]
    try:
        again = terraform("plan", "-detailed-exitcode", tfvars, *targets)
        assert again.returncode == 0, again.stdout[-6000:] + again.stderr[-4000:]
        _assert_tables(moto_endpoint, tables)
    finally:
        destroyed = terraform("destroy", "-auto-approve", tfvars, *targets)
        assert destroyed.returncode == 0, destroyed.stdout[-6000:] + destroyed.stderr[-4000:]
        shutil.rmtree(root / ".terraform", ignore_errors=True)


_TYPES = {"string": "S", "number": "N", "binary": "B"}


def _key(spec: Any) -> tuple[str, str]:
    if isinstance(spec, str):
        return spec, "S"
    return spec["name"], _TYPES[spec.get("type", "string")]


def _assert_tables(endpoint: str, tables: dict[str, Any]) -> None:
    dynamodb = emulator_client("dynamodb", endpoint)
    for name, spec in tables.items():
        described = dynamodb.describe_table(TableName=f"doctables-dev-{SERVICE}-{name}")["Table"]
        declared = {a["AttributeName"]: a["AttributeType"]
                    for a in described["AttributeDefinitions"]}
        keys = [spec["key"], *([spec["sort"]] if "sort" in spec else [])]
        for index in spec.get("indexes", {}).values():
            keys += [index["key"], *([index["sort"]] if "sort" in index else [])]
        assert declared == dict(_key(k) for k in keys), (name, described)
        assert {i["IndexName"] for i in described.get("GlobalSecondaryIndexes", [])} == set(
            spec.get("indexes", {})), (name, described)
