"""``scaffold doctor``: is this machine ready to render, build and deploy the blueprint?

Each check returns a :class:`Check` (ok / warn / fail, what was found, how to fix it); the
command prints them and exits 1 when one fails. Checks only read: they run ``--version``
style commands and look at files and environment variables, never at the network.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from scaffold.blueprint import model
from scaffold.errors import TerraformError
from scaffold.plan.contract import TERRAFORM_MIN_VERSION
from scaffold.plan.defaults import runtime_of
from scaffold.tf.runner import find_terraform

Status = Literal["ok", "warn", "fail"]
NODE_MIN = (20, 0)
PYTHON_MIN = (3, 11)


@dataclass(frozen=True)
class Check:
    """The outcome of one check."""

    name: str
    status: Status
    found: str
    fix: str | None = None


def _version(text: str) -> tuple[int, ...]:
    match = re.search(r"(\d+)\.(\d+)(?:\.(\d+))?", text)
    return tuple(int(g) for g in match.groups() if g is not None) if match else ()


def _run(args: list[str]) -> str | None:
    try:
        proc = subprocess.run(args, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout if proc.returncode == 0 else None


def check_python() -> Check:
    """The interpreter scaffold runs on."""
    found = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info[:2] < PYTHON_MIN:
        return Check("Python", "fail", found, "install Python >= 3.11")
    return Check("Python", "ok", found)


def check_terraform(env: Mapping[str, str]) -> Check:
    """Terraform on PATH (or ``SCAFFOLD_TERRAFORM``), at least the version the roots need."""
    try:
        binary = find_terraform(env=env)
    except TerraformError as exc:
        return Check("Terraform", "fail", "not found", exc.hint)
    raw = _run([binary, "version", "-json"])
    version = str(json.loads(raw).get("terraform_version", "")) if raw else ""
    wanted = _version(TERRAFORM_MIN_VERSION)
    if not version or _version(version) < wanted:
        return Check("Terraform", "fail", f"{version or 'unknown version'} at {binary}",
                     f"install Terraform >= {TERRAFORM_MIN_VERSION} (the roots use "
                     "write-only arguments)")
    return Check("Terraform", "ok", f"{version} at {binary}")


def check_provider_source(env: Mapping[str, str]) -> Check:
    """Where ``terraform init`` gets the AWS provider: a configured mirror or the registry."""
    config = env.get("TF_CLI_CONFIG_FILE") or str(Path.home() / ".terraformrc")
    path = Path(config)
    if path.is_file() and "provider_installation" in path.read_text(errors="replace"):
        return Check("AWS provider", "ok", f"provider_installation in {path}")
    if env.get("TF_PLUGIN_CACHE_DIR"):
        return Check("AWS provider", "ok", f"plugin cache {env['TF_PLUGIN_CACHE_DIR']}")
    return Check("AWS provider", "warn", "registry.terraform.io (no mirror configured)",
                 "fine with internet access; offline, point TF_CLI_CONFIG_FILE at a "
                 "provider_installation mirror")


def check_node(bp: model.Blueprint | None, env: Mapping[str, str]) -> Check:
    """Node.js and npm, needed to build and test TypeScript services."""
    needed = bp is None or any(runtime_of(bp, s).startswith("nodejs")
                               for s in bp.services.values()) or bool(
        bp.frontend and bp.frontend.ssr)
    level: Status = "fail" if needed and bp is not None else "warn"
    path = env.get("PATH")
    node, npm = shutil.which("node", path=path), shutil.which("npm", path=path)
    if node is None or npm is None:
        missing = " and ".join(t for t, w in (("node", node), ("npm", npm)) if w is None)
        return Check("Node.js", level if needed else "ok",
                     f"{missing} not found" + ("" if needed else " (no TypeScript service)"),
                     "install Node.js >= 20 (it ships npm): https://nodejs.org/"
                     if needed else None)
    version = (_run([node, "--version"]) or "").strip()
    if _version(version) < NODE_MIN:
        return Check("Node.js", level, f"{version or 'unknown version'} at {node}",
                     "install Node.js >= 20")
    return Check("Node.js", "ok", f"{version} at {node}")


def check_graphviz(env: Mapping[str, str]) -> Check:
    """Graphviz, only for ``scaffold graph --format svg|png``."""
    dot = shutil.which("dot", path=env.get("PATH"))
    if dot is None:
        return Check("Graphviz", "warn", "dot not found",
                     "only `scaffold graph --format svg|png` needs it: install graphviz "
                     "and pip install 'scaffold-serverless[graph]'")
    return Check("Graphviz", "ok", dot)


def check_aws_credentials(env: Mapping[str, str]) -> Check:
    """Some source of AWS credentials for plan and apply (not validated: no network)."""
    home = Path(env.get("HOME", str(Path.home())))
    sources = [name for name in ("AWS_ACCESS_KEY_ID", "AWS_PROFILE",
                                 "AWS_WEB_IDENTITY_TOKEN_FILE",
                                 "AWS_CONTAINER_CREDENTIALS_FULL_URI") if env.get(name)]
    files = (Path(env.get("AWS_SHARED_CREDENTIALS_FILE") or home / ".aws" / "credentials"),
             Path(env.get("AWS_CONFIG_FILE") or home / ".aws" / "config"))
    sources += [str(f) for f in files if f.is_file()]
    if not sources:
        return Check("AWS credentials", "warn", "none found",
                     "plan and apply need them: `aws configure` or `aws sso login`, or set "
                     "AWS_PROFILE (render, build and validate do not)")
    return Check("AWS credentials", "ok", ", ".join(sources) + " (not verified: no network)")


def check_region(bp: model.Blueprint | None, env: Mapping[str, str]) -> Check:
    """The region Terraform deploys to: the blueprint's, which the roots pin."""
    if bp is not None:
        shell = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
        note = f" (AWS_REGION={shell} is ignored by the roots)" if shell and shell != \
            bp.region else ""
        return Check("AWS region", "ok", f"{bp.region} from the blueprint{note}")
    return Check("AWS region", "warn", "no blueprint read", "run doctor next to blueprint.yaml")


def check_state_backend(bp: model.Blueprint | None) -> Check:
    """Where Terraform keeps state: S3 (shared, locked) or local files."""
    if bp is None or bp.state is None:
        return Check("State backend", "warn", "local state files (one machine only)",
                     "for a team, add `state: {bucket: <a new bucket name>}` to the "
                     "blueprint, render, then run `scaffold bootstrap` to create it")
    return Check("State backend", "ok", f"s3://{bp.state.bucket}/{bp.state.key_prefix}/ "
                 f"({bp.state.region or bp.region}; `scaffold bootstrap` creates the "
                 "bucket)")


def run_checks(bp: model.Blueprint | None,
               env: Mapping[str, str] | None = None) -> list[Check]:
    """Every check, in the order a new user meets the tools."""
    env = os.environ if env is None else env
    checks: list[Callable[[], Check]] = [
        check_python, lambda: check_terraform(env), lambda: check_provider_source(env),
        lambda: check_node(bp, env), lambda: check_graphviz(env),
        lambda: check_aws_credentials(env), lambda: check_region(bp, env),
        lambda: check_state_backend(bp),
    ]
    return [check() for check in checks]
