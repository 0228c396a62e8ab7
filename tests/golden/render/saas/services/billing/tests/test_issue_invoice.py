# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of issueInvoice: queue invoices.

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import scaffold_fixtures as fx

from billing.handlers.issue_invoice import handler

Env = dict[str, str]
Context = fx.LambdaContext
GROUP = "test-group"


def test_reports_no_failure_for_good_messages(aws: Env, lambda_context: Context) -> None:
    event = {"Records": [fx.sqs_record("1", {"id": "a"}, GROUP),
                         fx.sqs_record("2", {"id": "b"}, GROUP)]}
    assert handler(event, lambda_context) == {"batchItemFailures": []}


def test_reports_exactly_the_message_that_failed(aws: Env, lambda_context: Context) -> None:
    event = {"Records": [fx.sqs_record("1", {"id": "a"}, GROUP),
                         fx.sqs_record("2", {"id": "b"}, GROUP),
                         fx.sqs_record("3", "not json", GROUP)]}
    assert handler(event, lambda_context) == {"batchItemFailures": [{"itemIdentifier": "3"}]}
