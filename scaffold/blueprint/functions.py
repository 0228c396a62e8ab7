"""Every function a service implies, found in one walk shared by checks, plan and stubs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from scaffold.blueprint import model
from scaffold.blueprint.source_map import Path

Trigger = Literal["route", "subscription", "stream", "schedule", "presign", "upload",
                  "websocket", "auth_trigger", "task", "callback"]


@dataclass(frozen=True)
class FunctionUse:
    """One handler declared somewhere in a service, with what triggers it."""

    service: str
    handler: str
    trigger: Trigger
    path: Path  # where the handler is declared in the blueprint
    options: model.FunctionOptions
    spec: object  # the trigger's own spec (RouteSpec, StreamSpec, ...) or its key
    key: str  # route key, event, table, schedule, bucket, websocket route, trigger kind, workflow


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
    for route_key, ws in svc.websocket.items():
        yield FunctionUse(name, ws.handler, "websocket", (*base, "websocket", route_key), ws,
                          ws, route_key)
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


def merged_options(svc: model.ServiceSpec, use: FunctionUse) -> model.FunctionOptions:
    """The use's own options merged with ``functions.<handler>`` (lists add up, scalars win)."""
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
        elif isinstance(mine, list):
            data[field] = list(dict.fromkeys([*mine, *theirs]))
        elif isinstance(mine, dict):
            data[field] = {**theirs, **mine}
        elif field == "push":
            data[field] = mine or theirs
        else:
            data[field] = mine if mine is not None else theirs
    return model.FunctionOptions.model_validate(data)
