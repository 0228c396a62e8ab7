# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of onEntryChanged: stream entries.

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import scaffold_fixtures as fx

from ledger.handlers.on_entry_changed import handler

Env = dict[str, str]
Context = fx.LambdaContext
KEYS = {"entryId": {"S": "test"}}


def test_reports_no_failure_for_good_records(aws: Env, lambda_context: Context) -> None:
    event = {"Records": [fx.stream_record(KEYS, KEYS, sequence="1"),
                         fx.stream_record(KEYS, None, event_name="REMOVE", sequence="2")]}
    assert handler(event, lambda_context) == {"batchItemFailures": []}


def test_reports_the_record_that_failed(aws: Env, lambda_context: Context) -> None:
    event = {"Records": [fx.stream_record(KEYS, KEYS, sequence="1"),
                         fx.stream_record({}, None, sequence="2")]}
    assert handler(event, lambda_context) == {"batchItemFailures": [{"itemIdentifier": "2"}]}
