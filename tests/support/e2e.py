"""What the end-to-end tests share: running the CLI as a user does, and boto3 on the emulator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3

REGION = "eu-west-1"


def run_scaffold(args: list[str], cwd: Path, env: dict[str, str],
                 timeout: float = 1800) -> subprocess.CompletedProcess[str]:
    """``python -m scaffold ARGS`` in ``cwd``, output captured, never raising on failure."""
    return subprocess.run([sys.executable, "-m", "scaffold", *args], cwd=cwd, env=env,
                          text=True, capture_output=True, timeout=timeout, check=False)


def emulator_client(service: str, endpoint: str, region: str = REGION) -> Any:
    """A boto3 client of ``service`` on the emulator, with its fake credentials."""
    return boto3.client(service, endpoint_url=endpoint, region_name=region,
                        aws_access_key_id="testing", aws_secret_access_key="testing")
