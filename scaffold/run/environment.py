"""Local runs: a function's environment for one stage, resolved without Terraform state.

The variable *names* are the plan's (``LambdaFunction.environment`` and the stage's own
environment: what Terraform sets). Their values are the stage's physical names from the
name table (``blueprint/physical.py``), the same derivations the roots evaluate; values only
a deployment knows (a user pool id, the WebSocket endpoint, the API URL) are left out and
named, so the caller can pass them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from scaffold.blueprint import physical
from scaffold.plan import contract
from scaffold.plan.ir import BuildPlan, LambdaFunction, Name, Ref, Scalar
from scaffold.plan.samples import ACCOUNT

__all__ = ["LocalEnvironment", "local_environment"]

FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}
"""Set with an endpoint URL when no credentials are configured (emulators accept any)."""


@dataclass(frozen=True)
class LocalEnvironment:
    """The variables of a local run and the names no local value exists for."""

    variables: dict[str, str]
    unresolved: tuple[str, ...]


def _bus(plan: BuildPlan, prefix: str) -> str:
    return plan.platform.existing_bus or f"{prefix}-bus"


def _resolve(plan: BuildPlan, service: str, stage: str, value: Scalar) -> str | None:
    """The local value of one planned value (None: only the deployment knows it)."""
    prefix = physical.prefix(plan.app, stage)
    region = plan.region
    if isinstance(value, Name):
        return f"{prefix}-{value.rest}"
    if not isinstance(value, Ref):
        return None if value is None else str(value).lower() if isinstance(value, bool) \
            else str(value)
    own = f"{prefix}-{physical.resource(service, value.name)}"
    match value.kind, value.attr:
        case "var", _ if value.name == "stage":
            return stage
        case "table", "name":
            return own
        case "bucket", "name":
            return f"{own}-{ACCOUNT}"
        case "secret", "name":
            return contract.secret_parameter(plan.app, stage, service, value.name)
        case "workflow", "arn":
            return f"arn:aws:states:{region}:{ACCOUNT}:stateMachine:{own}"
        case "queue", "url":
            queue = next((q for s in plan.services if s.service == service for q in s.queues
                          if q.id == value.name.replace("-", "_")), None)
            suffix = ".fifo" if queue is not None and queue.fifo else ""
            return f"https://sqs.{region}.amazonaws.com/{ACCOUNT}/{own}{suffix}"
        case "platform", "value" if value.name == "event_bus_name":
            return _bus(plan, prefix)
    return None


def local_environment(plan: BuildPlan, fn: LambdaFunction, stage: str, *, timeout: int,
                      memory: int, endpoint_url: str | None = None,
                      base: Mapping[str, str] | None = None) -> LocalEnvironment:
    """The environment a function gets when run locally in ``stage``.

    Args:
        plan: The build plan.
        fn: The function (from ``plan``).
        stage: The stage whose physical names the values are.
        timeout: The function's timeout (seconds), reported as Lambda does.
        memory: The function's memory (MB), reported as Lambda does.
        endpoint_url: An AWS endpoint (an emulator): ``AWS_ENDPOINT_URL`` for both SDKs,
            plus fake credentials when ``base`` has none.
        base: The caller's environment (credentials and profile are taken from it).

    Returns:
        The variables (Lambda's own, the stage's, the function's) and the names whose
        value only a deployment knows.
    """
    base = base or {}
    name = f"{physical.prefix(plan.app, stage)}-{fn.name.rest}"
    variables = {
        "AWS_REGION": plan.region, "AWS_DEFAULT_REGION": plan.region,
        "AWS_LAMBDA_FUNCTION_NAME": name, "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(memory),
        "AWS_LAMBDA_FUNCTION_TIMEOUT": str(timeout),
        "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{name}",
        # No X-Ray daemon runs locally: both Powertools tracers stay off.
        "POWERTOOLS_TRACE_DISABLED": "true", "POWERTOOLS_TRACE_ENABLED": "false",
    }
    unresolved: list[str] = []
    planned: dict[str, Scalar] = {**plan.stage_environment.get(stage, {}), **fn.environment}
    for key, value in sorted(planned.items()):
        resolved = _resolve(plan, fn.service, stage, value)
        if resolved is None:
            unresolved.append(key)
        else:
            variables[key] = resolved
    if endpoint_url:
        variables["AWS_ENDPOINT_URL"] = endpoint_url
        if not base.get("AWS_ACCESS_KEY_ID") and not base.get("AWS_PROFILE"):
            variables.update(FAKE_CREDENTIALS)
    return LocalEnvironment(variables, tuple(unresolved))
