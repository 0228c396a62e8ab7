"""Valid choices that surprise on a real account: ``scaffold validate`` prints them as warnings.

They never fail validation (exit code 0); each is located like an error, with a hint.
"""

from __future__ import annotations

from collections.abc import Iterator

from scaffold.blueprint import model
from scaffold.blueprint.cognito import cognito_warnings
from scaffold.blueprint.flows import flow_warnings
from scaffold.blueprint.functions import iter_functions
from scaffold.blueprint.sharing import sharing_warnings
from scaffold.blueprint.source_map import Path, SourceMap
from scaffold.errors import Diagnostic


def blueprint_warnings(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Every warning of a valid blueprint, in blueprint order of the checks."""
    yield from cognito_warnings(bp, sm)
    yield from _stopped_functions(bp, sm)
    yield from _scaffold_tag_warnings(bp, sm)
    yield from flow_warnings(bp, sm)
    yield from sharing_warnings(bp, sm)
    for sname, svc in bp.services.items():
        for handler, sub in svc.subscribes.items():
            yield from _broadcast_warning(bp, sm, sname, handler, sub)


def _stopped_functions(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """W009: ``reserved_concurrency: 0`` throttles every invocation (the off switch)."""
    places: list[tuple[Path, model.LambdaSettings]] = [(("defaults",), bp.defaults)]
    places += [(("stages", n), st) for n, st in bp.stages.items()]
    for sname, svc in bp.services.items():
        places.append((("services", sname), svc))
        places += [(use.path, use.options) for use in iter_functions(sname, svc)]
        places += [(("services", sname, "functions", h), o) for h, o in svc.functions.items()]
    for path, settings in places:
        if settings.reserved_concurrency == 0:
            yield Diagnostic(sm.value((*path, "reserved_concurrency")), "W009",
                             "reserved_concurrency: 0 stops the function: every invocation "
                             "is throttled", "fine as an off switch; to cap it, reserve at "
                             "least 1", severity="warning")


def _scaffold_tag_warnings(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """W008: a tag whose key scaffold sets on every resource itself; the blueprint's is ignored."""
    tagged: list[tuple[tuple[str, ...], dict[str, str]]] = [(("tags",), bp.tags)]
    tagged += [(("services", n, "tags"), svc.tags) for n, svc in bp.services.items()]
    for base, tags in tagged:
        for key in tags:
            if key in model.SCAFFOLD_TAGS:
                yield Diagnostic(sm.key((*base, key)), "W008", f"tag '{key}' is set by "
                                 "scaffold on every resource; this value is ignored",
                                 "scaffold's own tags are " + ", ".join(model.SCAFFOLD_TAGS)
                                 + ": choose another key (for example 'team' or "
                                 "'cost-center')", severity="warning")


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
