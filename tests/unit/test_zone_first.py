"""`scaffold apply` creates a new zone alone and tells its name servers before a certificate waits.

A fake terraform records each command; its state is one marker file (the zone exists).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from scaffold.blueprint.load import load_text
from scaffold.blueprint.validate import validate
from scaffold.plan.build import build_plan
from scaffold.tf.deploy import DeployRequest, ZoneDelegation, run
from tests.helpers import render_to

FAKE = """\
import json, os, pathlib, sys
args = sys.argv[1:]
root = pathlib.Path(args[0].split("=", 1)[1])
log = pathlib.Path(os.environ["FAKE_TF_LOG"])
with log.open("a") as f:
    f.write(f"{root.name} " + " ".join(a for a in args[1:] if not a.startswith("-var-file"))
            + "\\n")
zone = log.parent / "zone-exists"
if args[1] == "apply" and "-target=aws_route53_zone.this" in args:
    zone.touch()
if args[1] == "output":
    ns = {"name_servers": {"sensitive": False, "value": ["ns-1.awsdns.example",
                                                        "ns-2.awsdns.example"]}}
    print(json.dumps(ns if zone.exists() and root.name == "platform" else {}))
"""

BLUEPRINT = """\
blueprint: 1
name: shop
region: eu-west-1
dns: {{zone: shop.example, create_zone: true{extra}}}
api: {{domain: api.shop.example}}
services:
  orders:
    routes:
      GET /orders: {{handler: listOrders, auth: public}}
"""


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    script = tmp_path / "bin" / "terraform"
    script.parent.mkdir()
    script.write_text(f"#!{sys.executable} -S\n{FAKE}")
    script.chmod(0o755)
    monkeypatch.setenv("FAKE_TF_LOG", str(tmp_path / "log"))
    return script


def _apply(tmp_path: Path, fake: Path, extra: str = "") -> list[ZoneDelegation]:
    project = tmp_path / "project"
    text = BLUEPRINT.format(extra=extra)
    render_to(text, project)
    zip_path = project / "dist" / "orders" / "list-orders.zip"
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    zip_path.write_bytes(b"")
    told: list[ZoneDelegation] = []

    def tell(zone: ZoneDelegation) -> None:
        told.append(zone)
        with (tmp_path / "log").open("a") as f:
            f.write("TOLD THE USER\n")

    run(DeployRequest(project, "apply", "dev", terraform=str(fake)),
        build_plan(validate(load_text(text))), on_zone_created=tell)
    return told


def _log(tmp_path: Path) -> list[str]:
    return (tmp_path / "log").read_text().splitlines()


def test_a_new_zone_is_applied_alone_and_reported_before_the_full_apply(
        tmp_path: Path, fake: Path) -> None:
    told = _apply(tmp_path, fake)
    assert told == [ZoneDelegation("shop.example", ("ns-1.awsdns.example",
                                                    "ns-2.awsdns.example"),
                                   ("api.shop.example",))]
    log = _log(tmp_path)
    target = log.index("platform apply -input=false -no-color -json -auto-approve "
                       "-target=aws_route53_zone.this")
    full = log.index("platform apply -input=false -no-color -json .terraform/scaffold.tfplan")
    assert log[full - 2:full] == [
        "platform plan -input=false -no-color -json -out=.terraform/scaffold.tfplan",
        "platform show -no-color .terraform/scaffold.tfplan"]
    assert target < log.index("TOLD THE USER") < full
    assert not [line for line in log[full:] if "-target" in line]


def test_an_existing_zone_is_not_applied_alone_and_nothing_is_reported(
        tmp_path: Path, fake: Path) -> None:
    (tmp_path / "zone-exists").touch()
    assert _apply(tmp_path, fake) == []
    assert not [line for line in _log(tmp_path) if "-target" in line]


def test_an_undelegated_zone_has_no_certificate_to_wait_for_so_no_zone_phase(
        tmp_path: Path, fake: Path) -> None:
    assert _apply(tmp_path, fake, ", delegated: false") == []
    assert not [line for line in _log(tmp_path) if "-target" in line]
