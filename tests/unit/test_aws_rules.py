"""The AWS expression grammars validate applies: valid and invalid examples of each rule."""

from __future__ import annotations

import pytest

from scaffold.blueprint.aws_rules import bucket_ok, cron_problem, route_path_problem


@pytest.mark.parametrize("path", ["/", "/a", "/a/", "/a/{id}", "/a/{id}/b/{bId}",
                                  "/{proxy+}", "/files/{id}/{proxy+}", "/v1.2/x_y-z~"])
def test_api_gateway_accepts_these_paths(path: str) -> None:
    assert route_path_problem(path) is None


@pytest.mark.parametrize("path,words", [
    ("/{proxy+}/x", "last segment"), ("/a/{id}/b/{id}", "twice"), ("/a//b", "empty"),
    ("/a{id}", "mixes"), ("/{}", "mixes"), ("/a+b", "stray"), ("/{id", "stray"),
])
def test_api_gateway_refuses_these_paths(path: str, words: str) -> None:
    problem = route_path_problem(path)
    assert problem and words in problem


@pytest.mark.parametrize("expr", ["0 3 * * ? *", "0 9 ? * MON-FRI *", "0/15 * * * ? *",
                                  "*/5 * * * ? *", "0 3 L * ? *", "0 3 15W * ? *",
                                  "0 3 ? * 6L *", "0 3 ? * 2#1 *", "0 8 1,15 * ? *",
                                  "0 3 * JAN-MAR ? 2030", "0 0 ? * SUN *"])
def test_eventbridge_accepts_these_cron_fields(expr: str) -> None:
    assert cron_problem(expr.split(" ")) is None


@pytest.mark.parametrize("expr,words", [
    ("0 3 * * * *", "exactly one"), ("0 3 ? * ? *", "exactly one"),
    ("60 3 * * ? *", "minutes '60'"), ("0 24 * * ? *", "hours '24'"),
    ("0 3 0 * ? *", "day-of-month '0'"), ("0 3 * 13 ? *", "month '13'"),
    ("0 3 ? * 8 *", "day-of-week '8'"), ("0 3 * * ? 1969", "year '1969'"),
    ("x 3 * * ? *", "not a valid field"), ("0 3 40W * ? *", "outside 1-31"),
    ("0 3 ? * MON#6 *", "not a valid field"),
])
def test_eventbridge_refuses_these_cron_fields(expr: str, words: str) -> None:
    problem = cron_problem(expr.split(" "))
    assert problem and words in problem


@pytest.mark.parametrize("name,ok", [
    ("acme-terraform-state", True), ("a.b-c", True), ("ab", False), ("Acme", False),
    ("a..b", False), ("192.168.1.1", False), ("xn--acme", False), ("sthree-acme", False),
    ("amzn-s3-demo-acme", False), ("acme-s3alias", False), ("acme--ol-s3", False),
    ("acme.mrap", False), ("acme--x-s3", False), ("acme--table-s3", False), ("a" * 64, False),
])
def test_s3_bucket_naming_rules(name: str, ok: bool) -> None:
    assert bucket_ok(name) is ok
