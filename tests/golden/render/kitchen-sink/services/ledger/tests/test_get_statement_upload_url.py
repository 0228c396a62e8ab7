# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of getStatementUploadUrl: POST /ledgers/{ledgerId}/statements (presign).

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import base64
import json

import pytest
import scaffold_fixtures as fx

from ledger.handlers.get_statement_upload_url import handler

Env = dict[str, str]
Context = fx.LambdaContext
ROUTE = "POST /ledgers/{ledgerId}/statements"
PATH = "/ledgers/test-ledgerId/statements"
PARAMS: dict[str, str] = {"ledgerId": "test-ledgerId"}
GROUPS: list[str] = []
HANDLER = "getStatementUploadUrl"


@pytest.fixture(autouse=True)
def _function_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in fx.function_env(HANDLER).items():
        monkeypatch.setenv(name, value)


def test_answers_an_upload_url_and_key(aws: Env, lambda_context: Context) -> None:
    event = fx.http_event(ROUTE, path=PATH, path_parameters=PARAMS, groups=GROUPS,
                          query={"contentType": "application/pdf"})
    response = handler(event, lambda_context)
    assert response["statusCode"] == 200
    upload = json.loads(response["body"])
    assert upload["key"].startswith("statements/")
    assert upload["url"] and upload["fields"]["key"] == upload["key"]
    # S3 enforces the size limit itself: it is a condition of the signed policy.
    policy = json.loads(base64.b64decode(upload["fields"]["policy"]))
    assert ["content-length-range", 1, 10485760] in policy["conditions"]


def test_refuses_a_content_type_the_bucket_does_not_allow(
        aws: Env, lambda_context: Context) -> None:
    event = fx.http_event(ROUTE, path=PATH, path_parameters=PARAMS, groups=GROUPS,
                          query={"contentType": "application/x-not-allowed"})
    assert handler(event, lambda_context)["statusCode"] == 400


def test_refuses_a_key_that_climbs_out_of_the_prefix(aws: Env, lambda_context: Context) -> None:
    params = {name: ".." for name in PARAMS}
    event = fx.http_event(ROUTE, path=PATH, path_parameters=params, groups=GROUPS)
    assert handler(event, lambda_context)["statusCode"] == 400
