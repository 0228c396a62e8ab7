"""Fuzzing the gate: anything validate accepts renders, nothing crashes, hostile text stays inert.

Two generators: valid blueprints (every service in TypeScript or Python), which must render
and give Python that parses; and valid blueprints with one name or text value replaced by a
hostile string (newlines, NUL, unicode, language keywords, 300 characters, ``${...}``,
``%{...}``), which validate must either reject with a located diagnostic or accept, and
then render. Example counts are set for CI: 200 and 500 blueprints.
"""

from __future__ import annotations

import ast
import copy
import keyword
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scaffold.blueprint.load import load_text
from scaffold.blueprint.validate import validate
from scaffold.errors import BlueprintError
from scaffold.project.rendering import render
from tests.property.test_blueprint_properties import blueprints

FILE = "fuzz.yaml"
RUNTIMES = ["nodejs22.x", "python3.13"]

HOSTILE = st.one_of(
    st.sampled_from([
        "acme\n", "a\nb", "x\x00y", "\t", " ", "", "for", "in", "if", "null", "true",
        "class", "import", "match", "case", "type", "tests", "boto3", "__init__",
        "${file(\"/etc/passwd\")}", "%{ for x in y }", "$${x}", "a" * 300, "A" * 64,
        "é", "日本", "🙂", "../x", "a/b", "C:\\x", "'", "\"", "\\", "a b", "-x", "x-",
        "on-connect", "onConnect", "1abc",
        # the checks of issue 19: reserved prefixes, wiring names, AWS expression rules
        "aws", "ssm-app", "xn--app", "sthree-x", "connections", "TABLE_X", "APP_NAME",
        "accessGenerated", "onconnect", "cron(0 3 * * * *)", "cron(0 24 * * ? *)",
        "cron(0 3 ? * MON-FRI *)", "rate(1 minutes)", "GET /{a}/{a}", "GET /{proxy+}/x",
        "GET /a//b", "ANY /{proxy+}", "States.ALL", "x" * 81,
    ]),
    st.sampled_from(keyword.kwlist),
    st.text(max_size=40),
)


def _with_runtimes(data: dict[str, Any], runtimes: list[str]) -> dict[str, Any]:
    for name, runtime in zip(sorted(data["services"]), runtimes, strict=False):
        data["services"][name]["runtime"] = runtime
    return data


@st.composite
def typed_blueprints(draw: st.DrawFn) -> dict[str, Any]:
    data = draw(blueprints())
    runtimes = draw(st.lists(st.sampled_from(RUNTIMES), min_size=len(data["services"]),
                             max_size=len(data["services"])))
    return _with_runtimes(data, runtimes)


def _load(data: Any) -> Any:
    return validate(load_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), FILE))


def _render_and_parse(bp: Any) -> None:
    files = render(bp)
    assert files
    for f in files:
        if f.path.endswith(".py"):
            ast.parse(f.content.decode("utf-8"), f.path)  # raises on a syntax error
        if f.path.endswith((".tf", ".tfvars")):
            text = f.content.decode("utf-8")
            assert "\x00" not in text, f.path


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(typed_blueprints())
def test_what_validate_accepts_renders(data: dict[str, Any]) -> None:
    _render_and_parse(_load(data))


