# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of bankEntries: GET /bank/entries (route).

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import scaffold_fixtures as fx

from ledger.handlers.bank_entries import handler

Env = dict[str, str]
Context = fx.LambdaContext
ROUTE = "GET /bank/entries"
PATH = "/bank/entries"
PARAMS: dict[str, str] = {}
GROUPS: list[str] = []
KEY: dict[str, Any] = {"entryId": "test-entryId"}


def _store_item(env: Env) -> None:
    boto3.resource("dynamodb").Table(env["TABLE_ENTRIES"]).put_item(Item={**KEY, "name": "test", "ownerId": fx.CALLER})


def test_answers_the_stored_items(aws: Env, lambda_context: Context) -> None:
    _store_item(aws)
    event = fx.http_event(ROUTE, path=PATH, path_parameters=PARAMS, groups=GROUPS)
    response = handler(event, lambda_context)
    assert response["statusCode"] == 200
    body = json.loads(response["body"])
    assert [item["name"] for item in body["items"]] == ["test"]


def test_refuses_a_bad_limit(aws: Env, lambda_context: Context) -> None:
    event = fx.http_event(ROUTE, path=PATH, path_parameters=PARAMS, query={"limit": "0"},
                          groups=GROUPS)
    assert handler(event, lambda_context)["statusCode"] == 400


def test_answers_only_the_callers_items(aws: Env, lambda_context: Context) -> None:
    stored = boto3.resource("dynamodb").Table(aws["TABLE_ENTRIES"])
    stored.put_item(Item={**KEY, "ownerId": fx.CALLER, "name": "mine"})
    other: dict[str, Any] = {"entryId": "test-entryId-2"}
    stored.put_item(Item={**other, "ownerId": "someone-else", "name": "theirs"})
    event = fx.http_event(ROUTE, path=PATH, path_parameters=PARAMS, groups=GROUPS)
    response = handler(event, lambda_context)
    assert response["statusCode"] == 200
    assert [item["name"] for item in json.loads(response["body"])["items"]] == ["mine"]
