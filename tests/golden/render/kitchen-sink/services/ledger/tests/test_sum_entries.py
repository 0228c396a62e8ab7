# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of sumEntries: task close-ledger.

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import scaffold_fixtures as fx

from ledger.handlers.sum_entries import handler

Env = dict[str, str]
Context = fx.LambdaContext


def test_returns_the_next_state(aws: Env, lambda_context: Context) -> None:
    state = {"id": "test", "status": "new"}
    assert handler(state, lambda_context) == state
