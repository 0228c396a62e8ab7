"""The deployed function at hand: ``scaffold invoke --remote`` calls it in the stage.

The function's physical name comes from the plan (``{app}-{stage}-{service}-{handler}``, the
name Terraform gave it); a function with provisioned concurrency is called through its
alias ``live``, as its triggers call it. The answer is Lambda's own: the payload, whether
the function threw (``FunctionError``), and the last 4 KB of its log (``LogType=Tail``).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from scaffold.blueprint import physical
from scaffold.errors import ScaffoldError
from scaffold.plan.ir import BuildPlan, LambdaFunction

__all__ = ["LIVE_ALIAS", "RemoteResult", "deployed_name", "invoke_remote"]

LIVE_ALIAS = "live"
"""The alias provisioned concurrency sits on (the Lambda module's ``alias`` name)."""


@dataclass(frozen=True)
class RemoteResult:
    """What the deployed function answered."""

    name: str  # the physical name called (with ``:live`` when through the alias)
    payload: Any  # the returned value (JSON-decoded when it is JSON), or Lambda's error
    error: str | None  # Lambda's FunctionError (``Unhandled``), None when it returned
    log_tail: str  # the end of the invocation's log, decoded
    version: str | None  # the version that ran


def deployed_name(plan: BuildPlan, stage: str, fn: LambdaFunction) -> str:
    """The function's name in ``stage``, as Terraform created it."""
    return f"{physical.prefix(plan.app, stage)}-{fn.name.rest}"


def _decode(payload: bytes) -> Any:
    text = payload.decode("utf-8", errors="replace")
    try:
        return json.loads(text) if text else None
    except ValueError:
        return text


def invoke_remote(client: Any, plan: BuildPlan, stage: str, fn: LambdaFunction,
                  event: Any) -> RemoteResult:
    """Invoke the deployed ``fn`` of ``stage`` synchronously with ``event``.

    Args:
        client: A boto3 Lambda client (:func:`scaffold.run.aws.aws_client`).

    Raises:
        ScaffoldError: When AWS refuses the call (no such function: not applied yet;
            credentials; permissions), with a hint.
    """
    name = deployed_name(plan, stage, fn)
    args: dict[str, Any] = {"FunctionName": name, "InvocationType": "RequestResponse",
                            "LogType": "Tail", "Payload": json.dumps(event).encode()}
    if fn.provisioned_concurrency:
        args["Qualifier"] = LIVE_ALIAS
    try:
        answer = client.invoke(**args)
    except Exception as exc:  # botocore's ClientError and connection errors alike
        code = getattr(exc, "response", {}).get("Error", {}).get("Code", "")
        hint = (f"apply the stage first: scaffold apply --stage {stage}"
                if code == "ResourceNotFoundException"
                else "check the AWS credentials, region and --endpoint-url")
        raise ScaffoldError(f"could not invoke {name}: {exc}", hint=hint) from None
    tail = answer.get("LogResult")
    return RemoteResult(
        name=name + (f":{LIVE_ALIAS}" if "Qualifier" in args else ""),
        payload=_decode(answer["Payload"].read()), error=answer.get("FunctionError"),
        log_tail=base64.b64decode(tail).decode("utf-8", errors="replace") if tail else "",
        version=answer.get("ExecutedVersion"))
