"""The rules benchmarks/run.py uses to call a target met or missed (no timing here).

benchmarks/targets.py and benchmarks/profiling.py are pure: ratios, growth per function,
the verdict, and the parsing of ``-X importtime`` reports.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while decorating
    spec.loader.exec_module(module)
    return module


targets = _module("targets")
profiling = _module("profiling")


@pytest.mark.parametrize(("value", "limit", "strict", "expected"), [
    (0.5, 0.5, False, "met"),
    (0.49, 0.5, False, "met"),
    (0.51, 0.5, False, "missed"),
    (100.0, 100.0, True, "missed"),
    (99.9, 100.0, True, "met"),
    (None, 2.5, False, "not measured"),
    (1.0, None, False, "not measured"),
])
def test_a_value_within_its_limit_is_met_and_a_missing_one_never_passes(
        value: float | None, limit: float | None, strict: bool, expected: str) -> None:
    assert targets.verdict(value, limit, strict=strict) == expected


def test_a_ratio_needs_both_figures_and_a_positive_floor() -> None:
    assert targets.ratio(0.3, 0.2) == pytest.approx(1.5)
    assert targets.ratio(None, 0.2) is None
    assert targets.ratio(0.3, 0.0) is None


def test_growth_is_milliseconds_per_extra_function() -> None:
    assert targets.growth_ms(1.0, 4.15, 143, 1403) == pytest.approx(2.5)
    assert targets.growth_ms(1.0, 2.0, 143, 143) is None


def test_a_target_row_reports_its_verdict_and_sign() -> None:
    row = targets.Target("peak", "99 MiB", 99.0, 100.0, "MiB", strict=True, cpu_value=None)
    assert (row.verdict, row.target) == ("met", "< 100 MiB")
    ratio_row = targets.Target("help", "…", 1.6, 1.5, "×", cpu_value=1.2)
    assert (ratio_row.verdict, ratio_row.cpu_verdict, ratio_row.target) == (
        "missed", "met", "≤ 1.5×")
    fixed = targets.Target("dev", "–", None, 1.0, "s", status="not built yet")
    assert fixed.verdict == fixed.cpu_verdict == "not built yet"


REPORT = """\
import time: self [us] | cumulative | imported package
import time:       120 |        120 |   _io
import time:      2000 |       5000 | pydantic_core
import time:      3000 |       3000 |   pydantic_core.core_schema
import time:      1000 |       9000 | scaffold.blueprint.model
some other line
"""


def test_importtime_rows_are_parsed_and_grouped_by_package() -> None:
    rows = profiling.parse_importtime(REPORT)
    assert [r.module for r in profiling.top_cumulative(rows, 2)] == [
        "scaffold.blueprint.model", "pydantic_core"]
    groups = profiling.import_groups(rows)
    assert groups["pydantic"] == pytest.approx(0.005)
    assert groups["scaffold"] == pytest.approx(0.001)
    assert sum(groups.values()) == pytest.approx(sum(r.self_us for r in rows) / 1e6)


def test_the_chalice_app_has_the_workloads_routes_and_compiles(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(BENCH))  # chalice_app imports make_blueprint
    chalice_app = _module("chalice_app")
    source = chalice_app.app_source(10)
    compile(source, "app.py", "exec")
    assert source.count("@app.route(") == 100
    assert source.count("@app.schedule(") == 10
    assert source.count("@app.on_cw_event(") == 30
    assert chalice_app.function_count(10) == 44
