"""IAM in the rendered blueprints: no wildcard action anywhere, ``*`` resources only where AWS
needs them or where a custom statement says why; custom statements reach the policies."""

from __future__ import annotations

import re
from pathlib import Path

import hcl2
import pytest

from scaffold.blueprint.load import load_text
from scaffold.blueprint.validate import validate
from scaffold.errors import BlueprintError
from tests.helpers import render_to

KITCHEN_SINK = Path("blueprints/kitchen-sink.yaml").resolve()
SES_IDENTITY = "arn:aws:ses:eu-west-1:123456789012:identity/acme.example"

# Actions AWS offers no narrower resource for (each has a comment in the generated code).
ALLOWED_STAR_ACTIONS = {
    "states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat",
    "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
}


def _s(text: str) -> str:
    """python-hcl2 keeps the quotes of string literals; drop them."""
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def _statements(root: Path) -> list[tuple[str, list[str], list[str]]]:
    found = []
    for tf in root.glob("*.tf"):
        doc = hcl2.load(tf.open())
        for module in doc.get("module", []):
            for name, body in module.items():
                for st in body.get("policy_statements", []) or []:
                    found.append((f"{root.name}/{_s(name)}/{_s(st['sid'])}",
                                  [_s(a) for a in st["actions"]],
                                  [_s(r) for r in st["resources"]]))
    return found


def test_function_policies_have_no_wildcard_actions_and_justified_star_resources(
        tmp_path: Path) -> None:
    render_to(Path("blueprints/webapp.yaml").resolve(), tmp_path)
    roots = sorted((tmp_path / "infra/services").iterdir())
    statements = [s for root in roots for s in _statements(root)]
    assert len(statements) > 20
    for where, actions, resources in statements:
        assert all("*" not in a for a in actions), f"{where}: wildcard action {actions}"
        if "*" in resources:
            assert set(actions) <= ALLOWED_STAR_ACTIONS, f"{where}: * resource for {actions}"


def test_table_access_matches_declared_reads_and_writes(tmp_path: Path) -> None:
    render_to(Path("blueprints/webapp.yaml").resolve(), tmp_path)
    by_sid = {w: (a, r) for w, a, r in _statements(tmp_path / "infra/services/projects")}
    actions, resources = by_sid["projects/fn_list_projects/ReadProjects"]
    assert "dynamodb:PutItem" not in actions and "dynamodb:Query" in actions
    assert any("module.table_projects.table_arn" in r for r in resources)
    write_actions, _ = by_sid["projects/fn_create_project/WriteProjects"]
    assert "dynamodb:PutItem" in write_actions
    presign_actions, presign_resources = by_sid["projects/fn_get_upload_url/PresignUploads"]
    assert presign_actions == ["s3:PutObject"]
    assert presign_resources[0].endswith('/attachments/*"') or "attachments/*" in \
        presign_resources[0]
    assert not any(w.startswith("projects/fn_list_projects/Write") for w in by_sid)


def test_modules_use_star_resources_only_for_allowed_actions(tmp_path: Path) -> None:
    render_to(Path("blueprints/minimal.yaml").resolve(), tmp_path)
    for tf in (tmp_path / "infra/modules").rglob("*.tf"):
        text = tf.read_text()
        # A wildcard action is fine only to *deny* (e.g. s3:* without TLS).
        for chunk in text.split("statement {")[1:]:
            if re.search(r'actions\s*=\s*\[[^\]]*"[a-z0-9-]+:\*"', chunk.split("\n  }")[0]):
                assert re.search(r'effect\s*=\s*"Deny"', chunk.split("\n  }")[0]), tf
        assert '"*:*"' not in text and 'Action   = "*"' not in text, tf


def _why_comments(main_tf: Path) -> dict[str, list[str]]:
    """Per function module, the ``# Sid: ...`` comments written above its policy."""
    found: dict[str, list[str]] = {}
    module = ""
    for line in main_tf.read_text().splitlines():
        if line.startswith('module "'):
            module = line.split('"')[1]
        elif line.startswith("  # ") and module:
            found.setdefault(module, []).append(line[4:])
    return found


