"""What renders passes ``terraform validate``: 20 generated blueprints, hostile text included.

Each also takes one of the fuzzer's near misses of the issue-19 rules (or none).

The slow end of the fuzzer (tests/property/test_fuzz.py): every root of each blueprint is
formatted, initialised offline and validated by the real Terraform and AWS provider.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from scaffold.errors import BlueprintError
from scaffold.project.rendering import render
from tests.property.test_fuzz import (
    HOSTILE,
    VALID_NEAR_MISSES,
    _load,
    _places,
    _replace,
    typed_blueprints,
)
from tests.support.terraform import init_and_validate_all, terraform_env

pytestmark = pytest.mark.terraform


@settings(max_examples=20, deadline=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(typed_blueprints(), st.data())
def test_rendered_roots_of_generated_blueprints_pass_terraform_validate(
        data: dict[str, Any], pick: st.DataObject) -> None:
    # what the rules of issue 19 allow at their edges ({proxy+}, cron '?', 80-character
    # state names) must be valid Terraform too
    pick.draw(st.sampled_from([*VALID_NEAR_MISSES, lambda d: None]))(data)
    hostile = copy.deepcopy(data)
    path, kind = pick.draw(st.sampled_from(_places(hostile)))
    _replace(hostile, path, kind, pick.draw(HOSTILE))
    try:
        bp = _load(hostile)  # the hostile variant when validate accepts it
    except BlueprintError:
        bp = _load(data)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        for f in render(bp):
            target = out / f.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(f.content)
        roots = [out / "infra" / "platform", *sorted((out / "infra" / "services").iterdir())]
        init_and_validate_all(roots, terraform_env(Path(tmp)))
