# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of onMessage: websocket $default.

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import scaffold_fixtures as fx

from ledger.handlers.on_message import handler

Env = dict[str, str]
Context = fx.LambdaContext
ROUTE = "$default"


def test_accepts_a_json_message(aws: Env, lambda_context: Context) -> None:
    event = fx.websocket_event(ROUTE, body={"action": ROUTE, "topic": "test"})
    assert handler(event, lambda_context) == {"statusCode": 200}


def test_refuses_a_message_that_is_not_json(aws: Env, lambda_context: Context) -> None:
    event = fx.websocket_event(ROUTE, body="not json")
    assert handler(event, lambda_context)["statusCode"] == 400
