"""``auth.default_group``: new users join a group (issue 12, item 12), and trigger timeouts.

The post-confirmation function alone may call ``AdminAddUserToGroup``, on the user pool
only; its generated entry (TypeScript and Python) adds the user on a confirmed sign-up
only; without the key nothing of this is rendered.
"""

from __future__ import annotations

from pathlib import Path

import hcl2
import pytest

from tests.helpers import render_files

BLUEPRINT = """blueprint: 1
name: acme
region: eu-west-1
defaults: {{timeout: 10}}
auth: {{groups: [member]{extra}}}
services:
  users:
    runtime: {runtime}
    auth_triggers:
      post_confirmation: onSignedUp
    routes:
      GET /me: {{handler: getMe, auth: member}}
"""


def _files(runtime: str, extra: str = ", default_group: member") -> dict[str, str]:
    text = BLUEPRINT.format(runtime=runtime, extra=extra)
    return {f.path: f.content.decode() for f in render_files(text)}


def _statements(main_tf: str) -> dict[str, list[tuple[str, list[str], list[str]]]]:
    """Function module -> its (sid, actions, resources) policy statements."""
    found: dict[str, list[tuple[str, list[str], list[str]]]] = {}
    for module in hcl2.loads(main_tf).get("module", []):
        for name, body in module.items():
            found[name.strip('"')] = [
                (st["sid"].strip('"'), [a.strip('"') for a in st["actions"]],
                 [r.strip('"') for r in st["resources"]])
                for st in body.get("policy_statements", []) or []]
    return found


@pytest.mark.parametrize("runtime", ["nodejs22.x", "python3.13"])
def test_only_the_post_confirmation_function_may_add_users_to_groups_of_the_pool(
        runtime: str) -> None:
    statements = _statements(_files(runtime)["infra/services/users/main.tf"])
    joining = [(fn, st) for fn, sts in statements.items() for st in sts
               if any(a.startswith("cognito-idp:") for a in st[1])]
    assert joining == [("fn_on_signed_up", ("JoinDefaultGroup",
                                            ["cognito-idp:AdminAddUserToGroup"],
                                            ['${local.platform["user_pool_arn"]}']))]


@pytest.mark.parametrize("runtime", ["nodejs22.x", "python3.13"])
def test_without_a_default_group_nothing_adds_users(runtime: str) -> None:
    files = _files(runtime, extra="")
    assert "AdminAddUserToGroup" not in files["infra/services/users/main.tf"]
    assert not any("admin_add_user_to_group" in text or "AdminAddUserToGroup" in text
                   for path, text in files.items() if path.startswith("services/"))


def test_the_typescript_entry_adds_confirmed_sign_ups_then_runs_the_stub() -> None:
    files = _files("nodejs22.x")
    entry = files["services/users/src/generated/entries/onSignedUp.ts"]
    assert 'export const DEFAULT_GROUP = "member";' in entry
    assert 'if (event.triggerSource !== "PostConfirmation_ConfirmSignUp") {' in entry
    assert entry.index("await joinDefaultGroup(event);") < entry.index("return own(event")
    assert "services/users/test/default-group.generated.test.ts" in files
    package = files["services/users/package.json"]
    assert '"@aws-sdk/client-cognito-identity-provider"' in package


def test_the_python_entry_adds_confirmed_sign_ups_then_runs_the_stub() -> None:
    files = _files("python3.13")
    entry = files["services/users/src/users/generated/entries/on_signed_up.py"]
    assert 'DEFAULT_GROUP = "member"' in entry
    assert 'if event.get("triggerSource") == SIGN_UP:' in entry
    assert 'SIGN_UP = "PostConfirmation_ConfirmSignUp"' in entry
    assert "services/users/tests/test_default_group_generated.py" in files


@pytest.mark.parametrize("runtime", ["nodejs22.x", "python3.13"])
def test_the_stub_does_its_sign_up_work_on_a_confirmed_sign_up_only(runtime: str) -> None:
    files = _files(runtime)
    stub = next(text for path, text in files.items()
                if Path(path).stem in ("onSignedUp", "on_signed_up") and "/handlers/" in path)
    assert "PostConfirmation_ConfirmSignUp" in stub


@pytest.mark.parametrize("runtime", ["nodejs22.x", "python3.13"])
def test_a_cognito_trigger_gets_at_most_five_seconds_from_the_defaults(runtime: str) -> None:
    main = _files(runtime)["infra/services/users/main.tf"]
    settings = hcl2.loads(main)["locals"][0]["settings_by_stage"]
    for stage in settings.values():
        assert stage["on_signed_up"]["timeout"] == 5
        assert stage["get_me"]["timeout"] == 10
