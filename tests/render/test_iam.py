"""IAM in the rendered webapp: no wildcard action anywhere, ``*`` resources only where AWS needs."""

from __future__ import annotations

import re
from pathlib import Path

import hcl2

from tests.helpers import render_to

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
