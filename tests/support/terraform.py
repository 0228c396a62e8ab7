"""Find Terraform and the offline provider mirror for tests; fail loudly when CI needs them.

Configuration (environment variables, with defaults):
  SCAFFOLD_TERRAFORM   terraform binary            (default: ``terraform`` on PATH)
  SCAFFOLD_TF_MIRROR   provider mirror root        (default: /opt/tf-plugins), the folder
                       that holds ``registry.terraform.io``
  SCAFFOLD_REQUIRE_TERRAFORM=1 (or CI=true): a missing binary or mirror FAILS the tests
                       that need them instead of skipping them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

CLI_CONFIG = """provider_installation {{
  filesystem_mirror {{
    path    = "{mirror}"
    include = ["registry.terraform.io/hashicorp/aws"]
  }}
  direct {{
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }}
}}
plugin_cache_may_break_dependency_lock_file = true
"""


def _required() -> bool:
    return os.environ.get("SCAFFOLD_REQUIRE_TERRAFORM") == "1" or os.environ.get("CI") == "true"


def _unavailable(reason: str) -> None:
    if _required():
        pytest.fail(f"{reason} (CI requires Terraform; "
                    "set SCAFFOLD_TERRAFORM / SCAFFOLD_TF_MIRROR)")
    pytest.skip(f"{reason}; set SCAFFOLD_REQUIRE_TERRAFORM=1 to make this a failure")


def terraform_bin() -> str:
    """The terraform executable, or fail/skip with a clear message."""
    configured = os.environ.get("SCAFFOLD_TERRAFORM", "terraform")
    found = shutil.which(configured)
    if not found:
        _unavailable(f"terraform binary not found: {configured!r}")
    return str(found)


def mirror_dir() -> Path:
    """The provider mirror root, or fail/skip with a clear message."""
    mirror = Path(os.environ.get("SCAFFOLD_TF_MIRROR", "/opt/tf-plugins"))
    if not (mirror / "registry.terraform.io" / "hashicorp" / "aws").is_dir():
        _unavailable(f"AWS provider mirror not found under {mirror}")
    return mirror


def terraform_env(tmp: Path) -> dict[str, str]:
    """Environment for offline Terraform: a CLI config pointing at the mirror."""
    config = tmp / "terraformrc"
    if not config.exists():
        config.write_text(CLI_CONFIG.format(mirror=mirror_dir()))
    env = dict(os.environ)
    env["TF_CLI_CONFIG_FILE"] = str(config)
    env["TF_IN_AUTOMATION"] = "1"
    env["CHECKPOINT_DISABLE"] = "1"
    env.pop("TF_DATA_DIR", None)
    return env


def run_terraform(args: list[str], cwd: Path, env: dict[str, str],
                  timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run terraform with ``-chdir``; the caller asserts on the result."""
    return subprocess.run([terraform_bin(), f"-chdir={cwd}", *args], env=env, text=True,
                          capture_output=True, timeout=timeout, check=False)


def init_and_validate(root: Path, env: dict[str, str]) -> None:
    """``fmt -check``, offline ``init`` and ``validate`` on one root; assert each passes."""
    fmt = run_terraform(["fmt", "-check", "-diff", "-recursive"], root, env)
    assert fmt.returncode == 0, f"terraform fmt -check failed in {root}:\n{fmt.stdout}{fmt.stderr}"
    init = run_terraform(["init", "-backend=false", "-input=false", "-no-color"], root, env)
    assert init.returncode == 0, f"terraform init failed in {root}:\n{init.stdout}{init.stderr}"
    val = run_terraform(["validate", "-json"], root, env)
    assert val.returncode == 0, f"terraform validate failed in {root}:\n{val.stdout}{val.stderr}"
    report = json.loads(val.stdout)
    # A deprecation warning today is an error on the next provider major version.
    warnings = [f"{d['summary']}: {d.get('detail', '')}" for d in report["diagnostics"]
                if d["severity"] == "warning"]
    assert not warnings, f"terraform validate warned in {root}:\n" + "\n".join(warnings)


def init_and_validate_all(roots: Sequence[Path], env: dict[str, str]) -> None:
    """:func:`init_and_validate` on every root, a few at a time; assert each passes.

    The roots are independent (own folder, own ``.terraform``), and each run is mostly the
    provider loading its schema, so they run in parallel, one per CPU. Every root is checked
    even when one fails; the failures are reported together, in the order given.
    """
    workers = max(1, min(len(roots), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        jobs = [(root, pool.submit(init_and_validate, root, env)) for root in roots]
    failures = [f"{root}: {job.exception()}" for root, job in jobs if job.exception()]
    assert not failures, "\n\n".join(failures)
