"""Property tests: generated valid blueprints validate; broken ones fail cleanly.

Example counts are small so the module runs in a few seconds.
"""

from __future__ import annotations

import copy
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scaffold.blueprint.checks import METHODS
from scaffold.blueprint.load import load_text
from scaffold.blueprint.names import python_module_problem, python_package_problem, snake
from scaffold.blueprint.validate import validate
from scaffold.errors import BlueprintError

FILE = "generated.yaml"
SETTINGS = settings(max_examples=15, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Names short enough that app-stage-service-handler stays within every AWS limit, and
# lowercase handlers so that no two of them collapse to the same snake_case file name.
LOWER = "abcdefghijklmnopqrstuvwxyz"
DIGITS = "0123456789"


def _name(first: str, rest: str, longest: int) -> st.SearchStrategy[str]:
    """A name: one character of ``first``, then up to ``longest - 1`` of ``rest``."""
    return st.builds(str.__add__, st.sampled_from(first),
                     st.text(alphabet=rest, max_size=longest - 1))


# Any service may be a Python one (test_fuzz): no keyword or standard-library module names.
service_names = _name(LOWER, LOWER + DIGITS, 10).filter(
    lambda n: python_package_problem(snake(n)) is None)
handler_names = _name(LOWER, LOWER + DIGITS, 12).filter(
    lambda n: python_module_problem(snake(n)) is None)
table_names = _name(LOWER, LOWER + DIGITS, 10)
event_names = _name(LOWER.upper(), LOWER + LOWER.upper() + DIGITS, 12)
group_names = _name(LOWER, LOWER + DIGITS + "_-", 10).filter(
    lambda g: g not in ("public", "user"))
attribute_names = _name(LOWER + LOWER.upper() + "_", LOWER + LOWER.upper() + DIGITS + "_", 10)
segments = st.one_of(_name(LOWER + DIGITS, LOWER + DIGITS, 8),
                     _name(LOWER, LOWER + LOWER.upper(), 6).map(lambda p: "{" + p + "}"))
routes = st.tuples(st.sampled_from(METHODS), st.lists(segments, min_size=0, max_size=3)).filter(
    lambda r: len([p for p in r[1] if p.startswith("{")])
    == len({p for p in r[1] if p.startswith("{")}))  # API Gateway: no parameter twice


def _shape(route: tuple[str, list[str]]) -> tuple[str, tuple[str, ...]]:
    method, parts = route
    return method, tuple("{}" if p.startswith("{") else p for p in parts)


TABLES = st.fixed_dictionaries(
    {"key": st.one_of(attribute_names, st.fixed_dictionaries(
        {"name": attribute_names, "type": st.sampled_from(["string", "number", "binary"])}))},
    optional={"sort": attribute_names, "ttl": attribute_names,
              "stream": st.sampled_from([True, False, "keys_only", "new_and_old_images"])})


@st.composite
def blueprints(draw: st.DrawFn) -> dict[str, Any]:
    """A valid blueprint: services with tables, events, routes, streams, subscriptions."""
    groups = draw(st.lists(group_names, max_size=3, unique=True))
    auth_values = ["public", "user", *groups]
    names = draw(st.lists(service_names, min_size=1, max_size=3, unique=True))
    # routes are unique across the whole API (method + path shape), dealt out to services
    all_routes = draw(st.lists(routes, min_size=len(names), max_size=8, unique_by=_shape))
    events_of = {n: draw(st.lists(event_names, max_size=2, unique=True)) for n in names}
    published = [f"{n}.{e}" for n, events in events_of.items() for e in events]
    services: dict[str, Any] = {}
    for i, name in enumerate(names):
        tables = draw(st.dictionaries(table_names, TABLES, max_size=2))
        events = events_of[name]
        mine = all_routes[i::len(names)]
        handlers = iter(draw(st.lists(handler_names, min_size=len(mine) + 3,
                                      max_size=len(mine) + 3, unique=True)))
        service: dict[str, Any] = {}
        if tables:
            service["tables"] = tables
        if events:
            service["events"] = draw(st.sampled_from(
                [events, {e: {"id": "string"} for e in events}]))
        service_routes: dict[str, Any] = {}
        for method, parts in mine:
            handler = next(handlers)
            long_form: dict[str, Any] = {"handler": handler,
                                         "auth": draw(st.sampled_from(auth_values))}
            if tables:
                long_form["reads"] = draw(st.lists(st.sampled_from(sorted(tables)), unique=True))
                long_form["writes"] = draw(st.lists(st.sampled_from(sorted(tables)),
                                                    unique=True))
            if events:
                long_form["publishes"] = draw(st.lists(st.sampled_from(events), unique=True))
            if draw(st.booleans()):
                long_form["memory"] = draw(st.integers(128, 10240))
            # the short form (just the handler) takes the default auth
            service_routes[f"{method} /{'/'.join(parts)}"] = draw(
                st.sampled_from([long_form, handler]))
        service["routes"] = service_routes
        streamed = [t for t, spec in tables.items() if spec.get("stream", False) is not False]
        if streamed and draw(st.booleans()):
            service["streams"] = {next(handlers): draw(st.sampled_from(streamed))}
        if published and draw(st.booleans()):
            service["subscribes"] = {next(handlers): draw(st.sampled_from(published))}
        if draw(st.booleans()):
            service["schedules"] = {next(handlers): draw(st.sampled_from(
                ["rate(1 day)", "rate(5 minutes)", "cron(0 3 * * ? *)"]))}
        services[name] = service
    data: dict[str, Any] = {"blueprint": 1, "name": "acme", "region": "eu-west-1",
                            "auth": {"groups": groups}, "services": services}
    if draw(st.booleans()):
        data["stages"] = {"dev": {}, "prod": {"memory": 512, "log_retention_days": 30}}
    return data


def _load(data: Any) -> Any:
    return validate(load_text(yaml.safe_dump(data, sort_keys=False), FILE))


def _assert_located(exc: BlueprintError, text: str) -> None:
    lines = text.count("\n") + 1
    assert exc.diagnostics
    for diagnostic in exc.diagnostics:
        where = diagnostic.location
        assert where.file == FILE
        assert 1 <= where.line <= lines, diagnostic.format()
        assert where.col >= 1
        assert diagnostic.code[0] in "LSNC" and diagnostic.code[1:].isdigit()
        assert diagnostic.message
        assert diagnostic.hint, diagnostic.format()  # every located error says what to do
        assert "Traceback" not in diagnostic.format()


def _expect_error(data: Any) -> BlueprintError:
    text = yaml.safe_dump(data, sort_keys=False)
    try:
        validate(load_text(text, FILE))
    except BlueprintError as exc:
        _assert_located(exc, text)
        return exc
    raise AssertionError("the broken blueprint validated:\n" + text)


@SETTINGS
@given(blueprints())
def test_generated_blueprints_validate(data: dict[str, Any]) -> None:
    bp = _load(data)
    assert set(bp.services) == set(data["services"])


def _mappings(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    if isinstance(node, dict):
        found.append(path)
        for key, value in node.items():
            found += _mappings(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _mappings(value, (*path, i))
    return found


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _leaves(v, (*path, k))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _leaves(v, (*path, i))]
    return [path]


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


@SETTINGS
@given(blueprints(), st.sampled_from(["blueprint", "name", "region", "services"]))
def test_dropping_a_required_key_fails_cleanly(data: dict[str, Any], key: str) -> None:
    broken = copy.deepcopy(data)
    del broken[key]
    exc = _expect_error(broken)
    assert any(d.code == "S004" and key in d.message for d in exc.diagnostics)


@SETTINGS
@given(blueprints(), st.data())
def test_dropping_a_table_key_fails_cleanly(data: dict[str, Any], pick: st.DataObject) -> None:
    tables = [(s, t) for s, svc in data["services"].items() for t in svc.get("tables", {})]
    broken = copy.deepcopy(data)
    if not tables:
        broken["services"][next(iter(broken["services"]))]["tables"] = {"t": {"sort": "x"}}
    else:
        service, table = pick.draw(st.sampled_from(tables))
        broken["services"][service]["tables"][table] = {"sort": "x"}
    exc = _expect_error(broken)
    assert any(d.code == "S004" and "'key'" in d.message for d in exc.diagnostics)


@SETTINGS
@given(blueprints(), st.data())
def test_inserting_an_unknown_key_fails_cleanly(data: dict[str, Any],
                                                pick: st.DataObject) -> None:
    broken = copy.deepcopy(data)
    path = pick.draw(st.sampled_from(_mappings(broken)))
    # a key no mapping accepts, with a value no free-form mapping (tags, fields...) accepts
    _get(broken, path)["zzUnknownKey"] = [[1]]
    _expect_error(broken)


@SETTINGS
@given(blueprints(), st.data(), st.sampled_from([{"zz": [[1]]}, [1, 2], [[None]]]))
def test_a_value_of_the_wrong_type_fails_cleanly(data: dict[str, Any], pick: st.DataObject,
                                                 wrong: Any) -> None:
    broken = copy.deepcopy(data)
    path = pick.draw(st.sampled_from(_leaves(broken)))
    _get(broken, path[:-1])[path[-1]] = copy.deepcopy(wrong)
    _expect_error(broken)


YAMLISH = st.text(alphabet=st.sampled_from(list("ab1 -:[]{},&*!|>'\"#%@`?\n\t\\\x00é")),
                  max_size=80)


@settings(max_examples=40, deadline=None)
@given(YAMLISH)
def test_arbitrary_text_never_raises_anything_else(text: str) -> None:
    try:
        validate(load_text(text, FILE))
    except BlueprintError as exc:
        _assert_located(exc, text)


@settings(max_examples=20, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise_anything_else(raw: bytes) -> None:
    try:
        validate(load_text(raw, FILE))
    except BlueprintError as exc:
        _assert_located(exc, raw.decode("utf-8", "replace"))
