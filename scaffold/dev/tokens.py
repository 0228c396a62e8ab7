"""Test users of a dev session: a user in the emulated user pool, signed in, its tokens."""

from __future__ import annotations

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

    Signs in with ``ADMIN_USER_PASSWORD_AUTH`` (the emulator allows it whatever the app
    client's flows; the SPA client itself uses SRP).

    Raises:
        ScaffoldError: The session has no user pool, or the group does not exist.
    """
    if not info.user_pool_id or not info.user_pool_client_id:
        raise ScaffoldError("this application has no user pool", hint="add `auth:` to the "
                            "blueprint; every route is public without it")
    idp = emulator_client("cognito-idp", info.emulator_url, info.region)
    pool = info.user_pool_id
    name = username or default_username(group)
    try:
        idp.admin_get_user(UserPoolId=pool, Username=name)
    except idp.exceptions.UserNotFoundException:
        attributes = [{"Name": "email", "Value": name},
                      {"Name": "email_verified", "Value": "true"}] if "@" in name else []
        idp.admin_create_user(UserPoolId=pool, Username=name, MessageAction="SUPPRESS",
                              UserAttributes=attributes, TemporaryPassword=DEV_PASSWORD)
    idp.admin_set_user_password(UserPoolId=pool, Username=name, Password=DEV_PASSWORD,
                                Permanent=True)
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
