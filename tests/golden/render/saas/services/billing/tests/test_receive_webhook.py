# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of receiveWebhook: POST /billing/webhook (route).

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import json

import scaffold_fixtures as fx

from billing.handlers.receive_webhook import handler

Env = dict[str, str]
Context = fx.LambdaContext
ROUTE = "POST /billing/webhook"
PATH = "/billing/webhook"
PARAMS: dict[str, str] = {}
GROUPS: list[str] = []


def test_answers_its_input(aws: Env, lambda_context: Context) -> None:
    event = fx.http_event(ROUTE, path=PATH, path_parameters=PARAMS, groups=GROUPS,
                          body={"name": "test"})
    response = handler(event, lambda_context)
    assert response["statusCode"] == 200
    assert json.loads(response["body"])["input"] == {"name": "test"} | PARAMS


def test_refuses_a_body_that_is_not_json(aws: Env, lambda_context: Context) -> None:
    event = fx.http_event(ROUTE, path=PATH, path_parameters=PARAMS, groups=GROUPS,
                          body="not json")
    assert handler(event, lambda_context)["statusCode"] == 400
