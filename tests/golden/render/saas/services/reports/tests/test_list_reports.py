# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of listReports: GET /reports (route).

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import json

import scaffold_fixtures as fx

from reports.handlers.list_reports import handler

Env = dict[str, str]
Context = fx.LambdaContext
ROUTE = "GET /reports"
PATH = "/reports"
PARAMS: dict[str, str] = {}
GROUPS: list[str] = []


def test_answers_its_input(aws: Env, lambda_context: Context) -> None:
    event = fx.http_event(ROUTE, path=PATH, path_parameters=PARAMS, groups=GROUPS)
    response = handler(event, lambda_context)
    assert response["statusCode"] == 200
    assert json.loads(response["body"])["input"] == {} | PARAMS
