"""Table-driven invalid blueprints: one file per rule, exact output in a golden file.

Each ``tests/golden/errors/<case>.yaml`` is run through ``scaffold validate`` (from inside
that folder, so messages name the file relatively and golden files are machine
independent). The output must equal ``<case>.txt`` byte for byte; refresh the golden
files with ``pytest --update-golden`` and review the diff. The table below also pins the
code, line, column and words of the first diagnostic, so a golden refresh cannot
silently move a location.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scaffold.cli import app

CASES_DIR = Path(__file__).resolve().parent.parent / "golden" / "errors"
DIAGNOSTIC = re.compile(
    r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): error\[(?P<code>[A-Z]\d{3})\]: "
    r"(?P<message>.*)$"
)


@dataclass(frozen=True)
class Case:
    name: str
    code: str
    line: int
    col: int
    words: tuple[str, ...]  # each must appear in the message or its hint (case-insensitive)


def case(name: str, code: str, line: int, col: int, *words: str) -> Case:
    return Case(name, code, line, col, words)


CASES: list[Case] = [
    # unknown keys, with "did you mean"
    case("unknown_key_top_level", "S002", 5, 1, "unknown key 'regoin'", "did you mean 'region'"),
    case("unknown_key_in_service", "S002", 7, 5, "unknown key 'rutes'", "services -> users",
         "did you mean 'routes'"),
    case("unknown_key_in_route_long_form", "S002", 8, 33, "unknown key 'auht'", "GET /me",
         "did you mean 'auth'"),
    case("unknown_key_in_workflow_step", "S002", 9, 30, "unknown key 'retyr'",
         "did you mean 'retry'"),
    case("stage_unknown_setting", "S003", 7, 10, "stage 'prod'", "unknown setting 'memroy'",
         "did you mean 'memory'"),
    case("unknown_auth_trigger", "S006", 10, 7, "'post_confirm' is not allowed",
         "did you mean 'post_confirmation'"),
    # wrong types and values
    case("wrong_type_memory", "S007", 7, 13, "memory", "expected a whole number", "'lots'"),
    case("wrong_type_services_list", "S007", 6, 3, "services", "expected a mapping",
         "found a list"),
    case("wrong_type_auth_union", "S007", 8, 39, "auth", "a string or a list", "42"),
    case("wrong_type_date_name", "S007", 7, 18, "description", "expected a string", "date",
         "quotes"),
    case("wrong_version_quoted", "S006", 2, 12, "blueprint", "'1' is not allowed",
         "without quotes"),
    case("value_out_of_range", "S009", 8, 41, "memory", "at least 128", "64"),
    case("missing_required_key", "S004", 2, 1, "missing required key 'region'"),
    case("empty_services", "S008", 5, 11, "services", "must not be empty", "at least one"),
    case("event_listed_twice", "S007", 7, 13, "'UserSignedUp' is listed twice"),
    case("blueprint_not_a_mapping", "S001", 2, 1, "must be a mapping", "found a list"),
    case("stage_sets_runtime", "C132", 7, 19, "stage 'prod' sets runtime", "per service"),
    case("unknown_runtime", "S005", 7, 14, "unknown runtime 'python3.31'",
         "did you mean 'python3.13'"),
    case("log_retention_not_allowed", "C129", 6, 23, "log_retention_days", "10 days",
         "nearest allowed: 7"),
    # AWS name limits once prefixed
    case("lambda_name_too_long", "N002", 11, 23, "function name", "71 characters",
         "allow 64"),
    case("bucket_name_too_long", "N003", 8, 7, "bucket name", "<account-id>",
         "77 characters", "S3 allows 63"),
    case("state_machine_name_too_long", "N005", 10, 7, "state machine name",
         "is 81 characters", "allow 64"),
    case("state_machine_role_name_too_long", "N005", 11, 7, "is 66 characters",
         "execution role", "allow 64"),
    case("resource_name_too_long", "N001", 8, 7, "43 characters long", "table name",
         "at most 40"),
    case("handler_names_collide", "N006", 9, 18, "'getURL'", "'getUrl'", "'get_url'"),
    case("event_name_not_pascal_case", "N001", 8, 7, "'user-signed-up'", "event name",
         "PascalCase"),
    case("attribute_name_invalid", "N007", 8, 23, "'user id'", "attribute name"),
    case("table_key_type_conflict", "C170", 12, 41, "'createdAt'", "string here but number",
         "{name: createdAt, type: number}"),
    # names that could escape the output folder
    case("service_name_escapes_output", "N001", 6, 3, "'../../etc'", "escape the output folder",
         "service name"),
    case("table_name_with_slash", "N001", 8, 7, "'profiles/../../x'", "escape the output folder",
         "table name"),
    case("bucket_name_absolute_path", "N001", 8, 7, "'/tmp/avatars'",
         "escape the output folder", "bucket name"),
    case("handler_name_escapes_output", "N001", 8, 16, "'../../handlers/getMe'",
         "escape the output folder", "handler name"),
    case("index_name_escapes_output", "N008", 11, 11, "'by/email'", "escape the output folder",
         "index name"),
    # events
    case("subscription_to_unpublished_event", "C103", 11, 20, "'sendReceipt'",
         "'billing.InvoicePaid'", "no service publishes"),
    case("subscription_event_typo", "C103", 13, 20, "'users.UserSignedIn'",
         "did you mean 'users.UserSignedUp'"),
    case("publish_undeclared_event", "C111", 10, 51, "'signUp' publishes 'UserRegistered'",
         "does not declare", "services.users.events"),
    # routes
    case("route_clash_same_service", "C104", 9, 7, "'GET /users/'", "clashes",
         "line 8", "same method and path"),
    case("route_clash_across_services", "C104", 11, 7, "'GET /profile'", "clashes",
         "service 'users'"),
    case("route_clash_path_parameters", "C104", 9, 7, "'GET /projects/{projectId}'",
         "clashes", "line 8"),
    case("route_clash_upload_route", "C104", 12, 16, "'POST /projects/{projectId}/files'",
         "clashes", "line 8"),
    case("route_key_malformed", "C110", 8, 7, "'FETCH /me'", "METHOD /path"),
    # handlers
    case("handler_declared_twice", "C105", 9, 24, "handler 'getUser'", "declared twice",
         "line 8"),
    case("functions_unknown_handler", "C113", 10, 7, "'getMee'", "not a handler",
         "did you mean 'getMe'"),
    # data ownership
    case("table_of_other_service_read", "C106", 13, 54, "'listInvoices'", "billing",
         "table 'profiles' of service 'users'"),
    case("table_of_other_service_write", "C106", 13, 18, "'onInvoicePaid'",
         "table 'profiles' of service 'users'"),
    case("unknown_table", "C112", 10, 41, "unknown table 'profile'",
         "did you mean 'profiles'"),
    case("stream_without_stream", "C108", 10, 25, "'onProjectChanged'", "no stream",
         "stream: true"),
    case("stream_unknown_table", "C109", 10, 25, "unknown table 'project'",
         "did you mean 'projects'"),
    # auth
    case("auth_group_missing", "C107", 10, 46, "auth group 'admins' does not exist",
         "did you mean 'admin'"),
    case("auth_without_auth_section", "C107", 8, 39, "auth 'user'", "no 'auth' section"),
    case("auth_trigger_without_auth", "C114", 8, 7, "auth trigger 'post_confirmation'",
         "'auth' section"),
    case("users_read_without_auth", "C114", 8, 47, "'listUsers' reads users",
         "no 'auth' section"),
    # workflows
    case("workflow_step_task_empty", "C128", 9, 11, "workflow 'charge'", "step 1",
         "names nothing"),
    case("workflow_step_empty_mapping", "S020", 10, 11, "step names nothing", "task",
         "wait_for_callback"),
    case("workflow_choice_missing_step", "C123", 12, 54, "jumps to 'sendReceipt'",
         "not a step", "chargeCard, paid, failed"),
    case("workflow_catch_missing_step", "C123", 9, 37, "jumps to 'refund'", "not a step"),
    case("workflow_duplicate_step_names", "C122", 10, 11, "two steps named 'chargeCard'"),
    case("workflow_choice_rule_without_comparison", "C133", 12, 15, "`when` rule",
         "exactly one way", "found none"),
    case("workflow_wait_without_duration", "C134", 10, 18, "wait needs exactly one of",
         "seconds", "timestamp_path"),
    case("resumes_without_callback", "C117", 10, 78, "'chargeDone' resumes workflow 'charge'",
         "wait_for_callback"),
    case("starts_unknown_workflow", "C117", 10, 68, "starts workflow 'charges'",
         "did you mean 'charge'"),
    # secrets, websocket, schedules, environment
    case("unknown_secret", "C116", 9, 56, "secret 'stripe-api-key'", "nor the platform",
         "did you mean 'stripe-key'"),
    case("push_without_websocket", "C118", 8, 54, "'createProject' pushes",
         "no websocket routes"),
    case("two_websocket_services", "C115", 10, 5, "service 'notifications'",
         "'chat' already does"),
    case("websocket_route_malformed", "C120", 9, 7, "'send message'", "not a WebSocket route"),
    case("bad_schedule_expression", "C121", 8, 22, "'every day at 3'",
         "not a schedule expression", "rate(1 day)"),
    case("bad_env_var_name", "C119", 11, 11, "environment variable 'LOG-LEVEL'", "not allowed"),
    case("reserved_env_var_name", "C119", 11, 11, "'AWS_REGION'", "reserved"),
    # platform
    case("bad_region", "C124", 4, 9, "'europe-west'", "not an AWS region", "eu-west-1"),
    case("domain_outside_dns_zone", "C127", 8, 11, "'api.acme.test'",
         "not inside the DNS zone 'acme.example'"),
    case("domain_without_dns_zone", "C127", 6, 11, "'app.acme.example'", "needs a 'dns' zone"),
    case("dns_zone_invalid", "C126", 6, 9, "'acme_example'", "not a domain"),
    case("state_bucket_invalid", "C125", 6, 11, "'Terraform_State'", "S3 bucket name"),
    case("bad_cors_origin", "C130", 6, 18, "'https://app.acme.example/login'",
         "not a CORS origin", "without a path"),
    case("reserved_tag_key", "C131", 6, 3, "'aws:team'", "tag key", "reserved"),
    # YAML itself
    case("yaml_duplicate_key", "L008", 9, 3, "duplicate key 'users'", "line 6"),
    case("yaml_syntax_unclosed_flow", "L003", 9, 10, "invalid YAML", "flow mapping",
         "line 8, column 16"),
    case("yaml_syntax_tab_indent", "L003", 7, 1, "invalid YAML", "tab"),
    case("yaml_unclosed_quote", "L003", 8, 1, "invalid YAML", "quoted scalar",
         "line 5, column 14"),
    case("yaml_unsupported_tag", "L003", 5, 14, "unsupported YAML tag",
         "!!python/object/apply:os.system", "remove the tag"),
    # alerts and Python packages
    case("alerts_email_invalid", "C135", 5, 18, "'ops-at-acme' is not an e-mail address"),
    case("python_package_shadows_stdlib", "N009", 6, 3, "module of the Python standard library",
         "rename the service"),
    case("python_service_named_tests", "N009", 6, 3, "'tests' is taken", "rename the service"),
    case("python_handler_keyword", "N010", 9, 16, "'match' is a Python keyword",
         "rename the handler"),
    # the hosted UI and external identity providers
    case("hosted_ui_missing_for_providers", "C153", 6, 3, "through the hosted UI",
         "auth.hosted_ui"),
    case("identity_provider_missing_field", "C154", 9, 5, "(oidc) needs `issuer`",
         "oidc providers set client_id, client_secret, issuer"),
    case("identity_provider_google_name", "C155", 9, 5, "names a Google provider",
         "rename the key to `Google`"),
    case("hosted_ui_without_redirect", "C156", 6, 3, "no frontend", "list `callback_urls`"),
    case("hosted_ui_plain_http_callback", "C157", 8, 21, "only as an https URL",
         "http://localhost:5173"),
    case("hosted_ui_reserved_prefix", "C158", 7, 30, "containing 'cognito'",
         "without aws, amazon or cognito"),
    # what validate accepts, render renders (issue 19)
    case("name_trailing_newline", "N001", 3, 7, r"'acme\n' is not a valid app name",
         "remove the line break"),
    case("number_not_finite", "S007", 6, 20, "expected a finite number", ".inf and .nan"),
    case("auth_list_with_public", "C136", 9, 40, "'public' cannot be one of a list of groups",
         "write `auth: public` alone"),
    # stages that share an account (issue 12)
    case("stage_second_production", "C141", 7, 22, "'live' is a second production stage",
         "mark only that one"),
    case("upload_content_type_invalid", "C143", 8, 86, "'pdf' is not a MIME type",
         "type/subtype"),
    case("websocket_domain_without_routes", "C142", 6, 25, "no service has WebSocket routes",
         "add `websocket:` routes"),
    # custom IAM statements (issue 14)
    # WebSocket topics
    case("websocket_topics_on_connect", "C144", 8, 46, "'$connect' cannot subscribe to topics",
         "message route"),
    case("push_topic_without_push", "C145", 12, 66, "push_topic but does not push",
         "push: true"),
    case("push_topic_malformed", "C146", 12, 78, "not a topic template", "{field}"),
    case("push_topic_unknown_field", "C147", 12, 78, "'campaign', which is not a field",
         "campaignId"),
    case("push_topic_without_topics_route", "C148", 12, 78, "no WebSocket route",
         "topics: true"),
    case("websocket_table_collision", "C149", 8, 7, "table 'connections' collides",
         "rename"),
    case("iam_action_wildcard", "C150", 11, 24, "'ses:Send*' has a wildcard",
         "list each action by name"),
    case("iam_resource_not_arn", "C151", 9, 21, "'acme.example' is not an ARN", "* with a `why`"),
    case("callback_heartbeat_not_below_timeout", "C180", 9, 110, "heartbeat_seconds (600)",
         "below timeout_seconds"),
    case("signature_on_signed_in_route", "C181", 10, 56, "has a signature but is not public",
         "auth: public"),
    case("token_table_reserved", "C182", 8, 7, "'task-tokens' is reserved", "another name"),
    case("uses_user_pool_without_auth", "C183", 8, 47, "uses user_pool", "auth: {}"),
    case("uses_api_url_without_routes", "C184", 8, 47, "uses api_url", "HTTP route"),
    case("iam_star_resource_without_why", "C152", 13, 25, "resource * needs a `why`",
         "name the ARNs"),
    # work queues (issue 14)
    case("queue_send_unknown", "C190", 10, 49, "sends to queue 'thumbnail'",
         "did you mean 'thumbnails'?"),
    case("queue_name_too_long", "C191", 8, 7, "is 87 characters", "SQS allows 80"),
    case("queue_batch_needs_window", "C192", 9, 56, "needs a batching window",
         "batching_window_seconds"),
    case("queue_fifo_batch", "C193", 10, 55, "at most 10, not 20"),
    case("queue_visibility_too_short", "C194", 9, 65, "may run 30 s (stage 'prod')",
         "180 or more"),
    case("queue_takes_scaffold_name", "C196", 9, 7, "dead-letter queue of 'thumbnails'",
         "rename the queue"),
    case("queue_dedup_not_fifo", "C195", 8, 74, "content-based deduplication",
         "`fifo: true`"),
    case("queue_concurrency_range", "S009", 9, 61, "max_concurrency", "at least 2"),
    # function and API settings (issue 14)
    case("layer_not_an_arn", "C210", 7, 14, "is not a Lambda layer version ARN",
         "the version included"),
    case("vpc_subnet_invalid", "C211", 7, 26, "'private-a' is not a subnet id",
         "subnet-0123456789abcdef0"),
    case("layer_other_region", "C212", 8, 42, "is in us-east-1, the functions in eu-west-1",
         "publish the layer in eu-west-1"),
    case("env_reference_unknown", "C213", 9, 65, "names table 'profile'",
         "did you mean 'profiles'"),
    case("cors_credentials_any_origin", "C214", 6, 39, "credentials cannot be allowed",
         "list the origins"),
    case("cors_method_invalid", "C215", 6, 62, "'FETCH' is not an HTTP method", "OPTIONS"),
    case("cors_both_forms", "C216", 6, 3, "both cors_origins and cors", "cors: {origins"),
    # ownership from the caller and shared secrets (issue 17)
    case("owner_not_a_string", "C230", 10, 16, "owner 'ownerId' of table 'projects' is a number",
         "indexes.byOwner.key", "type: string"),
    case("service_secret_shadows_shared", "C231", 9, 5, "declares secret 'stripe-key'",
         "platform already shares", "drop the service's declaration"),
    # buckets a service owns (issue 14)
    case("bucket_access_unknown", "C200", 10, 59, "names bucket 'exprots'",
         "did you mean 'exports'"),
    case("bucket_also_upload", "C201", 10, 7, "under both `uploads` and `buckets`",
         "rename one"),
    case("bucket_kms_key_not_arn", "C202", 8, 30, "'alias/reports' is not a KMS key ARN",
         "not an alias"),
    case("bucket_lifecycle_ia_too_early", "C203", 10, 55, "'standard_ia' after 7 days",
         "30 or more"),
    case("bucket_trigger_prefix_invalid", "C204", 9, 48, "is not a key prefix",
         "at most 1024 characters"),
    # existing resources (issue 14)
    case("existing_zone_id_invalid", "C205", 7, 12, "not a hosted zone id", "/hostedzone/"),
    case("existing_bus_arn", "C206", 6, 18, "not an event bus name", "not the ARN"),
    case("existing_certificate_wrong_region", "C207", 8, 20, "CloudFront", "us-east-1"),
    case("existing_pool_other_region", "C208", 6, 28, "not a user pool id of region",
         "eu-west-1_<id>"),
    case("existing_pool_with_trigger", "C209", 10, 7, "'post_confirmation'",
         "remove `auth.existing`"),
    # validate is the gate: physical names, collisions, AWS rules (issue 19)
    case("app_name_reserved_prefix", "N011", 3, 7, "begins with 'aws'", "SSM parameters"),
    case("app_name_s3_reserved_prefix", "N012", 3, 7, "begins with 'xn--'", "bucket"),
    case("handlers_differ_only_in_case", "N013", 9, 20, "differ only in case",
         "case-insensitive"),
    case("python_handler_generated_suffix", "N013", 9, 20, "tests/test_access_generated.py",
         "accessJob"),
    case("websocket_connections_table", "C149", 8, 7, "table 'connections'", "rename your table"),
    case("env_var_wiring_name", "C160", 14, 11, "'TABLE_PROFILES'", "choose another name"),
    case("route_greedy_not_last", "C161", 8, 7, "must be the last segment", "{proxy+}"),
    case("route_duplicate_parameter", "C161", 8, 7, "parameter 'id' appears twice"),
    case("cron_day_fields_both_set", "C162", 8, 22, "day-of-week must be '?'"),
    case("cron_field_out_of_range", "C162", 8, 22, "hours '24' is outside 0-23"),
    case("workflow_state_name_too_long", "C163", 9, 11, "at most 80", "shorter `name:`"),
    case("workflow_retry_states_all_not_alone", "C164", 11, 21, "States.ALL must be alone"),
    case("state_bucket_reserved_suffix", "C125", 6, 11, "not a valid S3 bucket name",
         "-s3alias"),
    # Lambda authorizer (issue 14)
    case("authorizer_missing", "C217", 9, 57, "auth 'custom' needs a Lambda authorizer",
         "authorizer: {handler"),
    case("authorizer_identity_invalid", "C218", 7, 75, "'header.x-api-key' is not an identity",
         "$request.header.<name>"),
    case("authorizer_ttl_too_long", "C219", 7, 81, "ttl 7200 is outside 0-3600",
         "0 turns caching off"),
    case("authorizer_cache_without_identity", "C220", 7, 56, "no identity sources",
         "ttl: 0"),
    case("authorizer_without_routes", "C221", 7, 5, "has an authorizer but no HTTP routes",
         "remove the authorizer"),
    case("authorizer_custom_in_group_list", "C222", 10, 65, "'custom' cannot be one of a list",
         "auth: custom` alone"),
    case("authorizer_default_auth_custom", "C222", 5, 21, "default_auth cannot be 'custom'",
         "routes of the service"),
    case("authorizer_group_named_custom", "C223", 6, 19, "cannot be named 'custom'",
         "rename the group"),
    case("provisioned_on_a_schedule", "C224", 10, 65, "'nightly' (schedule) cannot keep "
         "provisioned concurrency", "reserved_concurrency caps"),
]

runner = CliRunner()


def _run(name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.chdir(CASES_DIR)
    result = runner.invoke(app, ["validate", f"{name}.yaml"])
    return result.exit_code, result.stdout, result.stderr


def _diagnostics(text: str) -> list[dict[str, str]]:
    """Each diagnostic with its hint (the indented ``hint:`` line that follows it)."""
    found: list[dict[str, str]] = []
    for line in text.splitlines():
        match = DIAGNOSTIC.match(line)
        if match:
            found.append({**match.groupdict(), "hint": ""})
        elif line.startswith("    hint: ") and found:
            found[-1]["hint"] = line[len("    hint: "):]
    return found


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 35
    assert len({c.name for c in CASES}) == len(CASES)


def test_every_case_file_is_in_the_table() -> None:
    files = {p.stem for p in CASES_DIR.glob("*.yaml")}
    assert files == {c.name for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_error_case(case: Case, monkeypatch: pytest.MonkeyPatch, update_golden: bool) -> None:
    code, stdout, stderr = _run(case.name, monkeypatch)
    assert code == 1, stdout + stderr
    assert "Traceback" not in stdout + stderr
    assert stdout == ""

    golden = CASES_DIR / f"{case.name}.txt"
    if update_golden:
        golden.write_text(stderr, encoding="utf-8")
    assert golden.exists(), f"{golden.name} is missing: run pytest --update-golden"
    expected = golden.read_text(encoding="utf-8")
    if stderr != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), stderr.splitlines(keepends=True),
            fromfile=f"golden/errors/{golden.name}", tofile="actual output"))
        pytest.fail(f"output differs from the golden file "
                    f"(refresh with `pytest --update-golden`):\n{diff}")

    diagnostics = _diagnostics(stderr)
    assert diagnostics, stderr
    first = diagnostics[0]
    assert first["file"] == f"{case.name}.yaml"  # relative, machine independent
    assert (first["code"], int(first["line"]), int(first["col"])) == (
        case.code, case.line, case.col), stderr
    text = (first["message"] + " " + first["hint"]).lower()
    for word in case.words:
        assert word.lower() in text, f"{word!r} not in: {first['message']} / {first['hint']}"
    # one rule per case: every diagnostic of the file is about the same rule
    assert {d["code"] for d in diagnostics} == {case.code}, stderr
    assert stderr.rstrip("\n").splitlines()[-1].startswith(f"found {len(diagnostics)} error")


def test_every_golden_error_has_a_hint() -> None:
    missing = []
    for golden in sorted(CASES_DIR.glob("*.txt")):
        for d in _diagnostics(golden.read_text(encoding="utf-8")):
            if not d["hint"].strip():
                missing.append(f"{golden.name}: {d['code']} {d['message']}")
    assert not missing, "located errors without a hint:\n" + "\n".join(missing)


def test_all_errors_are_reported_not_only_the_first(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    (tmp_path / "many.yaml").write_text(
        "blueprint: 1\nname: acme\nregion: eu-west-1\nregoin: x\n"
        "services:\n  users:\n    runtime: python3.31\n    routes:\n"
        "      GET /me: {handler: getMe, auth: admins}\n"
        "      GET /me/: getMe2\n"
        "    subscribes:\n      onPaid: billing.Paid\n",
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", "many.yaml"])
    assert result.exit_code == 1
    codes = [d["code"] for d in _diagnostics(result.stderr)]
    # schema errors stop before cross-reference checks (they need a typed model)
    assert codes == ["S002", "S005"], result.stderr
    (tmp_path / "many.yaml").write_text(
        "blueprint: 1\nname: acme\nregion: eu-west-1\n"
        "services:\n  users:\n    routes:\n"
        "      GET /me: {handler: getMe, auth: admins}\n"
        "      GET /me/: getMe2\n"
        "    subscribes:\n      onPaid: billing.Paid\n",
        encoding="utf-8")
    result = runner.invoke(app, ["validate", "many.yaml"])
    assert result.exit_code == 1
    codes = sorted(d["code"] for d in _diagnostics(result.stderr))
    assert codes == ["C103", "C104", "C107"], result.stderr
    assert "found 3 errors in blueprint" in result.stderr
