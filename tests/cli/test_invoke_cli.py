"""`scaffold invoke`: handlers of a rendered project run locally, in their own runtime.

One small blueprint with a TypeScript and a Python service is rendered once; tests replace
the user-owned stubs they need (each test its own handler), as a user edits them.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scaffold.cli import app
from tests.support.node import shared_node_modules

runner = CliRunner()

BLUEPRINT = """\
blueprint: 1
name: demo
region: eu-west-1
auth: {groups: [admin]}
services:
  shop:
    events:
      ItemSold: {id: string}
    routes:
      GET /items/{id}: {handler: getItem, auth: public}
      POST /items: {handler: addItem, auth: public}
      DELETE /items/{id}: {handler: deleteItem, auth: admin, publishes: [ItemSold]}
  ledger:
    runtime: python3.13
    tables: {entries: {key: id}}
    routes:
      GET /entries/{id}: {handler: getEntry, auth: public, reads: [entries]}
      POST /entries: {handler: addEntry, auth: public}
      DELETE /entries/{id}: {handler: deleteEntry, auth: admin}
      GET /slow: {handler: slowEntry, auth: public, timeout: 1}
    subscribes: {onItemSold: {event: shop.ItemSold}}
"""

PY_ECHO = '''\
import json
import os


def handler(event, context):
    print("echo handler ran for", context.function_name)
    return {"statusCode": 200, "body": json.dumps({
        "route": event.get("routeKey"), "params": event.get("pathParameters"),
        "detailType": event.get("detail-type"), "source": event.get("source"),
        "table": os.environ.get("TABLE_ENTRIES"), "stage": os.environ.get("APP_STAGE"),
        "remaining": context.get_remaining_time_in_millis()})}
'''
PY_THROW = '''\
def handler(event, context):
    raise ValueError("entries are closed")
'''
PY_SLOW = '''\
import time


def handler(event, context):
    print("going to sleep", flush=True)
    time.sleep(30)
    return {"statusCode": 200}
'''
TS_ECHO = '''\
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";

export const handler = async (event: APIGatewayProxyEventV2, context: Context) => {
  console.log("echo handler ran for", context.functionName);
  return { statusCode: 200, body: JSON.stringify({ route: event.routeKey,
    params: event.pathParameters ?? null, bus: process.env.EVENT_BUS_NAME ?? null }) };
};
'''
TS_THROW = '''\
export const handler = async (): Promise<never> => {
  throw new Error("items are closed");
};
'''


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("invoke")
    (root / "blueprint.yaml").write_text(BLUEPRINT)
    result = runner.invoke(app, ["render", str(root / "blueprint.yaml")])
    assert result.exit_code == 0, result.output
    handlers = root / "services" / "ledger" / "src" / "ledger" / "handlers"
    for name, code in (("get_entry", PY_ECHO), ("on_item_sold", PY_ECHO),
                       ("delete_entry", PY_ECHO), ("add_entry", PY_THROW),
                       ("slow_entry", PY_SLOW)):
        (handlers / f"{name}.py").write_text(code)
    return root


@pytest.fixture(scope="module")
def ts_project(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are needed for the TypeScript runs")
    modules = shared_node_modules(tmp_path_factory.getbasetemp())
    shop = project / "services" / "shop"
    (shop / "node_modules").symlink_to(modules, target_is_directory=True)
    for name, code in (("getItem", TS_ECHO), ("deleteItem", TS_ECHO), ("addItem", TS_THROW)):
        (shop / "src" / "handlers" / f"{name}.ts").write_text(code)
    return project


def invoke(project: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["invoke", *args, "--blueprint",
                                 str(project / "blueprint.yaml")])
    return result.exit_code, result.stdout, result.stderr


def body(stdout: str) -> dict[str, object]:
    answer = json.loads(stdout)
    assert answer["statusCode"] == 200, answer
    return json.loads(answer["body"])  # type: ignore[no-any-return]


def test_a_python_route_runs_with_a_sample_request_of_its_route(project: Path) -> None:
    code, stdout, stderr = invoke(project, "ledger.getEntry", "--sample")
    assert code == 0, stderr
    got = body(stdout)
    assert got["route"] == "GET /entries/{id}"
    assert got["params"] == {"id": "sample-id"}
    # The planned variable, valued with the stage's physical table name.
    assert got["table"] == "demo-dev-ledger-entries"
    assert got["stage"] == "dev"
    assert 0 < got["remaining"] <= 10_000  # type: ignore[operator]
    assert "echo handler ran for demo-dev-ledger-get-entry" in stderr  # logs on stderr
    assert "==> ledger.getEntry: ok in" in stderr


def test_a_python_subscriber_gets_an_eventbridge_event_of_its_detail_type(
        project: Path) -> None:
    code, stdout, stderr = invoke(project, "ledger.onItemSold", "--sample")
    assert code == 0, stderr
    got = body(stdout)
    assert got["detailType"] == "ItemSold"
    assert got["source"] == "demo.shop"


def test_an_event_file_is_passed_to_the_handler(project: Path, tmp_path: Path) -> None:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"routeKey": "from-file", "pathParameters": {"id": "7"}}))
    code, stdout, stderr = invoke(project, "ledger.getEntry", "--event", str(event),
                                  "--stage", "dev")
    assert code == 0, stderr
    assert body(stdout)["params"] == {"id": "7"}


def test_a_group_guarded_python_route_answers_403_before_user_code(project: Path) -> None:
    code, stdout, stderr = invoke(project, "ledger.deleteEntry", "--sample")
    assert code == 0, stderr
    assert json.loads(stdout)["statusCode"] == 403
    assert "echo handler ran" not in stderr  # the user's handler never ran


def test_a_python_handler_that_throws_exits_1_with_its_stack(project: Path) -> None:
    code, stdout, stderr = invoke(project, "ledger.addEntry", "--sample")
    assert code == 1
    assert stdout == ""
    assert "ValueError: entries are closed" in stderr
    assert "handlers/add_entry.py" in stderr  # the stack names the user's file
    assert "Traceback" in stderr


def test_the_functions_timeout_from_the_plan_stops_the_handler(project: Path) -> None:
    start = time.monotonic()
    code, stdout, stderr = invoke(project, "ledger.slowEntry", "--sample")
    assert code == 1
    assert time.monotonic() - start < 15  # timeout: 1 s, not the handler's 30 s
    assert "Task timed out after 1.00 seconds" in stderr
    assert "going to sleep" in stderr  # what it logged before is kept


def test_an_unknown_function_is_a_usage_error_listing_the_known_ones(project: Path) -> None:
    code, _, stderr = invoke(project, "ledger.nope")
    assert code == 2
    assert "no function ledger.nope" in stderr
    assert "ledger.getEntry" in stderr and "shop.getItem" in stderr
    assert "Traceback" not in stderr


def test_event_and_sample_together_are_a_usage_error(project: Path, tmp_path: Path) -> None:
    (tmp_path / "e.json").write_text("{}")
    code, _, stderr = invoke(project, "ledger.getEntry", "--sample", "--event",
                             str(tmp_path / "e.json"))
    assert code == 2
    assert "exclude each other" in stderr


def test_an_endpoint_url_reaches_the_handler_with_fake_credentials(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    handlers = project / "services" / "ledger" / "src" / "ledger" / "handlers"
    (handlers / "get_entry.py").write_text(
        "import json, os\n\n\ndef handler(event, context):\n"
        "    keys = ('AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY')\n"
        "    return {'statusCode': 200, 'body': json.dumps({k: os.environ.get(k) "
        "for k in keys})}\n")
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    try:
        code, stdout, stderr = invoke(project, "ledger.getEntry", "--sample",
                                      "--endpoint-url", "http://127.0.0.1:5999")
    finally:
        (handlers / "get_entry.py").write_text(PY_ECHO)
    assert code == 0, stderr
    assert body(stdout) == {"AWS_ENDPOINT_URL": "http://127.0.0.1:5999",
                            "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}


def test_invoke_help_teaches_with_an_example() -> None:
    result = runner.invoke(app, ["invoke", "--help"])
    assert result.exit_code == 0
    for text in ("SERVICE.FUNCTION", "--sample", "--event", "--endpoint-url", "Examples:",
                 "Exit 0"):
        assert text in result.stdout


@pytest.mark.node
def test_a_typescript_route_runs_bundled_from_source_with_a_sample(ts_project: Path) -> None:
    code, stdout, stderr = invoke(ts_project, "shop.getItem", "--sample")
    assert code == 0, stderr
    got = body(stdout)
    assert got["route"] == "GET /items/{id}"
    assert got["params"] == {"id": "sample-id"}
    assert "echo handler ran for demo-dev-shop-get-item" in stderr
    assert not list((ts_project / "services" / "shop").glob(".scaffold-invoke-*"))


@pytest.mark.node
def test_a_typescript_route_gets_an_event_file(ts_project: Path, tmp_path: Path) -> None:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"routeKey": "from-file", "pathParameters": {"id": "9"}}))
    code, stdout, stderr = invoke(ts_project, "shop.getItem", "--event", str(event))
    assert code == 0, stderr
    assert body(stdout) == {"route": "from-file", "params": {"id": "9"}, "bus": None}


@pytest.mark.node
def test_a_group_guarded_typescript_route_answers_403_before_user_code(
        ts_project: Path) -> None:
    code, stdout, stderr = invoke(ts_project, "shop.deleteItem", "--sample")
    assert code == 0, stderr
    answer = json.loads(stdout)
    assert answer["statusCode"] == 403
    assert "only members of admin" in answer["body"]
    assert "echo handler ran" not in stderr


@pytest.mark.node
def test_a_typescript_handler_that_throws_exits_1_with_a_source_mapped_stack(
        ts_project: Path) -> None:
    code, stdout, stderr = invoke(ts_project, "shop.addItem", "--sample")
    assert code == 1
    assert stdout == ""
    assert "Error: items are closed" in stderr
    assert "src/handlers/addItem.ts" in stderr  # source maps: the user's file, not the bundle


def test_an_event_on_standard_input_and_env_overrides_reach_the_handler(
        project: Path) -> None:
    result = runner.invoke(app, ["invoke", "ledger.getEntry", "--event", "-", "--env",
                                 "TABLE_ENTRIES=mine", "--blueprint",
                                 str(project / "blueprint.yaml")],
                           input=json.dumps({"routeKey": "stdin"}))
    assert result.exit_code == 0, result.stderr
    got = body(result.stdout)
    assert got["route"] == "stdin"
    assert got["table"] == "mine"


def test_an_event_file_that_is_not_json_is_a_clear_error(project: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{nope")
    code, _, stderr = invoke(project, "ledger.getEntry", "--event", str(tmp_path / "bad.json"))
    assert code == 1
    assert "not JSON" in stderr and "Traceback" not in stderr
