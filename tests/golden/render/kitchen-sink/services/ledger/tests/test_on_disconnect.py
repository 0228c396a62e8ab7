# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of onDisconnect: websocket $disconnect.

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import boto3
import scaffold_fixtures as fx

from ledger.handlers.on_disconnect import handler

Env = dict[str, str]
Context = fx.LambdaContext


def test_forgets_the_connection(aws: Env, lambda_context: Context) -> None:
    table = boto3.resource("dynamodb").Table(aws["CONNECTIONS_TABLE"])
    table.put_item(Item={fx.CONNECTION_KEY: "test-connection"})
    event = fx.websocket_event("$disconnect", "test-connection")
    assert handler(event, lambda_context) == {"statusCode": 200}
    assert "Item" not in table.get_item(Key={fx.CONNECTION_KEY: "test-connection"})
