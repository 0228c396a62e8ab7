# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of ledgerDisputed: POST /ledgers/{ledgerId}/disputed (route).

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import json
from typing import Any

import scaffold_fixtures as fx

from ledger.generated.tokens import store_task_token
from ledger.handlers.ledger_disputed import handler

Env = dict[str, str]
Context = fx.LambdaContext
ROUTE = "POST /ledgers/{ledgerId}/disputed"
PATH = "/ledgers/test-ledgerId/disputed"
PARAMS: dict[str, str] = {"ledgerId": "test-ledgerId"}
GROUPS: list[str] = []
CORRELATION_ID = PARAMS["ledgerId"]


def _post(body: object, lambda_context: Context) -> dict[str, Any]:
    event = fx.http_event(ROUTE, path=PATH, path_parameters=PARAMS, body=body, groups=GROUPS)
    response: dict[str, Any] = handler(event, lambda_context)
    return response


def _body(**fields: object) -> dict[str, object]:
    return fields


def test_resumes_the_workflow(aws: Env, lambda_context: Context) -> None:
    store_task_token("close-ledger", CORRELATION_ID, "test-token", 60)
    response = _post(_body(status="sent"), lambda_context)
    assert response["statusCode"] == 202
    assert json.loads(str(response["body"])) == {"resumed": True}


def test_fails_the_step_when_told_so(aws: Env, lambda_context: Context) -> None:
    store_task_token("close-ledger", CORRELATION_ID, "test-token", 60)
    response = _post(_body(error="Bounced"), lambda_context)
    assert json.loads(str(response["body"])) == {"resumed": False}


def test_answers_404_when_nothing_waits(aws: Env, lambda_context: Context) -> None:
    assert _post(_body(status="sent"), lambda_context)["statusCode"] == 404
