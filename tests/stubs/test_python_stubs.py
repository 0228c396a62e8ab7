"""Python handler stubs: what render emits, that it is inert and typed, and that it runs.

The slow tests import every handler of the webapp's Python service and run the generated
pytest suites in a subprocess, for the webapp and for a kitchen sink that has every trigger
kind, every Cognito trigger, every field type and hostile text.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaffold.blueprint import model
from scaffold.blueprint.load import load_blueprint, load_text
from scaffold.blueprint.validate import validate
from scaffold.errors import BlueprintError
from scaffold.output.files import OutputFile
from scaffold.output.manifest import GENERATED_MARKER_HASH
from scaffold.plan import contract
from scaffold.plan.build import build_plan
from scaffold.render.python.emit import PYPROJECT_TEMPLATE, SEED_HEADER, emit_python_stubs
from scaffold.render.python.env import doc, py_literal, render_text_template

REPO = Path(__file__).resolve().parents[2]
WEBAPP = REPO / "blueprints" / "webapp.yaml"

KITCHEN_SINK = r'''
blueprint: 1
name: sink
region: us-east-1
defaults: {runtime: python3.13}
auth: {groups: [admin, ops-team], default_group: ops-team}
api: {default_auth: user}
services:
  accounts:
    description: 'ends """ a docstring, "quotes", ${file("/etc/passwd")} and \ back'
    tables:
      accounts: {key: accountId}
      ledger: {key: accountId, sort: {name: seq, type: number}, stream: keys_only}
      counters: {key: {name: n, type: number}}
    events:
      AccountOpened:
        description: 'closes """ opens # ${x} "q" \ back'
        fields: {accountId: string, balance: number, count: integer, active: boolean,
                 meta: object, tags: "string[]", amounts: "number[]", items: "object[]",
                 "weird-name": string, "quo\"te'\"\"\"": string, __class__: string}
      Created: {id: string}
      Empty: {}
    auth_triggers:
      pre_sign_up: checkSignUp
      post_confirmation: {handler: onConfirmed, writes: [accounts], publishes: [AccountOpened]}
      pre_authentication: beforeLogin
      post_authentication: afterLogin
      pre_token_generation: addClaims
      custom_message: customMessage
      define_auth_challenge: defineChallenge
      create_auth_challenge: createChallenge
      verify_auth_challenge_response: verifyChallenge
      user_migration: migrateUser
    authorizer: {handler: checkPartner, identity: [$request.header.x-partner], secrets: [api-key]}
    routes:
      GET /accounts/{accountId}/ledger: {handler: listLedger, reads: [ledger]}
      GET /counters/{n}: {handler: getCounter, reads: [counters], auth: [admin, ops-team]}
      PUT /accounts/{accountId}: {handler: putAccount, writes: [accounts]}
      PATCH /counters/{n}: {handler: patchCounter, writes: [counters]}
      DELETE /ledger/{accountId}: {handler: deleteLedger, writes: [ledger]}
      GET /users: {handler: listUsers, users: read, auth: admin}
      GET /health: {handler: health, auth: public}
      GET /partners: {handler: partnerList, auth: custom, reads: [counters]}
      POST /echo: {handler: echo, publishes: [Created, Empty], secrets: [api-key]}
      GET /accounts: {handler: scanAccounts, writes: [accounts]}
      POST /ledger/{accountId}: {handler: addEntry, writes: [ledger]}
      POST /flows: {handler: startFlow, starts: [flow]}
      POST /flows/callback: {handler: resumeFlow, resumes: [flow], auth: public}
    subscribes:
      onCreated: {event: accounts.Created, writes: [accounts]}
      onOtherCreated: {event: other.Created, push: true}
      onOtherNoticed: {event: other.Noticed, push: true}
      onOtherTopic: {event: other.Created, push: true, push_topic: "other:{otherId}#x"}
    streams:
      onLedger: {table: ledger, publishes: [Created], secrets: [api-key]}
    schedules:
      tick: {schedule: rate(5 minutes), reads: [counters]}
    uploads:
      docs:
        presign: presignDoc
        route: POST /docs/{accountId}
        auth: public
        on_upload: {handler: onDoc, writes: [counters]}
    websocket:
      $connect: wsConnect
      $disconnect: wsDisconnect
      $default: {handler: wsDefault, push: true, secrets: [api-key]}
      ping: {handler: wsPing, publishes: [Created]}
      follow: {handler: wsFollow, topics: true}
    secrets: [api-key]
    workflows:
      flow:
        - {task: stepOne, reads: [counters], writes: [ledger]}
        - {wait_for_callback: waitHere, secrets: [api-key]}
        - {task: stepTwo, publishes: [Created]}
  other:
    events:
      Created: {otherId: string}
      Noticed: {userId: string, note: string}
    routes:
      GET /other: {handler: otherGet, auth: public}
