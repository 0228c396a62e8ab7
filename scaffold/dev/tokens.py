"""Test users of a dev session: a user in the emulated user pool, signed in, its tokens."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from scaffold.dev.session import SessionInfo, emulator_client
from scaffold.errors import ScaffoldError

__all__ = ["DEV_PASSWORD", "Tokens", "default_username", "mint_tokens"]

DEV_PASSWORD = "Scaffold-dev-1-password!"
"""The password of every test user: long, every character class, so any pool policy holds."""


@dataclass(frozen=True)
class Tokens:
    """A signed-in test user."""

    username: str
    groups: tuple[str, ...]
    access_token: str
    id_token: str
    expires_in: int


def default_username(group: str | None) -> str:
    """``dev@example.com``, or ``dev-<group>@example.com`` (one user per group asked for)."""
    return f"dev-{group}@example.com" if group else "dev@example.com"


def mint_tokens(info: SessionInfo, group: str | None = None,
                username: str | None = None) -> Tokens:
    """Create (or reuse) a confirmed user, put it in ``group``, sign it in.

    A new user is confirmed as a sign-up is: the pool's post confirmation trigger runs
    (so ``auth.default_group`` is joined). Signs in with ``ADMIN_USER_PASSWORD_AUTH`` (the
    emulator allows it whatever the app client's flows; the SPA client itself uses SRP).

    Raises:
        ScaffoldError: The session has no user pool, or the group does not exist.
    """
    if not info.user_pool_id or not info.user_pool_client_id:
        raise ScaffoldError("this application has no user pool", hint="add `auth:` to the "
                            "blueprint; every route is public without it")
    idp = emulator_client("cognito-idp", info.emulator_url, info.region)
    pool = info.user_pool_id
    name = username or default_username(group)
    created = False
    try:
        idp.admin_get_user(UserPoolId=pool, Username=name)
    except idp.exceptions.UserNotFoundException:
        attributes = [{"Name": "email", "Value": name},
                      {"Name": "email_verified", "Value": "true"}] if "@" in name else []
        idp.admin_create_user(UserPoolId=pool, Username=name, MessageAction="SUPPRESS",
                              UserAttributes=attributes, TemporaryPassword=DEV_PASSWORD)
        created = True
    idp.admin_set_user_password(UserPoolId=pool, Username=name, Password=DEV_PASSWORD,
                                Permanent=True)
    if created:
        _confirmed(info, idp, name)
    if group:
        known = {g["GroupName"] for g in idp.list_groups(UserPoolId=pool)["Groups"]}
        if group not in known:
            raise ScaffoldError(f"the user pool has no group {group!r}",
                                hint="groups of this pool: " + (", ".join(sorted(known))
                                                                 or "(none)"))
        idp.admin_add_user_to_group(UserPoolId=pool, Username=name, GroupName=group)
    groups = tuple(g["GroupName"] for g in idp.admin_list_groups_for_user(
        UserPoolId=pool, Username=name)["Groups"])
    answer: dict[str, Any] = idp.admin_initiate_auth(
        UserPoolId=pool, ClientId=info.user_pool_client_id,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": name, "PASSWORD": DEV_PASSWORD})["AuthenticationResult"]
    return Tokens(name, groups, answer["AccessToken"], answer["IdToken"],
                  int(answer.get("ExpiresIn", 3600)))


def _confirmed(info: SessionInfo, idp: Any, name: str) -> None:
    """Run the pool's post confirmation trigger, as Cognito does for a confirmed sign-up.

    moto runs no trigger itself; invoking the function through the emulator's Lambda API
    runs its handler in the dev session (the default group is joined there, a profile
    written, events published).

    Raises:
        ScaffoldError: The trigger failed (Cognito would refuse the sign-up).
    """
    pool = idp.describe_user_pool(UserPoolId=info.user_pool_id)["UserPool"]
    arn = pool.get("LambdaConfig", {}).get("PostConfirmation")
    if not arn:
        return
    user = idp.admin_get_user(UserPoolId=info.user_pool_id, Username=name)
    attributes = {a["Name"]: a["Value"] for a in user.get("UserAttributes", [])}
    attributes["cognito:user_status"] = "CONFIRMED"
    event = {"version": "1", "region": info.region, "userPoolId": info.user_pool_id,
             "userName": user["Username"], "triggerSource": "PostConfirmation_ConfirmSignUp",
             "callerContext": {"awsSdkVersion": "scaffold-dev",
                               "clientId": info.user_pool_client_id},
             "request": {"userAttributes": attributes}, "response": {}}
    answer = emulator_client("lambda", info.emulator_url, info.region).invoke(
        FunctionName=arn, Payload=json.dumps(event).encode())
    if answer.get("FunctionError"):
        error = json.loads(answer["Payload"].read() or b"{}")
        raise ScaffoldError(f"the post confirmation trigger failed: "
                            f"{error.get('errorType', 'Error')}: {error.get('errorMessage')}",
                            hint="see the `scaffold dev` log for its output")

