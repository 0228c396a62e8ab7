"""Backends and stages: local state by default, S3 with one key per root when asked."""

from __future__ import annotations

from tests.helpers import render_files

BASE = """\
blueprint: 1
name: shop
region: eu-west-1
stages: {dev: {}, prod: {memory: 1024, log_retention_days: 90}}
defaults: {memory: 256}
services:
  orders:
    routes:
      GET /orders: {handler: listOrders, auth: public, memory: 512}
      POST /orders: {handler: createOrder, auth: public}
"""


def _files(text: str) -> dict[str, str]:
    return {f.path: f.content.decode() for f in render_files(text)}


def test_without_a_state_bucket_every_root_uses_the_local_backend() -> None:
    files = _files(BASE)
    for root in ("infra/platform", "infra/services/orders"):
        assert 'backend "local" {}' in files[f"{root}/versions.tf"]


def test_a_state_bucket_gives_each_root_its_own_key_and_native_locking() -> None:
    files = _files(BASE + "state: {bucket: shop-tfstate, key_prefix: shop}\n")
    platform = files["infra/platform/versions.tf"]
    orders = files["infra/services/orders/versions.tf"]
    assert 'backend "s3"' in platform and 'bucket       = "shop-tfstate"' in platform
    assert 'key          = "shop/platform.tfstate"' in platform
    assert 'key          = "shop/services/orders.tfstate"' in orders
    assert "use_lockfile = true" in orders


def test_stages_differ_only_by_values_and_function_settings_merge_in_order() -> None:
    files = _files(BASE)
    assert files["infra/stages/dev.tfvars"].endswith('stage = "dev"\n')
    assert files["infra/stages/prod.tfvars"].endswith('stage = "prod"\n')
    main = files["infra/services/orders/main.tf"]
    dev = main.split("    dev = {")[1].split("    prod = {")[0]
    prod = main.split("    prod = {")[1]
    # function memory beats the stage, the stage beats defaults
    assert "list_orders = {" in dev and "memory             = 512" in dev
    assert "memory             = 256" in dev.split("create_order = {")[1]
    assert "memory             = 1024" in prod.split("create_order = {")[1]
    assert "log_retention_days = 90" in prod
    assert "${var.app}-${var.stage}" in main
