# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of awaitBank: callback close-ledger.

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import pytest
import scaffold_fixtures as fx

from ledger.handlers.await_bank import handler

Env = dict[str, str]
Context = fx.LambdaContext


def test_accepts_the_task_token(aws: Env, lambda_context: Context) -> None:
    assert handler(fx.callback_event({"id": "test"}), lambda_context) is None


def test_needs_a_task_token(aws: Env, lambda_context: Context) -> None:
    with pytest.raises(ValueError, match="taskToken"):
        handler(fx.callback_event({"id": "test"}, token=""), lambda_context)
