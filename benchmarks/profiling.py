"""Where a scaffold process spends its time: ``-X importtime`` tables and cProfile groups.

``parse_importtime`` reads what ``PYTHONPROFILEIMPORTTIME=1`` prints; ``import_groups`` adds
the self time of every module by package family (so the groups add up to the whole import
time). ``profile_child`` runs inside a child interpreter (``run.py --profile OUT ARGS...``):
it runs ``scaffold.cli.main`` under cProfile with the wall clock and prints, as JSON, the
cumulative seconds of the functions that stand for each phase. Standard library only.
"""

from __future__ import annotations

import cProfile
import json
import pstats
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)\s*$")

PACKAGE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pydantic", ("pydantic", "pydantic_core", "annotated_types", "typing_inspection")),
    ("jinja2", ("jinja2", "markupsafe")),
    ("typer / click / rich", ("typer", "click", "rich", "shellingham", "pygments",
                              "markdown_it", "mdurl")),
    ("yaml (ruamel, PyYAML)", ("ruamel", "yaml", "_ruamel_yaml")),
    ("scaffold", ("scaffold",)),
)


@dataclass(frozen=True)
class ImportRow:
    """One module of an ``-X importtime`` report (microseconds)."""

    module: str
    self_us: int
    cumulative_us: int
    depth: int


def parse_importtime(text: str) -> list[ImportRow]:
    """The module rows of an ``-X importtime`` report (other lines are ignored)."""
    rows = []
    for line in text.splitlines():
        match = _LINE.match(line)
        if match:
            self_us, cumulative, indent, module = match.groups()
            rows.append(ImportRow(module, int(self_us), int(cumulative), len(indent) // 2))
    return rows


def top_cumulative(rows: list[ImportRow], count: int = 15) -> list[ImportRow]:
    """The ``count`` modules with the biggest cumulative import time."""
    return sorted(rows, key=lambda r: (-r.cumulative_us, r.module))[:count]


def group_of(module: str) -> str:
    """The package family a module belongs to (``other`` for the rest: stdlib, ...)."""
    top = module.split(".", 1)[0]
    for name, packages in PACKAGE_GROUPS:
        if top in packages:
            return name
    return "other (standard library, ...)"


def import_groups(rows: list[ImportRow]) -> dict[str, float]:
    """Seconds of import self time per package family; they add up to the whole."""
    totals: dict[str, float] = {name: 0.0 for name, _ in PACKAGE_GROUPS}
    totals["other (standard library, ...)"] = 0.0
    for row in rows:
        totals[group_of(row.module)] += row.self_us / 1e6
    return totals


# cProfile phases: (label, function keys whose cumulative time is summed). A key is
# (file ending, function name); nested keys are never listed twice in one phase.
PHASES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("all imports (cProfile view)", (("<frozen importlib._bootstrap>", "_find_and_load"),)),
    ("model/schema building (pydantic class creation; part of the imports)",
     (("pydantic/_internal/_model_construction.py", "__new__"),)),
    ("load (YAML)", (("scaffold/blueprint/load.py", "load_text"),)),
    ("validate (pydantic + checks)", (("scaffold/blueprint/validate.py", "validate"),)),
    ("template load/compile (Jinja; bytecode cache reads included)",
     (("jinja2/loaders.py", "load"), ("jinja2/environment.py", "from_string"))),
    ("render (all emitters, template compile included)",
     (("scaffold/render/pipeline.py", "render"),)),
    ("write: plan (read + hash existing files)", (("scaffold/output/writer.py", "plan_writes"),)),
    ("write: apply (temp file, fsync, rename)", (("scaffold/output/writer.py", "apply_writes"),)),
)


def _cumulative(stats: pstats.Stats, ending: str, name: str) -> float:
    total = 0.0
    for (filename, _line, function), row in stats.stats.items():  # type: ignore[attr-defined]
        if function == name and filename.endswith(ending):
            total += row[3]
    return total


def profile_child(out: str, argv: list[str]) -> None:
    """Run ``scaffold ARGV`` under cProfile (wall clock); write phase seconds to ``out``."""
    profiler = cProfile.Profile(time.perf_counter)
    start = time.perf_counter()
    sys.argv = ["scaffold", *argv]
    profiler.enable()
    try:
        from scaffold.cli import main

        main()
    except SystemExit:
        pass
    finally:
        profiler.disable()
    total = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    phases = {label: sum(_cumulative(stats, e, n) for e, n in keys) for label, keys in PHASES}
    Path(out).write_text(json.dumps({"total": total, "phases": phases}), encoding="utf-8")
