# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of putEntry: PUT /orgs/{org}/entries/{entryId} (route).

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import json

import boto3
import scaffold_fixtures as fx

from ledger.handlers.put_entry import handler

Env = dict[str, str]
Context = fx.LambdaContext
ROUTE = "PUT /orgs/{org}/entries/{entryId}"
PATH = "/orgs/test-org/entries/test-entryId"
PARAMS: dict[str, str] = {"org": "test-org", "entryId": "test-entryId"}
GROUPS: list[str] = []
BODY: dict[str, object] = {"name": "test"}


def test_stores_the_body(aws: Env, lambda_context: Context) -> None:
    event = fx.http_event(ROUTE, path=PATH, path_parameters=PARAMS, body=BODY, groups=GROUPS)
    response = handler(event, lambda_context)
    assert response["statusCode"] == 200
    item = json.loads(response["body"])
    key = {name: item[name] for name in ["entryId"]}
    stored = boto3.resource("dynamodb").Table(aws["TABLE_ENTRIES"]).get_item(Key=key)["Item"]
    assert stored["name"] == "test"


def test_refuses_a_body_that_is_not_an_object(aws: Env, lambda_context: Context) -> None:
    event = fx.http_event(ROUTE, path=PATH, path_parameters=PARAMS, body="[1, 2]",
                          groups=GROUPS)
    assert handler(event, lambda_context)["statusCode"] == 400
