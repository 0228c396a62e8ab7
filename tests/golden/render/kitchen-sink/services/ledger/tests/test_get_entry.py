# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of getEntry: GET /orgs/{org}/entries/{entryId} (route).

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import scaffold_fixtures as fx

from ledger.handlers.get_entry import handler

Env = dict[str, str]
Context = fx.LambdaContext
ROUTE = "GET /orgs/{org}/entries/{entryId}"
PATH = "/orgs/test-org/entries/test-entryId"
PARAMS: dict[str, str] = {"org": "test-org", "entryId": "test-entryId"}
GROUPS: list[str] = []
KEY: dict[str, Any] = {"entryId": "test-entryId"}


def _store_item(env: Env) -> None:
    boto3.resource("dynamodb").Table(env["TABLE_ENTRIES"]).put_item(Item={**KEY, "name": "test"})


def test_answers_the_stored_item(aws: Env, lambda_context: Context) -> None:
    _store_item(aws)
    event = fx.http_event(ROUTE, path=PATH, path_parameters=PARAMS, groups=GROUPS)
    response = handler(event, lambda_context)
    assert response["statusCode"] == 200
    body = json.loads(response["body"])
    assert body["name"] == "test"


def test_answers_404_for_a_missing_item(aws: Env, lambda_context: Context) -> None:
    event = fx.http_event(ROUTE, path=PATH, path_parameters=PARAMS, groups=GROUPS)
    assert handler(event, lambda_context)["statusCode"] == 404
