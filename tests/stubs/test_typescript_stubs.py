"""TypeScript handler stubs: what render emits, and proof that it compiles and its tests pass.

The ``node`` tests install the stubs' npm dependencies once per session (shared by every
rendered service through a ``node_modules`` symlink), then run ``tsc --noEmit`` and the
generated ``node --test`` suites. Set ``SCAFFOLD_NODE_MODULES`` to an installed
``node_modules`` to skip the install; with ``CI=true`` (or ``SCAFFOLD_REQUIRE_NODE=1``) a
missing node/npm fails these tests instead of skipping them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jinja2
import pytest

from scaffold.blueprint import model
from scaffold.blueprint.load import load_blueprint, load_text
from scaffold.blueprint.validate import validate
from scaffold.output.files import OutputFile
from scaffold.plan import contract
from scaffold.plan.build import build_plan
from scaffold.render.typescript.emit import (
    emit_ssr_stub,
    emit_typescript_stubs,
    render_package_files,
)
from scaffold.render.typescript.env import GENERATED_MARKER, SEED_MARKER, Comment, Ident, ts_string
from tests.support.node import shared_node_modules

REPO = Path(__file__).resolve().parents[2]
WEBAPP = REPO / "blueprints" / "webapp.yaml"

# Every trigger kind, every Cognito trigger, every field type, key shapes the webapp lacks,
# and hostile text in descriptions and names.
KITCHEN_SINK = r"""
blueprint: 1
name: sink
region: us-east-1
defaults: {runtime: nodejs22.x}
auth: {groups: [admin, ops-team], default_group: ops-team}
api: {default_auth: user}
frontend: {ssr: true}
services:
  accounts:
    description: 'ends */ a comment, "quotes", ${file("/etc/passwd")} and </script>'
    tables:
      accounts: {key: accountId}
      ledger: {key: accountId, sort: {name: seq, type: number}, stream: keys_only}
      counters: {key: {name: n, type: number}}
    events:
      AccountOpened:
        description: 'closes */ opens /* ${x} "q" \ back'
        fields: {accountId: string, balance: number, count: integer, active: boolean,
                 meta: object, tags: "string[]", amounts: "number[]", items: "object[]",
                 "weird-name": string, "quo\"te*/": string, __proto__: string}
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
      POST /echo: {handler: echo, publishes: [Created, Empty], secrets: [api-key],
                   sends: [jobs, orders, receipts]}
      GET /accounts: {handler: scanAccounts, writes: [accounts]}
      POST /ledger/{accountId}: {handler: addEntry, writes: [ledger]}
    subscribes:
      onCreated: {event: accounts.Created, writes: [accounts]}
      onOtherCreated: {event: other.Created}
      onOtherNoticed: {event: other.Noticed, push: true}
    streams:
      onLedger: {table: ledger, publishes: [Created], secrets: [api-key]}
    schedules:
      tick: {schedule: rate(5 minutes), bucket_writes: [exports]}
    uploads:
      docs:
        presign: presignDoc
        route: POST /docs
        auth: public
        on_upload: {handler: onDoc, writes: [counters]}
    buckets:
      exports:
        on_object:
          {handler: onExport, events: [created, removed], suffix: .csv, publishes: [Created]}
    websocket:
      $connect: wsConnect
      $disconnect: wsDisconnect
      $default: {handler: wsDefault, push: true, secrets: [api-key]}
      ping: {handler: wsPing, publishes: [Created]}
    queues:
      jobs: {consumer: {handler: runJob, publishes: [Created], secrets: [api-key]}}
      orders: {fifo: true, consumer: processOrder}
      receipts: {fifo: true, content_based_deduplication: true, consumer: sendReceipt}
    secrets: [api-key]
    workflows:
      flow:
        - {task: stepOne, reads: [counters], writes: [ledger]}
        - {wait_for_callback: waitHere, writes: [counters]}
        - {task: stepTwo, starts: [flow]}
  other:
    events:
      Created: {otherId: string}
      Noticed: {userId: string, note: string}
    routes:
      GET /other: {handler: otherGet, auth: public}
