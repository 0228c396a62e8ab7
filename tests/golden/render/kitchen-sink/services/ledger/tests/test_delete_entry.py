# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of deleteEntry: DELETE /orgs/{org}/entries/{id} (route).

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

from typing import Any

import boto3
import scaffold_fixtures as fx

from ledger.handlers.delete_entry import handler

Env = dict[str, str]
Context = fx.LambdaContext
ROUTE = "DELETE /orgs/{org}/entries/{id}"
PATH = "/orgs/test-org/entries/test-id"
PARAMS: dict[str, str] = {"org": "test-org", "id": "test-id"}
GROUPS: list[str] = []
KEY: dict[str, Any] = {"entryId": "test-id"}
QUERY: dict[str, str] = {}


def test_deletes_the_item(aws: Env, lambda_context: Context) -> None:
    table = boto3.resource("dynamodb").Table(aws["TABLE_ENTRIES"])
    table.put_item(Item={**KEY, "name": "test"})
    event = fx.http_event(ROUTE, path=PATH, path_parameters=PARAMS, query=QUERY or None,
                          groups=GROUPS)
    assert handler(event, lambda_context)["statusCode"] == 204
    assert "Item" not in table.get_item(Key=KEY)
