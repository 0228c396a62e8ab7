"""Every physical name in rendered output is within its AWS kind's limit and charset.

Blueprints with the longest names validate allows (app 20, stage 10, service 30,
resources 40, long handlers) are rendered; every name a root gives AWS or a module is
read back from the ``.tf`` files, resolved for the longest stage, expanded with what
each static module derives from it (``physical.MODULE_NAMES``), and checked against
``physical.KINDS``. A name the table does not know fails the test, and so does a module
suffix the table does not list.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scaffold.blueprint import physical
from scaffold.blueprint.load import load_text
from scaffold.blueprint.validate import validate
from scaffold.errors import BlueprintError
from scaffold.project.rendering import render

REPO = Path(__file__).resolve().parents[2]
MODULES = REPO / "templates" / "terraform" / "modules"
_MODULE = re.compile(r'^module "\w+" \{$')
_RESOURCE = re.compile(r'^resource "(\w+)" "\w+" \{$')
_SOURCE = re.compile(r'^\s*source\s*=\s*"(?:\.\./)+modules/(\w+)"$')
_ATTR = re.compile(r'^\s*"?([\w./${}-]+?)"?\s*=\s*"(.*)"$')
_KEY = re.compile(r'^\s*\(?"(/\$\{var\.app\}[^"]*)"\)?\s*=')
_SKIP = ("description", "comment", "alarm_description", "filename", "source_code_hash",
         "prefix", "source")


def _resolve(value: str, app: str, stage: str) -> str | None:
    """The value with the prefix, app, stage and account id filled in (None: not a name)."""
    out = (value.replace("${local.prefix}", physical.prefix(app, stage))
           .replace("${var.app}", app).replace("${var.stage}", stage)
           .replace("${data.aws_caller_identity.current.account_id}", physical.ACCOUNT_ID))
    if out == value:
        return None
    if ":function:" in out:
        out = out.rsplit(":function:", 1)[1]
    return None if "${" in out else out


def rendered_names(files: dict[str, str], app: str, stage: str) -> list[physical.Derived]:
    """Every physical name the rendered roots give AWS, with what the modules derive."""
    found: list[physical.Derived] = []
    for path, text in sorted(files.items()):
        if not (path.startswith("infra/") and path.endswith(".tf")):
            continue
        module = resource = None
        for line in text.splitlines():
            if _MODULE.match(line):
                module, resource = "", None
            elif m := _RESOURCE.match(line):
                module, resource = None, m[1]
            elif line == "}":
                module = resource = None
            if module == "" and (m := _SOURCE.match(line)):
                module = m[1]
            if m := _KEY.match(line):
                name = _resolve(m[1], app, stage)
                assert name, line
                found.append(physical.Derived("ssm_parameter", name))
                continue
            m = _ATTR.match(line)
            if not m or m[1] in _SKIP:
                continue
            name = _resolve(m[2], app, stage)
            if name is None:
                continue
            attr = m[1]
            if name.startswith("/") and attr != "access_log_group_name" and resource is None:
                found.append(physical.Derived("ssm_parameter", name))
            elif resource == "aws_cloudwatch_log_group":
                found.append(physical.Derived("log_group", name))
            elif module == "user_pool" and attr not in ("name", "client_name"):
                found.append(physical.Derived("lambda_function", name))  # trigger ARN
            else:
                templates = physical.MODULE_NAMES.get((module or "", attr))
                assert templates, f"{path}: the name table does not know {module}.{attr}: {line}"
                found += physical.expand(templates, name)
    return found


LONG_HANDLER = "syncEveryPendingInvoice"


def _long_blueprint(app: str, stage: str, service: str, resource: str,
                    handler: str = LONG_HANDLER) -> dict[str, Any]:
    return {
        "blueprint": 1, "name": app, "region": "eu-west-1",
        "stages": {"dev": {}, stage: {}},
        "dns": {"zone": "acme.example"}, "frontend": {"domain": "app.acme.example", "ssr": True},
        "api": {"domain": "api.acme.example"}, "auth": {"groups": ["admin"]},
        "alerts": {"email": "ops@acme.example"},
        "services": {service: {
            "tables": {resource: {"key": "id", "stream": True}},
            "events": ["InvoiceSynced"],
            "secrets": [resource],
            "routes": {"GET /invoices": {"handler": handler, "reads": [resource],
                                         "secrets": [resource], "publishes": ["InvoiceSynced"]}},
            "subscribes": {"onSynced": f"{service}.InvoiceSynced"},
            "streams": {"onChanged": resource},
            "schedules": {"nightly": "cron(0 3 * * ? *)"},
            "uploads": {resource[:20]: {"presign": "getUrl", "route": "POST /uploads",
                                        "on_upload": "onUploaded"}},
            "websocket": {"$connect": "onConnect", "$disconnect": "onDisconnect"},
            "auth_triggers": {"post_confirmation": "onConfirmed"},
            "workflows": {resource: ["stepOne", {"wait_for_callback": "awaitIt"}]},
        }},
    }


def _render(data: dict[str, Any]) -> dict[str, str] | None:
    try:
        bp = validate(load_text(yaml.safe_dump(data, sort_keys=False), "long.yaml"))
    except BlueprintError as exc:
        # Only the limits the user must choose for may refuse a long name.
        assert {d.code for d in exc.diagnostics} <= {"N002", "N003", "N005"}, exc.format()
        return None
    return {f.path: f.content.decode("utf-8") for f in render(bp)}


def _check(data: dict[str, Any]) -> int:
    files = _render(data)
    if files is None:
        return 0
    stage = max(data["stages"], key=len)
    names = rendered_names(files, data["name"], stage)
    kinds = {d.kind for d in names}
    assert {"lambda_function", "iam_role", "log_group", "dynamodb_table", "s3_bucket",
            "sqs_queue", "sns_topic", "event_rule", "state_machine", "ssm_parameter",
            "user_pool", "api", "alarm", "dashboard", "event_archive"} <= kinds, kinds
    problems = [p for d in names if (p := d.problem)]
    assert not problems, problems
    return len(names)


def test_the_longest_names_validate_allows_fit_every_limit() -> None:
    # app 20 + stage 10: function (64), bucket (63 with the account id) and state machine
    # role (64) names exactly at their limits; tables, SSM paths and the rest at their longest.
    data = _long_blueprint("a" * 20, "s" * 10, "b" * 11, "r" * 40, "syncPendingInvoice")
    svc = data["services"]["b" * 11]
    svc["uploads"] = {"u" * 6: svc["uploads"].popitem()[1]}
    svc["workflows"] = {"w" * 20: svc["workflows"].popitem()[1]}
    files = _render(data)
    assert files is not None
    names = rendered_names(files, data["name"], "s" * 10)
    longest = {kind: max(len(d.name) for d in names if d.kind == kind) for kind in
               ("lambda_function", "s3_bucket", "state_machine")}
    assert longest == {"lambda_function": 64, "s3_bucket": 63, "state_machine": 64}
    assert _check(data) > 100


name_chars = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=0)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(app=st.integers(1, 20), stage=st.integers(1, 10), service=st.integers(1, 30),
       resource=st.integers(1, 40), pad=name_chars)
def test_long_names_are_rendered_within_limits_or_refused(app: int, stage: int, service: int,
                                                          resource: int, pad: str) -> None:
    def sized(first: str, n: int) -> str:
        return (first + pad + "x" * 40)[:n]

    data = _long_blueprint(sized("a", app), sized("s", stage), sized("v", service),
                           sized("r", resource))
    _check(data)


def _module_templates() -> list[tuple[str, str, str]]:
    """(module, input, template) of every name a module builds from one of its inputs."""
    found = []
    pattern = re.compile(r'^\s*\w*name\w*\s*=\s*"([^"]*\$\{var\.(\w+)\}[^"]*)"')
    for main in sorted(MODULES.glob("*/main.tf")):
        for line in main.read_text(encoding="utf-8").splitlines():
            m = pattern.match(line)
            if m and not re.search(r"\$\{(?!var\.|each\.key)", m[1]):
                template = m[1].replace("${var." + m[2] + "}", "{}").replace("${each.key}", "*")
                found.append((main.parent.name, m[2], template))
    return found


@pytest.mark.parametrize("module,attr,template", _module_templates(),
                         ids=lambda v: str(v))
def test_every_name_a_module_derives_is_in_the_table(module: str, attr: str,
                                                     template: str) -> None:
    known = [t for _, t in physical.MODULE_NAMES.get((module, attr), ())]
    assert any(fnmatch.fnmatchcase(t, template) for t in known), (module, attr, template, known)


@pytest.mark.parametrize("kind,name", [
    ("lambda_function", "a" * 65), ("iam_role", "a b"), ("s3_bucket", "xn--abc"),
    ("s3_bucket", "Abc"), ("event_archive", "a" * 49), ("ssm_parameter", "no-slash"),
])
def test_the_table_refuses_what_aws_refuses(kind: str, name: str) -> None:
    assert physical.Derived(kind, name).problem