def _places(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    """Paths of names (keys) and text values a user writes, to replace with hostile text."""
    found: list[tuple[tuple[Any, ...], str]] = [(("name",), "value"), (("region",), "value")]

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                found.append(((*path, key), "key"))
                walk(value, (*path, key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, (*path, i))
        elif isinstance(node, str):
            found.append((path, "value"))

    walk(data["services"], ("services",))
    if data.get("auth"):
        walk(data["auth"], ("auth",))
    return found


def _replace(data: dict[str, Any], path: tuple[Any, ...], kind: str, text: str) -> None:
    parent: Any = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if kind == "key":
        if text in parent:
            return
        parent[text] = parent.pop(last)
    else:
        parent[last] = text


@settings(max_examples=500, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(typed_blueprints(), st.data())
def test_hostile_text_is_rejected_cleanly_or_renders(data: dict[str, Any],
                                                     pick: st.DataObject) -> None:
    broken = copy.deepcopy(data)
    path, kind = pick.draw(st.sampled_from(_places(broken)))
    _replace(broken, path, kind, pick.draw(HOSTILE))
    try:
        bp = _load(broken)
    except BlueprintError as exc:
        assert exc.diagnostics
        for d in exc.diagnostics:
            assert d.location.file == FILE and d.location.line >= 1, d
            assert "\n" not in d.message, d.message  # hostile text is shown escaped
            assert d.hint, d.format()  # every located error says what to do
        return
    _render_and_parse(bp)


def _first_service(data: dict[str, Any]) -> dict[str, Any]:
    return data["services"][sorted(data["services"])[0]]


def _route(data: dict[str, Any], key: str) -> None:
    _first_service(data).setdefault("routes", {})[key] = "fuzzRoute"


def _schedule(data: dict[str, Any], expression: str) -> None:
    _first_service(data)["schedules"] = {"fuzzSchedule": expression}


def _workflow(data: dict[str, Any], step: dict[str, Any]) -> None:
    _first_service(data)["workflows"] = {"fuzz-flow": [step]}


def _env(data: dict[str, Any], name: str) -> None:
    _first_service(data)["routes"]["GET /fuzz-env"] = {"handler": "fuzzEnv",
                                                       "environment": {name: "x"}}


# One blueprint mutation per rule added by issue 19, with the code it must produce.
MUTATIONS: list[tuple[str, Any]] = [
    ("N011", lambda d: d.update(name="aws-" + d["name"][:10])),
    ("N011", lambda d: d.update(name="ssm" + d["name"][:10])),
    ("N012", lambda d: d.update(name="xn--" + d["name"][:10])),
    ("N013", lambda d: _first_service(d).update(
        runtime="nodejs22.x", websocket={"$connect": "onconnect", "$disconnect": "onConnect"})),
    ("C149", lambda d: _first_service(d).update(
        websocket={"$connect": "fuzzConnect"}, tables={"connections": {"key": "id"}})),
    ("N013", lambda d: _first_service(d).update(
        runtime="python3.13", schedules={"accessGenerated": "rate(1 day)"})),
    ("C160", lambda d: _env(d, "TABLE_ANYTHING")),
    ("C160", lambda d: _env(d, "EVENT_BUS_NAME")),
    ("C160", lambda d: d.update(stages={"dev": {"environment": {"SECRET_X": "y"}}})),
    ("C161", lambda d: _route(d, "GET /fuzz/{proxy+}/more")),
    ("C161", lambda d: _route(d, "GET /fuzz/{id}/x/{id}")),
    ("C161", lambda d: _route(d, "GET /fuzz//x")),
    ("C161", lambda d: _route(d, "GET /fuzz{id}")),
    ("C162", lambda d: _schedule(d, "cron(0 3 * * * *)")),
    ("C162", lambda d: _schedule(d, "cron(0 3 ? * ? *)")),
    ("C162", lambda d: _schedule(d, "cron(61 3 * * ? *)")),
    ("C162", lambda d: _schedule(d, "cron(0 3 * 13 ? *)")),
    ("C162", lambda d: _schedule(d, "cron(0 3 ? * 9 *)")),
    ("C163", lambda d: _workflow(d, {"task": "fuzzTask", "name": "S" * 81})),
    ("C164", lambda d: _workflow(d, {"task": "fuzzTask",
                                     "retry": {"errors": ["States.ALL", "States.Timeout"]}})),
]


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(typed_blueprints(), st.sampled_from(MUTATIONS))
def test_each_aws_rule_rejects_its_mutation(data: dict[str, Any],
                                            mutation: tuple[str, Any]) -> None:
    code, mutate = mutation
    broken = copy.deepcopy(data)
    mutate(broken)
    try:
        _load(broken)
    except BlueprintError as exc:
        codes = {d.code for d in exc.diagnostics}
        assert code in codes, (code, [d.format() for d in exc.diagnostics])
        assert all(d.hint for d in exc.diagnostics)
        return
    raise AssertionError(f"{code}: the mutated blueprint validated")


VALID_NEAR_MISSES: list[Any] = [
    lambda d: _route(d, "ANY /fuzz/{proxy+}"),
    lambda d: _route(d, "GET /fuzz/{id}/items/{itemId}"),
    lambda d: _schedule(d, "cron(0 9 ? * MON-FRI *)"),
    lambda d: _schedule(d, "cron(0/15 * L * ? 2030)"),
    lambda d: _schedule(d, "cron(0 3 ? * 6#3 *)"),
    lambda d: _workflow(d, {"task": "fuzzTask", "name": "S" * 80}),
    lambda d: _env(d, "TABLES"),
    lambda d: d.update(name="my-aws"),
]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(typed_blueprints(), st.sampled_from(VALID_NEAR_MISSES))
def test_what_the_new_rules_allow_still_validates_and_renders(data: dict[str, Any],
                                                              mutate: Any) -> None:
    near = copy.deepcopy(data)
    mutate(near)
    _render_and_parse(_load(near))


def test_the_ci_example_counts_are_not_reduced() -> None:
    counts = {f.__name__: f._hypothesis_internal_use_settings.max_examples
              for f in (test_what_validate_accepts_renders,
                        test_hostile_text_is_rejected_cleanly_or_renders)}
    assert counts["test_what_validate_accepts_renders"] >= 200, counts
    assert counts["test_hostile_text_is_rejected_cleanly_or_renders"] >= 500, counts