def test_custom_statements_are_merged_into_the_rendered_policies(tmp_path: Path) -> None:
    render_to(KITCHEN_SINK, tmp_path)
    shop = {w: (a, r) for w, a, r in _statements(tmp_path / "infra/services/shop")}
    assert shop["shop/fn_order_paid/Custom1"] == (["ses:SendEmail"], [SES_IDENTITY])
    # only the function that declares it gets it
    assert [w for w in shop if w.endswith("/Custom1")] == ["shop/fn_order_paid/Custom1"]
    assert "Custom1: e-mails the receipt." in _why_comments(
        tmp_path / "infra/services/shop/main.tf")["fn_order_paid"]
    # a service's statement goes to every function of the service, under its own sid
    ledger = _statements(tmp_path / "infra/services/ledger")
    modules = {w.split("/")[1] for w, _, _ in ledger}
    decrypt = {w.split("/")[1]: (a, r) for w, a, r in ledger
               if w.endswith("/DecryptBankExports")}
    assert len(modules) > 10 and set(decrypt) == modules
    assert all(a == ["kms:Decrypt"] and r[0].startswith("arn:aws:kms:eu-west-1:")
               for a, r in decrypt.values())


def _assert_least_privilege(root: Path) -> None:
    """No wildcard action; a ``*`` resource only for an allow-listed action or with its why."""
    whys = _why_comments(root / "main.tf")
    for where, actions, resources in _statements(root):
        assert all("*" not in a for a in actions), f"{where}: wildcard action {actions}"
        if "*" in resources and not set(actions) <= ALLOWED_STAR_ACTIONS:
            _, module, sid = where.split("/")
            assert any(c.startswith(f"{sid}: resource * because ")
                       for c in whys.get(module, [])), f"{where}: * resource for {actions}"


def test_kitchen_sink_policies_keep_actions_exact_and_star_resources_justified(
        tmp_path: Path) -> None:
    render_to(KITCHEN_SINK, tmp_path)
    roots = sorted((tmp_path / "infra/services").iterdir())
    assert len(roots) == 2
    for root in roots:
        _assert_least_privilege(root)


_STAR = """blueprint: 1
name: acme
region: eu-west-1
services:
  mail:
    routes:
      POST /send:
        handler: sendMail
        iam:
          - actions: [ses:GetSendQuota]
            resources: ["*"]
{why}"""


def test_a_custom_star_resource_is_rendered_only_with_its_why(tmp_path: Path) -> None:
    with pytest.raises(BlueprintError) as exc:
        validate(load_text(_STAR.format(why=""), "b.yaml"))
    [problem] = exc.value.diagnostics
    assert (problem.code, str(problem.location)) == ("C152", "b.yaml:11:25")

    render_to(_STAR.format(why="            why: GetSendQuota has no resource type\n"), tmp_path)
    root = tmp_path / "infra/services/mail"
    assert ("mail/fn_send_mail/Custom1", ["ses:GetSendQuota"], ["*"]) in _statements(root)
    assert _why_comments(root / "main.tf")["fn_send_mail"] == [
        "Custom1: resource * because GetSendQuota has no resource type."]
    _assert_least_privilege(root)


@pytest.mark.parametrize("action", ["ses:*", "ses:Send*", "*", "ses:Send?mail"])
def test_a_wildcard_action_is_rejected_at_validate_with_its_location(action: str) -> None:
    text = _STAR.format(why="").replace('["*"]', f'["{SES_IDENTITY}"]').replace(
        "ses:GetSendQuota", f'"{action}"')
    with pytest.raises(BlueprintError) as exc:
        validate(load_text(text, "b.yaml"))
    [problem] = exc.value.diagnostics
    assert problem.code == "C150" and str(problem.location) == "b.yaml:10:23", problem
    assert f"'{action}' has a wildcard" in problem.message


@pytest.mark.parametrize("resource", ["acme.example", "arn:aws:ses", "arn:aws:ses:x:y"])
def test_a_custom_resource_must_be_an_arn(resource: str) -> None:
    text = _STAR.format(why="").replace('"*"', f'"{resource}"')
    with pytest.raises(BlueprintError) as exc:
        validate(load_text(text, "b.yaml"))
    assert [(d.code, str(d.location)) for d in exc.value.diagnostics] == [
        ("C151", "b.yaml:11:25")]
