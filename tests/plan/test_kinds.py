"""One table of trigger kinds, and every back end has an entry for each of them.

Remove a kind's row from ``scaffold.plan.kinds.KINDS`` (or its entry in a back end) and a
test here fails: the TypeScript stub builders, the Python stub templates, the Terraform
wiring in the service root, the docs and the graph must all handle every kind, in a
TypeScript and in a Python service (the kitchen-sink and webapp blueprints between them
use each kind in both languages).
"""

from __future__ import annotations

from typing import get_args

import pytest

from scaffold.blueprint.functions import FunctionUse, Trigger, iter_functions
from scaffold.blueprint.load import load_blueprint
from scaffold.blueprint.validate import validate
from scaffold.graph import build_graph
from scaffold.plan.build import build_plan
from scaffold.plan.defaults import runtime_of
from scaffold.plan.kinds import KINDS
from scaffold.render.docs import trigger_text
from scaffold.render.python.context import service_context
from scaffold.render.python.functions import function_context
from scaffold.render.typescript import emit as stubs_typescript
from scaffold.render.typescript.env import template_root
from tests.helpers import REPO

TRIGGERS = sorted(get_args(Trigger))
BLUEPRINTS = [validate(load_blueprint(REPO / "blueprints" / f"{n}.yaml"))
              for n in ("kitchen-sink", "webapp")]


def _uses(language: str) -> dict[str, list[tuple[object, FunctionUse]]]:
    found: dict[str, list[tuple[object, FunctionUse]]] = {}
    for bp in BLUEPRINTS:
        for name, svc in bp.services.items():
            if runtime_of(bp, svc).startswith(language):
                for use in iter_functions(name, svc):
                    found.setdefault(use.trigger, []).append((bp, use))
    return found


def test_every_kind_has_one_row() -> None:
    assert sorted(KINDS) == TRIGGERS
    assert all(KINDS[t].trigger == t for t in KINDS)


@pytest.mark.parametrize("language", ["nodejs", "python"])
def test_the_example_blueprints_use_every_kind_in_both_languages(language: str) -> None:
    assert sorted(_uses(language)) == TRIGGERS


def test_typescript_has_a_stub_builder_for_every_kind() -> None:
    assert sorted(stubs_typescript._BUILDERS) == TRIGGERS


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_python_has_a_stub_and_a_test_template_for_every_kind(trigger: str) -> None:
    folder = template_root() / "stubs" / "python"
    for bp, use in _uses("python")[trigger]:
        svc = build_plan(bp).code.services[use.service]  # type: ignore[arg-type]
        handler = next(h for h in svc.first_handlers() if h.handler == use.handler)
        fn = function_context(service_context(svc), handler)
        assert fn.trigger == trigger
        assert (folder / "handlers" / f"{fn.flavour}.py.j2").is_file(), fn.flavour
        assert (folder / "tests" / f"test_{fn.flavour}.py.j2").is_file(), fn.flavour


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_docs_describe_every_kind(trigger: str) -> None:
    handlers = [h for bp in BLUEPRINTS for svc in build_plan(bp).code.services.values()
                for h in svc.handlers if h.trigger == trigger]
    assert handlers
    for h in handlers:
        assert h.key in trigger_text(h) or trigger == "route"


def test_the_graph_draws_an_arrow_into_every_function() -> None:
    for bp in BLUEPRINTS:
        graph = build_graph(build_plan(bp))
        targets = {e.target for e in graph.edges}
        functions = [n for n in graph.nodes if n.kind == "function"]
        assert functions
        missing = [n.label for n in functions if n.id not in targets]
        assert not missing, f"functions nothing starts in the graph: {missing}"


def test_the_plan_wires_every_function_to_what_starts_it() -> None:
    """What Terraform emits for each kind: a route, rule, stream or queue mapping, bucket
    notification, WebSocket route, Cognito trigger or state machine names the function."""
    for bp in BLUEPRINTS:
        for root in build_plan(bp).services:
            wired = {r.function for r in root.routes} | {r.function for r in root.rules} | {
                s.function for s in root.streams} | {
                b.on_upload for b in root.buckets if b.on_upload} | {
                b.on_object.function for b in root.storage_buckets if b.on_object} | {
                root.authorizer.function for _ in (0,) if root.authorizer} | {
                w.function for w in root.websocket} | set(root.auth_triggers.values()) | {
                q.consumer for q in root.queues} | {
                f for wf in root.workflows for f in wf.functions}
            unwired = [f.handler for f in root.functions if f.id not in wired]
            assert not unwired, f"{root.service}: nothing starts {unwired}"
