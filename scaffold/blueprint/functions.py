"""Every function a service implies, found in one walk shared by checks, plan and stubs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from scaffold.blueprint import model
from scaffold.blueprint.source_map import Path, SourceMap
from scaffold.errors import Location

Trigger = Literal["route", "subscription", "stream", "schedule", "presign", "upload",
                  "object", "websocket", "auth_trigger", "task", "callback", "queue",
                  "authorizer"]


@dataclass(frozen=True)
class FunctionUse:
    """One handler declared somewhere in a service, with what triggers it."""

    service: str
    handler: str
    trigger: Trigger
    path: Path  # where the handler is declared in the blueprint
    options: model.FunctionOptions
    spec: object  # the trigger's own spec (RouteSpec, StreamSpec, ...) or its key
    key: str  # route, event, table, schedule, bucket, queue, websocket route, trigger, workflow


def iter_functions(name: str, svc: model.ServiceSpec) -> Iterator[FunctionUse]:
    """Yield every handler of service ``name`` in blueprint order."""
    base: Path = ("services", name)
    for key, route in svc.routes.items():
        yield FunctionUse(name, route.handler, "route", (*base, "routes", key), route, route, key)
    for handler, sub in svc.subscribes.items():
        yield FunctionUse(name, handler, "subscription", (*base, "subscribes", handler), sub, sub,
                          sub.event)
    for handler, stream in svc.streams.items():
        yield FunctionUse(name, handler, "stream", (*base, "streams", handler), stream, stream,
                          stream.table)
    for handler, sched in svc.schedules.items():
        yield FunctionUse(name, handler, "schedule", (*base, "schedules", handler), sched, sched,
                          sched.schedule)
    for bucket, upload in svc.uploads.items():
        where = (*base, "uploads", bucket)
        yield FunctionUse(name, upload.presign.handler, "presign", (*where, "presign"),
                          upload.presign, upload, bucket)
        if upload.on_upload is not None:
            yield FunctionUse(name, upload.on_upload.handler, "upload", (*where, "on_upload"),
                              upload.on_upload, upload, bucket)
    for queue, qspec in svc.queues.items():
        yield FunctionUse(name, qspec.consumer.handler, "queue",
                          (*base, "queues", queue, "consumer"), qspec.consumer, qspec, queue)
    for bucket, bspec in svc.buckets.items():
        if bspec.on_object is not None:
            yield FunctionUse(name, bspec.on_object.handler, "object",
                              (*base, "buckets", bucket, "on_object"), bspec.on_object, bspec,
                              bucket)
    for route_key, ws in svc.websocket.items():
        yield FunctionUse(name, ws.handler, "websocket", (*base, "websocket", route_key), ws,
                          ws, route_key)
    if svc.authorizer is not None:
        yield FunctionUse(name, svc.authorizer.handler, "authorizer", (*base, "authorizer"),
                          svc.authorizer, svc.authorizer, name)
    for kind, ref in svc.auth_triggers.items():
        yield FunctionUse(name, ref.handler, "auth_trigger", (*base, "auth_triggers", kind), ref,
                          ref, kind)
    for wf_name, workflow in svc.workflows.items():
        for i, step in enumerate(workflow.steps):
            where = (*base, "workflows", wf_name, i)
            if isinstance(step, model.TaskStep) and step.task:
                yield FunctionUse(name, step.task, "task", where, step, step, wf_name)
            elif isinstance(step, model.CallbackStep) and step.wait_for_callback:
                yield FunctionUse(name, step.wait_for_callback, "callback", where, step, step,
                                  wf_name)


def signature_secret(use: FunctionUse) -> str | None:
    """The secret a route's ``signature:`` verifies with: a secret the function reads."""
    if isinstance(use.spec, model.RouteSpec) and use.spec.signature is not None:
        return use.spec.signature.secret
    return None


def merged_options(svc: model.ServiceSpec, use: FunctionUse) -> model.FunctionOptions:
    """The use's own options merged with ``functions.<handler>`` (lists add up, scalars win).

    A route's ``signature`` secret is one of the secrets it reads (first), so its IAM,
    environment and secret helper come from the same list as every other secret's.
    """
    merged = _merged(svc, use)
    signing = signature_secret(use)
    if signing is None:
        return merged
    return merged.model_copy(update={
        "secrets": list(dict.fromkeys([signing, *merged.secrets]))})


def _merged(svc: model.ServiceSpec, use: FunctionUse) -> model.FunctionOptions:
    extra = svc.functions.get(use.handler)
    own = use.options
    if extra is None:
        return model.FunctionOptions.model_validate(
            {k: getattr(own, k) for k in model.FunctionOptions.model_fields})
    data: dict[str, object] = {}
    for field in model.FunctionOptions.model_fields:
        mine, theirs = getattr(own, field), getattr(extra, field)
        if field == "iam":  # statements are unhashable: keep the first of equal ones
            data[field] = [*mine, *(st for st in theirs if st not in mine)]
        elif field == "layers":  # an ordered set of layers: the use's own list wins whole
            data[field] = mine if mine is not None else theirs
        elif isinstance(mine, list):
            data[field] = list(dict.fromkeys([*mine, *theirs]))
        elif isinstance(mine, dict):
            data[field] = {**theirs, **mine}
        elif field == "push":
            data[field] = mine or theirs
        else:
            data[field] = mine if mine is not None else theirs
    return model.FunctionOptions.model_validate(data)


def option_where(sm: SourceMap, svc: model.ServiceSpec, use: FunctionUse, field: str,
                 item: str) -> Location:
    """Where ``item`` of option ``field`` (reads, writes, ...) is written for this use.

    Looks in the use's own options, then in ``functions.<handler>``, then (secrets) in the
    route's ``signature``; falls back to the handler's declaration.
    """
    own = getattr(use.options, field, None)
    if isinstance(own, list) and item in own:
        return sm.value((*use.path, field, own.index(item)))
    if isinstance(own, dict) and item in own:
        return sm.key((*use.path, field, item))
    extra = svc.functions.get(use.handler)
    theirs = getattr(extra, field, None) if extra is not None else None
    base = ("services", use.service, "functions", use.handler, field)
    if isinstance(theirs, list) and item in theirs:
        return sm.value((*base, theirs.index(item)))
    if isinstance(theirs, dict) and item in theirs:
        return sm.key((*base, item))
    if field == "secrets" and signature_secret(use) == item:
        long = (*use.path, "signature", "secret")
        return sm.value(long) if long in sm.keys else sm.value((*use.path, "signature"))
    return sm.value(use.path)
