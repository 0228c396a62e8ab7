"""Cognito rules of validation (C137-C140) and the warnings of ``scaffold validate``."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from scaffold.blueprint.cognito import cognito_warnings
from scaffold.blueprint.load import load_text
from scaffold.blueprint.validate import validate
from scaffold.cli import app
from scaffold.plan.build import build_plan
from tests.unit.test_checks import codes, problems, where

HEAD = "blueprint: 1\nname: acme\nregion: eu-west-1\n"
USERS = """services:
  users:
{extra}    auth_triggers:
      post_confirmation: {trigger}
    routes:
      GET /me: {{handler: getMe, auth: member}}
"""


def _bp(auth: str = "auth: {groups: [member]}\n", trigger: str = "onSignedUp",
        extra: str = "", stages: str = "") -> str:
    return stages + auth + USERS.format(trigger=trigger, extra=extra)


def test_a_trigger_timeout_above_five_seconds_is_refused_where_it_is_written() -> None:
    found = problems(_bp(trigger="{handler: onSignedUp, timeout: 6}"))
    assert [where(d) for d in found] == [("C137", 8, 57)]
    assert "Cognito waits 5 s" in found[0].message


def test_a_trigger_timeout_under_functions_is_refused_there() -> None:
    extra = "    functions: {onSignedUp: {timeout: 30}}\n"
    assert [where(d) for d in problems(_bp(extra=extra))] == [("C137", 7, 39)]


def test_a_trigger_timeout_of_five_seconds_is_accepted() -> None:
    assert codes(_bp(trigger="{handler: onSignedUp, timeout: 5}")) == []


@pytest.mark.parametrize(("settings", "expected"), [
    ("defaults: {timeout: 10}\n", 5), ("defaults: {timeout: 3}\n", 3), ("", 5)])
def test_a_trigger_takes_blueprint_wide_timeouts_only_up_to_five_seconds(
        settings: str, expected: int) -> None:
    plan = build_plan(validate(load_text(HEAD + settings + _bp())))
    fns = {f.handler: f for f in plan.services[0].functions}
    assert fns["onSignedUp"].settings["dev"].timeout == expected
    assert fns["getMe"].settings["dev"].timeout == (10 if expected == 5 else expected)


def test_the_default_group_must_be_declared() -> None:
    found = problems(_bp(auth="auth: {groups: [member], default_group: members}\n"))
    assert [where(d) for d in found] == [("C138", 4, 41)]


def test_the_default_group_needs_a_post_confirmation_trigger() -> None:
    text = ("auth: {groups: [member], default_group: member}\n"
            "services:\n  users:\n    routes:\n      GET /me: {handler: getMe, auth: member}\n")
    assert codes(text) == ["C139"]


@pytest.mark.parametrize(("email", "bad"), [
    ('{from: "Acme <no-reply@acme.example>", ses_identity: acme.example}', None),
    ("{from: no-reply@mail.acme.example, ses_identity: acme.example}", None),
    ("{from: ops@acme.example, ses_identity: ops@acme.example}", None),
    ("{from: not-an-address, ses_identity: acme.example}", "not a From address"),
    ("{from: a@acme.example, ses_identity: 'acme example'}", "not an SES identity"),
    ("{from: a@other.example, ses_identity: acme.example}", "cannot send as"),
    ("{from: b@acme.example, ses_identity: a@acme.example}", "cannot send as"),
])
def test_the_ses_sender_must_cover_the_from_address(email: str, bad: str | None) -> None:
    found = problems(_bp(auth=f"auth: {{groups: [member], email: {email}}}\n"))
    if bad is None:
        assert found == []
    else:
        assert [d.code for d in found] == ["C140"]
        assert bad in found[0].message


def _warnings(text: str) -> list[tuple[str, int, int]]:
    doc = load_text(HEAD + text, "b.yaml")
    return [where(d) for d in cognito_warnings(validate(doc), doc.source_map)]


def test_group_routes_without_a_default_group_get_one_warning_per_group() -> None:
    assert _warnings(_bp()) == [("W001", 10, 39)]


def test_a_default_group_silences_the_group_warning() -> None:
    assert _warnings(_bp(auth="auth: {groups: [member], default_group: member}\n")) == []


def test_a_production_stage_on_the_default_sender_gets_a_warning() -> None:
    auth = "auth: {groups: [member], default_group: member}\n"
    assert _warnings(_bp(auth=auth, stages="stages: {dev: {}, prod: {}}\n")) == [
        ("W002", 5, 1)]
    assert _warnings(_bp(auth=auth, stages="stages: {dev: {}, test: {}}\n")) == []
    # the production flag decides when it is set: `live` is production, `prod` is not
    flagged = "stages: {prod: {}, live: {production: true}}\n"
    assert [w[0] for w in _warnings(_bp(auth=auth, stages=flagged))] == ["W002"]
    assert _warnings(_bp(auth=auth, stages="stages: {dev: {production: true}}\n"))[0][0] == "W002"
    ses = ("auth: {groups: [member], default_group: member, "
           "email: {from: a@acme.example, ses_identity: acme.example}}\n")
    assert _warnings(_bp(auth=ses, stages="stages: {dev: {}, prod: {}}\n")) == []


def test_validate_prints_warnings_on_stderr_and_still_exits_zero(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "blueprint.yaml"
    path.write_text(HEAD + _bp())
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 0
    assert f"{path}:10:39: warning[W001]: routes are for members of group 'member'" in (
        result.stderr)
    assert "someone must add users to it" in result.stderr
    assert "valid —" in result.stdout


def test_a_pusher_of_an_event_that_names_no_user_is_told_it_broadcasts() -> None:
    from scaffold.blueprint.advice import blueprint_warnings

    def warnings(fields: str) -> list[tuple[str, int, int]]:
        text = (HEAD + "services:\n"
                "  shop:\n"
                f"    events: {{ItemAdded: {fields}}}\n"
                "    routes: {POST /items: {handler: addItem, auth: public, "
                "publishes: [ItemAdded]}}\n"
                "  live:\n"
                "    websocket: {$connect: onConnect}\n"
                "    subscribes:\n"
                "      pushItemAdded: {event: shop.ItemAdded, push: true}\n")
        doc = load_text(text)
        return [(d.code, d.location.line, d.location.col)
                for d in blueprint_warnings(validate(doc), doc.source_map)]

    assert warnings("{itemId: string}") == [("W003", 11, 52)]
    assert warnings("{itemId: string, ownerId: string}") == []
    assert warnings("{itemId: string, userId: string}") == []
