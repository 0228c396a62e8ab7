"""Every rendered root of every example blueprint passes fmt, offline init and validate."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import BLUEPRINTS, render_to
from tests.support.terraform import init_and_validate, terraform_env

pytestmark = pytest.mark.terraform


def _roots(out: Path) -> list[Path]:
    return [out / "infra" / "platform", *sorted((out / "infra" / "services").iterdir())]


@pytest.mark.parametrize("blueprint", BLUEPRINTS, ids=lambda p: p.stem)
def test_every_root_passes_fmt_init_and_validate(blueprint: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    render_to(blueprint, out)
    env = terraform_env(tmp_path)
    for root in _roots(out):
        init_and_validate(root, env)


REQUIRED_TYPES = [
    "aws_s3_bucket", "aws_cloudfront_distribution", "aws_cloudfront_origin_access_control",
    "aws_acm_certificate", "aws_route53_record", "aws_apigatewayv2_api",
    "aws_apigatewayv2_route", "aws_apigatewayv2_integration", "aws_apigatewayv2_authorizer",
    "aws_lambda_function", "aws_lambda_permission", "aws_iam_role", "aws_dynamodb_table",
    "aws_lambda_event_source_mapping", "aws_cloudwatch_event_bus", "aws_cloudwatch_event_rule",
    "aws_cloudwatch_event_target", "aws_sqs_queue", "aws_sns_topic",
    "aws_s3_bucket_notification", "aws_cognito_user_pool", "aws_cognito_user_pool_client",
    "aws_sfn_state_machine", "aws_ssm_parameter", "aws_cloudwatch_log_group",
    "aws_cloudwatch_metric_alarm", "aws_cloudwatch_dashboard",
]


def test_webapp_uses_every_required_resource_type(tmp_path: Path) -> None:
    out = tmp_path / "out"
    render_to(Path("blueprints/webapp.yaml").resolve(), out)
    used_modules: set[str] = set()
    for tf in (out / "infra").rglob("*.tf"):
        if "modules" in tf.parts:
            continue
        used_modules |= set(re.findall(r'source\s+=\s+"\.\./(?:\.\./)?modules/(\w+)"',
                                       tf.read_text()))
    types: set[str] = set()
    for module in used_modules:
        for tf in (out / "infra" / "modules" / module).glob("*.tf"):
            types |= set(re.findall(r'^resource "(\w+)"', tf.read_text(), re.M))
    for tf in (out / "infra").rglob("*.tf"):
        if "modules" not in tf.parts:
            types |= set(re.findall(r'^resource "(\w+)"', tf.read_text(), re.M))
    missing = sorted(set(REQUIRED_TYPES) - types)
    assert not missing, f"resource types missing from the webapp output: {missing}"
    platform = (out / "infra/platform/main.tf").read_text()
    assert 'module "http_api"' in platform and 'module "websocket_api"' in platform
