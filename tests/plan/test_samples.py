"""Sample events (``scaffold invoke --sample``) and local environments, from the plan.

Every trigger kind has a sample; each sample carries what AWS fills in from the
deployment (route key and path parameters, detail type and source, physical names); a
local run's environment has exactly the variable names Terraform sets on the function.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import hcl2
import pytest

from scaffold.blueprint.functions import FunctionUse, iter_functions
from scaffold.blueprint.load import load_blueprint
from scaffold.blueprint.validate import validate
from scaffold.plan import contract
from scaffold.plan.build import build_plan
from scaffold.plan.kinds import KINDS
from scaffold.plan.samples import SAMPLES, sample_event
from scaffold.run.environment import local_environment
from tests.helpers import REPO

BLUEPRINTS = {n: validate(load_blueprint(REPO / "blueprints" / f"{n}.yaml"))
              for n in ("kitchen-sink", "webapp")}
DEPLOYMENT_ONLY = {contract.ENV_USER_POOL_ID, contract.ENV_USER_POOL_CLIENT_ID,
                   contract.ENV_WEBSOCKET_ENDPOINT, contract.ENV_API_URL}


def _uses() -> list[tuple[str, FunctionUse]]:
    return [(n, use) for n, bp in BLUEPRINTS.items() for name, svc in bp.services.items()
            for use in iter_functions(name, svc)]


def _use(blueprint: str, handler: str) -> FunctionUse:
    return next(u for n, u in _uses() if n == blueprint and u.handler == handler)


def test_every_trigger_kind_has_a_sample_event() -> None:
    assert set(SAMPLES) == set(KINDS)


@pytest.mark.parametrize(("blueprint", "use"), _uses(),
                         ids=[f"{n}-{u.service}.{u.handler}" for n, u in _uses()])
def test_every_function_of_the_examples_gets_a_json_sample(blueprint: str,
                                                           use: FunctionUse) -> None:
    event = sample_event(BLUEPRINTS[blueprint], use, "dev")
    assert json.loads(json.dumps(event)) == event


def test_a_route_sample_has_its_route_key_and_filled_path_parameters() -> None:
    event = sample_event(BLUEPRINTS["webapp"], _use("webapp", "getProject"), "dev")
    assert event["routeKey"] == event["requestContext"]["routeKey"] == "GET /projects/{id}"
    assert event["rawPath"] == "/projects/sample-id"
    assert event["pathParameters"] == {"id": "sample-id"}
    assert event["version"] == "2.0"  # the HTTP API's payload format 2.0
    claims = event["requestContext"]["authorizer"]["jwt"]["claims"]
    assert "cognito:groups" not in claims  # a signed-in user in no group


def test_a_presign_sample_is_a_request_of_its_upload_route() -> None:
    use = _use("webapp", "getUploadUrl")
    event = sample_event(BLUEPRINTS["webapp"], use, "dev")
    assert event["routeKey"] == BLUEPRINTS["webapp"].services["projects"].uploads[
        use.key].route


def test_a_subscriber_sample_has_the_detail_type_and_source_its_rule_matches() -> None:
    bp = BLUEPRINTS["webapp"]
    plan = build_plan(bp)
    event = sample_event(bp, _use("webapp", "onUserSignedUp"), "dev")
    rule = next(r for s in plan.services for r in s.rules if r.id == "on_user_signed_up")
    assert rule.pattern is not None
    assert [event["detail-type"]] == rule.pattern["detail-type"]
    assert [event["source"]] == rule.pattern["source"]


def test_bucket_and_table_names_in_samples_are_the_stages_physical_names() -> None:
    bp = BLUEPRINTS["webapp"]
    upload = sample_event(bp, _use("webapp", "onAttachmentUploaded"), "prod")
    # infra/services/projects: "${local.prefix}-projects-attachments-${account_id}"
    assert upload["Records"][0]["s3"]["bucket"]["name"] == "acme-prod-projects-attachments-" \
        "123456789012"
    assert upload["Records"][0]["s3"]["object"]["key"].startswith("attachments/")
    stream = sample_event(bp, _use("webapp", "onProjectChanged"), "prod")
    assert ":table/acme-prod-projects-projects/stream/" in stream["Records"][0]["eventSourceARN"]


def test_a_cognito_trigger_sample_has_its_trigger_source() -> None:
    event = sample_event(BLUEPRINTS["webapp"], _use("webapp", "onSignedUp"), "dev")
    assert event["triggerSource"] == "PostConfirmation_ConfirmSignUp"


def test_a_callback_sample_is_what_the_state_machine_sends() -> None:
    event = sample_event(BLUEPRINTS["webapp"], _use("webapp", "awaitDelivery"), "dev")
    assert set(event) == {"taskToken", "input"}  # plan/asl.py: Payload taskToken.$, input.$


def _terraform_environment(service: str, fn_id: str) -> dict[str, str]:
    main = REPO / "tests" / "golden" / "render" / "webapp" / "infra" / "services" / service
    with Path(main / "main.tf").open() as handle:
        parsed = hcl2.load(handle)
    for module in parsed["module"]:
        for name, body in module.items():
            if name.strip('"') == f"fn_{fn_id}":
                env: dict[str, str] = body["environment_variables"]
                return {key.strip('"'): value for key, value in env.items()}
    raise AssertionError(f"no module fn_{fn_id}")


@pytest.mark.parametrize("service", ["projects", "users", "notifications"])
def test_a_local_environment_has_the_names_terraform_sets(service: str) -> None:
    plan = build_plan(BLUEPRINTS["webapp"])
    root = next(s for s in plan.services if s.service == service)
    for fn in root.functions:
        local = local_environment(plan, fn, "dev", timeout=10, memory=256)
        planned = set(_terraform_environment(service, fn.id))
        assert planned == set(fn.environment)
        assert set(local.unresolved) <= DEPLOYMENT_ONLY, fn.handler
        assert planned - set(local.unresolved) <= set(local.variables)


def test_local_values_are_the_stages_physical_names() -> None:
    plan = build_plan(BLUEPRINTS["webapp"])
    root = next(s for s in plan.services if s.service == "projects")
    fns = {fn.handler: fn for fn in root.functions}
    env = local_environment(plan, fns["createProject"], "prod", timeout=10, memory=256)
    assert env.variables["TABLE_PROJECTS"] == "acme-prod-projects-projects"
    assert env.variables["EVENT_BUS_NAME"] == "acme-prod-bus"  # the platform's bus
    assert env.variables["APP_STAGE"] == "prod"
    assert env.variables["AWS_LAMBDA_FUNCTION_NAME"] == "acme-prod-projects-create-project"
    assert "AWS_ENDPOINT_URL" not in env.variables
    secret = local_environment(plan, fns["awaitDelivery"], "dev", timeout=10, memory=256)
    assert secret.variables["SECRET_MAILER_API_KEY"] == contract.secret_parameter(
        "acme", "dev", "projects", "mailer-api-key")
    workflow = local_environment(plan, fns["startCampaignRun"], "dev", timeout=10, memory=256)
    assert re.fullmatch(r"arn:aws:states:eu-west-1:\d{12}:stateMachine:"
                        r"acme-dev-projects-send-campaign",
                        workflow.variables["WORKFLOW_SEND_CAMPAIGN_ARN"])


def test_an_endpoint_adds_the_sdk_endpoint_and_fake_credentials_only_when_none_are_set(
        ) -> None:
    plan = build_plan(BLUEPRINTS["webapp"])
    fn = plan.services[0].functions[0]
    env = local_environment(plan, fn, "dev", timeout=10, memory=256,
                            endpoint_url="http://127.0.0.1:5000", base={})
    assert env.variables["AWS_ENDPOINT_URL"] == "http://127.0.0.1:5000"
    assert env.variables["AWS_ACCESS_KEY_ID"] == "test"
    mine = local_environment(plan, fn, "dev", timeout=10, memory=256,
                             endpoint_url="http://127.0.0.1:5000",
                             base={"AWS_PROFILE": "dev"})
    assert "AWS_ACCESS_KEY_ID" not in mine.variables


def test_an_authorizer_sample_carries_its_identity_sources_on_a_custom_route() -> None:
    event = sample_event(BLUEPRINTS["kitchen-sink"], _use("kitchen-sink", "checkPartnerKey"),
                         "dev")
    assert (event["version"], event["type"]) == ("2.0", "REQUEST")
    assert event["routeKey"] == "GET /partner/items"
    assert event["routeArn"].endswith("/$default/GET/partner/items")
    assert event["identitySource"] == [event["headers"][h.lower()] for h in
                                       ("x-partner-key",)]
