"""Benchmark scaffold as users run it: whole processes, W3 / W30 / W300, plus a stage breakdown.

Usage::

    python benchmarks/run.py                 # 1 warm-up + 5 timed runs each; writes RESULTS.md
    python benchmarks/run.py --runs 3 --sizes 1,10 --no-write

Every figure is a separate ``scaffold`` process started with ``subprocess.Popen`` and reaped
with ``os.wait4``, which gives that one process's CPU time (user + system) and peak resident
memory. Wall time is ``time.perf_counter`` around start and exit. Each measurement runs once
untimed (warm-up: file cache, .pyc files), then ``--runs`` times; the table shows the median
and the range. Nothing uses the network.

The breakdown per pipeline stage (imports, load, validate, plan, render, write) runs in a
fresh child interpreter too (``run.py --stages``), so import costs count as they do for users.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from make_blueprint import make_blueprint  # noqa: E402

REFERENCE_IMPORTS_S = 0.07
"""The issue's reference machine ran ``python -c "import yaml, jinja2, click"`` in 0.07 s."""
REFERENCE_IMPORTS_CMD = "import yaml, jinja2, click"

TARGETS: dict[str, dict[int, float]] = {  # measure -> {groups: seconds}; 0 = any size
    "validate": {10: 0.2},
    "cold": {1: 0.15, 10: 0.4},
    "noop": {10: 0.2},
}
HELP_TARGET_S = 0.15
CEILINGS: dict[str, dict[int, float]] = {"cold": {1: 0.25, 10: 0.5}}
GROWTH_TARGETS_MS = {"cold": 2.5, "noop": 0.5, "change": 0.5}
MEMORY_TARGET_MB = 100.0
NAMES = {1: "W3", 10: "W30", 100: "W300"}
PROCESS_MEASURES = ("validate", "cold", "noop", "change")
LABELS = {"validate": "`scaffold validate`", "cold": "cold `render` (empty folder)",
          "noop": "no-op re-render (writes nothing)",
          "change": "re-render after one route changes"}
# The route the "one route changes" re-render edits (it exists in every group, so in W3 too).
CHANGED_ROUTE = "      GET /g1/projects: {handler: listProjects, auth: user, reads: [projects]}"
CHANGED_ROUTE_B = ("      GET /g1/projects: {handler: listProjects, auth: user, reads: [projects], "
                   "memory: 512}")
NOTES_MARKER = ("<!-- Written by hand below this line; run.py keeps it when it rewrites "
                "the file. -->")


@dataclass
class Sample:
    """One process: wall and CPU seconds, peak RSS in MB, exit code, its output."""

    wall: float
    cpu: float
    rss_mb: float
    code: int
    stdout: str


@dataclass
class Series:
    """The timed runs of one measurement."""

    samples: list[Sample] = field(default_factory=list)

    def _values(self, attr: str) -> list[float]:
        return [float(getattr(s, attr)) for s in self.samples]

    def median(self, attr: str = "wall") -> float:
        return statistics.median(self._values(attr))

    def low(self, attr: str = "wall") -> float:
        return min(self._values(attr))

    def high(self, attr: str = "wall") -> float:
        return max(self._values(attr))

    def peak_rss(self) -> float:
        return max(self._values("rss_mb"))


@dataclass
class Workload:
    """Everything measured for one workload."""

    groups: int
    name: str
    functions: int = 0
    series: dict[str, Series] = field(default_factory=dict)
    files: int = 0
    lines: int = 0
    size: int = 0
    changed_files: list[str] = field(default_factory=list)
    stages: dict[str, Any] = field(default_factory=dict)

    def peak_rss(self) -> float:
        return max(s.peak_rss() for s in self.series.values())


def child_env() -> dict[str, str]:
    """The environment of every measured process: this checkout's ``scaffold`` comes first.

    Without it the processes would import whatever ``scaffold`` is installed, which need not
    be this checkout (an editable install of another clone, an older wheel).
    """
    env = dict(os.environ)
    if (REPO / "scaffold" / "__init__.py").is_file():
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


ENV = child_env()


def scaffold_command() -> list[str]:
    """The installed console script next to this interpreter, else ``python -m scaffold``.

    The console script is used (not a ``pyenv`` shim found on PATH) because a shim adds a
    shell and another process to every run, which users of a real install do not pay.
    """
    script = Path(sys.executable).with_name("scaffold")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "scaffold"]


