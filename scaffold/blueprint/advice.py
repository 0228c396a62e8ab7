"""Valid choices that surprise on a real account: ``scaffold validate`` prints them as warnings.

They never fail validation (exit code 0); each is located like an error, with a hint.
"""

from __future__ import annotations

from collections.abc import Iterator

from scaffold.blueprint import model
from scaffold.blueprint.cognito import cognito_warnings
from scaffold.blueprint.flows import flow_warnings
from scaffold.blueprint.source_map import SourceMap
from scaffold.errors import Diagnostic


def blueprint_warnings(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Every warning of a valid blueprint, in blueprint order of the checks."""
    yield from cognito_warnings(bp, sm)
    yield from flow_warnings(bp, sm)
    for sname, svc in bp.services.items():
        for handler, sub in svc.subscribes.items():
            yield from _broadcast_warning(bp, sm, sname, handler, sub)


def _broadcast_warning(bp: model.Blueprint, sm: SourceMap, sname: str, handler: str,
                       sub: model.SubscriptionSpec) -> Iterator[Diagnostic]:
    """W003: a pushing subscriber of an event that names no user can only broadcast."""
    owner, _, name = sub.event.partition(".")
    spec = bp.services[owner].events.get(name) if owner in bp.services else None
    if not sub.push or spec is None:
        return
    if any(spec.fields.get(f) == "string" for f in model.PUSH_RECIPIENT_FIELDS):
        return
    fields = " or ".join(model.PUSH_RECIPIENT_FIELDS)
    yield Diagnostic(sm.value(("services", sname, "subscribes", handler, "push")), "W003",
                     f"'{handler}' pushes '{sub.event}', which names no user ({fields}): its "
                     "push can only go to every connected browser, of every user",
                     f"add `{model.PUSH_RECIPIENT_FIELDS[0]}: string` (or "
                     f"`{model.PUSH_RECIPIENT_FIELDS[1]}`) to the event so the push goes to "
                     "that user only", severity="warning")
