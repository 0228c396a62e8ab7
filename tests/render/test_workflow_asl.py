"""Workflows in the rendered service roots behave right on AWS (issue 12, item 11).

The ASL reaches AWS as the ``definition = jsonencode({...})`` of each ``workflow_*`` module;
these tests read it back from the rendered ``main.tf`` with python-hcl2.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import hcl2
import pytest

from scaffold.blueprint.functions import iter_functions
from scaffold.blueprint.load import load_blueprint
from scaffold.blueprint.validate import validate
from tests.helpers import BLUEPRINTS, REPO, render_files, render_to

PARTITION_CALLBACK = ("arn:${data.aws_partition.current.partition}:states:::"
                      "lambda:invoke.waitForTaskToken")


def _unquote(node: Any) -> Any:
    """python-hcl2 keeps the quotes of string literals (and of quoted keys); drop them."""
    if isinstance(node, dict):
        return {_unquote(k): _unquote(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_unquote(v) for v in node]
    if isinstance(node, str) and len(node) >= 2 and node[0] == node[-1] == '"':
        return node[1:-1]
    return node


def _definitions(main_tf: str) -> dict[str, dict[str, Any]]:
    """``{module name: ASL document}`` of every workflow module in a root's main.tf."""
    out: dict[str, dict[str, Any]] = {}
    for module in hcl2.loads(main_tf).get("module", []):
        for name, body in module.items():
            if name.strip('"').startswith("workflow_"):
                inner = body["definition"].removeprefix("${jsonencode(").removesuffix(")}")
                out[name.strip('"')] = _unquote(hcl2.loads(f"d = {inner}\n")["d"])
    return out


def _roots(files: dict[str, str]) -> dict[str, str]:
    return {path: text for path, text in files.items()
            if path.startswith("infra/services/") and path.endswith("/main.tf")}


def _rendered(blueprint: Path | str) -> dict[str, str]:
    return {f.path: f.content.decode() for f in render_files(blueprint)}


def _choices(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [rule for state in doc["States"].values() if state["Type"] == "Choice"
            for rule in state["Choices"]]


@pytest.fixture(scope="module")
def webapp() -> dict[str, Any]:
    files = _rendered(REPO / "blueprints" / "webapp.yaml")
    main = files["infra/services/projects/main.tf"]
    return {"main": main, "doc": _definitions(main)["workflow_send_campaign"]}


def test_the_callback_resource_uses_the_partition(webapp: dict[str, Any]) -> None:
    state = webapp["doc"]["States"]["awaitDelivery"]
    assert state["Resource"] == PARTITION_CALLBACK
    assert f'"{PARTITION_CALLBACK}"' in webapp["main"]
    assert 'data "aws_partition" "current" {}' in webapp["main"]


def test_choice_comparisons_are_guarded_in_the_rendered_root(webapp: dict[str, Any]) -> None:
    (rule,) = _choices(webapp["doc"])
    assert rule == {"And": [{"Variable": "$.awaitDelivery.status", "IsPresent": True},
                            {"Variable": "$.awaitDelivery.status", "StringEquals": "sent"}],
                    "Next": "notifyOwner"}


def test_the_callback_times_out_into_a_named_fail_state(webapp: dict[str, Any]) -> None:
    states = webapp["doc"]["States"]
    assert states["awaitDelivery"]["TimeoutSeconds"] == 3600
    assert states["awaitDelivery"]["Catch"] == [
        {"ErrorEquals": ["States.Timeout"], "Next": "awaitDeliveryTimedOut",
         "ResultPath": "$.error"}]
    failed = states["awaitDeliveryTimedOut"]
    assert failed["Type"] == "Fail" and failed["Error"] == "CallbackTimedOut"
    assert "send-campaign" in failed["Cause"] and "awaitDelivery" in failed["Cause"]


def test_the_callback_output_is_kept_beside_the_earlier_state(webapp: dict[str, Any]) -> None:
    states = webapp["doc"]["States"]
    assert states["awaitDelivery"]["ResultPath"] == "$.awaitDelivery"
    # the choice after it reads the callback's output where the callback put it
    assert all(r["And"][0]["Variable"].startswith("$.awaitDelivery.")
               for r in _choices(webapp["doc"]))


BLUEPRINT = """blueprint: 1
name: acme
region: eu-west-1
services:
  s:
    routes:
      POST /done: {handler: resume, auth: public, resumes: [w]}
    workflows:
      w:
        - {wait_for_callback: awaitBank, name: wait for bank, catch: failed}
        - choice: c
          when:
            - {variable: $.x, not_equals: 1, next: failed}
            - {variable: $.y, is_present: false, next: failed}
        - {succeed: done}
        - {fail: failed}
"""


def test_a_given_catch_is_kept_and_odd_names_render_as_bracket_paths() -> None:
    (doc,) = _definitions(_rendered(BLUEPRINT)["infra/services/s/main.tf"]).values()
    states = doc["States"]
    wait = states["wait for bank"]
    assert wait["ResultPath"] == "$['wait for bank']"
    assert wait["Catch"] == [{"ErrorEquals": ["States.ALL"], "Next": "failed",
                              "ResultPath": "$.error"}]
    assert set(states) == {"wait for bank", "c", "done", "failed"}  # nothing generated
    assert _choices(doc) == [
        {"Not": {"And": [{"Variable": "$.x", "IsPresent": True},
                         {"Variable": "$.x", "NumericEquals": 1}]}, "Next": "failed"},
        {"Variable": "$.y", "IsPresent": False, "Next": "failed"}]


@pytest.mark.parametrize("blueprint", BLUEPRINTS, ids=lambda p: p.stem)
def test_no_generated_terraform_names_the_aws_partition(blueprint: Path, tmp_path: Path) -> None:
    """ARNs in roots and modules are built with data.aws_partition, never a literal ``aws``.

    ``variables.tf`` is left out: its validation regexes accept every partition
    (``^arn:aws[a-z-]*:``) and its descriptions show an example ARN. ARNs the blueprint
    writes itself (custom ``iam:`` resources, layer ARNs, existing certificates) are the
    user's words, copied as written.
    """
    files = render_to(blueprint, tmp_path)
    bp = validate(load_blueprint(blueprint))
    own = {f'"{r}"' for svc in bp.services.values()
           for spec in [svc, *svc.functions.values(), *(u.options for u in iter_functions(
               "", svc))] for st in spec.iam for r in st.resources}
    settings = [bp.defaults, *bp.stages.values(), *bp.services.values(),
                *(o for svc in bp.services.values() for o in svc.functions.values()),
                *(u.options for svc in bp.services.values() for u in iter_functions("", svc))]
    own |= {f'"{arn}"' for spec in settings for arn in spec.layers or []}
    own |= {f'"{arn}"' for arn in (bp.api.certificate_arn,
                                   bp.frontend.certificate_arn if bp.frontend else None) if arn}
    literal = [f"{tf.relative_to(tmp_path)}:{n}" for tf in sorted(tmp_path.rglob("*.tf"))
               if tf.name != "variables.tf"
               for n, line in enumerate(tf.read_text().splitlines(), 1)
               if "arn:aws:" in functools.reduce(lambda text, r: text.replace(r, ""), own, line)]
    assert literal == []
    for path, main in _roots({f.path: f.content.decode() for f in files}).items():
        for doc in _definitions(main).values():
            for state in doc["States"].values():
                if "waitForTaskToken" in str(state.get("Resource")):
                    assert state["Resource"] == PARTITION_CALLBACK, path
