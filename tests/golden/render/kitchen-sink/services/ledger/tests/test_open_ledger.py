# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of openLedger: POST /ledgers (route).

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import json

import scaffold_fixtures as fx

from ledger.handlers.open_ledger import handler

Env = dict[str, str]
Context = fx.LambdaContext
ROUTE = "POST /ledgers"
PATH = "/ledgers"
PARAMS: dict[str, str] = {}
GROUPS: list[str] = []


def test_starts_the_workflow(aws: Env, lambda_context: Context) -> None:
    event = fx.http_event(ROUTE, path=PATH, path_parameters=PARAMS, body={"name": "test"},
                          groups=GROUPS)
    response = handler(event, lambda_context)
    assert response["statusCode"] == 202
    assert json.loads(response["body"])["executionArn"].startswith("arn:aws:states:")
