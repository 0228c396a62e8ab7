"""Settings merge: defaults -> stage -> service -> function; the last one set wins."""

from __future__ import annotations

from scaffold.blueprint import model
from scaffold.plan.ir import FunctionSettingsByStage

BUILTIN = {"runtime": "nodejs22.x", "memory": 256, "timeout": model.DEFAULT_TIMEOUT,
           "architecture": "arm64", "log_retention_days": 30, "tracing": True,
           "ephemeral_storage": 512}

# Cognito waits 5 s for a Lambda trigger, then fails the user's request:
# https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html
COGNITO_TRIGGER_TIMEOUT = 5


def runtime_of(bp: model.Blueprint, svc: model.ServiceSpec) -> str:
    """A service's runtime (stages cannot change the language of code)."""
    return svc.runtime or bp.defaults.runtime or str(BUILTIN["runtime"])


def resolve(bp: model.Blueprint, stage: str, svc: model.ServiceSpec,
            opts: model.FunctionOptions, auth_trigger: bool = False) -> FunctionSettingsByStage:
    """Resolve the settings of one function for one stage.

    A Cognito trigger's timeout is at most :data:`COGNITO_TRIGGER_TIMEOUT` unless the
    function itself sets one (validation refuses more than that): a blueprint-wide
    timeout is meant for the other functions.
    """
    settings = set(model.SETTING_NAMES)
    layers = [BUILTIN, bp.defaults.model_dump(),
              bp.stages[stage].model_dump(include=settings),
              svc.model_dump(include=settings),
              opts.model_dump(include=set(model.LambdaSettings.model_fields))]
    merged: dict[str, object] = {}
    for layer in layers:
        merged.update({k: v for k, v in layer.items() if v is not None})
    vpc = merged.get("vpc")
    layer_arns = merged.get("layers")
    timeout = int(str(merged["timeout"]))
    if auth_trigger and opts.timeout is None:
        timeout = min(timeout, COGNITO_TRIGGER_TIMEOUT)
    return FunctionSettingsByStage(
        memory=int(str(merged["memory"])), timeout=timeout,
        architecture=str(merged["architecture"]),
        log_retention_days=int(str(merged["log_retention_days"])),
        tracing=bool(merged["tracing"]),
        reserved_concurrency=(None if merged.get("reserved_concurrency") is None
                              else int(str(merged["reserved_concurrency"]))),
        ephemeral_storage=int(str(merged.get("ephemeral_storage", 512))),
        layers=tuple(str(a) for a in layer_arns) if isinstance(layer_arns, list) else (),
        subnet_ids=tuple(vpc["subnets"]) if isinstance(vpc, dict) else (),
        security_group_ids=tuple(vpc["security_groups"]) if isinstance(vpc, dict) else ())
