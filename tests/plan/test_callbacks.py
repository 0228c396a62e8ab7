"""Correlated callback steps and signed webhooks, as the plan decides them (issue 17, item 1).

Facts relied on (Step Functions API reference, "Task" state, and IAM service authorization
reference): HeartbeatSeconds must be below TimeoutSeconds; SendTaskSuccess / Failure take
no resource (``*``); DynamoDB TTL deletes expired items lazily (the helpers check expiry).
"""

from __future__ import annotations

from scaffold.blueprint.advice import blueprint_warnings
from scaffold.blueprint.load import load_text
from scaffold.blueprint.validate import validate
from scaffold.plan import contract
from scaffold.plan.build import build_plan
from scaffold.plan.ir import LambdaFunction, Ref, ServiceRoot

BLUEPRINT = """blueprint: 1
name: acme
region: eu-west-1
services:
  mail:
    secrets: [mailer-webhook-secret, mailer-api-key]
    routes:
      POST /campaigns: {handler: startRun, auth: public, starts: [send], secrets: [mailer-api-key]}
      POST /campaigns/{campaignId}/status:
        {handler: report, auth: public, resumes: [send], signature: mailer-webhook-secret}
    workflows:
      send:
        - {wait_for_callback: awaitDelivery, correlate: campaignId, timeout_seconds: 600,
           heartbeat_seconds: 60}
        - {task: notify}
"""


def _root(text: str = BLUEPRINT) -> ServiceRoot:
    (root,) = build_plan(validate(load_text(text))).services
    return root


def _fn(root: ServiceRoot, fid: str) -> LambdaFunction:
    return next(f for f in root.functions if f.id == fid)


def _actions(fn: LambdaFunction, resource: Ref) -> set[str]:
    return {a for st in fn.statements if resource in st.resources for a in st.actions}


TOKENS = Ref("table", contract.TOKENS_TABLE, "arn")


def test_a_correlated_step_gives_the_service_a_token_table_with_ttl() -> None:
    table = next(t for t in _root().tables if t.id == "task_tokens")
    assert table.key == (contract.TOKENS_KEY, "S")
    assert table.ttl == contract.TOKENS_TTL and table.indexes == {} and table.stream is None


def test_no_correlate_means_no_token_table() -> None:
    root = _root(BLUEPRINT.replace("correlate: campaignId, ", ""))
    assert all(t.id != "task_tokens" for t in root.tables)
    assert all(contract.ENV_TASK_TOKENS_TABLE not in f.environment for f in root.functions)


def test_the_step_may_only_put_tokens_and_the_resumer_only_get_and_delete_them() -> None:
    root = _root()
    assert _actions(_fn(root, "await_delivery"), TOKENS) == {"dynamodb:PutItem"}
    assert _actions(_fn(root, "report"), TOKENS) == {"dynamodb:GetItem", "dynamodb:DeleteItem"}
    for other in ("start_run", "notify"):
        assert _actions(_fn(root, other), TOKENS) == set()
        assert contract.ENV_TASK_TOKENS_TABLE not in _fn(root, other).environment


def test_step_and_resumer_find_the_token_table_in_their_environment() -> None:
    root = _root()
    for fid in ("await_delivery", "report"):
        assert _fn(root, fid).environment[contract.ENV_TASK_TOKENS_TABLE] == Ref(
            "table", contract.TOKENS_TABLE, "name")


def test_the_signing_secret_is_read_by_the_webhook_alone() -> None:
    root = _root()
    secret = Ref("secret", "mailer-webhook-secret", "arn")
    assert _actions(_fn(root, "report"), secret) == {"ssm:GetParameter"}
    assert contract.env_secret("mailer-webhook-secret") in _fn(root, "report").environment
    assert _actions(_fn(root, "start_run"), secret) == set()


def test_heartbeat_is_written_into_the_callback_task() -> None:
    (machine,) = _root().workflows
    state = machine.definition["States"]["awaitDelivery"]  # type: ignore[index]
    assert state["HeartbeatSeconds"] == 60 and state["TimeoutSeconds"] == 600  # type: ignore[index]


def test_a_public_resumer_without_signature_or_key_is_warned_about() -> None:
    text = BLUEPRINT.replace(", signature: mailer-webhook-secret", "")
    doc = load_text(text)
    warnings = [(d.code, d.location.line) for d in blueprint_warnings(validate(doc),
                                                                       doc.source_map)]
    assert warnings == [("W007", 9)]
    doc = load_text(BLUEPRINT)
    assert [d.code for d in blueprint_warnings(validate(doc), doc.source_map)] == []


USES = """blueprint: 1
name: acme
region: eu-west-1
auth: {}
services:
  users:
    routes:
      POST /session/refresh: {handler: refresh, auth: public, uses: [user_pool_client]}
      GET /users: {handler: listUsers, uses: [user_pool, api_url, event_bus]}
      GET /plain: plain
"""


def test_a_used_platform_value_is_an_environment_variable_and_no_permission() -> None:
    plan = build_plan(validate(load_text(USES)))
    (root,) = plan.services
    refresh, users, plain = (_fn(root, f) for f in ("refresh", "list_users", "plain"))
    assert refresh.environment[contract.ENV_USER_POOL_CLIENT_ID] == Ref(
        "platform", "user_pool_client_id", "value")
    assert contract.ENV_USER_POOL_ID not in refresh.environment
    assert {users.environment[v] for v in (contract.ENV_USER_POOL_ID, contract.ENV_API_URL,
                                           contract.ENV_EVENT_BUS)} == {
        Ref("platform", k, "value") for k in ("user_pool_id", "api_url", "event_bus_name")}
    assert refresh.statements == plain.statements == users.statements == ()
    assert contract.ENV_EVENT_SOURCE not in users.environment  # the bus name, not publishing
    assert {"user_pool_client_id", "user_pool_id", "api_url", "event_bus_name"} <= set(
        root.platform_values)
    assert "api_url" in plan.platform.published