"""

# (blueprint, package folder) pairs checked with tsc and npm test.
PACKAGES = [("webapp", "services/projects"), ("webapp", "services/notifications"),
            ("webapp", contract.SSR_SOURCE), ("sink", "services/accounts"),
            ("sink", "services/other"), ("sink", contract.SSR_SOURCE),
            ("kitchen-sink", "services/shop"), ("saas", "services/tenants")]


def _blueprints() -> dict[str, model.Blueprint]:
    return {"webapp": validate(load_blueprint(WEBAPP)),
            "sink": validate(load_text(KITCHEN_SINK)),
            "kitchen-sink": validate(load_blueprint(REPO / "blueprints" / "kitchen-sink.yaml")),
            "saas": validate(load_blueprint(REPO / "blueprints" / "saas.yaml"))}


def _stubs(bp: model.Blueprint, service: str) -> list[OutputFile]:
    """The TypeScript files of one service, from its handler plan."""
    return emit_typescript_stubs(build_plan(bp).code.services[service])


def _ts_files(bp: model.Blueprint) -> list[OutputFile]:
    code = build_plan(bp).code
    files: list[OutputFile] = []
    for svc in code.services.values():
        if svc.runtime.startswith("nodejs"):
            files += emit_typescript_stubs(svc)
    return files + emit_ssr_stub(code)


def _write(root: Path, files: list[OutputFile]) -> None:
    for f in files:
        target = root / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(f.content)


@pytest.fixture(scope="module")
def webapp() -> model.Blueprint:
    return validate(load_blueprint(WEBAPP))


@pytest.fixture(scope="module")
def projects(webapp: model.Blueprint) -> dict[str, OutputFile]:
    return {f.path: f for f in _stubs(webapp, "projects")}


# --- what render emits (no node needed) ---------------------------------------------------


def test_every_function_gets_a_seed_stub_and_a_seed_test(
        webapp: model.Blueprint, projects: dict[str, OutputFile]) -> None:
    handlers = ["listProjects", "createProject", "getProject", "deleteProject",
                "startCampaignRun", "reportCampaignStatus", "onUserSignedUp",
                "onProjectChanged", "nightlyCleanup", "getUploadUrl", "onAttachmentUploaded",
                "startCampaign", "awaitDelivery", "notifyOwner"]
    for handler in handlers:
        for path in (f"services/projects/src/handlers/{handler}.ts",
                     f"services/projects/test/{handler}.test.ts"):
            assert projects[path].ownership == "seed"
    assert projects["services/projects/package.json"].ownership == "seed"
    assert projects["services/projects/tsconfig.json"].ownership == "seed"


def test_seed_files_say_they_belong_to_the_user(projects: dict[str, OutputFile]) -> None:
    for f in projects.values():
        if f.ownership == "seed" and f.path.endswith(".ts"):
            assert f.content.decode().splitlines()[0] == SEED_MARKER


def test_generated_helpers_carry_the_marker(projects: dict[str, OutputFile]) -> None:
    generated = [f for f in projects.values() if f.ownership == "generated"]
    assert generated
    for f in generated:
        assert f.path.startswith("services/projects/src/generated/") or f.path == (
            "services/projects/test/access.generated.test.ts")
        assert f.content.decode().splitlines()[0] == GENERATED_MARKER


def test_helpers_are_generated_only_when_the_service_needs_them(
        webapp: model.Blueprint) -> None:
    def helpers(service: str) -> set[str]:
        return {Path(f.path).stem for f in _stubs(webapp, service)
                if f.ownership == "generated" and "/entries/" not in f.path
                and not f.path.endswith(".generated.test.ts")}

    # tokens: send-campaign correlates its callback; signatures: the mailer's signed webhook
    assert helpers("projects") == {"powertools", "env", "db", "events", "publish", "uploads",
                                   "secrets", "workflows", "tokens", "signatures", "http",
                                   "auth", "testing"}
    assert helpers("notifications") == {"powertools", "env", "db", "connections", "events",
                                        "push", "auth", "testing"}


def test_wiring_names_come_from_the_contract(projects: dict[str, OutputFile]) -> None:
    env = projects["services/projects/src/generated/env.ts"].content.decode()
    for name in (contract.env_table("projects"), contract.env_table("members"),
                 contract.env_secret("mailer-api-key"), contract.env_workflow("send-campaign"),
                 contract.ENV_EVENT_BUS, contract.ENV_EVENT_SOURCE, contract.ENV_UPLOAD_BUCKET,
                 contract.ENV_UPLOAD_PREFIX, contract.ENV_UPLOAD_MAX_BYTES):
        assert ts_string(name) in env


def test_events_become_interfaces_shared_by_publisher_and_subscriber(
        webapp: model.Blueprint, projects: dict[str, OutputFile]) -> None:
    events = projects["services/projects/src/generated/events.ts"].content.decode()
    assert "export interface ProjectCreatedDetail {" in events
    assert "export interface UserSignedUpDetail {" in events  # subscribed from users
    assert '| { type: "ProjectCreated"; detail: ProjectCreatedDetail }' in events
    stub = projects["services/projects/src/handlers/onUserSignedUp.ts"].content.decode()
    assert 'EventBridgeEvent<"UserSignedUp", UserSignedUpDetail>' in stub


def test_routes_use_the_event_type_of_their_auth(projects: dict[str, OutputFile]) -> None:
    def stub(name: str) -> str:
        return projects[f"services/projects/src/handlers/{name}.ts"].content.decode()

    assert "event: APIGatewayProxyEventV2WithJWTAuthorizer," in stub("listProjects")
    assert "event: APIGatewayProxyEventV2," in stub("reportCampaignStatus")
    assert "inGroup" not in stub("deleteProject")  # the generated entry checks groups
    entry = projects["services/projects/src/generated/entries/deleteProject.ts"].content.decode()
    assert 'inGroup(event, ["admin"])' in entry
    assert "json(201, item)" in stub("createProject")


def test_render_is_deterministic(webapp: model.Blueprint) -> None:
    assert _stubs(webapp, "projects") == _stubs(webapp, "projects")


def test_a_python_service_is_refused(webapp: model.Blueprint) -> None:
    with pytest.raises(ValueError, match="python3.13"):
        _stubs(webapp, "users")


def test_the_ssr_stub_exists_only_when_enabled(webapp: model.Blueprint) -> None:
    paths = {f.path for f in emit_ssr_stub(build_plan(webapp).code)}
    assert paths == {f"{contract.SSR_SOURCE}/{p}" for p in
                     ("src/index.ts", "test/index.test.ts", "package.json", "tsconfig.json")}
    without = webapp.model_copy(update={"frontend": None})
    assert emit_ssr_stub(build_plan(without).code) == []


def test_package_files_are_plain_jinja_of_app_service_and_runtime() -> None:
    folder = REPO / "templates" / "copier" / "service-typescript"
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    for name in ("package.json", "tsconfig.json"):
        source = (folder / f"{name}.jinja").read_text()
        text = env.from_string(source).render(app="acme", service="billing",
                                              runtime="nodejs22.x")
        assert text == render_package_files("acme", "billing", "nodejs22.x")[name].decode()
    package = json.loads(render_package_files("acme", "billing", "nodejs22.x")["package.json"])
    assert package["name"] == "@acme/billing"
    assert package["type"] == "module"
    assert {"esbuild", "typescript", "tsx", "aws-sdk-client-mock", "@types/aws-lambda"} <= set(
        package["devDependencies"])
    tsconfig = json.loads(render_package_files("acme", "billing", "nodejs22.x")["tsconfig.json"])
    assert tsconfig["compilerOptions"]["strict"] is True


@pytest.mark.parametrize("text", ['"', "\\", "</script>", "${file(\"/etc/passwd\")}",
                                  "line\nbreak\u2028sep", "*/"])
def test_strings_become_inert_typescript_literals(text: str) -> None:
    literal = ts_string(text)
    assert json.loads(literal) == text
    assert "\n" not in literal and "\u2028" not in literal and "</" not in literal


def test_comments_cannot_be_closed_or_broken() -> None:
    assert "*/" not in Comment("a */ b */")
    assert "\n" not in Comment("a\nb\r\nc\u2029d")


def test_identifiers_are_checked() -> None:
    with pytest.raises(ValueError):
        Ident("a-b")


def test_hostile_blueprint_text_stays_inside_comments_and_strings() -> None:
    sink = validate(load_text(KITCHEN_SINK))
    files = {f.path: f.content.decode() for f in _stubs(sink, "accounts")}
    events = files["services/accounts/src/generated/events.ts"]
    for line in events.splitlines():
        if line.startswith(" * "):
            assert "*/" not in line
    assert '"quo\\"te*/": string;' in events
    assert '["__proto__"]: string;' in events


# --- compile and run (node) ------------------------------------------------------------------


def _node_required() -> bool:
    return os.environ.get("CI") == "true" or os.environ.get("SCAFFOLD_REQUIRE_NODE") == "1"


def require_node() -> None:
    """Skip (or fail, when CI requires node) unless node and npm are on PATH."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        reason = f"{' and '.join(missing)} not found on PATH"
        if _node_required():
            pytest.fail(f"{reason} (CI requires Node.js for the TypeScript stub tests)")
        pytest.skip(f"{reason}; set SCAFFOLD_REQUIRE_NODE=1 to make this a failure")


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=1200,
                          check=False)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Both blueprints' TypeScript packages written under one folder, node_modules linked."""
    require_node()
    modules = shared_node_modules(tmp_path_factory.getbasetemp())
    root = tmp_path_factory.mktemp("ts-stubs")
    for name, bp in _blueprints().items():
        _write(root / name, _ts_files(bp))
    for name, folder in PACKAGES:
        (root / name / folder / "node_modules").symlink_to(modules, target_is_directory=True)
    yield root


