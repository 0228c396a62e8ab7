# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of nightlyClose: schedule cron(0 2 * * ? *).

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import boto3
import scaffold_fixtures as fx

from ledger.handlers.nightly_close import handler

Env = dict[str, str]
Context = fx.LambdaContext


def test_runs_once(aws: Env, lambda_context: Context) -> None:
    table = boto3.resource("dynamodb").Table(aws["TABLE_ENTRIES"])
    table.put_item(Item=fx.sample_key("entries"))
    assert handler(fx.scheduled_event(), lambda_context) is None
