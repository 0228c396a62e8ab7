"""Tags and cost allocation (issue 14): project, stage and service tags on every resource.

Every taggable resource gets the provider's ``default_tags``; these tests read the rendered
provider blocks of each root.
"""

from __future__ import annotations

from typing import Any

import hcl2

from scaffold.blueprint.advice import blueprint_warnings
from scaffold.blueprint.load import load_text
from scaffold.blueprint.validate import validate
from tests.helpers import render_files
from tests.unit.test_checks import problems, where

BLUEPRINT = """blueprint: 1
name: acme
region: eu-west-1
tags: {team: platform, cost-center: "4711"}
services:
  billing:
    tags: {cost-center: "4242", owner: billing-team}
    routes:
      GET /invoices: getInvoices
  users:
    routes:
      GET /me: getMe
"""


def _tags(files: dict[str, str], root: str) -> list[dict[str, Any]]:
    """The default tags of every provider block of ``root``, values unquoted."""
    parsed = hcl2.loads(files[f"infra/{root}/providers.tf"])
    return [{k: v.strip('"') for k, v in body["default_tags"][0]["tags"].items()}
            for block in parsed["provider"] for body in block.values()]


def _files(text: str = BLUEPRINT) -> dict[str, str]:
    return {f.path: f.content.decode() for f in render_files(text)}


def test_a_service_root_tags_project_stage_and_service_with_its_own_tags_winning() -> None:
    (tags,) = _tags(_files(), "services/billing")
    assert tags == {"app": "acme", "project": "acme", "stage": "${var.stage}",
                    "managed-by": "scaffold", "service": "billing", "team": "platform",
                    "cost-center": "4242", "owner": "billing-team"}


def test_a_service_without_tags_gets_the_blueprint_tags_only() -> None:
    (tags,) = _tags(_files(), "services/users")
    assert tags["service"] == "users" and tags["cost-center"] == "4711"
    assert "owner" not in tags


def test_every_provider_of_the_platform_carries_project_and_stage_but_no_service() -> None:
    text = BLUEPRINT.replace("tags: {team", "frontend: {ssr: true}\ntags: {team")
    providers = _tags(_files(text), "platform")
    assert len(providers) >= 2  # the us-east-1 alias too
    for tags in providers:
        assert tags["project"] == "acme" and tags["stage"] == "${var.stage}"
        assert "service" not in tags and tags["team"] == "platform"


def test_a_tag_scaffold_sets_itself_is_ignored_with_a_located_warning() -> None:
    text = BLUEPRINT.replace("owner: billing-team}", "owner: billing-team, stage: x}")
    doc = load_text(text)
    found = list(blueprint_warnings(validate(doc), doc.source_map))
    assert [(d.code, d.location.line, d.location.col) for d in found] == [("W008", 7, 54)]
    assert found[0].hint and "cost-center" in found[0].hint
    (tags,) = _tags(_files(text), "services/billing")
    assert tags["stage"] == "${var.stage}"


def test_an_invalid_service_tag_is_refused_where_it_is_written() -> None:
    text = BLUEPRINT.replace("owner: billing-team}", "'aws:owner': x}")
    body = text.split("\n", 3)[3]  # problems() adds the blueprint/name/region lines
    assert [where(d) for d in problems(body)] == [("C131", 7, 33)]
