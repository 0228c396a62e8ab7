"""Blueprint text that looks like HCL interpolation reaches Terraform as inert literal text.

(Tags and CORS origins are validated to AWS's own character sets, so they cannot carry it.)
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from scaffold.render.terraform.hcl import quote
from tests.helpers import render_to
from tests.support.terraform import init_and_validate_all, terraform_bin, terraform_env

PAYLOADS = ['${file("/etc/passwd")}', "%{ if true }x%{ endif }", '"quoted\\"']
NASTY = " | ".join(PAYLOADS)

BLUEPRINT = f"""
blueprint: 1
name: esc
region: eu-west-1
description: {json.dumps(NASTY)}
auth: {{groups: {{admin: {{description: {json.dumps(NASTY)}}}}}}}
services:
  svc:
    description: {json.dumps(NASTY)}
    tables: {{items: {{key: id}}}}
    events:
      Happened: {{description: {json.dumps(NASTY)}, fields: {{id: string}}}}
    secrets: {{token: {{description: {json.dumps(NASTY)}}}}}
    routes:
      GET /items:
        handler: listItems
        auth: public
        reads: [items]
        secrets: [token]
        environment: {{GREETING: {json.dumps(NASTY)}}}
    uploads:
      files: {{presign: getUrl, route: POST /files, prefix: {json.dumps(NASTY + "/")}}}
    workflows:
      flow:
        - {{task: doIt}}
        - {{fail: failed, error: {json.dumps(NASTY)}, cause: {json.dumps(NASTY)}}}
"""


@pytest.mark.terraform
def test_injection_text_stays_literal_in_every_free_text_field(tmp_path: Path) -> None:
    out = tmp_path / "out"
    render_to(BLUEPRINT, out)
    env = terraform_env(tmp_path)
    init_and_validate_all([out / "infra/platform", out / "infra/services/svc"], env)
    texts = "".join(p.read_text() for p in (out / "infra").rglob("*.tf")
                    if "modules" not in p.parts)
    literal = quote(NASTY)
    occurrences = texts.count(literal[1:-1])
    # group and secret descriptions, env value, upload prefix (env + IAM resource), ASL error+cause
    assert occurrences >= 7, f"payload found {occurrences} times; expected in every field"
    assert "${file(" not in texts.replace("$${file(", "")
    # Ask Terraform itself what the rendered literal means.
    harness = tmp_path / "harness"
    harness.mkdir()
    (harness / "main.tf").write_text(f"locals {{\n  v = {literal}\n}}\n")
    proc = subprocess.run([terraform_bin(), f"-chdir={harness}", "console"],
                          input="jsonencode(local.v)\n", text=True, capture_output=True,
                          env=env, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    printed = proc.stdout.strip()
    value = json.loads(json.loads(printed)) if printed.startswith('"') else None
    assert value == NASTY


def test_hcl_quote_escapes_templates_quotes_and_control_characters() -> None:
    assert quote('${x}') == '"$${x}"'
    assert quote("%{ if }") == '"%%{ if }"'
    assert quote('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
    assert re.fullmatch(r'"\\u0001"', quote("\x01"))
