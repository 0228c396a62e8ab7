"""AWS and provider facts the rendered roots rely on, asserted on every example blueprint.

Each test names the fact; the module-level plan tests (``tests/terraform/modules``) assert
the same facts on ``terraform test`` plans.
"""

from __future__ import annotations

import re

import pytest

from scaffold.render.tf_common import AWS_CONSTRAINT
from tests.helpers import REPO, render_files

BLUEPRINTS = ["webapp", "minimal", "kitchen-sink"]


def _tf(name: str) -> dict[str, str]:
    return {f.path: f.content.decode() for f in render_files(REPO / "blueprints" / f"{name}.yaml")
            if f.path.endswith(".tf")}


@pytest.mark.parametrize("name", BLUEPRINTS)
def test_no_root_reads_an_attribute_deprecated_in_provider_6(name: str) -> None:
    # data.aws_region.name is deprecated in 6.0 (its successor `region` is absent in 5.x):
    # a plan on 6.x would warn on every root. `id` is the region's name in both.
    for path, text in _tf(name).items():
        assert not re.search(r"data\.aws_region\.\w+\.name\b", text), path


@pytest.mark.parametrize("name", BLUEPRINTS)
def test_roots_and_modules_admit_the_same_provider_versions(name: str) -> None:
    files = _tf(name)
    versions = [text for path, text in files.items() if path.endswith("versions.tf")]
    assert versions
    for text in versions:
        assert f'version = "{AWS_CONSTRAINT}"' in text
    modules = (REPO / "templates" / "terraform" / "modules").glob("*/versions.tf")
    for module in modules:
        assert f'version = "{AWS_CONSTRAINT}"' in module.read_text(), module


@pytest.mark.parametrize("name", BLUEPRINTS)
def test_every_package_hash_tolerates_a_missing_zip(name: str) -> None:
    # filebase64sha256 of a missing file fails every plan, destroy included: a fresh clone
    # could not destroy. Each hash falls back to null (the modules' preconditions stop any
    # other plan).
    roots = {p: t for p, t in _tf(name).items() if not p.startswith("infra/modules/")}
    hashes = [line for text in roots.values() for line in text.splitlines()
              if "source_code_hash" in line]
    assert hashes
    for line in hashes:
        path = re.search(r'filebase64sha256\(("[^"]+")\)', line)
        assert path, line
        assert f"fileexists({path.group(1)}) ? filebase64sha256({path.group(1)}) : null" in line
