"""Amazon States Language for a workflow, built as data (never by string concatenation)."""

from __future__ import annotations

import re

from scaffold.blueprint import model
from scaffold.blueprint.checks import step_name
from scaffold.blueprint.names import snake
from scaffold.plan.ir import Data, Ref

#: The service integration of a wait-for-callback step; rendered with the partition of the
#: account (``arn:${partition}:states:::...``), never a literal ``arn:aws:``.
CALLBACK_RESOURCE = Ref("integration", "lambda:invoke.waitForTaskToken", "arn")
#: The error of the generated Fail state a callback step goes to when nothing resumes it.
CALLBACK_TIMEOUT_ERROR = "CallbackTimedOut"
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MAX_STATE_NAME = 80  # Step Functions' limit on state names


def _fn(handler: str) -> Ref:
    return Ref("function", snake(handler), "arn")


def result_path(state: str) -> str:
    """Where a callback step keeps the output it is resumed with: ``$.<state name>``.

    The rest of the state is kept, so later steps still see what earlier ones produced. A
    name that is not a JSONPath identifier is written in bracket notation (``$['a b']``,
    with ``\\`` and ``'`` escaped by a backslash).
    """
    if _IDENTIFIER.fullmatch(state):
        return f"$.{state}"
    return "$['" + state.replace("\\", "\\\\").replace("'", "\\'") + "']"


def _unique(wanted: str, taken: set[str]) -> str:
    name, n = wanted[:_MAX_STATE_NAME], 2
    while name in taken:
        suffix = str(n)
        name, n = wanted[:_MAX_STATE_NAME - len(suffix)] + suffix, n + 1
    return name


def _retry_catch(step: model.TaskStep | model.CallbackStep) -> dict[str, Data]:
    out: dict[str, Data] = {}
    if step.retry:
        out["Retry"] = [{"ErrorEquals": list(step.retry.errors),
                         "MaxAttempts": step.retry.attempts,
                         "IntervalSeconds": step.retry.interval_seconds,
                         "BackoffRate": step.retry.backoff_rate}]
    if step.catch:
        out["Catch"] = [{"ErrorEquals": list(step.catch.errors), "Next": step.catch.next,
                         "ResultPath": "$.error"}]
    return out


def _callback(workflow: str, state: str, step: model.CallbackStep, taken: set[str],
              generated: dict[str, Data]) -> dict[str, Data]:
    """A wait-for-callback Task; without a ``catch`` a timeout ends in a Fail state of its own.

    Unhandled, a callback that never comes fails the execution with a bare States.Timeout;
    the generated Fail state names the workflow, the step and the wait instead. Other errors
    (SendTaskFailure, a failed invoke) already carry the resumer's error and cause.
    """
    out: dict[str, Data] = {
        "Type": "Task", "Resource": CALLBACK_RESOURCE,
        "Parameters": {"FunctionName": _fn(str(step.wait_for_callback)),
                       "Payload": {"taskToken.$": "$$.Task.Token", "input.$": "$"}},
        "TimeoutSeconds": step.timeout_seconds, "ResultPath": result_path(state),
        **_retry_catch(step)}
    if step.heartbeat_seconds is not None:
        out["HeartbeatSeconds"] = step.heartbeat_seconds
    if not step.catch:
        failed = _unique(f"{state}TimedOut", taken)
        out["Catch"] = [{"ErrorEquals": ["States.Timeout"], "Next": failed,
                         "ResultPath": "$.error"}]
        generated[failed] = {
            "Type": "Fail", "Error": CALLBACK_TIMEOUT_ERROR,
            "Cause": f"Workflow {workflow}: step {state} was not resumed within "
                     f"{step.timeout_seconds} seconds (nothing called SendTaskSuccess or "
                     "SendTaskFailure with its task token)"}
    return out


def _rule(rule: model.ChoiceRule) -> dict[str, Data]:
    def compare(value: object, kind: str) -> dict[str, Data]:
        if value is None:
            return {"Variable": rule.variable, "IsNull": True}
        if isinstance(value, bool):
            return {"Variable": rule.variable, "BooleanEquals": value}
        if isinstance(value, int | float):
            return {"Variable": rule.variable, f"Numeric{kind}": value}
        return {"Variable": rule.variable, f"String{kind}": str(value)}

    def present(comparison: dict[str, Data]) -> dict[str, Data]:
        # On AWS a comparison on a path that does not exist fails the execution with
        # States.Runtime; IsPresent first makes an absent variable simply not match.
        return {"And": [{"Variable": rule.variable, "IsPresent": True}, comparison]}

    cond: dict[str, Data]
    if "equals" in rule.model_fields_set:
        cond = present(compare(rule.equals, "Equals"))
    elif "not_equals" in rule.model_fields_set:
        cond = {"Not": present(compare(rule.not_equals, "Equals"))}  # absent: not equal
    elif rule.greater_than is not None:
        cond = present({"Variable": rule.variable, "NumericGreaterThan": rule.greater_than})
    elif rule.less_than is not None:
        cond = present({"Variable": rule.variable, "NumericLessThan": rule.less_than})
    else:
        cond = {"Variable": rule.variable, "IsPresent": bool(rule.is_present)}
    return {**cond, "Next": rule.next}


def definition(name: str, workflow: model.WorkflowSpec) -> dict[str, Data]:
    """The ASL document of ``workflow``; function ARNs are :class:`Ref` values."""
    steps = list(workflow.steps)
    state_names = [step_name(s, i) or f"Step{i + 1}" for i, s in enumerate(steps)]
    states: dict[str, Data] = {}
    generated: dict[str, Data] = {}
    for i, step in enumerate(steps):
        following = state_names[i + 1] if i + 1 < len(steps) else None
        flow: dict[str, Data] = {"Next": following} if following else {"End": True}
        state: dict[str, Data]
        if isinstance(step, model.TaskStep):
            state = {"Type": "Task", "Resource": _fn(str(step.task)), **_retry_catch(step), **flow}
        elif isinstance(step, model.CallbackStep):
            state = {**_callback(name, state_names[i], step, {*state_names, *generated},
                                 generated), **flow}
        elif isinstance(step, model.ChoiceStep):
            state = {"Type": "Choice", "Choices": [_rule(r) for r in step.when]}
            default = step.otherwise or following
            if default:
                state["Default"] = default
        elif isinstance(step, model.WaitStep):
            wait: dict[str, Data] = ({"Seconds": step.wait.seconds} if step.wait.seconds
                                     else {"TimestampPath": step.wait.timestamp_path})
            state = {"Type": "Wait", **wait, **flow}
        elif isinstance(step, model.SucceedStep):
            state = {"Type": "Succeed"}
        else:
            assert isinstance(step, model.FailStep)
            state = {"Type": "Fail", "Error": step.error}
            if step.cause:
                state["Cause"] = step.cause
        states[state_names[i]] = state
    states.update(generated)
    doc: dict[str, Data] = {"Comment": f"Workflow {name}, generated by scaffold",
                            "StartAt": state_names[0], "States": states}
    if workflow.timeout_seconds:
        doc["TimeoutSeconds"] = workflow.timeout_seconds
    return doc
