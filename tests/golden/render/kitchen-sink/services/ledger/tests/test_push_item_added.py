# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of pushItemAdded: subscription shop.ItemAdded.

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import scaffold_fixtures as fx

from ledger.handlers.push_item_added import handler

Env = dict[str, str]
Context = fx.LambdaContext
DETAIL: dict[str, object] = {"itemId": "test", "org": "test", "price": 1.5}


def test_handles_the_event(aws: Env, lambda_context: Context) -> None:
    fx.store_connection("test-connection")
    event = fx.eventbridge_event("ItemAdded", DETAIL, source="sink.shop")
    assert handler(event, lambda_context) is None
    assert fx.pushed("test-connection") != b""
