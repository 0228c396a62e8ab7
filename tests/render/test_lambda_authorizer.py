"""A service's Lambda authorizer in the rendered output: the AWS facts the Terraform relies on.

AWS facts stated here (API Gateway developer guide, "Working with AWS Lambda authorizers for
HTTP APIs", and the ``CreateAuthorizer`` reference): an HTTP API Lambda authorizer is of type
``REQUEST`` and needs a payload format version (``2.0`` allows simple responses,
``{isAuthorized, context}``); ``authorizer_result_ttl_in_seconds`` is 0-3600 and 0 disables
caching; API Gateway invokes the function as ``<execution arn>/authorizers/<authorizer id>``,
so its Lambda permission names that source ARN; a route uses it with ``CUSTOM``
authorization and the authorizer's id.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import hcl2
import pytest

from scaffold.blueprint.functions import iter_functions
from scaffold.blueprint.load import load_text
from scaffold.blueprint.validate import validate
from scaffold.graph import build_graph
from scaffold.plan.access import authorizer_decides
from scaffold.plan.build import build_plan
from tests.helpers import REPO, render_to
from tests.support.terraform import init_and_validate, run_terraform, terraform_env

BLUEPRINT = """
blueprint: 1
name: acme
region: eu-west-1
services:
  partners:
    runtime: python3.13
    tables:
      orders: {key: id}
    authorizer: {handler: checkApiKey, identity: [$request.header.x-api-key], ttl: 120}
    routes:
      GET /partner/orders: {handler: partnerOrders, auth: custom, reads: [orders]}
      GET /health: {handler: health, auth: public}
  shop:
    authorizer: {handler: checkToken, identity: [], ttl: 0}
    routes:
      GET /shop/items: {handler: shopItems, auth: custom}
