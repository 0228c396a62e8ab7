# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of pushLedgerClosed: subscription ledger.LedgerClosed.

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import scaffold_fixtures as fx

from ledger.generated.connections import subscribe
from ledger.handlers.push_ledger_closed import handler

Env = dict[str, str]
Context = fx.LambdaContext
DETAIL: dict[str, object] = {"ledgerId": "test", "total": 1.5}


def test_handles_the_event(aws: Env, lambda_context: Context) -> None:
    detail = DETAIL
    fx.store_connection("connection-subscribed", "user-1")
    fx.store_connection("connection-elsewhere", "user-2")
    assert subscribe("connection-subscribed", "ledger/" + str(detail["ledgerId"])) == "subscribed"
    assert subscribe("connection-elsewhere", "another/topic") == "subscribed"
    event = fx.eventbridge_event("LedgerClosed", DETAIL, source="sink.ledger")
    assert handler(event, lambda_context) is None
    assert fx.pushed("connection-subscribed") != b""
    assert fx.pushed("connection-elsewhere") == b""  # pushes go to the topic's subscribers
