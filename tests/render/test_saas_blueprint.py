"""blueprints/saas.yaml uses every key of issue #14, and the keys mean what its comments say.

It also has a golden tree (tests/golden/render/saas, like every blueprint under
blueprints/): it is the only one that pins the existing-resource branches of the platform
root (the bus, zone and certificate looked up, not created) and a hosted UI without a
frontend. These tests assert the meaning the golden only freezes; its roots pass
fmt/init/validate in tests/terraform/test_rendered_roots.py and tests/e2e/test_saas_apply.py
applies its dev stage.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from scaffold.blueprint.load import load_blueprint
from scaffold.blueprint.validate import validate
from scaffold.plan.build import build_plan
from scaffold.plan.ir import LambdaFunction
from tests.helpers import REPO, render_files

SAAS = REPO / "blueprints" / "saas.yaml"


def _by_handler() -> dict[str, LambdaFunction]:
    plan = build_plan(validate(load_blueprint(SAAS)))
    return {f.handler: f for s in plan.services for f in s.functions}


def _keys(node: Any, path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            found.add((*path[-1:], str(key)))
            found |= _keys(value, (*path, str(key)))
    elif isinstance(node, list):
        for item in node:
            found |= _keys(item, path)
    return found


def test_saas_uses_every_key_issue_14_added() -> None:
    used = _keys(yaml.safe_load(SAAS.read_text()))
    flat = {key for _, key in (k for k in used if len(k) == 2)} | {k[0] for k in used}
    wanted = {"iam", "why", "memory", "timeout", "runtime", "architecture", "environment",
              "reserved_concurrency", "layers", "ephemeral_storage", "vpc", "queues",
              "sends", "fifo", "content_based_deduplication", "max_concurrency", "buckets",
              "bucket_reads", "bucket_writes", "on_object", "zone_id", "existing_name",
              "certificate_arn", "cors", "throttle", "hosted_ui", "identity_providers",
              "tags", "authorizer", "identity", "ttl", "provisioned_concurrency"}
    assert wanted <= flat, sorted(wanted - flat)
    # A service's own tags, and environment references beside literals.
    assert ("tenants", "tags") in used
    assert ("PROJECTS_TABLE", "table") in used and ("REPORTS_BUCKET", "bucket") in used


def test_stage_service_and_function_settings_merge_as_the_comments_say() -> None:
    fns = _by_handler()
    layer = "arn:aws:lambda:eu-west-1:123456789012:layer:tenantly-observability:1"
    for fn in fns.values():
        dev, prod = fn.settings["dev"], fn.settings["prod"]
        assert dev.layers == prod.layers == (layer,), fn.handler
        assert dev.subnet_ids == () and len(prod.subnet_ids) == 2, fn.handler
        assert dev.log_retention_days == 14 and prod.log_retention_days == 90
    # memory: defaults 256 < stage prod 512 < service tenants 512 < function 1024
    assert fns["receiveWebhook"].settings["dev"].memory == 256
    assert fns["receiveWebhook"].settings["prod"].memory == 512
    assert fns["listProjects"].settings["dev"].memory == 512
    assert fns["nightlyReport"].settings["dev"].memory == 1024
    assert fns["nightlyReport"].settings["prod"].memory == 1024
    # reserved concurrency: the prod stage's 20, but the consumer's own 2 in every stage
    assert fns["listProjects"].settings["dev"].reserved_concurrency is None
    assert fns["listProjects"].settings["prod"].reserved_concurrency == 20
    assert fns["sendEmail"].settings["dev"].reserved_concurrency == 2
    assert fns["sendEmail"].settings["prod"].reserved_concurrency == 2
    assert fns["createProject"].settings["dev"].ephemeral_storage == 1024
    assert fns["createProject"].settings["dev"].timeout == 15
    assert fns["issueInvoice"].settings["dev"].timeout == 20  # the billing service's
    assert fns["listReports"].settings["dev"].architecture == "x86_64"
    assert fns["listProjects"].settings["dev"].architecture == "arm64"
    assert fns["receiveWebhook"].runtime == "python3.13"


def test_the_consumer_gets_its_custom_statements_and_the_service_statement() -> None:
    send = _by_handler()["sendEmail"]
    sids = [st.sid for st in send.statements]
    assert "ReadFeatureFlags" in sids  # the tenants service's statement, on every function
    actions = {a for st in send.statements for a in st.actions}
    assert {"ses:SendEmail", "ses:GetSendQuota", "ssm:GetParameter"} <= actions
    assert "ReadFeatureFlags" not in [st.sid for st in _by_handler()["issueInvoice"].statements]


def test_the_existing_bus_zone_and_certificate_are_looked_up_not_created() -> None:
    files = {f.path: f.content.decode() for f in render_files(SAAS)}
    platform = files["infra/platform/main.tf"]
    assert 'data "aws_cloudwatch_event_bus" "this"' in platform
    assert 'data "aws_route53_zone" "this"' in platform
    assert "Z0123456789ABCDEFGHIJ" in platform
    platform_tf = "".join(text for path, text in files.items()
                          if path.startswith("infra/platform/") and path.endswith(".tf"))
    assert 'module "bus"' not in platform_tf
    assert not re.search(r'resource "aws_acm_certificate"', platform_tf)


def test_a_copy_with_an_existing_user_pool_instead_of_the_hosted_ui_looks_the_pool_up() -> None:
    # auth.existing cannot take hosted_ui, identity_providers, default_group, email or
    # Cognito triggers (C209), so saas.yaml manages its pool; this copy shows the other way.
    data = yaml.safe_load(SAAS.read_text())
    data["auth"] = {"groups": ["owner", "member"],
                    "existing": {"user_pool_id": "eu-west-1_AbCdEf123",
                                 "client_id": "1example23456789abcdefghij"}}
    del data["services"]["tenants"]["auth_triggers"]
    files = {f.path: f.content.decode()
             for f in render_files(yaml.safe_dump(data, sort_keys=False))}
    platform = "".join(text for path, text in files.items()
                       if path.startswith("infra/platform/") and path.endswith(".tf"))
    assert 'data "aws_cognito_user_pool" ' in platform
    assert 'data "aws_cognito_user_pool_client" ' in platform
    assert "eu-west-1_AbCdEf123" in platform
    assert 'module "user_pool"' not in platform
