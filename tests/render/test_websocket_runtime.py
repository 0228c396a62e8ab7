"""WebSocket runtime facts on the rendered output (issue 12 item 13, issue 13 per-user push).

The connections table carries the TTL attribute and the user index the generated helpers
use (names from the contract); pushing functions may Query that index and nothing broader;
the generated helpers of both languages read the same names. The behaviour itself (Query
not Scan, 410 deletes, bounded concurrency, deadline) is asserted by the generated tests,
which tests/stubs runs.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import hcl2
import pytest

from scaffold.plan import contract
from tests.helpers import REPO, render_to
from tests.render.test_iam import _s, _statements
from tests.support.terraform import run_terraform, terraform_env

WEBAPP = REPO / "blueprints/webapp.yaml"
KITCHEN = REPO / "blueprints/kitchen-sink.yaml"
INDEX_SUFFIX = f"/index/{contract.CONNECTIONS_USER_INDEX}"


@pytest.fixture(scope="module")
def webapp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("webapp")
    render_to(WEBAPP, out)
    return out


def _module(root: Path, name: str) -> dict[str, object]:
    for module in hcl2.load((root / "main.tf").open()).get("module", []):
        if name in module or f'"{name}"' in module:
            return dict(module.get(name) or module[f'"{name}"'])
    raise AssertionError(f"no module {name} in {root}")


def test_the_connections_table_has_the_contract_ttl_and_a_user_index(webapp: Path) -> None:
    table = _module(webapp / "infra/services/notifications", "table_connections")
    assert _s(str(table["hash_key"])) == contract.CONNECTIONS_KEY
    assert _s(str(table["ttl_attribute"])) == contract.CONNECTIONS_TTL == "expiresAt"
    indexes = table["global_secondary_indexes"]
    assert isinstance(indexes, dict)
    index = indexes[contract.CONNECTIONS_USER_INDEX]
    assert _s(index["hash_key"]) == contract.CONNECTIONS_USER
    assert _s(index["hash_key_type"]) == "S"


def _by_sid(root: Path) -> dict[str, tuple[list[str], list[str]]]:
    return {w: (a, r) for w, a, r in _statements(root)}


@pytest.mark.parametrize("blueprint,service", [(WEBAPP, "notifications"), (KITCHEN, "ledger")])
def test_pushers_query_the_user_index_and_nothing_broader(
        tmp_path: Path, blueprint: Path, service: str) -> None:
    render_to(blueprint, tmp_path)
    statements = _by_sid(tmp_path / "infra/services" / service)
    pushers = {w.split("/")[1] for w in statements if w.endswith("/PushToConnections")}
    assert pushers
    for fn in pushers:
        on_connections = {w.rsplit("/", 1)[1]: (a, r) for w, (a, r) in statements.items()
                          if w.split("/")[1] == fn
                          and any("table_connections" in x for x in r)}
        actions, resources = on_connections["QueryConnectionsByUser"]
        assert actions == ["dynamodb:Query"]
        assert len(resources) == 1 and resources[0].rstrip('"').endswith(INDEX_SUFFIX), \
            resources
        granted = {a for acts, _ in on_connections.values() for a in acts}
        assert granted <= {"dynamodb:Query", "dynamodb:Scan", "dynamodb:DeleteItem",
                           "dynamodb:PutItem"}, (fn, granted)
        for sid, (acts, res) in on_connections.items():
            if sid != "QueryConnectionsByUser":  # nothing else reaches any index
                assert not any("/index/" in r for r in res), (fn, sid, res)
                assert "dynamodb:Query" not in acts, (fn, sid)


def test_connect_and_disconnect_only_put_and_delete_their_item(webapp: Path) -> None:
    statements = _by_sid(webapp / "infra/services/notifications")
    tracked = {w.split("/")[1]: v for w, v in statements.items()
               if w.endswith("/TrackConnections")}
    assert tracked.keys() == {"fn_on_connect", "fn_on_disconnect"}
    assert tracked["fn_on_connect"][0] == ["dynamodb:PutItem"]
    assert tracked["fn_on_disconnect"][0] == ["dynamodb:DeleteItem"]
    for where, (_, resources) in tracked.items():
        assert len(resources) == 1 and "/index/" not in resources[0], where
        assert "module.table_connections.table_arn" in resources[0], where


def test_both_languages_use_the_contract_names(tmp_path: Path) -> None:
    render_to(WEBAPP, tmp_path)
    render_to(KITCHEN, tmp_path / "sink")
    ts = (tmp_path / "services/notifications/src/generated/connections.ts").read_text()
    py = (tmp_path / "sink/services/ledger/src/ledger/generated/connections.py").read_text()
    for name in (contract.CONNECTIONS_TTL, contract.CONNECTIONS_USER,
                 contract.CONNECTIONS_USER_INDEX):
        assert json.dumps(name) in ts
        assert json.dumps(name) in py
    assert f"LIFETIME_SECONDS = {contract.CONNECTION_LIFETIME_SECONDS};" in ts
    assert f"LIFETIME_SECONDS = {contract.CONNECTION_LIFETIME_SECONDS}\n" in py
    assert contract.CONNECTION_LIFETIME_SECONDS > 2 * 60 * 60  # the API Gateway maximum


def test_a_subscriber_pushes_to_the_user_its_event_names(webapp: Path) -> None:
    handlers = webapp / "services/notifications/src/handlers"
    owned = (handlers / "pushProjectCreated.ts").read_text()  # ProjectCreated has ownerId
    assert 'pushToUser(detail["ownerId"]' in owned and "broadcast" not in owned



def test_a_subscriber_with_a_push_topic_pushes_to_that_topic_only(webapp: Path,
                                                                   tmp_path: Path) -> None:
    handlers = webapp / "services/notifications/src/handlers"
    campaign = (handlers / "pushCampaignSent.ts").read_text()  # push_topic: campaign/{campaignId}
    assert 'pushToTopic("campaign/" + String(detail["campaignId"])' in campaign
    assert "pushToUser" not in campaign and "broadcast" not in campaign
    render_to(KITCHEN, tmp_path)
    py = (tmp_path / "services/ledger/src/ledger/handlers/push_ledger_closed.py").read_text()
    assert 'push_to_topic("ledger/" + str(detail["ledgerId"])' in py


def test_only_an_event_that_names_no_user_broadcasts_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "sink"
    render_to(REPO / "blueprints" / "kitchen-sink.yaml", out)
    handler = out / "services/ledger/src/ledger/handlers/push_item_added.py"
    text = handler.read_text()  # shop.ItemAdded names no user (W003 in validate)
    assert "broadcast(" in text and "push_to_user" not in text


def _planned_table(webapp: Path, tmp_path: Path, module: str) -> dict[str, Any]:
    """``terraform plan -json`` of one rendered table block, as AWS will get it."""
    main = (webapp / "infra/services/notifications/main.tf").read_text()
    start = main.index(f'module "{module}" {{')
    block = main[start:main.index("\n}\n", start) + 3]
    block = block.replace('"${local.prefix}', '"acme-dev').replace("local.protected", "false")
    shutil.copytree(webapp / "infra/modules", tmp_path / "modules")
    root = tmp_path / "root"
    root.mkdir()
    block = block.replace("../../modules/", "../modules/")
    (root / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n  access_key = "test"\n'
        '  secret_key = "test"\n  skip_credentials_validation = true\n'
        '  skip_requesting_account_id = true\n  skip_metadata_api_check = true\n}\n\n'
        + block)
    env = terraform_env(tmp_path)
    init = run_terraform(["init", "-backend=false", "-input=false", "-no-color"], root, env)
    assert init.returncode == 0, init.stderr
    plan = run_terraform(["plan", "-input=false", "-no-color", "-refresh=false",
                          "-out=plan.bin"], root, env)
    assert plan.returncode == 0, plan.stdout + plan.stderr
    shown = run_terraform(["show", "-json", "plan.bin"], root, env)
    assert shown.returncode == 0, shown.stderr
    changes = json.loads(shown.stdout)["resource_changes"]
    return dict(next(c["change"]["after"] for c in changes
                     if c["type"] == "aws_dynamodb_table"))


def test_terraform_plans_the_ttl_and_the_index_of_the_connections_table(
        webapp: Path, tmp_path: Path) -> None:
    table = _planned_table(webapp, tmp_path, "table_connections")
    assert table["ttl"] == [{"attribute_name": contract.CONNECTIONS_TTL, "enabled": True}]
    [index] = table["global_secondary_index"]
    assert index["name"] == contract.CONNECTIONS_USER_INDEX
    assert index["hash_key"] == contract.CONNECTIONS_USER
    assert {"name": contract.CONNECTIONS_USER, "type": "S"} in table["attribute"]


def test_terraform_plans_the_subscriptions_table_by_topic_then_connection(
        webapp: Path, tmp_path: Path) -> None:
    table = _planned_table(webapp, tmp_path, "table_subscriptions")
    assert table["hash_key"] == contract.SUBSCRIPTIONS_KEY
    assert table["range_key"] == contract.CONNECTIONS_KEY
    assert table["ttl"] == [{"attribute_name": contract.CONNECTIONS_TTL, "enabled": True}]
    assert {"name": contract.SUBSCRIPTIONS_KEY, "type": "S"} in table["attribute"]
    assert table["global_secondary_index"] == []  # $disconnect needs no index: the topics set
