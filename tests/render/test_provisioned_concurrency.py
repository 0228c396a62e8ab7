"""Provisioned concurrency in the rendered output: every caller of the function invokes the alias.

AWS facts stated here (Lambda developer guide, "Configuring provisioned concurrency", and the
``PutProvisionedConcurrencyConfig`` reference): provisioned concurrency is configured on a
published version or an alias, never on ``$LATEST`` (so the function is published), and is
at least 1; a caller that invokes the unqualified function does not use the warm instances,
so API Gateway's integration URI and the invoke permission name the alias. The module's own
plan-mode tests (``tests/terraform/modules/lambda_function``, ``http_routes``) check the
planned values; these check that the service root wires them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import hcl2
import pytest

from scaffold.blueprint.load import load_text
from scaffold.blueprint.validate import validate
from scaffold.errors import BlueprintError
from scaffold.plan.build import build_plan
from tests.helpers import REPO, render_to

BLUEPRINT = """
blueprint: 1
name: acme
region: eu-west-1
services:
  catalog:
    authorizer: {handler: checkKey, identity: [$request.header.x-key], provisioned_concurrency: 1}
    routes:
      GET /catalog: {handler: listCatalog, auth: public, provisioned_concurrency: 2}
      GET /partner/catalog: {handler: partnerCatalog, auth: custom}
    uploads:
      images: {presign: {handler: presignImage, provisioned_concurrency: 1}, route: POST /images,
               auth: public}
"""
LAMBDA = REPO / "templates" / "terraform" / "modules" / "lambda_function"


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items() if k != "__is_block__"}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def _modules(root: Path) -> dict[str, Any]:
    doc = _plain(hcl2.load((root / "main.tf").open()))
    return {name: body for m in doc["module"] for name, body in m.items()}


@pytest.fixture(scope="module")
def modules(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("warm")
    render_to(BLUEPRINT, out)
    return _modules(out / "infra/services/catalog")


def test_the_plan_keeps_the_setting_on_the_function_only() -> None:
    root = build_plan(validate(load_text(BLUEPRINT))).services[0]
    warm = {f.handler: f.provisioned_concurrency for f in root.functions}
    assert warm == {"listCatalog": 2, "partnerCatalog": None, "presignImage": 1, "checkKey": 1}


def test_only_warm_functions_are_published_with_an_alias(modules: dict[str, Any]) -> None:
    assert modules["fn_list_catalog"]["provisioned_concurrency"] == 2
    assert modules["fn_check_key"]["provisioned_concurrency"] == 1
    assert "provisioned_concurrency" not in modules["fn_partner_catalog"]


def test_routes_and_presign_routes_invoke_the_alias(modules: dict[str, Any]) -> None:
    routes = modules["routes"]["routes"]
    assert routes["list_catalog"]["invoke_arn"] == "${module.fn_list_catalog.alias_invoke_arn}"
    assert routes["list_catalog"]["qualifier"] == "${module.fn_list_catalog.alias_name}"
    assert routes["presign_image"]["invoke_arn"] == (
        "${module.fn_presign_image.alias_invoke_arn}")
    assert routes["presign_image"]["qualifier"] == "${module.fn_presign_image.alias_name}"
    assert routes["partner_catalog"]["invoke_arn"] == "${module.fn_partner_catalog.invoke_arn}"
    assert "qualifier" not in routes["partner_catalog"]


def test_the_authorizer_is_invoked_and_allowed_on_its_alias(modules: dict[str, Any]) -> None:
    authorizer = modules["routes"]["lambda_authorizer"]
    assert authorizer["invoke_arn"] == "${module.fn_check_key.alias_invoke_arn}"
    assert authorizer["qualifier"] == "${module.fn_check_key.alias_name}"


def test_the_module_publishes_and_configures_the_alias_live() -> None:
    doc = _plain(hcl2.load((LAMBDA / "main.tf").open()))
    resources = {f"{kind}.{name}": body for r in doc["resource"] for kind, named in r.items()
                 for name, body in named.items()}
    assert resources["aws_lambda_function.this"]["publish"] == (
        "${var.provisioned_concurrency != null}")
    alias = resources["aws_lambda_alias.live"]
    assert alias["name"] == "live"
    assert alias["function_version"] == "${aws_lambda_function.this.version}"
    config = resources["aws_lambda_provisioned_concurrency_config.live"]
    assert config["qualifier"] == "${aws_lambda_alias.live[0].name}"
    assert config["provisioned_concurrent_executions"] == "${var.provisioned_concurrency}"


def test_json_logs_write_out_the_log_levels_so_a_published_function_converges() -> None:
    """With ``publish = true`` and JSON logs, unset log levels (AWS answers INFO) make the
    provider plan a new version on every run (hashicorp/terraform-provider-aws#42181;
    tests/e2e/test_saas_apply.py re-plans a warm function clean because of this)."""
    doc = _plain(hcl2.load((LAMBDA / "main.tf").open()))
    function = next(named["this"] for r in doc["resource"] for kind, named in r.items()
                    if kind == "aws_lambda_function")
    (logging,) = function["logging_config"]
    assert logging["log_format"] == "JSON"
    assert (logging["application_log_level"], logging["system_log_level"]) == ("INFO", "INFO")


@pytest.mark.parametrize("where", [
    "subscribes: {onThing: {event: catalog.Thing, provisioned_concurrency: 1}}",
    "schedules: {nightly: {schedule: rate(1 day), provisioned_concurrency: 1}}",
    "queues: {jobs: {consumer: {handler: work, provisioned_concurrency: 1}}}",
    "functions: {listCatalog: {provisioned_concurrency: 1}}\n    streams: "
    "{onItem: {table: items, provisioned_concurrency: 1}}",
])
def test_every_other_trigger_kind_is_refused_at_validate(where: str) -> None:
    text = f"""
blueprint: 1
name: acme
region: eu-west-1
services:
  catalog:
    events: [Thing]
    tables: {{items: {{key: id, stream: true}}}}
    routes:
      GET /catalog: {{handler: listCatalog, auth: public}}
    {where}
"""
    with pytest.raises(BlueprintError) as err:
        validate(load_text(text))
    codes = [d.code for d in err.value.diagnostics]
    assert codes == ["C224"], err.value.diagnostics
