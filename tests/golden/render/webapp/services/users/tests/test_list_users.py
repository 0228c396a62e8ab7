# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of listUsers: GET /users (route).

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import json

import scaffold_fixtures as fx

from users.handlers.list_users import handler

Env = dict[str, str]
Context = fx.LambdaContext
ROUTE = "GET /users"
PATH = "/users"
PARAMS: dict[str, str] = {}
GROUPS: list[str] = []


def test_lists_the_users(aws: Env, lambda_context: Context) -> None:
    event = fx.http_event(ROUTE, path=PATH, path_parameters=PARAMS, groups=GROUPS)
    response = handler(event, lambda_context)
    assert response["statusCode"] == 200
    assert [user["email"] for user in json.loads(response["body"])["users"]] == [fx.TEST_USER]


def test_refuses_a_bad_limit(aws: Env, lambda_context: Context) -> None:
    event = fx.http_event(ROUTE, path=PATH, path_parameters=PARAMS, query={"limit": "61"},
                          groups=GROUPS)
    assert handler(event, lambda_context)["statusCode"] == 400
