# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of onSubscribe: websocket subscribe.

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import boto3
import scaffold_fixtures as fx

from ledger.handlers.on_subscribe import handler

Env = dict[str, str]
Context = fx.LambdaContext
ROUTE = "subscribe"


def test_accepts_a_json_message(aws: Env, lambda_context: Context) -> None:
    fx.store_connection("test-connection")
    event = fx.websocket_event(ROUTE, body={"action": ROUTE, "topic": "test"})
    assert handler(event, lambda_context) == {"statusCode": 200}


def test_refuses_a_message_that_is_not_json(aws: Env, lambda_context: Context) -> None:
    event = fx.websocket_event(ROUTE, body="not json")
    assert handler(event, lambda_context)["statusCode"] == 400


def test_subscribes_the_connection_to_the_topic(aws: Env, lambda_context: Context) -> None:
    fx.store_connection("test-connection", "user-1")
    event = fx.websocket_event(ROUTE, body={"action": ROUTE, "topic": "campaign/1"})
    assert handler(event, lambda_context) == {"statusCode": 200}
    stored = boto3.resource("dynamodb").Table(fx.SUBSCRIPTIONS_TABLE).get_item(
        Key={fx.TOPIC_KEY: "campaign/1", fx.CONNECTION_KEY: "test-connection"}).get("Item")
    assert stored is not None and stored[fx.CONNECTION_USER] == "user-1"


def test_refuses_a_subscription_without_a_topic(aws: Env, lambda_context: Context) -> None:
    event = fx.websocket_event(ROUTE, body={"action": ROUTE})
    assert handler(event, lambda_context)["statusCode"] == 400


def test_a_closed_connection_subscribes_to_nothing(aws: Env, lambda_context: Context) -> None:
    event = fx.websocket_event(ROUTE, body={"action": ROUTE, "topic": "campaign/1"})
    assert handler(event, lambda_context)["statusCode"] == 400
    items = boto3.resource("dynamodb").Table(fx.SUBSCRIPTIONS_TABLE).scan()["Items"]
    assert items == []
