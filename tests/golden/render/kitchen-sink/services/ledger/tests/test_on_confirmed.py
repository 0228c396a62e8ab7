# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of onConfirmed: auth_trigger post_confirmation.

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import boto3
import pytest
import scaffold_fixtures as fx

from ledger.handlers.on_confirmed import handler

Env = dict[str, str]
Context = fx.LambdaContext
TRIGGER_SOURCE = "PostConfirmation_ConfirmSignUp"


def test_returns_the_event_to_cognito(aws: Env, lambda_context: Context) -> None:
    event = fx.cognito_event(TRIGGER_SOURCE)
    assert handler(event, lambda_context) == event
    profiles = boto3.resource("dynamodb").Table(aws["TABLE_ENTRIES"])
    key = {"entryId": "test-user"}
    assert profiles.get_item(Key=key)["Item"]["email"] == "user@example.com"


def test_a_password_reset_is_not_a_sign_up(aws: Env, lambda_context: Context,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    event = fx.cognito_event("PostConfirmation_ConfirmForgotPassword")
    assert handler(event, lambda_context) == event
    profiles = boto3.resource("dynamodb").Table(aws["TABLE_ENTRIES"])
    assert profiles.scan()["Items"] == []
