# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of onReportWritten: object reports.

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import pytest
import scaffold_fixtures as fx

from reports.handlers.on_report_written import handler

Env = dict[str, str]
Context = fx.LambdaContext
HANDLER = "onReportWritten"
BUCKET = "test-bucket"
KEY = "daily/test/report.csv"


@pytest.fixture(autouse=True)
def _function_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in fx.function_env(HANDLER).items():
        monkeypatch.setenv(name, value)


def test_handles_an_object_event(aws: Env, lambda_context: Context) -> None:
    assert handler(fx.s3_event(BUCKET, KEY, 5), lambda_context) is None
