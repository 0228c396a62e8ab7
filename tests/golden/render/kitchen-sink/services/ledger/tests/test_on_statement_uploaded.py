# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of onStatementUploaded: upload statements.

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import boto3
import pytest
import scaffold_fixtures as fx

from ledger.handlers.on_statement_uploaded import handler

Env = dict[str, str]
Context = fx.LambdaContext
HANDLER = "onStatementUploaded"
BUCKET = "test-statements"
KEY = "statements/test/file.txt"


@pytest.fixture(autouse=True)
def _function_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in fx.function_env(HANDLER).items():
        monkeypatch.setenv(name, value)


def test_inspects_the_uploaded_file(aws: Env, lambda_context: Context) -> None:
    boto3.client("s3").put_object(Bucket=BUCKET, Key=KEY, Body=b"hello",
                                  ContentType="text/plain")
    assert handler(fx.s3_event(BUCKET, KEY, 5), lambda_context) is None