@pytest.fixture(scope="session")
def checks(rendered: Path) -> dict[tuple[str, str, str], subprocess.CompletedProcess[str]]:
    """tsc and npm test of every package, run concurrently once."""
    jobs = {}
    tsc = ["npx", "--no-install", "tsc", "--noEmit", "-p", ".", "--noUnusedLocals",
           "--noUnusedParameters"]
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        for name, folder in PACKAGES:
            cwd = rendered / name / folder
            jobs[(name, folder, "tsc")] = pool.submit(_run, tsc, cwd)
            jobs[(name, folder, "test")] = pool.submit(_run, ["npm", "test"], cwd)
        return {key: job.result() for key, job in jobs.items()}


def _ids(pair: tuple[str, str]) -> str:
    return f"{pair[0]}:{pair[1]}"


@pytest.mark.node
@pytest.mark.parametrize("package", PACKAGES, ids=_ids)
def test_every_typescript_package_compiles_strictly(
        package: tuple[str, str],
        checks: dict[tuple[str, str, str], subprocess.CompletedProcess[str]]) -> None:
    result = checks[(*package, "tsc")]
    assert result.returncode == 0, f"tsc failed:\n{result.stdout}\n{result.stderr}"


@pytest.mark.node
@pytest.mark.parametrize("package", PACKAGES, ids=_ids)
def test_every_generated_unit_test_passes(
        package: tuple[str, str],
        checks: dict[tuple[str, str, str], subprocess.CompletedProcess[str]]) -> None:
    result = checks[(*package, "test")]
    assert result.returncode == 0, f"npm test failed:\n{result.stdout[-20000:]}\n{result.stderr}"
    assert "# fail 0" in result.stdout