"""
MODULE = REPO / "templates" / "terraform" / "modules" / "http_routes"


def _plain(value: Any) -> Any:
    """python-hcl2 keeps the quotes of string literals (and of block labels); drop them."""
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items() if k != "__is_block__"}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def _routes_module(root: Path) -> dict[str, Any]:
    doc = _plain(hcl2.load((root / "main.tf").open()))
    return dict(next(m["routes"] for m in doc["module"] if "routes" in m))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("authorizer")
    render_to(BLUEPRINT, out)
    return out


def test_the_plan_gives_custom_routes_the_lambda_authorizer() -> None:
    plan = build_plan(validate(load_text(BLUEPRINT)))
    partners = next(s for s in plan.services if s.service == "partners")
    assert {r.route_key: r.auth for r in partners.routes} == {
        "GET /partner/orders": "CUSTOM", "GET /health": "NONE"}
    assert partners.authorizer is not None
    assert partners.authorizer.function == "check_api_key"
    assert partners.authorizer.identity == ("$request.header.x-api-key",)
    assert partners.authorizer.ttl == 120
    # custom needs no user pool: the service root reads no JWT authorizer id
    assert "http_authorizer_id" not in partners.platform_values


def test_the_service_root_passes_the_authorizer_and_custom_routes(rendered: Path) -> None:
    routes = _routes_module(rendered / "infra/services/partners")
    authorizer = routes["lambda_authorizer"]
    assert authorizer["identity_sources"] == ["$request.header.x-api-key"]
    assert authorizer["ttl_seconds"] == 120
    assert authorizer["function_name"] == "${module.fn_check_api_key.function_name}"
    assert authorizer["invoke_arn"] == "${module.fn_check_api_key.invoke_arn}"
    assert authorizer["name"] == "${local.prefix}-partners-check-api-key"
    assert routes["routes"]["partner_orders"]["authorization_type"] == "CUSTOM"
    assert routes["routes"]["health"]["authorization_type"] == "NONE"
    assert "authorizer_id" not in routes
    # the authorizer is a function like the others: its own module (role, log group)
    main = (rendered / "infra/services/partners/main.tf").read_text()
    assert 'module "fn_check_api_key" {' in main


def test_caching_off_renders_an_empty_identity_list(rendered: Path) -> None:
    authorizer = _routes_module(rendered / "infra/services/shop")["lambda_authorizer"]
    assert authorizer["identity_sources"] == []
    assert authorizer["ttl_seconds"] == 0


def test_the_module_creates_a_request_authorizer_with_simple_responses() -> None:
    doc = _plain(hcl2.load((MODULE / "main.tf").open()))
    resources = {name: body for r in doc["resource"] for kind, named in r.items()
                 for name, body in [(f"{kind}.{n}", b) for n, b in named.items()]}
    authorizer = resources["aws_apigatewayv2_authorizer.lambda"]
    assert authorizer["authorizer_type"] == "REQUEST"
    assert authorizer["authorizer_payload_format_version"] == "2.0"
    assert authorizer["enable_simple_responses"] is True
    assert authorizer["identity_sources"] == "${var.lambda_authorizer.identity_sources}"
    assert authorizer["authorizer_result_ttl_in_seconds"] == (
        "${var.lambda_authorizer.ttl_seconds}")
    permission = resources["aws_lambda_permission.authorizer"]
    assert permission["principal"] == "apigateway.amazonaws.com"
    assert permission["action"] == "lambda:InvokeFunction"
    assert permission["source_arn"] == (
        "${var.execution_arn}/authorizers/${aws_apigatewayv2_authorizer.lambda[0].id}")
    route = (MODULE / "main.tf").read_text()
    assert re.search(r'authorization_type == "CUSTOM" \? one\(aws_apigatewayv2_authorizer'
                     r"\.lambda\[\*\]\.id\)", route)


def test_custom_routes_are_let_through_by_their_generated_entries(rendered: Path) -> None:
    py = (rendered / "services/partners/src/partners/generated/entries/partner_orders.py")
    text = py.read_text()
    assert "Lambda authorizer" in text and "guard_groups" not in text
    assert "from partners.handlers.partner_orders import handler" in text
    ts = (rendered / "services/shop/src/generated/entries/shopItems.ts").read_text()
    assert "Lambda authorizer decided" in ts
    assert 'export { handler } from "../../handlers/shopItems";' in ts
    bp = validate(load_text(BLUEPRINT))
    decided = {u.handler: authorizer_decides(bp, u)
               for u in iter_functions("partners", bp.services["partners"])}
    assert decided == {"partnerOrders": True, "health": False, "checkApiKey": False}


def test_both_stubs_return_a_simple_response_and_fail_closed(rendered: Path) -> None:
    py = (rendered / "services/partners/src/partners/handlers/check_api_key.py").read_text()
    assert '{"isAuthorized": caller is not None, "context": caller or {}}' in py
    assert "return None" in py  # verify() refuses everyone until written
    ts = (rendered / "services/shop/src/handlers/checkToken.ts").read_text()
    assert "isAuthorized: caller !== null, context: caller ?? {}" in ts
    assert "APIGatewaySimpleAuthorizerWithContextResult" in ts


def test_the_graph_draws_the_api_calling_the_authorizer() -> None:
    graph = build_graph(build_plan(validate(load_text(BLUEPRINT))))
    labels = {(e.source, e.target): e.label for e in graph.edges}
    into = [label for (src, dst), label in labels.items()
            if src == "http" and dst.endswith("check_api_key")]
    assert into == ["authorizes"], labels


@pytest.mark.terraform
def test_the_service_root_validates_and_plans_the_authorizer(rendered: Path,
                                                            tmp_path: Path) -> None:
    root = rendered / "infra/services/partners"
    env = terraform_env(tmp_path)
    fmt = run_terraform(["fmt", "-check", "-diff"], root, env)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr
    init_and_validate(root, env)
    # plan the routes module alone, with literal inputs, to see what AWS would be sent
    shutil.copytree(rendered / "infra/modules", tmp_path / "modules")
    work = tmp_path / "root"
    work.mkdir()
    (work / "main.tf").write_text(
        'provider "aws" {\n  region = "eu-west-1"\n  access_key = "test"\n'
        '  secret_key = "test"\n  skip_credentials_validation = true\n'
        '  skip_requesting_account_id = true\n  skip_metadata_api_check = true\n}\n\n'
        'module "routes" {\n  source = "../modules/http_routes"\n'
        '  api_id = "abc123"\n'
        '  execution_arn = "arn:aws:execute-api:eu-west-1:123456789012:abc123"\n'
        '  lambda_authorizer = {\n    name = "acme-dev-partners-check-api-key"\n'
        '    function_name = "acme-dev-partners-check-api-key"\n'
        '    invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/'
        'arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-partners-check-api-key/'
        'invocations"\n'
        '    identity_sources = ["$request.header.x-api-key"]\n    ttl_seconds = 120\n  }\n'
        '  routes = {\n    partner_orders = {\n      route_key = "GET /partner/orders"\n'
        '      function_name = "acme-dev-partners-partner-orders"\n'
        '      invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/x/invocations"\n'
        '      authorization_type = "CUSTOM"\n    }\n  }\n}\n')
    init = run_terraform(["init", "-backend=false", "-input=false", "-no-color"], work, env)
    assert init.returncode == 0, init.stderr
    plan = run_terraform(["plan", "-input=false", "-no-color", "-refresh=false",
                          "-out=plan.bin"], work, env)
    assert plan.returncode == 0, plan.stdout + plan.stderr
    shown = run_terraform(["show", "-json", "plan.bin"], work, env)
    assert shown.returncode == 0, shown.stderr
    changes = {c["address"]: c["change"] for c in json.loads(shown.stdout)["resource_changes"]}
    authorizer = changes["module.routes.aws_apigatewayv2_authorizer.lambda[0]"]["after"]
    assert authorizer["authorizer_type"] == "REQUEST"
    assert authorizer["authorizer_payload_format_version"] == "2.0"
    assert authorizer["enable_simple_responses"] is True
    assert authorizer["identity_sources"] == ["$request.header.x-api-key"]
    assert authorizer["authorizer_result_ttl_in_seconds"] == 120
    permission = changes["module.routes.aws_lambda_permission.authorizer[0]"]
    assert permission["after"]["principal"] == "apigateway.amazonaws.com"
    assert permission["after_unknown"]["source_arn"] is True  # holds the authorizer's id
    route = changes['module.routes.aws_apigatewayv2_route.this["partner_orders"]']
    assert route["after"]["authorization_type"] == "CUSTOM"
    assert route["after_unknown"]["authorizer_id"] is True  # the authorizer's, not null
