"""The README's quick start, run verbatim on a copy of the checkout in a fresh virtualenv.

The first ``bash`` block under "## Quick start" is extracted from README.md and run as
written with ``bash -euo pipefail``, from a copy of the checkout (what ``git ls-files``
lists, as a clone would have it), with ``HOME`` in a temporary folder (the block writes
``~/webapp``) and without the test run's virtualenv. pip installs from whatever index
the machine's pip is configured with (a local one here, offline).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e]

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


def test_the_quick_start_block_installs_scaffold_in_a_virtualenv_and_renders() -> None:
    block = quick_start_block()
    assert "python3 -m venv .venv" in block and "pip install" in block
    assert "scaffold render" in block


def test_the_readme_quick_start_runs_verbatim_in_a_fresh_virtualenv(tmp_path: Path) -> None:
    checkout = _checkout_copy(tmp_path / "scaffold")
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env["HOME"] = str(home)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if ".venv" not in p and "/wt-" not in p)
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", quick_start_block()],
                            cwd=checkout, env=env, capture_output=True, text=True,
                            timeout=1200, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert (checkout / ".venv" / "bin" / "scaffold").is_file()
    out = home / "webapp"
    assert f"{out}: " in result.stdout and " create" in result.stdout
    for rel in ("infra/platform/main.tf", "infra/stages", "infra/modules/lambda_function",
                "services", "docs/architecture.md"):
        assert (out / rel).exists(), rel
    # the virtualenv's scaffold is the copy's, not the checkout the tests run from
    where = subprocess.run([str(checkout / ".venv/bin/python"), "-c",
                            "import scaffold; print(scaffold.__file__)"], env=env,
                           capture_output=True, text=True, check=True, cwd=tmp_path)
    assert str(REPO) not in where.stdout