'''


def _webapp() -> model.Blueprint:
    return validate(load_blueprint(WEBAPP))


def _sink() -> model.Blueprint:
    return validate(load_text(KITCHEN_SINK))


def _stubs(bp: model.Blueprint, service: str) -> list[OutputFile]:
    """The Python stubs of one service, rendered from its handler plan."""
    return emit_python_stubs(build_plan(bp).code.services[service])


def _write(root: Path, files: list[OutputFile]) -> None:
    for f in files:
        target = root / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(f.content)


def _by_path(files: list[OutputFile]) -> dict[str, OutputFile]:
    return {f.path: f for f in files}


def test_the_users_service_gets_stubs_tests_helpers_and_a_pyproject() -> None:
    files = _by_path(_stubs(_webapp(), "users"))
    base = "services/users"
    seeds = {f"{base}/pyproject.toml", f"{base}/src/users/__init__.py",
             f"{base}/src/users/handlers/__init__.py", f"{base}/tests/conftest.py",
             *(f"{base}/src/users/handlers/{m}.py" for m in ("get_me", "list_users",
                                                             "on_signed_up")),
             *(f"{base}/tests/test_{m}.py" for m in ("get_me", "list_users", "on_signed_up"))}
    assert {p for p, f in files.items() if f.ownership == "seed"} == seeds
    generated = {p for p, f in files.items() if f.ownership == "generated"}
    assert generated == {f"{base}/tests/scaffold_fixtures.py",
                         f"{base}/tests/test_access_generated.py",
                         f"{base}/tests/test_default_group_generated.py", *(
        f"{base}/src/users/generated/{m}.py" for m in (
            "__init__", "aws", "env", "events", "http", "powertools", "publish")), *(
        f"{base}/src/users/generated/entries/{m}.py" for m in (
            "__init__", "get_me", "list_users", "on_signed_up"))}


def test_seed_and_generated_files_say_who_owns_them_on_their_first_line() -> None:
    for f in _stubs(_sink(), "accounts"):
        first = f.content.decode().splitlines()[0]
        if f.ownership == "generated":
            assert first == GENERATED_MARKER_HASH, f.path
        else:
            assert "belongs to you" in first and "never overwrite" in first, f.path
    assert SEED_HEADER.startswith("# ")


def test_only_the_helpers_a_service_needs_are_generated() -> None:
    paths = set(_by_path(_stubs(_webapp(), "users")))
    for helper in ("push", "connections", "uploads", "secrets", "workflows"):
        assert f"services/users/src/users/generated/{helper}.py" not in paths
    sink = set(_by_path(_stubs(_sink(), "accounts")))
    for helper in ("push", "connections", "uploads", "secrets", "workflows", "publish"):
        assert f"services/accounts/src/accounts/generated/{helper}.py" in sink


def test_every_python_file_parses_even_with_hostile_blueprint_text() -> None:
    for service in ("accounts", "other"):
        for f in _stubs(_sink(), service):
            if f.path.endswith(".py"):
                compile(f.content, f.path, "exec")


def test_hostile_text_stays_inside_docstrings_and_literals() -> None:
    files = _by_path(_stubs(_sink(), "accounts"))
    events = files["services/accounts/src/accounts/generated/events.py"].content.decode()
    tree = ast.parse(events)
    # Module docstring, __future__ import, import typing, then only TypedDicts, their
    # docstrings and the SOURCES table: no statement smuggled in by a description.
    kinds = [type(node).__name__ for node in tree.body]
    assert set(kinds) <= {"Expr", "ImportFrom", "Import", "Assign", "AnnAssign", "ClassDef"}
    namespace: dict[str, object] = {}
    exec(compile(tree, "events.py", "exec"), namespace)  # noqa: S102 - our own output
    opened = namespace["AccountOpened"]
    fields = set(opened.__annotations__)  # type: ignore[attr-defined]
    assert fields >= {"weird-name", "quo\"te'\"\"\"", "__class__"}
    strings = [n.value.value for n in tree.body
               if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)]
    assert any('closes """ opens # ${x} "q" \\ back' in text for text in strings)


def test_wiring_names_come_from_the_contract() -> None:
    files = _by_path(_stubs(_sink(), "accounts"))
    env = files["services/accounts/src/accounts/generated/env.py"].content.decode()
    for name in (contract.env_table("ledger"), contract.ENV_EVENT_BUS, contract.ENV_EVENT_SOURCE,
                 contract.ENV_CONNECTIONS_TABLE, contract.ENV_WEBSOCKET_ENDPOINT,
                 contract.ENV_UPLOAD_BUCKET, contract.ENV_USER_POOL_ID,
                 contract.env_workflow("flow")):
        assert f'"{name}"' in env
    secrets = files["services/accounts/src/accounts/generated/secrets.py"].content.decode()
    assert f'"{contract.env_secret("api-key")}"' in secrets


def test_a_group_route_checks_the_cognito_groups_claim_in_its_generated_entry() -> None:
    files = _by_path(_stubs(_sink(), "accounts"))
    stub = files["services/accounts/src/accounts/handlers/get_counter.py"].content.decode()
    assert "require_groups" not in stub and "ALLOWED_GROUPS" not in stub
    entry = files["services/accounts/src/accounts/generated/entries/get_counter.py"]
    assert entry.ownership == "generated"
    text = entry.content.decode()
    assert 'ALLOWED_GROUPS = frozenset({"admin", "ops-team"})' in text
    assert "handler = guard_groups(ALLOWED_GROUPS, _own)" in text


def test_the_pyproject_declares_powertools_and_the_test_extras() -> None:
    files = _by_path(_stubs(_webapp(), "users"))
    data = tomllib.loads(files["services/users/pyproject.toml"].content.decode())
    assert data["project"]["name"] == "acme-users"
    assert data["project"]["requires-python"] == ">=3.13"
    assert any(d.startswith("aws-lambda-powertools") for d in data["project"]["dependencies"])
    test_extra = data["project"]["optional-dependencies"]["test"]
    assert {d.split(">")[0] for d in test_extra} == {"pytest", "moto[cognitoidp]", "boto3"}


def test_the_pyproject_template_escapes_every_value_for_toml() -> None:
    hostile = 'x"\n[evil]\nkey = "1'
    text = render_text_template(PYPROJECT_TEMPLATE, service=hostile, package="pkg",
                                app="app", runtime="python3.12")
    data = tomllib.loads(text)
    assert "evil" not in data
    assert data["project"]["name"] == f"app-{hostile}"


def test_a_service_whose_package_would_shadow_the_standard_library_is_refused() -> None:
    text = ("blueprint: 1\nname: app\nregion: eu-west-1\nservices:\n"
            "  email:\n    runtime: python3.13\n"
            "    routes: {GET /x: {handler: getX, auth: public}}\n")
    with pytest.raises(BlueprintError) as info:
        validate(load_text(text))
    assert [d.code for d in info.value.diagnostics] == ["N009"]


def test_render_is_deterministic() -> None:
    assert _stubs(_sink(), "accounts") == _stubs(_sink(), "accounts")


@given(st.text())
def test_any_text_becomes_an_equal_python_literal(value: str) -> None:
    assert ast.literal_eval(py_literal(value)) == value


@given(st.text())
def test_any_text_stays_inside_a_docstring(value: str) -> None:
    tree = ast.parse(f'def f():\n    """{doc(value)}"""\n')
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef) and len(function.body) == 1
    assert "\n" not in doc(value)


# --- running the generated code -------------------------------------------------------


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "AWS_"))}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _run_generated_tests(service_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x"],
        cwd=service_dir, env=_env(), capture_output=True, text=True, timeout=1800, check=False)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and " failed" not in result.stdout


def test_every_handler_of_the_webapp_python_service_imports_cleanly(tmp_path: Path) -> None:
    bp = _webapp()
    _write(tmp_path, _stubs(bp, "users"))
    service = tmp_path / "services" / "users"
    modules = sorted(p.stem for p in (service / "src/users/handlers").glob("*.py")
                     if p.stem != "__init__")
    assert modules == ["get_me", "list_users", "on_signed_up"]
    env = {**_env(), "PYTHONPATH": "src"}
    for module in modules:
        result = subprocess.run([sys.executable, "-c", f"import users.handlers.{module}"],
                                cwd=service, env=env, capture_output=True, text=True,
                                timeout=120, check=False)
        assert result.returncode == 0, f"{module}: {result.stderr}"


def test_the_generated_tests_of_the_webapp_python_service_pass(tmp_path: Path) -> None:
    _write(tmp_path, _stubs(_webapp(), "users"))
    _run_generated_tests(tmp_path / "services" / "users")


@pytest.mark.parametrize("service", ["accounts", "other"])
def test_the_generated_tests_of_every_trigger_kind_pass(tmp_path: Path, service: str) -> None:
    _write(tmp_path, _stubs(_sink(), service))
    _run_generated_tests(tmp_path / "services" / service)


@pytest.mark.parametrize("service", ["billing", "reports"])
def test_the_generated_tests_of_the_saas_python_services_pass(tmp_path: Path,
                                                              service: str) -> None:
    # blueprints/saas.yaml: a signed webhook sending to a FIFO queue, a FIFO consumer that
    # writes and publishes, a service bucket with an object trigger, a schedule and a route
    # on it, on an existing bus.
    _write(tmp_path, _stubs(validate(load_blueprint(REPO / "blueprints" / "saas.yaml")),
                            service))
    _run_generated_tests(tmp_path / "services" / service)


def test_a_python_service_with_cognito_passes_its_tests_from_its_own_extras(
        tmp_path: Path) -> None:
    """A fresh virtualenv, ``pip install -e '.[test]'`` of the generated project, pytest.

    Nothing is borrowed from the running interpreter, so a missing test dependency (moto's
    Cognito needs joserfc) fails here as it would for a user. The machine's Python may be
    older than the service's runtime, hence ``--ignore-requires-python``.
    """
    _write(tmp_path, _stubs(_webapp(), "users"))
    service = tmp_path / "services" / "users"
    assert "cognito-idp" in (service / "tests" / "scaffold_fixtures.py").read_text()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = str(venv / "bin" / "python")
    install = subprocess.run(
        [python, "-m", "pip", "install", "-q", "--disable-pip-version-check",
         "--ignore-requires-python", "-e", ".[test]"],
        cwd=service, env=_env(), capture_output=True, text=True, timeout=1200, check=False)
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    result = subprocess.run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                            cwd=service, env=_env(), capture_output=True, text=True,
                            timeout=1200, check=False)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and " failed" not in result.stdout
