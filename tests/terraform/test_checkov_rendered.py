"""A static security scan of the rendered webapp reports no unjustified failure."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import REPO, render_to
from tests.support.checkov import run_checkov


def test_checkov_reports_no_failed_check_on_the_rendered_webapp(tmp_path: Path) -> None:
    render_to(REPO / "blueprints" / "webapp.yaml", tmp_path)
    failed = run_checkov(tmp_path / "infra")
    summary = sorted({f"{f['check_id']} {f['resource']} ({f['file_path']})" for f in failed})
    assert not summary, "checkov failed checks:\n" + "\n".join(summary)


def test_checkov_reports_no_failed_check_on_the_kitchen_sink_with_its_service_buckets(
        tmp_path: Path) -> None:
    # The kitchen sink has what the webapp lacks: buckets a service owns (SSE-S3 with a
    # lifecycle and a trigger, SSE-KMS unversioned), and their readers and writers.
    render_to(REPO / "blueprints" / "kitchen-sink.yaml", tmp_path)
    failed = run_checkov(tmp_path / "infra")
    summary = sorted({f"{f['check_id']} {f['resource']} ({f['file_path']})" for f in failed})
    assert not summary, "checkov failed checks:\n" + "\n".join(summary)
