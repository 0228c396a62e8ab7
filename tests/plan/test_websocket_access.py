"""WebSocket functions: the access each role gets (issue 17), and one truth for IAM,
environment and diagram arrows.

Roles: $connect puts its connection, $disconnect deletes it (and, with topics, its
subscriptions), a ``topics: true`` route adds to the connection's topic set and writes
subscriptions, a pusher reads connections (and subscriptions with topics). A message
route that neither pushes nor subscribes touches no WebSocket table at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from scaffold.blueprint import model
from scaffold.blueprint.load import load_blueprint
from scaffold.blueprint.validate import validate
from scaffold.graph.build import build_graph
from scaffold.plan import contract
from scaffold.plan.build import build_plan
from scaffold.plan.ir import BuildPlan, Ref, ServiceRoot, Statement
from tests.helpers import REPO

WEBAPP = REPO / "blueprints/webapp.yaml"
KITCHEN = REPO / "blueprints/kitchen-sink.yaml"
WS_TABLES = (contract.CONNECTIONS_TABLE, contract.SUBSCRIPTIONS_TABLE)
READ_ACTIONS = {"dynamodb:Query", "dynamodb:Scan", "dynamodb:GetItem"}


def _service(blueprint: Path, service: str) -> tuple[model.Blueprint, BuildPlan, ServiceRoot]:
    bp = validate(load_blueprint(blueprint))
    plan = build_plan(bp)
    return bp, plan, next(s for s in plan.services if s.service == service)


def _table_actions(statements: Iterable[Statement]) -> dict[str, set[str]]:
    """WebSocket table -> the actions a function's statements grant on it (or its indexes)."""
    found: dict[str, set[str]] = {}
    for st in statements:
        for resource in st.resources:
            if isinstance(resource, Ref) and resource.kind == "table" \
                    and resource.name in WS_TABLES:
                found.setdefault(resource.name, set()).update(st.actions)
    return found


def test_each_websocket_role_gets_exactly_its_table_actions() -> None:
    _, _, root = _service(WEBAPP, "notifications")
    granted = {f.handler: _table_actions(f.statements) for f in root.functions}
    assert granted["onConnect"] == {"connections": {"dynamodb:PutItem"}}
    assert granted["onDisconnect"] == {"connections": {"dynamodb:DeleteItem"},
                                       "subscriptions": {"dynamodb:DeleteItem"}}
    assert granted["onSubscribe"] == {
        "connections": {"dynamodb:UpdateItem"},
        "subscriptions": {"dynamodb:PutItem", "dynamodb:DeleteItem"}}
    pusher = {"connections": {"dynamodb:Query", "dynamodb:Scan", "dynamodb:DeleteItem"},
              "subscriptions": {"dynamodb:Query", "dynamodb:DeleteItem"}}
    assert granted["pushCampaignSent"] == pusher
    assert granted["pushProjectCreated"] == pusher


def test_a_message_route_that_neither_pushes_nor_subscribes_touches_no_websocket_table(
        ) -> None:
    bp, plan, root = _service(KITCHEN, "ledger")
    on_message = next(f for f in root.functions if f.handler == "onMessage")
    assert not bp.services["ledger"].websocket["$default"].push
    assert _table_actions(on_message.statements) == {}
    assert contract.ENV_CONNECTIONS_TABLE not in on_message.environment
    assert contract.ENV_SUBSCRIPTIONS_TABLE not in on_message.environment
    graph = build_graph(plan)
    me = next(n.id for n in graph.nodes if n.lines[0] == "onMessage")
    tables = {n.id for n in graph.nodes if n.kind == "table"}
    assert not [e for e in graph.edges if e.source == me and e.target in tables]


def test_a_service_with_topics_gets_the_subscriptions_table() -> None:
    _, _, root = _service(WEBAPP, "notifications")
    table = next(t for t in root.tables if t.id == contract.SUBSCRIPTIONS_TABLE)
    assert table.key == (contract.SUBSCRIPTIONS_KEY, "S") == ("topic", "S")
    assert table.sort == (contract.CONNECTIONS_KEY, "S")
    assert table.ttl == contract.CONNECTIONS_TTL
    _, _, other = _service(WEBAPP, "projects")
    assert not any(t.id == contract.SUBSCRIPTIONS_TABLE for t in other.tables)


@pytest.mark.parametrize("blueprint,service", [(WEBAPP, "notifications"), (KITCHEN, "ledger")])
def test_iam_environment_and_arrows_agree_for_every_websocket_table(
        blueprint: Path, service: str) -> None:
    bp, plan, root = _service(blueprint, service)
    graph = build_graph(plan)
    cluster = next(c.id for c in graph.clusters if c.service == service)
    table_nodes = {n.id: n.lines[0] for n in graph.nodes
                   if n.kind == "table" and n.cluster == cluster and n.lines[0] in WS_TABLES}
    assert set(table_nodes.values()) == set(WS_TABLES)
    functions = {n.id: n.lines[0] for n in graph.nodes
                 if n.kind == "function" and n.cluster == cluster}
    arrows: dict[str, dict[str, str]] = {}
    for e in graph.edges:
        if e.source in functions and e.target in table_nodes:
            arrows.setdefault(functions[e.source], {})[table_nodes[e.target]] = e.label
    checked = 0
    for f in root.functions:
        iam = _table_actions(f.statements)
        env = {t for t in WS_TABLES if contract.WEBSOCKET_TABLE_ENV[t] in f.environment}
        drawn = arrows.get(f.handler, {})
        assert set(iam) == env == set(drawn), (f.handler, iam, env, drawn)
        for table, actions in iam.items():
            expected = "reads" if actions & READ_ACTIONS else "writes"
            assert drawn[table] == expected, (f.handler, table, actions, drawn)
        checked += bool(iam)
    assert checked >= 4
