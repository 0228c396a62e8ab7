"""Registers every command module on the Typer app."""

from __future__ import annotations

import typer

from scaffold.cli import (
    bootstrap_cmd,
    build_cmd,
    dev_cmd,
    doctor_cmd,
    graph_cmd,
    init_cmd,
    invoke_cmd,
    logs_cmd,
    new_service_cmd,
    outputs_cmd,
    render_cmd,
    schema_cmd,
    terraform_cmd,
    update_cmd,
    validate_cmd,
)
from scaffold.cli.common import STATE

__all__ = ["STATE", "register"]


def register(app: typer.Typer) -> None:
    """Add all commands to ``app`` in the order ``--help`` lists them."""
    init_cmd.register(app)
    new_service_cmd.register(app)
    update_cmd.register(app)
    validate_cmd.register(app)
    render_cmd.register(app)
    build_cmd.register(app)
    bootstrap_cmd.register(app)
    terraform_cmd.register(app)
    outputs_cmd.register(app)
    dev_cmd.register(app)
    invoke_cmd.register(app)
    logs_cmd.register(app)
    graph_cmd.register(app)
    schema_cmd.register(app)
    doctor_cmd.register(app)
