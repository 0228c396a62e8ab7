"""What sets stages apart beyond function settings: names, protection, platform settings.

Stages of one blueprint usually share an AWS account, so every name they claim must differ:
the production stage owns the apex names (``app.acme.example``) and the account-wide
settings; every other stage gets its stage as a prefix (``dev.app.acme.example``) in the
same hosted zone. Stages may also set their own deletion protection, HTTP API throttling,
alert e-mails and environment values.
"""

from __future__ import annotations

from scaffold.blueprint import model
from scaffold.plan.ir import StagePlatform


def owner_stage(bp: model.Blueprint) -> str:
    """The production stage: the one marked ``production: true``, else the first."""
    return next((n for n, s in bp.stages.items() if s.production), next(iter(bp.stages)))


def protected_stages(bp: model.Blueprint) -> tuple[str, ...]:
    """Stages whose tables, user pool and upload objects survive a destroy."""
    owner = owner_stage(bp)
    return tuple(n for n, s in bp.stages.items()
                 if (s.deletion_protection if s.deletion_protection is not None
                     else s.production and n == owner))


def stage_platform(bp: model.Blueprint) -> dict[str, StagePlatform]:
    """Per stage, its throttling and alert e-mails (the stage's own, else the top level's)."""
    out: dict[str, StagePlatform] = {}
    for name, stage in bp.stages.items():
        throttle = stage.throttle or bp.api.throttle
        alerts = stage.alerts or bp.alerts
        out[name] = StagePlatform(throttle.rate, throttle.burst,
                                  tuple(alerts.email) if alerts else ())
    return out


def stage_environment(bp: model.Blueprint) -> dict[str, dict[str, str]]:
    """Per stage, the environment every function gets (empty when no stage sets any)."""
    if not any(stage.environment for stage in bp.stages.values()):
        return {}
    return {name: dict(stage.environment) for name, stage in bp.stages.items()}


def stage_domain(apex: str, stage: str, owner: str) -> str:
    """``apex`` for the production stage, ``<stage>.<apex>`` for every other one."""
    return apex if stage == owner else f"{stage}.{apex}"


def stage_domains(bp: model.Blueprint) -> dict[str, dict[str, str]]:
    """Per stage, the custom domain of each role (``site``, ``api``, ``websocket``) set."""
    apex = {"site": bp.frontend.domain if bp.frontend else None, "api": bp.api.domain,
            "websocket": bp.api.websocket_domain}
    owner = owner_stage(bp)
    return {stage: {role: stage_domain(name, stage, owner)
                    for role, name in apex.items() if name}
            for stage in bp.stages} if any(apex.values()) else {}
