"""Cognito trigger stubs publish what the user's attributes say, by one rule in both languages."""

from __future__ import annotations

from scaffold.plan import contract
from tests.helpers import render_files

BLUEPRINT = """blueprint: 1
name: acme
region: eu-west-1
auth: {{}}
services:
  users:
    runtime: {runtime}
    events:
      UserSignedUp: {{userId: string, email: string}}
    auth_triggers:
      {kind}: {{handler: onSignedUp, publishes: [UserSignedUp]}}
"""
STUB = {"nodejs22.x": "services/users/src/handlers/onSignedUp.ts",
        "python3.13": "services/users/src/users/handlers/on_signed_up.py"}


def _stub(runtime: str, kind: str) -> str:
    files = render_files(BLUEPRINT.format(runtime=runtime, kind=kind))
    return next(f.content.decode() for f in files if f.path == STUB[runtime])


def test_user_id_and_email_come_from_the_cognito_attributes_on_every_trigger() -> None:
    assert contract.cognito_attribute("userId") == "sub"
    for kind in ("post_confirmation", "post_authentication", "pre_token_generation"):
        ts = _stub("nodejs22.x", kind)
        assert 'userId: event.request.userAttributes["sub"] ?? ""' in ts, kind
        assert 'email: event.request.userAttributes["email"] ?? ""' in ts, kind
        assert 'userId: ""' not in ts
        py = _stub("python3.13", kind)
        assert 'values["userId"] = attributes.get("sub", "")' in py, kind
        assert '"email": str(values.get("email", \'\'))' in py, kind
