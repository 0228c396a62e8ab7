"""Every example of docs/blueprint.md renders roots that pass ``terraform validate``.

The acceptance item of issue 19: ``scaffold validate`` is clean on each example (the
CLI part is ``tests/cli/test_examples_validate.py``) and what it accepts renders valid
Terraform. Examples are fragments; they are completed the way ``tests/unit/test_schema.py``
completes them. Roots identical to one already validated (most platform roots) are
validated once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import render_to
from tests.support.terraform import init_and_validate, terraform_env
from tests.unit.test_schema import DOC_EXAMPLES, _as_blueprint

pytestmark = pytest.mark.terraform

_VALIDATED: set[str] = set()


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(root.rglob("*.tf")):
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


@pytest.mark.parametrize("line,fragment", DOC_EXAMPLES,
                         ids=[f"line{line}" for line, _ in DOC_EXAMPLES])
def test_doc_example_roots_pass_terraform_validate(line: int, fragment: dict[str, Any],
                                                   tmp_path: Path) -> None:
    out = tmp_path / "out"
    render_to(yaml.safe_dump(_as_blueprint(fragment), sort_keys=False), out)
    env = terraform_env(tmp_path)
    roots = [out / "infra" / "platform", *sorted((out / "infra" / "services").iterdir())]
    for root in roots:
        digest = _digest(root)
        if digest in _VALIDATED:
            continue
        init_and_validate(root, env)
        _VALIDATED.add(digest)
