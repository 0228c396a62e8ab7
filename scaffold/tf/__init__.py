"""Terraform stage: run the terraform CLI on generated roots in dependency order."""

from __future__ import annotations

from scaffold.tf.runner import (
    PlanSummary,
    RootRef,
    RunReporter,
    Step,
    TerraformDiagnostic,
    TerraformResult,
    TerraformRunner,
    TerraformStepError,
    find_terraform,
    parse_plan_summary,
    plan_summaries,
)

__all__ = [
    "PlanSummary",
    "RootRef",
    "RunReporter",
    "Step",
    "TerraformDiagnostic",
    "TerraformResult",
    "TerraformRunner",
    "TerraformStepError",
    "find_terraform",
    "parse_plan_summary",
    "plan_summaries",
]
