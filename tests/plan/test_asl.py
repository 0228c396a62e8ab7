"""The ASL document of a workflow behaves right on AWS (issue 12, item 11).

Facts relied on (Step Functions developer guide, "Choice", "Error handling", "ResultPath"):
a comparison on a path that does not exist fails the execution with States.Runtime; a
callback that is never resumed fails with a bare States.Timeout; a Task without ResultPath
replaces the state with its result; ARNs carry the partition (aws, aws-cn, aws-us-gov).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from scaffold.blueprint.load import load_text
from scaffold.blueprint.validate import validate
from scaffold.plan import asl
from scaffold.plan.build import build_plan
from scaffold.plan.ir import Ref
from tests.helpers import BLUEPRINTS

COMPARISONS = ("StringEquals", "NumericEquals", "BooleanEquals", "IsNull",
               "NumericGreaterThan", "NumericLessThan")


def _definition(steps: str, service: str = "s") -> dict[str, Any]:
    bp = validate(load_text(f"blueprint: 1\nname: acme\nregion: eu-west-1\nservices:\n"
                            f"  {service}:\n    workflows:\n      w:\n{steps}"))
    (root,) = build_plan(bp).services
    (machine,) = root.workflows
    return machine.definition  # type: ignore[return-value]


def _choice(rule: str) -> dict[str, Any]:
    doc = _definition("        - choice: c\n"
                      f"          when: [{{variable: $.v, {rule}, next: ok}}]\n"
                      "        - {succeed: ok}\n")
    return doc["States"]["c"]["Choices"][0]  # type: ignore[no-any-return]


def _comparisons(node: object) -> list[dict[str, Any]]:
    """Every comparison (a dict with a Variable and a comparison operator) under ``node``."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if "Variable" in node and any(op in node for op in COMPARISONS):
            found.append(node)
        for value in node.values():
            found += _comparisons(value)
    elif isinstance(node, list):
        for value in node:
            found += _comparisons(value)
    return found


def _guarded(node: object, variable: str | None = None) -> bool:
    """Each comparison under ``node`` sits in an And whose first operand is IsPresent: true."""
    if isinstance(node, dict):
        if "And" in node:
            first, *rest = node["And"]
            if first == {"Variable": first.get("Variable"), "IsPresent": True}:
                return all(_guarded(r, first["Variable"]) for r in rest)
            return all(_guarded(r, variable) for r in node["And"])
        if "Variable" in node and any(op in node for op in COMPARISONS):
            return node["Variable"] == variable
        return all(_guarded(v, variable) for v in node.values())
    if isinstance(node, list):
        return all(_guarded(v, variable) for v in node)
    return True


@pytest.mark.parametrize(("rule", "comparison"), [
    ("equals: paid", {"Variable": "$.v", "StringEquals": "paid"}),
    ("equals: 3", {"Variable": "$.v", "NumericEquals": 3}),
    ("equals: true", {"Variable": "$.v", "BooleanEquals": True}),
    ("equals: null", {"Variable": "$.v", "IsNull": True}),
    ("greater_than: 10", {"Variable": "$.v", "NumericGreaterThan": 10}),
    ("less_than: 0.5", {"Variable": "$.v", "NumericLessThan": 0.5}),
])
def test_a_comparison_is_guarded_by_is_present(rule: str, comparison: dict[str, Any]) -> None:
    assert _choice(rule) == {"And": [{"Variable": "$.v", "IsPresent": True}, comparison],
                             "Next": "ok"}


@pytest.mark.parametrize(("rule", "comparison"), [
    ("not_equals: paid", {"Variable": "$.v", "StringEquals": "paid"}),
    ("not_equals: 3", {"Variable": "$.v", "NumericEquals": 3}),
    ("not_equals: false", {"Variable": "$.v", "BooleanEquals": False}),
    ("not_equals: null", {"Variable": "$.v", "IsNull": True}),
])
def test_not_equals_is_true_when_the_variable_is_absent(rule: str,
                                                         comparison: dict[str, Any]) -> None:
    # Not(present and equal): an absent variable is not equal to anything.
    assert _choice(rule) == {
        "Not": {"And": [{"Variable": "$.v", "IsPresent": True}, comparison]}, "Next": "ok"}


@pytest.mark.parametrize("present", [True, False])
def test_is_present_rules_stay_as_written(present: bool) -> None:
    assert _choice(f"is_present: {str(present).lower()}") == {
        "Variable": "$.v", "IsPresent": present, "Next": "ok"}


@pytest.mark.parametrize("blueprint", BLUEPRINTS, ids=lambda p: p.stem)
def test_no_comparison_in_any_blueprint_can_meet_an_absent_variable(blueprint: Any) -> None:
    from scaffold.blueprint.load import load_blueprint

    plan = build_plan(validate(load_blueprint(blueprint)))
    for root in plan.services:
        for machine in root.workflows:
            assert _guarded(machine.definition), machine.id


def test_the_guard_check_can_fail() -> None:
    assert not _guarded({"Choices": [{"Variable": "$.v", "StringEquals": "x", "Next": "a"}]})
    assert not _guarded({"And": [{"Variable": "$.w", "IsPresent": True},
                                 {"Variable": "$.v", "StringEquals": "x"}]})
    assert _comparisons({"Not": {"Variable": "$.v", "IsNull": True}})


