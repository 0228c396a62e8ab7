"""Buckets a service owns (issue 14): validation, least-privilege IAM, environment, wiring.

One declaration (``bucket_reads`` / ``bucket_writes`` / ``on_object``) gives the IAM
statements, the environment variable and the graph arrows; these tests read the rendered
service root and compare them.
"""

from __future__ import annotations

from typing import Any

import hcl2
import pytest

from scaffold.blueprint.load import load_text
from scaffold.blueprint.validate import validate
from scaffold.graph import build_graph
from scaffold.plan.build import build_plan
from scaffold.render.docs import architecture_markdown
from tests.helpers import render_files
from tests.unit.test_checks import problems, where

KEY = "arn:aws:kms:eu-west-1:123456789012:key/0b6f3c3e-5d8a-4c2e-9f1a-2d4b6c8e0a1f"
BLUEPRINT = f"""blueprint: 1
name: acme
region: eu-west-1
stages: {{dev: {{}}, prod: {{production: true}}}}
services:
  reports:
    buckets:
      exports:
        lifecycle:
          - {{prefix: daily/, transitions: {{glacier: 90, standard_ia: 30}}, expire_days: 365}}
        on_object: {{handler: onExport, events: [created, removed], prefix: daily/, suffix: .csv}}
      vault: {{versioning: false, kms_key_arn: "{KEY}"}}
    routes:
      GET /reports: {{handler: listReports, bucket_reads: [exports]}}
      POST /reports: {{handler: makeReport, bucket_writes: [exports, vault]}}
"""


def _main(text: str = BLUEPRINT) -> dict[str, Any]:
    files = {f.path: f.content.decode() for f in render_files(text)}
    return hcl2.loads(files["infra/services/reports/main.tf"])


def _s(value: Any) -> Any:
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    if isinstance(value, list):
        return [_s(v) for v in value]
    if isinstance(value, dict):
        return {_s(k): _s(v) for k, v in value.items()}
    return value


def _modules(text: str = BLUEPRINT) -> dict[str, dict[str, Any]]:
    return {_s(name): _s(body) for block in _main(text)["module"] for name, body in block.items()}


def _policy(module: dict[str, Any]) -> dict[str, tuple[list[str], list[str]]]:
    return {st["sid"]: (st["actions"], st["resources"]) for st in module["policy_statements"]}


def test_a_bucket_is_a_storage_bucket_module_kept_on_destroy_in_protected_stages() -> None:
    exports = _modules()["bucket_exports"]
    assert exports["source"] == "../../modules/storage_bucket"
    assert exports["force_destroy"] == "${!local.protected}"
    assert exports["bucket_name"].endswith("-reports-exports-"
                                           "${data.aws_caller_identity.current.account_id}")
    assert "kms_key_arn" not in exports  # SSE-S3 by default
    assert exports["lifecycle_rules"] == [{
        "id": "rule-1", "prefix": "daily/", "expire_days": 365,
        "transitions": [{"storage_class": "STANDARD_IA", "days": 30},
                        {"storage_class": "GLACIER", "days": 90}]}]
    assert exports["notification"]["events"] == ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"]
    assert (exports["notification"]["prefix"], exports["notification"]["suffix"]) == (
        "daily/", ".csv")
    assert exports["notification"]["function_arn"] == "${module.fn_on_export.function_arn}"
    vault = _modules()["bucket_vault"]
    assert vault["kms_key_arn"] == KEY and vault["versioning"] is False


def test_readers_list_and_get_writers_put_and_delete_scoped_to_the_bucket() -> None:
    modules = _modules()
    arn = "${module.bucket_exports.bucket_arn}"
    reader = _policy(modules["fn_list_reports"])
    assert reader == {"BucketListExports": (["s3:ListBucket"], [arn]),
                      "BucketReadExports": (["s3:GetObject"], [f"{arn}/*"])}
    writer = _policy(modules["fn_make_report"])
    assert writer["BucketWriteExports"] == (["s3:DeleteObject", "s3:PutObject"], [f"{arn}/*"])
    assert writer["BucketWriteVault"][1] == ["${module.bucket_vault.bucket_arn}/*"]
    # The customer-managed key of the vault: exactly that key, only what S3 asks KMS for.
    assert writer["BucketKeyVault"] == (["kms:Decrypt", "kms:GenerateDataKey"], [KEY])
    assert "BucketKeyExports" not in writer
    trigger = _policy(modules["fn_on_export"])
    assert trigger == {"BucketReadTriggerObjects": (["s3:GetObject"], [f"{arn}/daily/*"])}


def test_bucket_statement_ids_cannot_meet_table_statement_ids() -> None:
    from scaffold.blueprint.load import load_text
    from scaffold.blueprint.validate import validate
    from scaffold.plan.build import build_plan

    bp = validate(load_text("""\
blueprint: 1
name: acme
region: eu-west-1
services:
  reports:
    tables: {reports-objects: {key: id}}
    buckets: {reports: {}}
    routes:
      GET /r: {handler: readAll, auth: public, reads: [reports-objects], bucket_reads: [reports]}
"""))
    (fn,) = build_plan(bp).services[0].functions
    sids = [st.sid for st in fn.statements]
    assert len(sids) == len(set(sids)), sids


