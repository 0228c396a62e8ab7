"""One truth per fact: IAM, environment and diagram arrows come from the same declared access.

For every function of the webapp, kitchen-sink and saas blueprints, three views are computed
independently of each other and compared: what its IAM statements grant, what its
environment wires, and which arrows the architecture graph draws out of it (issue 17,
item 6), secrets included, shared ones too (each read granted per function).
WebSocket connection-table access is left out: the lead owns it (issue 17).
"""

from __future__ import annotations

from typing import Any

import pytest

from scaffold.blueprint.load import load_text
from scaffold.blueprint.names import snake
from scaffold.blueprint.validate import validate
from scaffold.graph.build import build_graph
from scaffold.graph.model import Graph, node_id
from scaffold.plan import contract
from scaffold.plan.build import build_plan
from scaffold.plan.ir import LambdaFunction, Ref
from tests.helpers import REPO

BLUEPRINTS = REPO / "blueprints"

NAMES = ("webapp", "kitchen-sink", "saas")
Facts = dict[str, set[str]]


def _iam(fn: LambdaFunction) -> Facts:
    facts: Facts = {"tables": set(), "publishes": set(), "starts": set(), "resumes": set(),
                    "secrets": set(), "shared": set(), "users": set()}
    for st in fn.statements:
        for r in st.resources:
            if isinstance(r, Ref) and r.kind == "table" and not r.suffix.startswith("/stream"):
                facts["tables"].add(snake(r.name))
            starts = "states:StartExecution" in st.actions
            if isinstance(r, Ref) and r.kind == "workflow" and starts:
                facts["starts"].add(snake(r.name))
            if isinstance(r, Ref) and r.kind in ("secret", "shared_secret"):
                facts["secrets"].add(snake(r.name))
            if isinstance(r, Ref) and r.kind == "shared_secret":
                facts["shared"].add(snake(r.name))
        if "events:PutEvents" in st.actions:
            facts["publishes"].add("bus")
        if "states:SendTaskSuccess" in st.actions:
            facts["resumes"].add("yes")
        if "cognito-idp:ListUsers" in st.actions:
            facts["users"].add("yes")
    facts["tables"].discard(snake(contract.CONNECTIONS_TABLE))
    return facts


def _env(fn: LambdaFunction) -> Facts:
    env = fn.environment
    tables = {v.name for k, v in env.items() if isinstance(v, Ref) and v.kind == "table"
              and (k.startswith("TABLE_") or k in (contract.ENV_TASK_TOKENS_TABLE,
                                                     contract.ENV_SUBSCRIPTIONS_TABLE))}
    return {
        "tables": {snake(t) for t in tables},
        "publishes": {"bus"} if contract.ENV_EVENT_SOURCE in env else set(),
        # Only the variables declared access sets; an environment reference (`{secret: x}`)
        # is the user's own variable and grants nothing (docs: environment references).
        "starts": {snake(v.name) for k, v in env.items()
                   if isinstance(v, Ref) and v.kind == "workflow"
                   and k == contract.env_workflow(v.name)},
        "secrets": {snake(v.name) for k, v in env.items()
                    if isinstance(v, Ref) and v.kind in ("secret", "shared_secret")
                    and k == contract.env_secret(v.name)},
        "shared": {snake(v.name) for k, v in env.items()
                   if isinstance(v, Ref) and v.kind == "shared_secret"
                   and k == contract.env_secret(v.name)},
    }


def _arrows(graph: Graph, service: str, fn: LambdaFunction) -> Facts:
    me = node_id("fn", service, fn.id)
    own, shared = node_id("sec", service, "x")[:-1], node_id("psec", "x")[:-1]
    out = [e for e in graph.edges if e.source == me]
    tables = {e.target.removeprefix(node_id("tbl", service, "x")[:-1]) for e in out
              if e.target.startswith(node_id("tbl", service, "x")[:-1])}
    return {
        "tables": tables - {snake(contract.CONNECTIONS_TABLE)},
        "publishes": {"bus"} if any(e.label.startswith("publishes") for e in out) else set(),
        "starts": {e.target.removeprefix(node_id("wf", service, "x")[:-1]) for e in out
                   if e.label == "starts"},
        "resumes": {"yes"} if any(e.label == "resumes" for e in out) else set(),
        "users": {"yes"} if any(e.label == "reads users" for e in out) else set(),
        # A service's own secret is a node of its cluster; a shared one is the platform's.
        "secrets": {e.target.removeprefix(own).removeprefix(shared) for e in out
                    if e.label == "reads secret"},
        "shared": {e.target.removeprefix(shared) for e in out
                   if e.label == "reads secret" and e.target.startswith(shared)},
    }


def _cases() -> list[tuple[str, str, str]]:
    out = []
    for name in NAMES:
        bp = validate(load_text((BLUEPRINTS / f"{name}.yaml").read_text()))
        for root in build_plan(bp).services:
            out += [(name, root.service, f.id) for f in root.functions]
    return out


_CACHE: dict[str, Any] = {}


def _views(name: str) -> tuple[Any, Graph]:
    if name not in _CACHE:
        bp = validate(load_text((BLUEPRINTS / f"{name}.yaml").read_text()))
        plan = build_plan(bp)
        _CACHE[name] = (plan, build_graph(plan))
    return _CACHE[name]  # type: ignore[no-any-return]


@pytest.mark.parametrize("name,service,fid", _cases(),
                         ids=[f"{n}-{s}-{f}" for n, s, f in _cases()])
def test_iam_environment_and_arrows_agree(name: str, service: str, fid: str) -> None:
    plan, graph = _views(name)
    root = next(r for r in plan.services if r.service == service)
    fn = next(f for f in root.functions if f.id == fid)
    iam, env, arrows = _iam(fn), _env(fn), _arrows(graph, service, fn)
    for fact in ("tables", "publishes", "starts", "secrets", "shared"):
        assert iam[fact] == env[fact] == arrows[fact], (fact, iam[fact], env[fact],
                                                        arrows[fact])
    assert iam["resumes"] == arrows["resumes"]
    assert iam["users"] == arrows["users"]


def test_the_comparison_sees_every_kind_of_access() -> None:
    seen: Facts = {}
    for name, service, fid in _cases():
        plan, _ = _views(name)
        root = next(r for r in plan.services if r.service == service)
        for fact, values in _iam(next(f for f in root.functions if f.id == fid)).items():
            seen.setdefault(fact, set()).update(values)
    assert all(seen.values()), seen  # each fact is exercised by some function
    assert "task_tokens" in seen["tables"]
    assert "fx_rates_key" in seen["shared"]  # a platform secret, read in both services
