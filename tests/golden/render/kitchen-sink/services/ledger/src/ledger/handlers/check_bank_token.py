# This file belongs to you: scaffold created it once and will never overwrite it.
"""checkBankToken: Lambda authorizer of the `auth: custom` routes of service ledger.

API Gateway calls it before each such route with the caller's identity sources and caches
the answer (a simple response, ``{isAuthorized, context}``) per identity.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from ledger.generated.powertools import logger, metrics, tracer

CallerContext = dict[str, str]
"""What the routes see as ``event["requestContext"]["authorizer"]["lambda"]``."""


def verify(identity: str) -> CallerContext | None:
    """Check the caller's identity; return what the routes may know, or None to refuse (403)."""
    # TODO: check the identity (look up an API key, verify a token's signature, ...).
    # Until then every caller is refused: an authorizer fails closed.
    logger.debug("identity presented", extra={"length": len(identity)})
    return None


def decide(event: dict[str, Any],
           check: Callable[[str], CallerContext | None]) -> dict[str, Any]:
    """The simple response API Gateway expects, from the first identity source's value."""
    sources = event.get("identitySource") or []
    identity = sources[0] if sources else ""
    caller = check(identity) if identity else None
    logger.info("authorizer decided", extra={"route": event.get("routeKey"),
                                             "allowed": caller is not None})
    metrics.add_metric(name="CallsAllowed" if caller is not None else "CallsDenied",
                       unit=MetricUnit.Count, value=1)
    return {"isAuthorized": caller is not None, "context": caller or {}}


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Decide whether the caller may call the route."""
    return decide(event, verify)
