# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of checkBankToken: authorizer ledger.

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import scaffold_fixtures as fx

from ledger.handlers.check_bank_token import decide, handler

Env = dict[str, str]
Context = fx.LambdaContext


def _event(*identity: str) -> dict[str, object]:
    return {"version": "2.0", "type": "REQUEST", "routeKey": "GET /",
            "identitySource": list(identity)}


def test_allows_a_caller_the_check_accepts(aws: Env) -> None:
    def check(identity: str) -> dict[str, str] | None:
        return {"caller": "partner-1"} if identity == "key-1" else None

    assert decide(_event("key-1"), check) == {"isAuthorized": True,
                                              "context": {"caller": "partner-1"}}
    assert decide(_event("key-2"), check) == {"isAuthorized": False, "context": {}}


def test_denies_a_caller_without_an_identity(aws: Env, lambda_context: Context) -> None:
    assert handler(_event(), lambda_context) == {"isAuthorized": False, "context": {}}


def test_denies_every_caller_until_the_check_is_written(aws: Env,
                                                        lambda_context: Context) -> None:
    assert handler(_event("key-1"), lambda_context)["isAuthorized"] is False
