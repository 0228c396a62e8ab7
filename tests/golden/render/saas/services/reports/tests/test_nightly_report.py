# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of nightlyReport: schedule cron(0 3 * * ? *).

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import scaffold_fixtures as fx

from reports.handlers.nightly_report import handler

Env = dict[str, str]
Context = fx.LambdaContext


def test_runs_once(aws: Env, lambda_context: Context) -> None:
    assert handler(fx.scheduled_event(), lambda_context) is None
