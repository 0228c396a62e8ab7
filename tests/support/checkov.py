"""Find and run checkov (kept in its own virtualenv: it pins many packages)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

DEFAULT = "/opt/checkov-venv/bin/checkov"


def checkov_bin() -> str:
    """The checkov executable; fails when CI needs it and it is missing, else skips."""
    configured = os.environ.get("SCAFFOLD_CHECKOV", DEFAULT)
    found = shutil.which(configured) or shutil.which("checkov")
    if found:
        return found
    reason = f"checkov not found (SCAFFOLD_CHECKOV={configured!r}, nor on PATH)"
    if os.environ.get("CI") == "true" or os.environ.get("SCAFFOLD_REQUIRE_CHECKOV") == "1":
        pytest.fail(f"{reason}; CI requires it (.ci/run installs it)")
    pytest.skip(reason)


def run_checkov(directory: Path) -> list[dict[str, Any]]:
    """Run checkov on a folder of Terraform; return the failed checks."""
    proc = subprocess.run(
        [checkov_bin(), "-d", str(directory), "--framework", "terraform", "--output", "json",
         "--quiet", "--compact", "--skip-download"],
        capture_output=True, text=True, timeout=900, check=False,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false"})
    assert proc.returncode in (0, 1), f"checkov crashed:\n{proc.stderr[-3000:]}"
    data = json.loads(proc.stdout or "[]")
    reports = data if isinstance(data, list) else [data]
    failed: list[dict[str, Any]] = []
    for report in reports:
        if isinstance(report, dict):
            failed += report.get("results", {}).get("failed_checks", [])
    return failed
