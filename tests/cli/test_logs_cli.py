"""`scaffold logs`: CloudWatch Logs of a service's functions, merged in time order (moto)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws
from typer.testing import CliRunner

from scaffold.blueprint.load import load_blueprint
from scaffold.blueprint.validate import validate
from scaffold.cli import app
from scaffold.plan.build import build_plan
from scaffold.run.logs import LogEvent, follow_events, format_event, log_sources, parse_since

runner = CliRunner()

BLUEPRINT = """\
blueprint: 1
name: demo
region: eu-west-1
stages: {dev: {}, prod: {}}
services:
  shop:
    routes:
      GET /items: {handler: listItems, auth: public}
      POST /items: {handler: addItem, auth: public}
"""
LIST = "/aws/lambda/demo-dev-shop-list-items"
ADD = "/aws/lambda/demo-dev-shop-add-item"


@pytest.fixture
def blueprint(tmp_path: Path) -> Path:
    path = tmp_path / "blueprint.yaml"
    path.write_text(BLUEPRINT)
    return path


@pytest.fixture
def logs(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    with mock_aws():
        yield boto3.client("logs", region_name="eu-west-1")


def put(client: Any, group: str, *events: tuple[datetime, str]) -> None:
    with contextlib.suppress(client.exceptions.ResourceAlreadyExistsException):
        client.create_log_group(logGroupName=group)
    stream = uuid.uuid4().hex
    client.create_log_stream(logGroupName=group, logStreamName=stream)
    client.put_log_events(logGroupName=group, logStreamName=stream,
                          logEvents=[{"timestamp": int(t.timestamp() * 1000), "message": m}
                                     for t, m in events])


def test_log_groups_are_the_ones_terraform_creates(blueprint: Path) -> None:
    plan = build_plan(validate(load_blueprint(blueprint)))
    groups = [(s.label, s.group) for s in log_sources(plan, "prod", "shop")]
    assert groups == [("listItems", "/aws/lambda/demo-prod-shop-list-items"),
                      ("addItem", "/aws/lambda/demo-prod-shop-add-item")]
    main = (Path(__file__).resolve().parents[2] / "templates" / "terraform" / "modules"
            / "lambda_function" / "main.tf").read_text()
    assert '"/aws/lambda/${var.function_name}"' in main  # the module's log group name


def test_two_functions_events_are_merged_in_time_order(blueprint: Path, logs: Any) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    t = [now - timedelta(seconds=s) for s in (50, 40, 30, 20)]
    put(logs, LIST, (t[0], "list one"), (t[2], "list two\nsecond line"))
    put(logs, ADD, (t[1], "add one"), (t[3], "add two"))
    result = runner.invoke(app, ["logs", "shop", "--stage", "dev", "--blueprint",
                                 str(blueprint)])
    assert result.exit_code == 0, result.output
    stamp = [x.strftime("%H:%M:%S.000") for x in t]
    assert result.stdout.splitlines() == [
        f"{stamp[0]} listItems | list one",
        f"{stamp[1]} addItem   | add one",
        f"{stamp[2]} listItems | list two",
        "                       | second line",
        f"{stamp[3]} addItem   | add two",
    ]
    assert "\x1b[" not in result.stdout  # no colour off a terminal


def test_since_leaves_older_events_out_and_one_function_can_be_chosen(
        blueprint: Path, logs: Any) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    put(logs, LIST, (now - timedelta(hours=3), "old"), (now - timedelta(minutes=5), "new"))
    put(logs, ADD, (now - timedelta(minutes=4), "other function"))
    result = runner.invoke(app, ["logs", "shop.listItems", "--since", "1h", "--blueprint",
                                 str(blueprint)])
    assert result.exit_code == 0, result.output
    assert [line.split(" | ")[1] for line in result.stdout.splitlines()] == ["new"]
    iso = (now - timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M:%S")
    result = runner.invoke(app, ["logs", "shop.listItems", "--since", iso, "--blueprint",
                                 str(blueprint)])
    assert [line.split(" | ")[1] for line in result.stdout.splitlines()] == ["old", "new"]


def test_a_group_never_created_is_named_not_an_error(blueprint: Path, logs: Any) -> None:
    put(logs, LIST, (datetime.now(UTC), "only me"))
    result = runner.invoke(app, ["logs", "shop", "--blueprint", str(blueprint)])
    assert result.exit_code == 0, result.output
    assert "only me" in result.stdout
    assert ADD in result.stderr


def test_follow_polls_and_prints_each_event_once(blueprint: Path, logs: Any) -> None:
    plan = build_plan(validate(load_blueprint(blueprint)))
    sources = log_sources(plan, "dev", "shop")
    now = datetime.now(UTC)
    put(logs, LIST, (now - timedelta(seconds=2), "first"))
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:  # a new event arrives between two polls
        sleeps.append(seconds)
        if len(sleeps) == 1:
            put(logs, ADD, (now - timedelta(seconds=1), "second"))

    start = int((now - timedelta(minutes=1)).timestamp() * 1000)
    got = [e.message for e in follow_events(logs, sources, start, interval=0.5, sleep=sleep,
                                            rounds=3)]
    assert got == ["first", "second"]
    assert sleeps == [0.5, 0.5]


@pytest.mark.parametrize(("text", "ago"), [("10m", timedelta(minutes=10)),
                                           ("2h", timedelta(hours=2)),
                                           ("1d", timedelta(days=1)),
                                           ("45s", timedelta(seconds=45))])
def test_since_takes_durations(text: str, ago: timedelta) -> None:
    now = datetime(2030, 1, 2, tzinfo=UTC)
    assert parse_since(text, now) == now - ago


def test_since_takes_iso_times_in_utc_unless_they_have_an_offset() -> None:
    assert parse_since("2030-01-01T12:00") == datetime(2030, 1, 1, 12, tzinfo=UTC)
    assert parse_since("2030-01-01T12:00:00Z") == datetime(2030, 1, 1, 12, tzinfo=UTC)
    assert parse_since("2030-01-01T13:00+01:00") == datetime(2030, 1, 1, 12, tzinfo=UTC)


def test_a_bad_since_or_service_is_a_usage_error_with_a_hint(blueprint: Path) -> None:
    result = runner.invoke(app, ["logs", "shop", "--since", "yesterday", "--blueprint",
                                 str(blueprint)])
    assert result.exit_code == 2
    assert "hint: e.g. --since 10m" in result.stderr
    result = runner.invoke(app, ["logs", "nope", "--blueprint", str(blueprint)])
    assert result.exit_code == 2
    assert "name one of: shop" in result.stderr
    result = runner.invoke(app, ["logs", "shop.nope", "--blueprint", str(blueprint)])
    assert result.exit_code == 2
    assert "shop.listItems" in result.stderr


def test_format_is_time_function_bar_message() -> None:
    event = LogEvent(1893456000123, "fn", "hello\n", "1")
    assert format_event(event, 4) == "00:00:00.123 fn   | hello"


def test_logs_help_teaches_with_an_example() -> None:
    result = runner.invoke(app, ["logs", "--help"])
    assert result.exit_code == 0
    for text in ("SERVICE[.FUNCTION]", "--since", "--follow", "Examples:", "UTC"):
        assert text in result.stdout