def test_an_environment_reference_may_name_a_service_bucket() -> None:
    from scaffold.blueprint.load import load_text
    from scaffold.blueprint.validate import validate
    from scaffold.plan.build import build_plan
    from scaffold.plan.ir import Ref

    bp = validate(load_text("""\
blueprint: 1
name: acme
region: eu-west-1
services:
  reports:
    buckets: {exports: {}}
    routes:
      GET /r: {handler: readAll, auth: public, environment: {TARGET: {bucket: exports}}}
"""))
    (fn,) = build_plan(bp).services[0].functions
    target = fn.environment["TARGET"]
    assert isinstance(target, Ref) and (target.kind, target.name) == ("bucket", "exports")


def test_environment_iam_and_graph_arrows_come_from_the_same_declaration() -> None:
    modules = _modules()
    for fn, buckets in (("fn_list_reports", {"exports"}), ("fn_make_report", {"exports", "vault"}),
                        ("fn_on_export", {"exports"})):
        env = modules[fn]["environment_variables"]
        named = {k.removeprefix("BUCKET_").lower() for k in env if k.startswith("BUCKET_")}
        assert named == buckets, fn
        assert all(env[f"BUCKET_{b.upper()}"] == f"${{module.bucket_{b}.bucket_name}}"
                   for b in buckets)
        in_policy = {b for b in ("exports", "vault")
                     if any(f"module.bucket_{b}." in r for _, rs in _policy(modules[fn]).values()
                            for r in rs)}
        assert in_policy == buckets, fn
    graph = build_graph(build_plan(validate(load_text(BLUEPRINT))))
    labels = {n.id: n.lines for n in graph.nodes}
    arrows = {(labels[e.source][0], labels[e.target][0], e.label) for e in graph.edges}
    assert {("listReports", "exports", "reads"), ("makeReport", "exports", "writes"),
            ("makeReport", "vault", "writes"), ("exports", "onExport", "object event")} <= arrows


def test_the_architecture_doc_lists_each_bucket_with_its_protection_and_users() -> None:
    doc = architecture_markdown(build_plan(validate(load_text(BLUEPRINT))))
    assert "## Buckets" in doc
    assert ("| reports | `exports` | SSE-S3 | on | 1 | `onExport` on created, removed | "
            "`listReports` | `makeReport` |") in doc
    assert f"| reports | `vault` | SSE-KMS `{KEY}` | off | 0 |" in doc


HEAD = "blueprint: 1\nname: acme\nregion: eu-west-1\n"


def _problems(body: str) -> list[tuple[str, int, int]]:
    return [where(d) for d in problems(body, HEAD)]


def test_another_services_bucket_is_refused_with_the_data_ownership_hint() -> None:
    body = ("services:\n  a:\n    buckets: {files: {}}\n"
            "  b:\n    routes: {GET /x: {handler: getX, bucket_reads: [files]}}\n")
    found = problems(body, HEAD)
    assert [where(d) for d in found] == [("C200", 8, 53)]
    assert "of service 'a'" in found[0].message and "publish an event" in (found[0].hint or "")


def test_an_upload_bucket_is_not_reachable_through_bucket_access() -> None:
    body = ("services:\n  a:\n    uploads: {files: {presign: getUrl, route: POST /files}}\n"
            "    routes: {GET /x: {handler: getX, bucket_writes: [files]}}\n")
    found = problems(body, HEAD)
    assert [d.code for d in found] == ["C200"]
    assert "presign" in (found[0].hint or "")


@pytest.mark.parametrize("key,message", [
    ("arn:aws:kms:us-east-1:123456789012:key/0b6f3c3e-5d8a-4c2e-9f1a-2d4b6c8e0a1f",
     "KMS key in region 'us-east-1'"),
    ("arn:aws:kms:eu-west-1:123456789012:alias/reports", "not a KMS key ARN"),
    ("0b6f3c3e-5d8a-4c2e-9f1a-2d4b6c8e0a1f", "not a KMS key ARN"),
])
def test_a_key_that_is_no_key_arn_of_the_region_is_refused(key: str, message: str) -> None:
    found = problems(f"services:\n  a:\n    buckets: {{files: {{kms_key_arn: '{key}'}}}}\n", HEAD)
    assert [d.code for d in found] == ["C202"] and message in found[0].message


@pytest.mark.parametrize("rule,message", [
    ("{transitions: {glacier: 30, standard_ia: 60}}", "not later than 'standard_ia'"),
    ("{transitions: {glacier: 90}, expire_days: 60}", "before they move to 'glacier'"),
    ("{prefix: tmp/}", "neither moves nor expires"),
    ("{transitions: {onezone_ia: 29}}", "after 30 days at the earliest"),
])
def test_lifecycle_rules_s3_refuses_are_refused(rule: str, message: str) -> None:
    found = problems(f"services:\n  a:\n    buckets: {{files: {{lifecycle: [{rule}]}}}}\n", HEAD)
    assert [d.code for d in found] == ["C203"] and message in found[0].message


def test_valid_lifecycle_rules_and_triggers_pass() -> None:
    assert _problems(BLUEPRINT.split("\n", 3)[3]) == []


def test_a_bucket_name_too_long_for_s3_with_the_account_suffix_is_refused() -> None:
    body = f"services:\n  a:\n    buckets: {{{'x' * 40}: {{}}}}\n"
    assert [c for c, _, _ in _problems(body)] == ["N003"]
