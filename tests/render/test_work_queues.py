"""Work queues in the rendered output: the AWS rules the Terraform relies on, IAM, wiring.

AWS facts stated here (Lambda developer guide, "Using Lambda with Amazon SQS"): the queue's
visibility timeout should be at least six times the function's timeout plus the batching
window; partial batch responses need ``ReportBatchItemFailures`` on the event source
mapping; a FIFO queue's dead-letter queue must be FIFO; FIFO takes no batching window.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import hcl2
import pytest

from scaffold.blueprint.load import load_text
from scaffold.blueprint.validate import validate
from scaffold.errors import BlueprintError
from scaffold.plan.build import build_plan
from tests.helpers import REPO, render_to

BLUEPRINT = """
blueprint: 1
name: acme
region: eu-west-1
stages: {dev: {}, prod: {timeout: 30}}
services:
  media:
    queues:
      orders: {fifo: true, consumer: processOrder}
      invoices: {fifo: true, content_based_deduplication: true, consumer: issueInvoice}
      thumbs:
        consumer: {handler: makeThumb, batch_size: 100, batching_window_seconds: 4,
                   max_concurrency: 3}
    routes:
      POST /orders: {handler: placeOrder, auth: public, sends: [orders, thumbs]}
"""
MODULE = REPO / "templates" / "terraform" / "modules" / "work_queue" / "main.tf"


def _plain(value: Any) -> Any:
    """python-hcl2 keeps the quotes of string literals (and of block labels); drop them."""
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items() if k != "__is_block__"}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def _module(root: Path, name: str) -> dict[str, Any]:
    doc = _plain(hcl2.load((root / "main.tf").open()))
    return dict(next(m[name] for m in doc["module"] if name in m))


def _policy(root: Path, function: str) -> list[tuple[str, list[str], list[str]]]:
    module = _module(root, f"fn_{function}")
    return [(st["sid"], st["actions"], st["resources"])
            for st in module.get("policy_statements", [])]


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("queues")
    render_to(BLUEPRINT, out)
    return out / "infra" / "services" / "media"


def test_the_visibility_timeout_is_six_times_the_consumer_timeout_in_each_stage() -> None:
    plan = build_plan(validate(load_text(BLUEPRINT)))
    queues = {q.id: q for q in plan.services[0].queues}
    assert queues["orders"].visibility_timeout == {"dev": 6 * 10, "prod": 6 * 30}
    assert queues["thumbs"].visibility_timeout == {"dev": 6 * 10 + 4, "prod": 6 * 30 + 4}


def test_the_root_picks_the_stage_s_visibility_timeout(media: Path) -> None:
    text = (media / "main.tf").read_text()
    assert "visibility_timeout_seconds = { dev = 64, prod = 184 }[var.stage]" in text


def test_the_consumer_may_only_receive_delete_and_read_its_own_queue(media: Path) -> None:
    assert _policy(media, "make_thumb") == [(
        "ConsumeThumbs", ["sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"],
        ["${module.queue_thumbs.queue_arn}"])]


def test_a_producer_may_only_send_to_the_queues_it_names(media: Path) -> None:
    assert _policy(media, "place_order") == [
        ("SendToOrders", ["sqs:SendMessage"], ["${module.queue_orders.queue_arn}"]),
        ("SendToThumbs", ["sqs:SendMessage"], ["${module.queue_thumbs.queue_arn}"])]
    env = _module(media, "fn_place_order")["environment_variables"]
    assert env["QUEUE_ORDERS_URL"] == "${module.queue_orders.queue_url}"
    assert "QUEUE_INVOICES_URL" not in env


def test_each_queue_feeds_its_consumer_with_the_declared_batching(media: Path) -> None:
    thumbs = _module(media, "queue_thumbs")
    assert thumbs["function_name"] == "${module.fn_make_thumb.function_name}"
    assert (thumbs["batch_size"], thumbs["maximum_batching_window_in_seconds"],
            thumbs["maximum_concurrency"]) == (100, 4, 3)
    orders = _module(media, "queue_orders")
    assert orders["fifo"] is True and "content_based_deduplication" not in orders
    assert _module(media, "queue_invoices")["content_based_deduplication"] is True


def test_queue_consumers_are_not_given_the_failure_chain(media: Path) -> None:
    """Failed messages go to each queue's own dead-letter queue, not to the service's chain."""
    assert 'module "failures"' not in (media / "main.tf").read_text()


def test_the_mapping_reports_batch_item_failures_and_the_queue_redrives_to_its_dlq() -> None:
    text = MODULE.read_text()
    mapping = text[text.index('resource "aws_lambda_event_source_mapping"'):]
    assert 'function_response_types = ["ReportBatchItemFailures"]' in mapping
    assert re.search(r"redrive_policy = jsonencode\(\{\s+deadLetterTargetArn = "
                     r"aws_sqs_queue\.dead_letter\.arn\s+maxReceiveCount\s+= "
                     r"var\.max_receive_count", text)
    assert 'name                      = "${var.queue_name}-dlq${local.suffix}"' in text
    assert text.count("sqs_managed_sse_enabled   = true") + text.count(
        "sqs_managed_sse_enabled     = true") == 2


@pytest.mark.parametrize(("change", "code"), [
    ("visibility_timeout: 100", "C194"),  # prod: 6 x 30 + 4 = 184
    ("visibility_timeout: 184", None),
])
def test_an_explicit_visibility_timeout_must_cover_every_stage(change: str,
                                                               code: str | None) -> None:
    text = BLUEPRINT.replace("      thumbs:\n", f"      thumbs:\n        {change}\n")
    if code is None:
        validate(load_text(text))
        return
    with pytest.raises(BlueprintError) as info:
        validate(load_text(text))
    assert [d.code for d in info.value.diagnostics] == [code]
