# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of addEntry: POST /entries (route).

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import json

import boto3
import scaffold_fixtures as fx

from ledger.handlers.add_entry import handler

Env = dict[str, str]
Context = fx.LambdaContext
ROUTE = "POST /entries"
PATH = "/entries"
PARAMS: dict[str, str] = {}
GROUPS: list[str] = []
BODY: dict[str, object] = {"name": "test"}


def test_stores_the_body(aws: Env, lambda_context: Context) -> None:
    event = fx.http_event(ROUTE, path=PATH, path_parameters=PARAMS, body=BODY, groups=GROUPS)
    response = handler(event, lambda_context)
    assert response["statusCode"] == 201
    item = json.loads(response["body"])
    key = {name: item[name] for name in ["entryId"]}
    stored = boto3.resource("dynamodb").Table(aws["TABLE_ENTRIES"]).get_item(Key=key)["Item"]
    assert stored["name"] == "test"


def test_refuses_a_body_that_is_not_an_object(aws: Env, lambda_context: Context) -> None:
    event = fx.http_event(ROUTE, path=PATH, path_parameters=PARAMS, body="[1, 2]",
                          groups=GROUPS)
    assert handler(event, lambda_context)["statusCode"] == 400


def test_stores_the_callers_sub_whatever_owner_the_body_claims(
        aws: Env, lambda_context: Context) -> None:
    body = {**BODY, "ownerId": "someone-else"}
    event = fx.http_event(ROUTE, path=PATH, path_parameters=PARAMS, body=body, groups=GROUPS)
    response = handler(event, lambda_context)
    assert response["statusCode"] == 201
    item = json.loads(response["body"])
    assert item["ownerId"] == fx.CALLER
    key = {name: item[name] for name in ["entryId"]}
    stored = boto3.resource("dynamodb").Table(aws["TABLE_ENTRIES"]).get_item(Key=key)["Item"]
    assert stored["ownerId"] == fx.CALLER
