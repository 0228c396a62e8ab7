"""The README's quick start, run verbatim on a copy of the checkout in a fresh virtualenv.

The first ``bash`` block under "## Quick start" is extracted from README.md and run as
written with ``bash -euo pipefail``, from a copy of the checkout (what ``git ls-files``
lists, as a clone would have it), with ``HOME`` in a temporary folder (the block writes
``~/webapp``) and without the test run's virtualenv. pip installs from whatever index
the machine's pip is configured with; npm from its registry, with the machine's npm cache.
The block ends in ``scaffold dev``, which serves until Ctrl-C: the test waits for its
"ready" line, signs a test user in as the README's next block does, calls the API, then
sends Ctrl-C (SIGINT to the process group) and expects a clean exit. Only the port is set
from outside (``SCAFFOLD_DEV_PORT``: 3000 may be taken on a shared machine), and Terraform
is pointed at the offline provider mirror, as every Terraform test here is.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from scaffold.dev.emulator import free_port, port_is_free
from tests.support.terraform import terraform_bin, terraform_env

pytestmark = [pytest.mark.e2e, pytest.mark.terraform, pytest.mark.node]
READY = "scaffold dev is ready"

REPO = Path(__file__).resolve().parents[2]


def quick_start_block() -> str:
    """The first ```bash block of the README's "## Quick start" section."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"^```bash\n(.*?)^```", section, flags=re.S | re.M)
    assert found, "README.md has no ```bash block under ## Quick start"
    return found.group(1)


def _checkout_copy(dest: Path) -> Path:
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source, target = REPO / rel, dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(source.readlink())
        elif source.is_file():
            shutil.copy2(source, target)
    return dest


def test_the_quick_start_block_installs_scaffold_and_runs_the_example_locally() -> None:
    block = quick_start_block()
    assert "python3 -m venv .venv" in block and "pip install -q '.[dev]'" in block
    assert "scaffold dev blueprints/webapp.yaml --out ~/webapp" in block


def _free_pair() -> int:
    """A port whose next one is free too (the WebSocket API takes --port plus one)."""
    while True:
        port = free_port()
        if port < 65535 and port_is_free(port + 1):
            return port


def _environment(tmp_path: Path, home: Path) -> dict[str, str]:
    env = {k: v for k, v in terraform_env(tmp_path).items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "AWS_PROFILE",
                        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")}
    env["npm_config_cache"] = env.get("npm_config_cache") or str(Path.home() / ".npm")
    env["HOME"] = str(home)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if ".venv" not in p and "/wt-" not in p)
    env["SCAFFOLD_TERRAFORM"] = terraform_bin()
    env["SCAFFOLD_DEV_PORT"] = str(_free_pair())
    return env


def test_the_readme_quick_start_runs_verbatim_in_a_fresh_virtualenv(tmp_path: Path) -> None:
    checkout = _checkout_copy(tmp_path / "scaffold")
    home = tmp_path / "home"
    home.mkdir()
    env = _environment(tmp_path, home)
    began = time.monotonic()
    proc = subprocess.Popen(["bash", "-euo", "pipefail", "-c", quick_start_block()],
                            cwd=checkout, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: list[str] = []

    def pump() -> None:
        for line in proc.stdout or []:
            lines.append(line)

    threading.Thread(target=pump, daemon=True).start()
    try:
        while not any(READY in line for line in lines):
            assert proc.poll() is None, "".join(lines)[-6000:]
            assert time.monotonic() - began < 1800, "".join(lines)[-6000:]
            time.sleep(1)
        print(f"\nREADME quick start: scaffold dev ready in {time.monotonic() - began:.0f} s")
        out = home / "webapp"
        token = subprocess.run([str(checkout / ".venv/bin/scaffold"), "dev", "token",
                                "--out", str(out)], cwd=checkout, env=env,
                               capture_output=True, text=True, timeout=120, check=False)
        assert token.returncode == 0, token.stdout + token.stderr
        request = urllib.request.Request(
            f"http://127.0.0.1:{env['SCAFFOLD_DEV_PORT']}/projects",
            headers={"authorization": f"Bearer {token.stdout.strip()}"})
        with urllib.request.urlopen(request, timeout=60) as answer:
            assert answer.status == 200
            assert "items" in json.loads(answer.read())
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C in the terminal
        try:
            proc.wait(120)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 0, "".join(lines)[-4000:]
    assert "scaffold dev stopped" in "".join(lines)
    assert (checkout / ".venv" / "bin" / "scaffold").is_file()
    for rel in ("infra/platform/main.tf", "infra/stages", "infra/modules/lambda_function",
                "services", "docs/architecture.md", "dist"):
        assert (out / rel).exists(), rel
    # the virtualenv's scaffold is the copy's, not the checkout the tests run from
    where = subprocess.run([str(checkout / ".venv/bin/python"), "-c",
                            "import scaffold; print(scaffold.__file__)"], env=env,
                           capture_output=True, text=True, check=True, cwd=tmp_path)
    assert str(REPO) not in where.stdout