def run_once(cmd: list[str]) -> Sample:
    """Run ``cmd`` to completion; measure wall time, CPU time and peak RSS of that process."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Sample(wall, usage.ru_utime + usage.ru_stime, rss, proc.returncode, text)


def measure(cmd: list[str], runs: int, warmup: int = 1,
            before: Callable[[int], None] | None = None,
            check: Callable[[Sample], None] | None = None) -> Series:
    """Warm up, then time ``runs`` runs.

    ``before(i)`` prepares run ``i`` (untimed; the warm-up is run 0); ``check(sample)``
    raises when a timed run did not do what the measurement claims.
    """
    series = Series()
    for i in range(warmup + runs):
        if before is not None:
            before(i)
        sample = run_once(cmd)
        if sample.code != 0:
            raise SystemExit(f"failed ({sample.code}): {' '.join(cmd)}\n{sample.stdout}")
        if i >= warmup:
            if check is not None:
                check(sample)
            series.samples.append(sample)
    return series


def _mtimes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*")
            if p.is_file() and p.name not in ("lock", "stat-cache.json")}


def count_output(root: Path) -> tuple[int, int, int]:
    """Files, lines and bytes scaffold generated under ``root`` (its .scaffold/ excluded)."""
    files = lines = size = 0
    for p in root.rglob("*"):
        if p.is_file() and ".scaffold" not in p.relative_to(root).parts:
            data = p.read_bytes()
            files += 1
            lines += data.count(b"\n")
            size += len(data)
    return files, lines, size


def _progress(name: str, what: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {name}: {what}", file=sys.stderr, flush=True)


def bench_size(groups: int, work: Path, runs: int, cmd: list[str]) -> Workload:
    """Every whole-process measurement for one workload."""
    w = Workload(groups, NAMES.get(groups, f"W{groups * 3}"))
    folder = work / w.name
    folder.mkdir()
    bp = folder / "blueprint.yaml"
    text = make_blueprint(groups)
    bp.write_text(text)

    _progress(w.name, "validate")
    w.series["validate"] = measure([*cmd, "validate", str(bp)], runs)
    match = re.search(r"(\d+) functions?", w.series["validate"].samples[0].stdout)
    w.functions = int(match.group(1)) if match else 0

    _progress(w.name, "cold render")
    render = [*cmd, "render", str(bp), "--out"]
    cold = Series()
    out = folder / "cold-0"
    for i in range(1 + runs):  # a new empty folder each run; the previous one goes
        shutil.rmtree(out, ignore_errors=True)
        out = folder / f"cold-{i}"
        sample = run_once([*render, str(out)])
        if sample.code != 0:
            raise SystemExit(f"cold render failed:\n{sample.stdout}")
        if i >= 1:
            cold.samples.append(sample)
    w.series["cold"] = cold
    w.files, w.lines, w.size = count_output(out)

    _progress(w.name, "no-op re-render")
    before: dict[str, int] = {}

    def snapshot(i: int) -> None:  # after the warm-up run, which settles the output
        if i == 1:
            before.update(_mtimes(out))

    def unchanged(sample: Sample) -> None:
        if " create" in sample.stdout or " update" in sample.stdout:
            raise SystemExit(f"no-op re-render wrote files:\n{sample.stdout}")

    w.series["noop"] = measure([*render, str(out)], runs, before=snapshot, check=unchanged)
    if _mtimes(out) != before:
        raise SystemExit("no-op re-render touched files (mtimes changed)")

    _progress(w.name, "re-render after one route changes")
    changed = text.replace(CHANGED_ROUTE, CHANGED_ROUTE_B)
    assert changed != text, "the changed route is missing from the blueprint"

    def edit(i: int) -> None:  # alternate, so that every run has one real change to write
        bp.write_text(changed if i % 2 == 0 else text)

    def wrote(sample: Sample) -> None:
        if " update" not in sample.stdout:
            raise SystemExit(f"re-render after a change wrote nothing:\n{sample.stdout}")

    w.series["change"] = measure([*render, str(out)], runs, before=edit, check=wrote)
    w.changed_files = [line.split()[1] for line in
                       w.series["change"].samples[-1].stdout.splitlines()
                       if line.strip().startswith("update")]
    bp.write_text(text)

    _progress(w.name, "stage breakdown")
    w.stages = stage_breakdown(bp, folder / "stages-out", runs=max(1, min(runs, 3)))
    shutil.rmtree(folder, ignore_errors=True)
    return w


# --------------------------------------------------------------------------------------------
# In-process stage breakdown (runs in a child interpreter: ``run.py --stages BP OUT``).


def _stages_child(blueprint: str, out: str) -> None:
    """Time each pipeline stage in this (fresh) process and print JSON."""
    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    clock = (time.perf_counter(), time.process_time())

    def lap(label: str) -> None:
        nonlocal clock
        now = (time.perf_counter(), time.process_time())
        wall[label] = now[0] - clock[0]
        cpu[label] = now[1] - clock[1]
        clock = now

    import importlib
    import importlib.util

    from scaffold.blueprint.load import load_blueprint
    from scaffold.blueprint.validate import validate
    from scaffold.output.manifest import load_manifest
    from scaffold.output.writer import apply_writes, plan_writes
    from scaffold.plan.build import build_plan
    from scaffold.render import pipeline
    from scaffold.render.terraform import emit_terraform

    lap("imports (scaffold, pydantic, yaml; not the CLI)")
    doc = load_blueprint(blueprint)
    lap("load")
    bp = validate(doc)
    lap("validate")
    plan = build_plan(bp)
    lap("plan")
    terraform = emit_terraform(bp, plan)
    lap("render: Terraform")
    for module, function, label in (("scaffold.render.stubs", "emit_stubs", "render: stubs"),
                                    ("scaffold.render.docs", "emit_docs", "render: docs")):
        if importlib.util.find_spec(module) is None:
            continue
        emit = getattr(importlib.import_module(module), function)
        try:
            emit(bp, plan)
        except TypeError:  # an emitter that takes the blueprint only
            emit(bp)
        lap(label + " (first call: imports, template compiles)")
    files = pipeline.render_plan(bp, plan)
    lap("render: render_plan again, caches warm")
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    writes = plan_writes(root, files, load_manifest(root))
    lap("write: plan (cold)")
    apply_writes(writes)
    lap("write: apply (cold)")
    writes = plan_writes(root, files, load_manifest(root))
    lap("write: plan (no-op)")
    apply_writes(writes)
    lap("write: apply (no-op)")
    print(json.dumps({"wall": wall, "cpu": cpu, "files": len(files),
                      "terraform_files": len(terraform)}))


def stage_breakdown(blueprint: Path, out: Path, runs: int) -> dict[str, Any]:
    """Median of ``runs`` child processes (after one warm-up), each timing every stage once."""
    results: list[dict[str, Any]] = []
    for i in range(runs + 1):
        shutil.rmtree(out, ignore_errors=True)
        sample = run_once([sys.executable, str(Path(__file__).resolve()), "--stages",
                           str(blueprint), str(out)])
        if sample.code != 0:
            raise SystemExit(f"stage breakdown failed:\n{sample.stdout}")
        data = json.loads(sample.stdout.strip().splitlines()[-1])
        data["rss_mb"] = sample.rss_mb
        if i:
            results.append(data)
    merged: dict[str, Any] = {"files": results[-1]["files"],
                              "terraform_files": results[-1]["terraform_files"],
                              "rss_mb": max(r["rss_mb"] for r in results)}
    for kind in ("wall", "cpu"):
        merged[kind] = {label: statistics.median(r[kind][label] for r in results)
                        for label in results[0][kind]}
    shutil.rmtree(out, ignore_errors=True)
    return merged


# --------------------------------------------------------------------------------------------
# Report.


def machine_facts(cmd: list[str]) -> list[str]:
    """Date, CPU, cores, OS, Python, scaffold version and commit, the command measured."""
    cpu_model = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS
        usable = os.cpu_count() or 0
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, check=False).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "scaffold"],
                               capture_output=True, text=True, check=False).stdout.strip()
        commit = (commit + (" + uncommitted changes in scaffold/" if dirty else "")) \
            or "unknown"
    except OSError:
        commit = "unknown"
    where = subprocess.run([sys.executable, "-c", "import scaffold; print(scaffold.__file__, "
                            "scaffold.__version__)"], capture_output=True, text=True, env=ENV,
                           check=False).stdout.split()
    path, version = (where + ["?", "?"])[:2]

    return [
        f"- Date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Machine: {os.cpu_count()} cores ({usable} usable), {cpu_model or 'unknown CPU'}, "
        f"{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()} ({sys.executable}); scaffold {version} "
        f"imported from `{Path(path).parent}`; git {commit}",
        f"- Command: `{' '.join(cmd)}`",
    ]


def _cell(series: Series) -> str:
    return (f"{series.median():.3f} ({series.low():.3f}–{series.high():.3f}) "
            f"· cpu {series.median('cpu'):.3f}")


def _verdict(wall: float, scaled: float, target: float) -> str:
    if wall <= target:
        return "**met**"
    if scaled <= target:
        return "met on the reference-machine estimate only"
    return "**missed**"


def report(workloads: list[Workload], help_series: Series, baseline: Series,
           reference: Series, facts: list[str], load: tuple[str, str], runs: int) -> str:
    """The Markdown report."""
    factor = REFERENCE_IMPORTS_S / reference.median("cpu")
    blank = " |" * len(workloads)
    lines = [
        "# scaffold benchmark results",
        "",
        "Made by `python benchmarks/run.py`; benchmarks/README.md says what each figure means.",
        "",
        *facts,
        f"- Load average (1, 5, 15 min) at start: {load[0]}; at end: {load[1]}",
        f"- {runs} timed runs after 1 warm-up per figure. Cells: median wall seconds "
        "(min–max) · median CPU seconds (user + system) of the process.",
        "",
        "## Whole process",
        "",
        "| Measure | " + " | ".join(w.name for w in workloads) + " | Target |",
        "|---|" + "---|" * len(workloads) + "---|",
    ]
    for key in PROCESS_MEASURES:
        targets = [f"{w.name} ≤ {TARGETS[key][w.groups]} s" for w in workloads
                   if w.groups in TARGETS.get(key, {})]
        lines.append(f"| {LABELS[key]} | " + " | ".join(_cell(w.series[key]) for w in workloads)
                     + " | " + (", ".join(targets) or "–") + " |")
    lines += [
        f"| `scaffold --help` | {_cell(help_series)} |" + blank[2:] + f" ≤ {HELP_TARGET_S} s |",
        f"| `python -c pass` (interpreter start-up here) | {_cell(baseline)} |" + blank[2:]
        + " – |",
        f"| `python -c \"{REFERENCE_IMPORTS_CMD}\"` | {_cell(reference)} |" + blank[2:]
        + f" {REFERENCE_IMPORTS_S} s on the reference machine |",
        "| peak memory, MB (max RSS of any run) | "
        + " | ".join(f"{w.peak_rss():.0f}" for w in workloads)
        + f" | W300 ≤ {MEMORY_TARGET_MB:.0f} |",
        "| functions | " + " | ".join(str(w.functions) for w in workloads) + " | |",
        "| files generated | " + " | ".join(str(w.files) for w in workloads) + " | |",
        "| lines generated | " + " | ".join(str(w.lines) for w in workloads) + " | |",
        "| MB generated | " + " | ".join(f"{w.size / 1e6:.1f}" for w in workloads) + " | |",
        "| files the one-route change updates | "
        + " | ".join(str(len(w.changed_files)) for w in workloads) + " | |",
    ]

    verdicts = ["", "## Targets", "",
                f"Machine factor: `python -c \"{REFERENCE_IMPORTS_CMD}\"` took "
                f"{reference.median('cpu'):.3f} s of CPU here and {REFERENCE_IMPORTS_S} s on "
                f"the issue's reference machine, so CPU seconds here × {factor:.2f} estimate "
                "that machine's seconds. The estimate leaves out waiting for the disk "
                "(fsync), which CPU time does not include.", "",
                "| Target | Wall here | Estimate for the reference machine | Verdict |",
                "|---|---|---|---|"]
    by_groups = {w.groups: w for w in workloads}
    for key, per_size in TARGETS.items():
        for groups, target in per_size.items():
            if groups in by_groups:
                s = by_groups[groups].series[key]
                verdicts.append(f"| {LABELS[key]} {by_groups[groups].name} ≤ {target} s | "
                                f"{s.median():.3f} s | {s.median('cpu') * factor:.3f} s | "
                                f"{_verdict(s.median(), s.median('cpu') * factor, target)} |")
    verdicts.append(f"| `scaffold --help` ≤ {HELP_TARGET_S} s | {help_series.median():.3f} s | "
                    f"{help_series.median('cpu') * factor:.3f} s | "
                    + _verdict(help_series.median(), help_series.median("cpu") * factor,
                               HELP_TARGET_S) + " |")
    if 10 in by_groups and 100 in by_groups:
        small, big = by_groups[10], by_groups[100]
        extra = big.functions - small.functions
        lines += ["", "## Growth per function (W30 → W300)", "",
                  "| Measure | wall ms / function | CPU ms / function | Target |",
                  "|---|---|---|---|"]
        for key in PROCESS_MEASURES:
            dw = (big.series[key].median() - small.series[key].median()) / extra * 1000
            dc = (big.series[key].median("cpu") - small.series[key].median("cpu")) / extra * 1000
            goal = GROWTH_TARGETS_MS.get(key)
            lines.append(f"| {LABELS[key]} | {dw:.2f} | {dc:.2f} | "
                         + (f"≤ {goal} |" if goal else "– |"))
            if goal:
                verdicts.append(f"| growth, {LABELS[key]}, ≤ {goal} ms / function | "
                                f"{dw:.2f} ms | {dc * factor:.2f} ms | "
                                f"{_verdict(dw, dc * factor, goal)} |")
    if 100 in by_groups:
        peak = by_groups[100].peak_rss()
        verdicts.append(f"| peak memory W300 ≤ {MEMORY_TARGET_MB:.0f} MB | {peak:.0f} MB | – | "
                        + ("**met**" if peak <= MEMORY_TARGET_MB else "**missed**") + " |")
    lines += verdicts

    for w in workloads:
        lines += ["", f"## Stage breakdown, {w.name} (one fresh process, median of "
                  f"{max(1, min(runs, 3))})", "", "| Stage | wall s | CPU s |", "|---|---|---|"]
        for label, seconds in w.stages["wall"].items():
            lines.append(f"| {label} | {seconds:.3f} | {w.stages['cpu'][label]:.3f} |")
        lines += [f"| peak memory of that process | {w.stages['rss_mb']:.0f} MB | |", "",
                  f"{w.stages['files']} files rendered ({w.stages['terraform_files']} "
                  "Terraform). That process renders twice and holds both results."]
    return "\n".join(lines) + "\n"


def _kept_notes(path: Path) -> str:
    """The hand-written part of an existing results file (analysis), to keep it on rewrite."""
    try:
        old = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    at = old.find(NOTES_MARKER)
    return "\n" + old[at:] if at >= 0 else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark scaffold (see benchmarks/README.md).")
    parser.add_argument("--sizes", default="1,10,100",
                        help="groups per workload, comma separated (1=W3, 10=W30, 100=W300)")
    parser.add_argument("--runs", type=int, default=5,
                        help="timed runs per figure, after 1 warm-up (default 5)")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md",
                        help="where to write the Markdown (default: benchmarks/RESULTS.md)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--stages", nargs=2, metavar=("BLUEPRINT", "OUT"),
                        help=argparse.SUPPRESS)  # internal: the child of the stage breakdown
    args = parser.parse_args(argv)
    if args.stages:
        _stages_child(*args.stages)
        return 0
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    cmd = scaffold_command()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    load_start = " ".join(f"{x:.1f}" for x in os.getloadavg())
    _progress("baseline", "interpreter start-up, reference imports")
    baseline = measure([sys.executable, "-c", "pass"], args.runs)
    reference = measure([sys.executable, "-c", REFERENCE_IMPORTS_CMD], args.runs)
    _progress("help", "scaffold --help")
    help_series = measure([*cmd, "--help"], args.runs)
    with tempfile.TemporaryDirectory(prefix="scaffold-bench-") as tmp:
        workloads = [bench_size(groups, Path(tmp), args.runs, cmd) for groups in sizes]
    load_end = " ".join(f"{x:.1f}" for x in os.getloadavg())
    text = report(workloads, help_series, baseline, reference, machine_facts(cmd),
                  (load_start, load_end), args.runs)
    sys.stdout.write(text)
    if not args.no_write:
        args.output.write_text(text + _kept_notes(args.output), encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
