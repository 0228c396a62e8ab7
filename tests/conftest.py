"""Shared pytest options and fixtures."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite golden files (tests/golden/...) from the current output instead of "
        "comparing against them.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was started with ``--update-golden``."""
    return bool(request.config.getoption("--update-golden"))


# The files that take minutes, longest first: with `--dist loadfile` the workers take files
# in this order, so the end-to-end applies start at once and the rest fills the other workers.
_LONGEST_FIRST = (
    "tests/e2e/test_webapp_apply.py",
    "tests/dev/test_dev_webapp.py",
    "tests/e2e/test_readme_quick_start.py",
    "tests/e2e/test_saas_apply.py",
    "tests/e2e/test_emulator.py",
    "tests/e2e/test_secrets_state.py",
    "tests/e2e/test_bootstrap.py",
    "tests/e2e/",
    "tests/terraform/",
    "tests/packaging/",
)


def _rank(item: pytest.Item) -> int:
    path = item.nodeid.split("::", 1)[0]
    for rank, prefix in enumerate(_LONGEST_FIRST):
        if path.startswith(prefix):
            return rank
    return len(_LONGEST_FIRST)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Order the slow files first (a stable sort: within a file nothing moves)."""
    items.sort(key=_rank)
