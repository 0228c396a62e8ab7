"""Cross-reference rules (``scaffold.blueprint.checks``) and the name helpers they use."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.blueprint import names
from scaffold.blueprint.checks import CHECKS, run_checks, step_name
from scaffold.blueprint.functions import iter_functions, merged_options
from scaffold.blueprint.load import load_blueprint, load_text
from scaffold.blueprint.validate import validate
from scaffold.errors import BlueprintError, Diagnostic

REPO = Path(__file__).resolve().parent.parent.parent
HEAD = "blueprint: 1\nname: acme\nregion: eu-west-1\n"


def problems(body: str, head: str = HEAD) -> list[Diagnostic]:
    try:
        validate(load_text(head + body, "b.yaml"))
    except BlueprintError as exc:
        return exc.diagnostics
    return []


def codes(body: str, head: str = HEAD) -> list[str]:
    return [d.code for d in problems(body, head)]


def where(d: Diagnostic) -> tuple[str, int, int]:
    return d.code, d.location.line, d.location.col


@pytest.mark.parametrize("path", sorted((REPO / "blueprints").glob("*.yaml")),
                         ids=lambda p: p.name)
def test_examples_pass_every_check(path: Path) -> None:
    doc = load_blueprint(path)
    bp = validate(doc)
    assert list(run_checks(bp, doc.source_map)) == []


def test_every_check_has_a_docstring() -> None:
    assert all(check.__doc__ for check in CHECKS)
    assert len({c.__name__ for c in CHECKS}) == len(CHECKS)


# --- one code per rule -----------------------------------------------------------------

def test_stream_without_stream_and_empty_step_have_different_codes() -> None:
    stream = codes("services:\n  s:\n    tables: {t: {key: id}}\n    streams: {onT: t}\n")
    step = codes("services:\n  s:\n    workflows:\n      w: [{task: }]\n")
    assert stream == ["C108"]
    assert step == ["C128"]


# --- locations point at the offending item ---------------------------------------------

def test_option_items_are_located_precisely() -> None:
    found = problems("services:\n  s:\n    tables: {t: {key: id}}\n    routes:\n"
                     "      GET /a: {handler: a, reads: [t, nope], secrets: [k]}\n")
    assert [where(d) for d in found] == [("C112", 8, 39), ("C116", 8, 56)]


def test_options_under_functions_are_located_there() -> None:
    found = problems("services:\n  s:\n    routes:\n      GET /a: a\n"
                     "    functions:\n      a: {publishes: [Nope], environment: {AWS_X: y}}\n")
    assert [where(d) for d in found] == [("C111", 9, 23), ("C119", 9, 44)]


def test_auth_list_items_are_located_precisely() -> None:
    found = problems("auth: {groups: [admin]}\nservices:\n  s:\n    routes:\n"
                     "      GET /a: {handler: a, auth: [admin, admins]}\n")
    assert [where(d) for d in found] == [("C107", 8, 42)]
    assert found[0].hint == "did you mean 'admin'?"


# --- rules -------------------------------------------------------------------------------

def test_routes_clash_on_shape_not_parameter_names() -> None:
    assert codes("services:\n  s:\n    routes:\n      GET /a/{x}/b: a\n"
                 "      GET /a/{y}/b: b\n      POST /a/{x}/b: c\n      GET /a/{x}: d\n") == [
        "C104"]


def test_upload_routes_take_part_in_clashes() -> None:
    assert codes("services:\n  s:\n    routes:\n      POST /u: a\n    uploads:\n"
                 "      files: {presign: p, route: POST /u, auth: public}\n") == ["C104"]


def test_handler_used_by_a_route_and_a_workflow_step_is_declared_twice() -> None:
    assert codes("services:\n  s:\n    routes:\n      GET /a: run\n"
                 "    workflows:\n      w: [run]\n") == ["C105"]


def test_subscribing_to_an_event_of_the_same_service_is_allowed() -> None:
    assert codes("services:\n  s:\n    events: [Done]\n    subscribes: {onDone: s.Done}\n") == []


def test_a_stream_on_another_services_table() -> None:
    found = problems("services:\n  a:\n    tables: {t: {key: id, stream: true}}\n"
                     "  b:\n    streams: {onT: t}\n")
    assert [d.code for d in found] == ["C109"]
    assert "of service 'a'" in found[0].message


def test_stream_on_a_table_with_a_stream_view() -> None:
    assert codes("services:\n  s:\n    tables: {t: {key: id, stream: keys_only}}\n"
                 "    streams: {onT: t}\n") == []


def test_attribute_and_index_names() -> None:
    assert codes("services:\n  s:\n    tables:\n      t:\n        key: id\n"
                 "        ttl: 'expires at'\n        indexes:\n"
                 "          ix: {key: 'a b', sort: ok}\n") == ["N007", "N008", "N007"]


def test_physical_names_use_the_longest_stage() -> None:
    handler = "h" + "x" * 38  # acme-dev-svc-<39> = 52; with stage 'production' = 59
    assert codes(f"services:\n  svc:\n    routes:\n      GET /a: {handler}\n") == []
    handler = "h" + "x" * 46
    body = f"services:\n  svc:\n    routes:\n      GET /a: {handler}\n"
    assert codes(body) == []  # 60 characters with 'dev'
    assert codes("stages: {dev: {}, production: {}}\n" + body) == ["N002"]


def test_log_retention_suggests_the_nearest_allowed_value() -> None:
    found = problems("defaults: {log_retention_days: 100}\nstages: {prod: "
                     "{log_retention_days: 2000}}\nservices:\n  s: {log_retention_days: 4}\n")
    assert [d.code for d in found] == ["C129", "C129", "C129"]
    assert [d.hint.split(";")[0] for d in found if d.hint] == [
        "nearest allowed: 90", "nearest allowed: 1827", "nearest allowed: 3"]


def test_stage_runtime() -> None:
    assert codes("stages: {prod: {runtime: python3.13}}\nservices:\n  s: {}\n") == ["C132"]
    assert codes("stages: {prod: {memory: 1024}}\nservices:\n  s: {runtime: python3.13}\n"
                 ) == []


@pytest.mark.parametrize(("step", "expected"), [
    ("{choice: c, when: []}", ["C133"]),
    ("{choice: c, when: [{variable: $.x, next: a}]}", ["C133"]),
    ("{choice: c, when: [{variable: $.x, equals: 1, not_equals: 2, next: a}]}", ["C133"]),
    ("{choice: c, when: [{variable: x, equals: 1, next: a}]}", ["C133"]),
    ("{choice: c, when: [{variable: $.x, equals: null, next: a}]}", []),
    ("{choice: c, when: [{variable: $.x, is_present: false, next: a}]}", []),
    ("{wait: {}}", ["C134"]),
    ("{wait: {seconds: 1, timestamp_path: $.t}}", ["C134"]),
    ("{wait: {timestamp_path: $.t}}", []),
    ("{wait: 5, name: pause}", []),
])
def test_workflow_step_shapes(step: str, expected: list[str]) -> None:
    assert codes(f"services:\n  s:\n    workflows:\n      w:\n        - a\n"
                 f"        - {step}\n") == expected


def test_resumes_needs_a_callback_step() -> None:
    body = ("services:\n  s:\n    workflows:\n      w: [{wait_for_callback: wait}]\n"
            "    routes:\n      POST /done: {handler: done, resumes: [w], starts: [w]}\n")
    assert codes(body) == []
    assert codes(body.replace("wait_for_callback", "task")) == ["C117"]


@pytest.mark.parametrize(("expression", "ok"), [
    ("rate(1 minute)", True), ("rate(5 minutes)", True), ("rate(1 day)", True),
    ("rate(2 hours)", True), ("cron(0 3 * * ? *)", True),
    ("rate(1 days)", False), ("rate(0 minutes)", False), ("cron(0 3 * * ?)", False),
    ("every day", False),
])
def test_schedule_expressions(expression: str, ok: bool) -> None:
    found = codes(f"services:\n  s:\n    schedules:\n      tick: '{expression}'\n")
    assert found == ([] if ok else ["C121"])


@pytest.mark.parametrize(("origin", "ok"), [
    ("*", True), ("https://app.example.com", True), ("http://localhost:3000", True),
    ("https://app.example.com/", False), ("ftp://x", False), ("app.example.com", False),
])
def test_cors_origins(origin: str, ok: bool) -> None:
    found = codes(f"api: {{cors_origins: ['{origin}']}}\nservices:\n  s: {{}}\n")
    assert found == ([] if ok else ["C130"])


@pytest.mark.parametrize(("tags", "ok"), [
    ("{team: platform, 'cost center': '4711', 'a:b/c=d+e-f@g.h_i': x}", True),
    ("{'aws:team': x}", False), ("{'AWS:x': y}", False), ("{x: 'a{b'}", False),
])
def test_tags(tags: str, ok: bool) -> None:
    assert codes(f"tags: {tags}\nservices:\n  s: {{}}\n") == ([] if ok else ["C131"])


@pytest.mark.parametrize(("variable", "ok"), [
    ("LOG_LEVEL", True), ("_private", False), ("AWS_REGION", False), ("LAMBDA_X", False),
    ("1ST", False), ("A-B", False),
])
def test_environment_names(variable: str, ok: bool) -> None:
    found = codes(f"services:\n  s:\n    routes:\n      GET /a: {{handler: a, environment: "
                  f"{{'{variable}': v}}}}\n")
    assert found == ([] if ok else ["C119"])


@pytest.mark.parametrize(("domain", "expected"), [
    ("acme.example", []), ("api.acme.example", []), ("a.b.acme.example", []),
    ("acme.example.evil", ["C127"]), ("notacme.example", ["C127"]), ("Api.acme.example", ["C126"]),
])
def test_domains_inside_the_zone(domain: str, expected: list[str]) -> None:
    assert codes(f"dns: {{zone: acme.example}}\napi: {{domain: '{domain}'}}\n"
                 "services:\n  s: {}\n") == expected


@pytest.mark.parametrize(("region", "ok"), [
    ("eu-west-1", True), ("us-gov-west-1", True), ("ap-southeast-2", True),
    ("europe", False), ("eu-west", False), ("EU-WEST-1", False),
])
def test_regions(region: str, ok: bool) -> None:
    head = f"blueprint: 1\nname: acme\nregion: {region}\n"
    assert codes("services:\n  s: {}\n", head) == ([] if ok else ["C124"])


def test_websocket_rules() -> None:
    ok = "services:\n  s:\n    websocket: {$connect: c, $default: d, send-message: m}\n"
    assert codes(ok) == []
    assert codes("services:\n  s:\n    websocket: {'$other': c}\n") == ["C120"]
    assert codes("services:\n  s:\n    routes:\n      GET /a: {handler: a, push: true}\n"
                 ) == ["C118"]


# --- helpers ---------------------------------------------------------------------------

def test_step_names() -> None:
    doc = load_text(HEAD + "services:\n  s:\n    workflows:\n      w:\n        - a\n"
                    "        - {task: b, name: second}\n        - {wait: 3}\n"
                    "        - {succeed: ok}\n", "b.yaml")
    steps = validate(doc).services["s"].workflows["w"].steps
    assert [step_name(s, i) for i, s in enumerate(steps)] == ["a", "second", "Wait3", "ok"]


def test_merged_options_add_lists_and_keep_own_scalars() -> None:
    doc = load_text(HEAD + "services:\n  s:\n    tables: {t: {key: id}, u: {key: id}}\n"
                    "    routes:\n      GET /a: {handler: a, reads: [t], memory: 512, "
                    "environment: {A: own}}\n    functions:\n"
                    "      a: {reads: [u, t], memory: 1024, environment: {A: x, B: y}}\n",
                    "b.yaml")
    bp = validate(doc)
    use = next(iter_functions("s", bp.services["s"]))
    opts = merged_options(bp.services["s"], use)
    assert opts.reads == ["t", "u"]
    assert opts.memory == 512
    assert opts.environment == {"A": "own", "B": "y"}


@pytest.mark.parametrize(("name", "kebab", "snake", "pascal"), [
    ("listProjects", "list-projects", "list_projects", "ListProjects"),
    ("getURL", "get-url", "get_url", "GetUrl"),
    ("send-campaign", "send-campaign", "send_campaign", "SendCampaign"),
    ("a", "a", "a", "A"),
])
def test_name_conversions(name: str, kebab: str, snake: str, pascal: str) -> None:
    assert names.kebab(name) == kebab
    assert names.snake(name) == snake
    assert names.pascal(name) == pascal


def test_physical_name() -> None:
    from scaffold.blueprint import physical

    name = f'{physical.prefix("acme", "dev")}-{physical.function("users", "getMe")}'
    assert name == "acme-dev-users-get-me"


@pytest.mark.parametrize(("value", "kind", "label", "words"), [
    ("../x", "service", None, "could escape the output folder; a service name"),
    ("a/b", "resource", "table", "a table name becomes part of file paths"),
    ("/abs", "index", None, "an index name"),
    ("a" * 41, "resource", "bucket", "is 41 characters long; a bucket name has at most 40"),
    ("a" * 25, "app", None, "an app name has at most 20"),
    ("Bad", "app", None, "is not a valid app name: use lowercase"),
    ("ab", "index", None, "is not a valid index name"),
])
def test_explain_bad_name(value: str, kind: str, label: str | None, words: str) -> None:
    assert not names.KINDS[kind][0].match(value)
    assert words in names.explain_bad_name(value, kind, label)


def test_name_kinds_accept_their_examples() -> None:
    examples = {"app": "acme", "stage": "prod", "service": "user-profiles",
                "resource": "mailer-api-key", "handler": "onUserSignedUp",
                "event": "UserSignedUp", "attribute": "createdAt", "group": "admin",
                "index": "byOwner"}
    for kind, example in examples.items():
        assert names.KINDS[kind][0].match(example), kind
