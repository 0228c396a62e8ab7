# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of onConnect: websocket $connect.

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import time
from typing import Any

import boto3
import scaffold_fixtures as fx

from ledger.handlers.on_connect import handler

Env = dict[str, str]
Context = fx.LambdaContext


def _item(env: Env, connection_id: str) -> dict[str, Any]:
    table = boto3.resource("dynamodb").Table(env["CONNECTIONS_TABLE"])
    return dict(table.get_item(Key={fx.CONNECTION_KEY: connection_id}).get("Item", {}))


def _stored(env: Env, connection_id: str) -> bool:
    item = _item(env, connection_id)
    # stored connections expire (TTL, epoch seconds) after the 2-hour connection maximum
    return bool(item) and int(item[fx.CONNECTION_TTL]) > time.time() + 2 * 60 * 60


def test_stores_a_signed_in_connection(aws: Env, lambda_context: Context) -> None:
    token = fx.access_token(aws["USER_POOL_ID"], aws["USER_POOL_CLIENT_ID"])
    event = fx.websocket_event("$connect", "test-connection", query={"token": token})
    assert handler(event, lambda_context) == {"statusCode": 200}
    assert _stored(aws, "test-connection")
    assert _item(aws, "test-connection")[fx.CONNECTION_USER]  # the Cognito sub: push_to_user


def test_refuses_a_token_of_another_app_client(aws: Env, lambda_context: Context) -> None:
    token = fx.access_token(aws["USER_POOL_ID"])  # a client that is not the app's
    event = fx.websocket_event("$connect", "test-connection", query={"token": token})
    assert handler(event, lambda_context) == {"statusCode": 401}
    assert not _stored(aws, "test-connection")


def test_refuses_a_connection_without_valid_token(aws: Env, lambda_context: Context) -> None:
    event = fx.websocket_event("$connect", "test-connection", query={"token": "not-a-token"})
    assert handler(event, lambda_context) == {"statusCode": 401}
    assert not _stored(aws, "test-connection")
