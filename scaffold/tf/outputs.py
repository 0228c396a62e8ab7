"""Terraform stage: read the outputs of a deployed stage (``terraform output -json`` per root).

Only Terraform's machine output is read. Sensitive outputs are never returned, only named.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from scaffold.errors import TerraformError
from scaffold.tf.runner import RootRef, Step, TerraformRunner

__all__ = ["USER_OUTPUTS", "RootOutputs", "StageOutputs", "read_outputs", "read_root_outputs"]

# What a user needs after apply, by platform output name, in the order it is printed.
USER_OUTPUTS: dict[str, str] = {
    "site_url": "Frontend URL",
    "api_url": "API URL",
    "websocket_url": "WebSocket URL",
    "user_pool_id": "User pool id",
    "user_pool_client_id": "User pool client id",
    "name_servers": "Name servers (delegate the zone to these)",
}


@dataclass(frozen=True)
class RootOutputs:
    """The outputs of one root in one stage's workspace.

    Attributes:
        root: Root name (``platform`` or a service).
        applied: False when the workspace does not exist or its state has no outputs.
        values: Non-sensitive outputs, name to JSON value.
        sensitive: Names of the sensitive outputs, whose values are withheld.
    """

    root: str
    applied: bool
    values: dict[str, Any] = field(default_factory=dict)
    sensitive: tuple[str, ...] = ()


@dataclass(frozen=True)
class StageOutputs:
    """The outputs of every root of a stage, in root order."""

    stage: str
    roots: tuple[RootOutputs, ...]

    @property
    def applied(self) -> bool:
        """True when at least one root of the stage has outputs."""
        return any(r.applied for r in self.roots)

    @property
    def not_applied(self) -> tuple[str, ...]:
        """Roots without state (or outputs) in this stage."""
        return tuple(r.root for r in self.roots if not r.applied)

    def user_values(self) -> dict[str, Any]:
        """The values of ``USER_OUTPUTS`` the platform has, in that order."""
        platform = next((r.values for r in self.roots if r.root == "platform"), {})
        return {key: platform[key] for key in USER_OUTPUTS if key in platform}

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready view: the user's values, and every root's non-sensitive outputs."""
        return {"stage": self.stage, "outputs": self.user_values(),
                "roots": {r.root: r.values for r in self.roots if r.applied},
                "not_applied": list(self.not_applied),
                "sensitive": {r.root: list(r.sensitive) for r in self.roots if r.sensitive}}


def read_root_outputs(runner: TerraformRunner, root: RootRef, stage: str) -> RootOutputs:
    """Select the stage's workspace in one root and read ``terraform output -json``.

    Runs ``init`` first when the root has never been initialised (a fresh clone with a
    remote backend). The workspace is selected, never created (``scaffold apply`` creates it).

    Args:
        runner: Runs terraform.
        root: The root to read.
        stage: The stage, which is the workspace name.

    Returns:
        The outputs; ``applied`` is False when the workspace does not exist or is empty.

    Raises:
        TerraformError: When init or ``output`` fails, or its JSON cannot be read.
    """
    if not (root.path / ".terraform").is_dir():
        _check(runner, root, Step("init"))
    if runner.capture(root, Step("workspace", ("select", stage))).returncode != 0:
        return RootOutputs(root.name, applied=False)
    raw = _check(runner, root, Step("output", ("-json",)))
    try:
        data = json.loads(raw or "{}")
    except json.JSONDecodeError as exc:
        raise TerraformError(f"terraform output -json in root '{root.name}' printed no JSON: "
                             f"{exc}") from exc
    if not isinstance(data, dict):
        raise TerraformError(f"terraform output -json in root '{root.name}' printed "
                             f"{type(data).__name__}, not an object")
    values = {k: v.get("value") for k, v in sorted(data.items()) if not v.get("sensitive")}
    secret = tuple(k for k, v in sorted(data.items()) if v.get("sensitive"))
    return RootOutputs(root.name, bool(data), values, secret)


def read_outputs(runner: TerraformRunner, roots: Sequence[RootRef], stage: str) -> StageOutputs:
    """Read the outputs of each root in the stage's workspace (see ``read_root_outputs``)."""
    return StageOutputs(stage, tuple(read_root_outputs(runner, r, stage) for r in roots))


def _check(runner: TerraformRunner, root: RootRef, step: Step) -> str:
    done = runner.capture(root, step)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-12:]
        raise TerraformError(f"terraform {step.command} failed in root '{root.name}' "
                             f"({root.path}) with exit code {done.returncode}:\n"
                             + "\n".join(detail),
                             hint="run `scaffold plan` for this stage to see what is wrong")
    return done.stdout
