"""Every rendered root of every example blueprint passes fmt, offline init and validate."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import BLUEPRINTS, render_to
from tests.support.terraform import init_and_validate_all, terraform_env

pytestmark = pytest.mark.terraform


def _roots(out: Path) -> list[Path]:
    return [out / "infra" / "platform", *sorted((out / "infra" / "services").iterdir())]


@pytest.mark.parametrize("blueprint", BLUEPRINTS, ids=lambda p: p.stem)
def test_every_root_passes_fmt_init_and_validate(blueprint: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    render_to(blueprint, out)
    init_and_validate_all(_roots(out), terraform_env(tmp_path))


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


def test_checking_roots_in_parallel_checks_each_and_names_every_failing_one(
        tmp_path: Path) -> None:
    roots = [tmp_path / name for name in ("bad_a", "good", "bad_b")]
    for root in roots:
        root.mkdir()
        (root / "main.tf").write_text('locals {\n  a = "x"\n}\n')
    (roots[1] / "versions.tf").write_text(
        'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n')
    for bad in (roots[0], roots[2]):
        (bad / "main.tf").write_text('locals {\na="x"\n}\n')  # not `terraform fmt` clean
    with pytest.raises(AssertionError) as failed:
        init_and_validate_all(roots, terraform_env(tmp_path))
    message = str(failed.value)
    assert f"{roots[0]}: terraform fmt -check failed" in message
    assert f"{roots[2]}: terraform fmt -check failed" in message
    assert f"{roots[1]}:" not in message.replace(f"{roots[1]}/", "")
    assert (roots[1] / ".terraform" / "providers").is_dir(), "the good root was not checked"
