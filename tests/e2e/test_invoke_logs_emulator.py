"""`scaffold invoke --endpoint-url` and `scaffold logs --endpoint-url` against moto server.

The generated stubs run unmodified: a get route of each language reads the item a test put
in the stage's physically named table, through AWS_ENDPOINT_URL (boto3 and the AWS SDK for
JavaScript v3 both honour it) with fake credentials.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

import boto3
import pytest
from typer.testing import CliRunner

from scaffold.cli import app
from tests.support.moto_server import FAKE_ACCESS_KEY, FAKE_SECRET_KEY
from tests.support.node import shared_node_modules

pytestmark = [pytest.mark.e2e]
runner = CliRunner()

BLUEPRINT = """\
blueprint: 1
name: invk
region: eu-west-1
services:
  store:
    tables: {items: {key: id}}
    routes:
      GET /items/{id}: {handler: getItem, auth: public, reads: [items]}
  books:
    runtime: python3.13
    tables: {entries: {key: id}}
    routes:
      GET /entries/{id}: {handler: getEntry, auth: public, reads: [entries]}
"""


def aws(endpoint: str, service: str) -> Any:
    return boto3.client(service, endpoint_url=endpoint, region_name="eu-west-1",
                        aws_access_key_id=FAKE_ACCESS_KEY,
                        aws_secret_access_key=FAKE_SECRET_KEY)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, moto_endpoint: str) -> Path:
    root = tmp_path_factory.mktemp("invoke-emulator")
    (root / "blueprint.yaml").write_text(BLUEPRINT)
    result = runner.invoke(app, ["render", str(root / "blueprint.yaml")])
    assert result.exit_code == 0, result.output
    dynamodb = aws(moto_endpoint, "dynamodb")
    for table, value in (("invk-dev-store-items", "from store"),
                         ("invk-dev-books-entries", "from books")):
        dynamodb.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                              KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                              AttributeDefinitions=[{"AttributeName": "id",
                                                     "AttributeType": "S"}])
        dynamodb.put_item(TableName=table, Item={"id": {"S": "sample-id"},
                                                 "note": {"S": value}})
    return root


def invoke(project: Path, endpoint: str, target: str,
           monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    result = runner.invoke(app, ["invoke", target, "--sample", "--endpoint-url", endpoint,
                                 "--blueprint", str(project / "blueprint.yaml")])
    assert result.exit_code == 0, result.stderr
    answer: dict[str, Any] = json.loads(result.stdout)
    assert answer["statusCode"] == 200, answer
    return json.loads(answer["body"])  # type: ignore[no-any-return]


def test_a_generated_python_stub_reads_the_emulated_table(
        project: Path, moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    got = invoke(project, moto_endpoint, "books.getEntry", monkeypatch)
    assert "from books" in json.dumps(got)


@pytest.mark.node
def test_a_generated_typescript_stub_reads_the_emulated_table(
        project: Path, moto_endpoint: str, monkeypatch: pytest.MonkeyPatch,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.fail("node and npm are needed for the TypeScript run")
    modules = shared_node_modules(tmp_path_factory.getbasetemp())
    link = project / "services" / "store" / "node_modules"
    if not link.exists():
        link.symlink_to(modules, target_is_directory=True)
    got = invoke(project, moto_endpoint, "store.getItem", monkeypatch)
    assert "from store" in json.dumps(got)


def test_logs_reads_the_emulators_log_groups(project: Path, moto_endpoint: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    logs = aws(moto_endpoint, "logs")
    now = int(time.time() * 1000)
    for group, stamp, message in (("/aws/lambda/invk-dev-store-get-item", now - 2000, "one"),
                                  ("/aws/lambda/invk-dev-store-get-item", now - 500, "three")):
        if not logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"]:
            logs.create_log_group(logGroupName=group)
        stream = f"s{stamp}"
        logs.create_log_stream(logGroupName=group, logStreamName=stream)
        logs.put_log_events(logGroupName=group, logStreamName=stream,
                            logEvents=[{"timestamp": stamp, "message": message}])
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    result = runner.invoke(app, ["logs", "store", "--since", "5m", "--endpoint-url",
                                 moto_endpoint, "--blueprint",
                                 str(project / "blueprint.yaml")])
    assert result.exit_code == 0, result.output
    assert [line.split(" | ")[1] for line in result.stdout.splitlines()] == ["one", "three"]
    assert all(" getItem | " in line for line in result.stdout.splitlines())
