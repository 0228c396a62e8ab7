"""Settings merge: defaults -> stage -> service -> function; the last one set wins."""

from __future__ import annotations

from scaffold.blueprint import model
from scaffold.plan.ir import FunctionSettingsByStage

BUILTIN = {"runtime": "nodejs22.x", "memory": 256, "timeout": 10, "architecture": "arm64",
           "log_retention_days": 30, "tracing": True}


def runtime_of(bp: model.Blueprint, svc: model.ServiceSpec) -> str:
    """A service's runtime (stages cannot change the language of code)."""
    return svc.runtime or bp.defaults.runtime or str(BUILTIN["runtime"])


def resolve(bp: model.Blueprint, stage: str, svc: model.ServiceSpec,
            opts: model.FunctionOptions) -> FunctionSettingsByStage:
    """Resolve the settings of one function for one stage."""
    settings = set(model.SETTING_NAMES)
    layers = [BUILTIN, bp.defaults.model_dump(),
              bp.stages[stage].model_dump(include=settings),
              svc.model_dump(include=settings),
              {"memory": opts.memory, "timeout": opts.timeout}]
    merged: dict[str, object] = {}
    for layer in layers:
        merged.update({k: v for k, v in layer.items() if v is not None})
    return FunctionSettingsByStage(
        memory=int(str(merged["memory"])), timeout=int(str(merged["timeout"])),
        architecture=str(merged["architecture"]),
        log_retention_days=int(str(merged["log_retention_days"])),
        tracing=bool(merged["tracing"]))