CALLBACK = ("        - {wait_for_callback: awaitBank, timeout_seconds: 600%s}\n"
            "        - {succeed: done}\n")


def test_a_callback_without_catch_times_out_into_a_named_fail_state() -> None:
    states = _definition(CALLBACK % "")["States"]
    assert states["awaitBank"]["TimeoutSeconds"] == 600
    assert states["awaitBank"]["Catch"] == [
        {"ErrorEquals": ["States.Timeout"], "Next": "awaitBankTimedOut", "ResultPath": "$.error"}]
    failed = states["awaitBankTimedOut"]
    assert failed["Type"] == "Fail"
    assert failed["Error"] == asl.CALLBACK_TIMEOUT_ERROR == "CallbackTimedOut"
    assert "awaitBank" in failed["Cause"] and "w" in failed["Cause"] and "600" in failed["Cause"]
    assert "HeartbeatSeconds" not in states["awaitBank"]


def test_a_callback_with_catch_keeps_it_and_gets_no_generated_state() -> None:
    steps = ("        - {wait_for_callback: awaitBank, catch: {next: oops, errors: [States.ALL]}}\n"
             "        - {succeed: done}\n        - {fail: oops}\n")
    states = _definition(steps)["States"]
    assert states["awaitBank"]["Catch"] == [
        {"ErrorEquals": ["States.ALL"], "Next": "oops", "ResultPath": "$.error"}]
    assert set(states) == {"awaitBank", "done", "oops"}


def test_the_generated_fail_state_never_takes_a_users_name() -> None:
    steps = ("        - {wait_for_callback: awaitBank}\n        - {succeed: awaitBankTimedOut}\n")
    states = _definition(steps)["States"]
    assert states["awaitBankTimedOut"] == {"Type": "Succeed"}
    assert states["awaitBank"]["Catch"][0]["Next"] == "awaitBankTimedOut2"
    assert states["awaitBankTimedOut2"]["Type"] == "Fail"


def test_callback_output_is_merged_under_the_state_name() -> None:
    states = _definition(CALLBACK % "")["States"]
    assert states["awaitBank"]["ResultPath"] == "$.awaitBank"
    named = _definition("        - {wait_for_callback: awaitBank, name: wait for bank}\n")
    assert named["States"]["wait for bank"]["ResultPath"] == "$['wait for bank']"
    quoted = _definition("        - {wait_for_callback: awaitBank, name: \"bank's \\\\ ok\"}\n")
    assert quoted["States"]["bank's \\ ok"]["ResultPath"] == "$['bank\\'s \\\\ ok']"


def test_task_steps_still_return_the_next_state() -> None:
    states = _definition("        - chargeCard\n")["States"]
    assert "ResultPath" not in states["chargeCard"]


def test_the_callback_resource_carries_the_partition() -> None:
    states = _definition(CALLBACK % "")["States"]
    assert states["awaitBank"]["Resource"] == asl.CALLBACK_RESOURCE == Ref(
        "integration", "lambda:invoke.waitForTaskToken", "arn")
    assert "arn:aws:" not in json.dumps(states, default=repr)


def _concrete(node: object) -> object:
    """The document as AWS receives it: references replaced by example ARNs."""
    if isinstance(node, Ref):
        if node.kind == "integration":
            return f"arn:aws:states:::{node.name}"
        return f"arn:aws:lambda:eu-west-1:123456789012:function:{node.name}"
    if isinstance(node, dict):
        return {k: _concrete(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_concrete(v) for v in node]
    return node


def _analyse(doc: object) -> None:
    from moto.stepfunctions.parser.asl.static_analyser.static_analyser import StaticAnalyser

    StaticAnalyser().analyse(json.dumps(_concrete(doc)))


@pytest.mark.parametrize("blueprint", BLUEPRINTS, ids=lambda p: p.stem)
def test_every_workflow_parses_as_asl(blueprint: Any) -> None:
    """The Step Functions grammar (moto's copy of LocalStack's ASL parser) accepts each one."""
    from scaffold.blueprint.load import load_blueprint

    for root in build_plan(validate(load_blueprint(blueprint))).services:
        for machine in root.workflows:
            _analyse(machine.definition)


def test_every_choice_form_parses_as_asl() -> None:
    rules = ", ".join(f"{{variable: $.v{i}, {r}, next: ok}}" for i, r in enumerate((
        "equals: a", "equals: 1", "equals: true", "equals: null", "not_equals: a",
        "not_equals: null", "greater_than: 1", "less_than: 2", "is_present: false")))
    _analyse(_definition(f"        - choice: c\n          when: [{rules}]\n"
                         "        - {wait_for_callback: awaitBank, name: wait for bank}\n"
                         "        - {succeed: ok}\n"))


def test_the_asl_check_can_fail() -> None:
    callback = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                "End": True}
    _analyse({"StartAt": "c", "States": {"c": {**callback, "ResultPath": "$.c"}}})
    with pytest.raises(Exception, match="ASLParser"):  # noqa: PT011 - the parser's own type
        _analyse({"StartAt": "c", "States": {"c": {**callback, "ResultPath": "c"}}})
