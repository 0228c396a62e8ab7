"""Plan stage: correlated callback steps, the token store and signed webhooks.

A wait-for-callback step that declares ``correlate: <field>`` has its task token stored by
scaffold-owned entry code under ``<workflow>#<state[field]>`` in the service's token table;
functions that resume the workflow get ``resume`` / ``fail`` helpers that look the token up
by the correlation value. A public route with ``signature:`` is verified (HMAC-SHA256 over
``<timestamp>.<raw body>``) before the user's code runs, in place of the API key
(``docs/decisions/0013-callbacks-and-signed-webhooks.md``). Decided here once; the
TypeScript and Python back ends translate the result.
"""

from __future__ import annotations

from dataclasses import dataclass

from scaffold.blueprint import model
from scaffold.blueprint.checks import step_name
from scaffold.blueprint.functions import FunctionUse, merged_options
from scaffold.plan import contract


@dataclass(frozen=True)
class Correlation:
    """A callback step whose token is stored by the value of one field of the state."""

    workflow: str
    state: str  # the step's state name
    field: str  # the state's field holding the correlation value
    ttl_seconds: int  # how long the stored token lives (step timeout + margin)


@dataclass(frozen=True)
class Signature:
    """How the generated entry of a webhook verifies its caller."""

    secret: str
    header: str
    timestamp_header: str
    tolerance_seconds: int


def correlations(svc: model.ServiceSpec) -> dict[str, Correlation]:
    """Handler of each correlated callback step -> its correlation, in blueprint order."""
    out: dict[str, Correlation] = {}
    for wname, wf in svc.workflows.items():
        for i, step in enumerate(wf.steps):
            if (isinstance(step, model.CallbackStep) and step.correlate
                    and step.wait_for_callback):
                out[step.wait_for_callback] = Correlation(
                    wname, step_name(step, i) or f"Step{i + 1}", step.correlate,
                    step.timeout_seconds + contract.TOKEN_MARGIN_SECONDS)
    return out


def correlated_workflows(svc: model.ServiceSpec) -> dict[str, str]:
    """Workflow -> the correlation field of its (first) correlated callback step."""
    out: dict[str, str] = {}
    for corr in correlations(svc).values():
        out.setdefault(corr.workflow, corr.field)
    return out


def has_token_store(svc: model.ServiceSpec) -> bool:
    """Whether the service gets a token table: some callback step declares ``correlate``."""
    return bool(correlations(svc))


def stores_token(svc: model.ServiceSpec, use: FunctionUse) -> Correlation | None:
    """The correlation whose token the generated entry of ``use`` stores, if any."""
    if use.trigger != "callback":
        return None
    return correlations(svc).get(use.handler)


def resumable(svc: model.ServiceSpec, use: FunctionUse) -> tuple[str, ...]:
    """The correlated workflows ``use`` resumes: it gets resume / fail by correlation id."""
    workflows = correlated_workflows(svc)
    return tuple(w for w in dict.fromkeys(merged_options(svc, use).resumes) if w in workflows)


def signature(use: FunctionUse) -> Signature | None:
    """The HMAC check of a route declared with ``signature:`` (validation: public only)."""
    if use.trigger != "route" or not isinstance(use.spec, model.RouteSpec):
        return None
    spec = use.spec.signature
    if spec is None:
        return None
    return Signature(spec.secret, spec.header, spec.timestamp_header, spec.tolerance_seconds)


@dataclass(frozen=True)
class Resume:
    """How a resuming route finds its correlation id: a path parameter, else a body field."""

    workflow: str
    field: str
    path_param: str | None  # None: the body's ``field``


def resume_source(svc: model.ServiceSpec, use: FunctionUse,
                  params: tuple[str, ...]) -> Resume | None:
    """The correlation id of a route that resumes a correlated workflow.

    The path parameter of the correlation field's name, else the last path parameter (the
    end of a path names the item, as :func:`scaffold.plan.access.bind_key` binds keys),
    else the body field of that name.
    """
    workflows = resumable(svc, use)
    if not workflows:
        return None
    field = correlated_workflows(svc)[workflows[0]]
    param = field if field in params else (params[-1] if params else None)
    return Resume(workflows[0], field, param)


def new_correlation(svc: model.ServiceSpec, use: FunctionUse,
                    params: tuple[str, ...]) -> str | None:
    """The correlation field a starter's stub fills with a new id (unless the path gives it).

    A workflow whose callback step correlates on ``campaignId`` needs that field in its state
    from the start: the stub that starts it puts a fresh UUID there (a caller's own value
    wins), so the step's entry can store the token under it.
    """
    starts = merged_options(svc, use).starts
    if not starts:
        return None
    field = correlated_workflows(svc).get(starts[0])
    return field if field is not None and field not in params else None
