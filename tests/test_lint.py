"""Lint and static types are part of the test command: ``ruff check`` and ``mypy --strict``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=900, check=False)


def test_ruff_is_clean() -> None:
    result = _run("ruff", "check", ".")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_mypy_strict_is_clean() -> None:
    result = _run("mypy")  # strict, on the scaffold package: [tool.mypy] in pyproject.toml
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "Success: no issues found" in result.stdout


def test_import_layers_hold() -> None:
    """The pipeline's direction ([tool.importlinter] in pyproject.toml)."""
    script = Path(sys.executable).parent / "lint-imports"
    assert script.exists(), f"lint-imports is not installed next to {sys.executable}"
    result = subprocess.run([str(script)], cwd=REPO, capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout
