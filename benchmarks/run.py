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
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from make_blueprint import make_blueprint  # noqa: E402

# The reference machine: `python -c "import yaml, jinja2, click"` took 0.07 s there.
REFERENCE_IMPORTS_S = 0.07
REFERENCE_IMPORTS_CMD = "import yaml, jinja2, click"

# (measure key, label, target per size in seconds or None).
TARGETS: dict[str, dict[int, float]] = {
    "validate": {10: 0.2},
    "cold": {1: 0.15, 10: 0.4},
    "noop": {10: 0.2},
    "help": {0: 0.15},
}
CEILINGS: dict[str, dict[int, float]] = {"cold": {1: 0.25, 10: 0.5}}
MEMORY_TARGET_MB = 100.0
NAMES = {1: "W3", 10: "W30", 100: "W300"}
# The route the "one route changes" re-render edits (it exists in every group, so in W3 too).
CHANGED_ROUTE = "      GET /g1/projects: {handler: listProjects, auth: user, reads: [projects]}"
CHANGED_ROUTE_B = ("      GET /g1/projects: {handler: listProjects, auth: user, reads: [projects], "
                   "memory: 512}")


@dataclass
class Sample:
    """One process: wall and CPU seconds, peak RSS in MB, exit code, its standard output."""

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
        return [getattr(s, attr) for s in self.samples]

    def median(self, attr: str = "wall") -> float:
        return statistics.median(self._values(attr))

    def low(self, attr: str = "wall") -> float:
        return min(self._values(attr))

    def high(self, attr: str = "wall") -> float:
        return max(self._values(attr))

    def peak_rss(self) -> float:
        return max(self._values("rss_mb"))


def scaffold_command() -> list[str]:
    """The installed console script next to this interpreter, else ``python -m scaffold``.

    The console script is used (not a ``pyenv`` shim found on PATH) because a shim adds a
    shell and another process to every run, which users of a real install do not pay.
    """
    script = Path(sys.executable).with_name("scaffold")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "scaffold"]


def run_once(cmd: list[str], cwd: Path | None = None) -> Sample:
    """Run ``cmd`` to completion; measure wall time, CPU time and peak RSS of that process."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Sample(wall, usage.ru_utime + usage.ru_stime, rss, proc.returncode, text)


def measure(cmd: list[str], runs: int, warmup: int = 1, before=None,  # type: ignore[no-untyped-def]
            check=None) -> Series:  # type: ignore[no-untyped-def]
    """Warm up, then time ``runs`` runs. ``before(i)`` prepares run ``i`` (untimed);
    ``check(sample)`` raises when a run did not do what the measurement claims."""
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
            if p.is_file() and p.name != "lock"}


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


def bench_size(groups: int, work: Path, runs: int, cmd: list[str]) -> dict[str, object]:
    """Every whole-process measurement for one workload."""
    name = NAMES.get(groups, f"W{groups * 3}")
    folder = work / name
    folder.mkdir()
    bp = folder / "blueprint.yaml"
    text = make_blueprint(groups)
    bp.write_text(text)
    result: dict[str, object] = {"groups": groups, "name": name}

    print(f"[{name}] validate", file=sys.stderr)
    validate = measure([*cmd, "validate", str(bp)], runs)
    match = re.search(r"(\d+) functions?", validate.samples[0].stdout)
    result["functions"] = int(match.group(1)) if match else 0
    result["validate"] = validate

    print(f"[{name}] cold render", file=sys.stderr)
    cold_dirs: list[Path] = []

    def fresh(i: int) -> None:
        target = folder / f"cold-{i}"
        cold_dirs.append(target)
        if len(cold_dirs) > 1:  # keep the disk small: the previous run's output goes
            shutil.rmtree(cold_dirs[-2], ignore_errors=True)

    cold_cmd = [*cmd, "render", str(bp), "--out"]
    series = Series()
    for i in range(1 + runs):
        fresh(i)
        sample = run_once([*cold_cmd, str(cold_dirs[-1])])
        if sample.code != 0:
            raise SystemExit(f"cold render failed:\n{sample.stdout}")
        if i >= 1:
            series.samples.append(sample)
    result["cold"] = series
    files, lines, size = count_output(cold_dirs[-1])
    result["files"], result["lines"], result["bytes"] = files, lines, size

    print(f"[{name}] no-op re-render", file=sys.stderr)
    out = cold_dirs[-1]
    before_mtimes: dict[str, int] = {}

    def snapshot(i: int) -> None:  # after the warm-up run, which settles the output
        if i == 1:
            before_mtimes.update(_mtimes(out))

    def unchanged(sample: Sample) -> None:
        if " create" in sample.stdout or " update" in sample.stdout:
            raise SystemExit(f"no-op re-render wrote files:\n{sample.stdout}")

    noop = measure([*cold_cmd, str(out)], runs, before=snapshot, check=unchanged)
    if _mtimes(out) != before_mtimes:
        raise SystemExit("no-op re-render touched files (mtimes changed)")
    result["noop"] = noop

    print(f"[{name}] re-render after one route changes", file=sys.stderr)
    changed_text = text.replace(CHANGED_ROUTE, CHANGED_ROUTE_B)
    assert changed_text != text, "the changed route is missing from the blueprint"

    def edit(i: int) -> None:  # alternate, so that every run has one real change to write
        bp.write_text(changed_text if i % 2 == 0 else text)

    def wrote(sample: Sample) -> None:
        if " update" not in sample.stdout:
            raise SystemExit(f"re-render after a change wrote nothing:\n{sample.stdout}")

    result["change"] = measure([*cold_cmd, str(out)], runs, before=edit, check=wrote)
    updated = [line.split()[1] for line in result["change"].samples[-1].stdout.splitlines()  # type: ignore[attr-defined]
               if line.strip().startswith("update")]
    result["changed_files"] = updated
    bp.write_text(text)

    print(f"[{name}] stage breakdown", file=sys.stderr)
    result["stages"] = stage_breakdown(bp, folder / "stages-out", runs=max(1, min(runs, 3)))
    shutil.rmtree(folder, ignore_errors=True)
    return result


# --------------------------------------------------------------------------------------------
# In-process stage breakdown (runs in a child interpreter: ``run.py --stages BP OUT``).


def _stages_child(blueprint: str, out: str) -> None:
    """Time each pipeline stage in this (fresh) process and print JSON."""
    import importlib
    times: dict[str, float] = {}
    cpu: dict[str, float] = {}

    def lap(label: str, start: tuple[float, float]) -> tuple[float, float]:
        now = (time.perf_counter(), time.process_time())
        times[label] = now[0] - start[0]
        cpu[label] = now[1] - start[1]
        return now

    t = (time.perf_counter(), time.process_time())
    from scaffold.blueprint.load import load_blueprint
    from scaffold.blueprint.validate import validate
    from scaffold.output.manifest import load_manifest
    from scaffold.output.writer import apply_writes, plan_writes
    from scaffold.plan.build import build_plan
    from scaffold.render import pipeline
    from scaffold.render.terraform import emit_terraform
    t = lap("imports", t)
    doc = load_blueprint(blueprint)
    t = lap("load", t)
    bp = validate(doc)
    t = lap("validate", t)
    plan = build_plan(bp)
    t = lap("plan", t)
    tf = emit_terraform(bp, plan)
    t = lap("render: Terraform", t)
    import importlib.util

    for module, function, label in (("scaffold.render.stubs", "emit_stubs", "render: stubs"),
                                    ("scaffold.render.docs", "emit_docs", "render: docs")):
        if importlib.util.find_spec(module) is not None:
            getattr(importlib.import_module(module), function)(bp)
            t = lap(label, t)
    files = pipeline.render_plan(bp, plan)
    t = lap("render: render_plan again, all emitters, caches warm", t)
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    writes = plan_writes(root, files, load_manifest(root))
    t = lap("write: plan (cold)", t)
    apply_writes(writes)
    t = lap("write: apply (cold)", t)
    writes = plan_writes(root, files, load_manifest(root))
    t = lap("write: plan (no-op)", t)
    apply_writes(writes)
    t = lap("write: apply (no-op)", t)
    extra: dict[str, object] = {"files": len(files), "terraform_files": len(tf)}
    try:  # the stub emitters, timed directly until the pipeline calls them
        if importlib.util.find_spec("scaffold.render.stubs") is None:
            from scaffold.plan.defaults import runtime_of
            from scaffold.render.stubs_python import emit_python_stubs
            from scaffold.render.stubs_typescript import emit_typescript_stubs

            t = lap("(gap)", t)
            count = 0
            for name, svc in bp.services.items():
                emit = (emit_python_stubs if runtime_of(bp, svc).startswith("python")
                        else emit_typescript_stubs)
                count += len(emit(bp, name))
            lap("stub emitters, called directly (not yet in render)", t)
            extra["stub_files"] = count
    except Exception as exc:  # noqa: BLE001 - a work in progress elsewhere must not stop us
        extra["stub_error"] = f"{type(exc).__name__}: {exc}"
    times.pop("(gap)", None)
    cpu.pop("(gap)", None)
    print(json.dumps({"wall": times, "cpu": cpu, **extra}))


def stage_breakdown(blueprint: Path, out: Path, runs: int) -> dict[str, object]:
    """Median of ``runs`` child processes, each timing every stage once."""
    results = []
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
    merged: dict[str, object] = {k: v for k, v in results[-1].items()
                                 if k not in ("wall", "cpu", "rss_mb")}
    for kind in ("wall", "cpu"):
        merged[kind] = {label: statistics.median(r[kind][label] for r in results)
                        for label in results[0][kind]}
    merged["rss_mb"] = max(r["rss_mb"] for r in results)
    shutil.rmtree(out, ignore_errors=True)
    return merged


# --------------------------------------------------------------------------------------------
# Report.


def machine_facts(cmd: list[str]) -> list[str]:
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
    except AttributeError:
        usable = os.cpu_count() or 0
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, check=False).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain"],
                               capture_output=True, text=True, check=False).stdout.strip()
        commit = (commit + (" + uncommitted changes" if dirty else "")) or "unknown"
    except OSError:
        commit = "unknown"
    from scaffold import __version__

    return [
        f"- Date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Machine: {os.cpu_count()} cores ({usable} usable), {cpu_model or 'unknown CPU'}, "
        f"{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()} ({sys.executable}); scaffold {__version__} "
        f"at {commit}",
        f"- Command: `{' '.join(cmd)}`",
    ]


def _cell(series: Series) -> str:
    return (f"{series.median():.3f} ({series.low():.3f}–{series.high():.3f}) "
            f"· cpu {series.median('cpu'):.3f}")


def _verdict(value_wall: float, value_cpu: float, target: float, factor: float) -> str:
    if value_wall <= target:
        return "met"
    if value_cpu * factor <= target:
        return "met when scaled to the reference machine"
    return "missed"


def report(results: list[dict[str, object]], help_series: Series, baseline: Series,
           reference: Series, facts: list[str], load: tuple[str, str], runs: int) -> str:
    factor = REFERENCE_IMPORTS_S / reference.median("cpu") if reference.median("cpu") else 1.0
    names = [str(r["name"]) for r in results]
    lines = [
        "# scaffold benchmark results",
        "",
        "Made by `python benchmarks/run.py` (see benchmarks/README.md for what each figure "
        "means).",
        "",
        *facts,
        f"- Load average (1, 5, 15 min) at start: {load[0]}; at end: {load[1]}",
        f"- {runs} timed runs after 1 warm-up per figure. Cells: median wall seconds "
        "(min–max) · median CPU seconds (user + system) of the process.",
        "",
        "## Whole process",
        "",
        "| Measure | " + " | ".join(names) + " | Target |",
        "|---|" + "---|" * len(names) + "---|",
    ]
    rows = [("validate", "`scaffold validate`"), ("cold", "cold `render` (empty folder)"),
            ("noop", "no-op re-render (writes nothing)"),
            ("change", "re-render after one route changes")]
    for key, label in rows:
        cells = [_cell(r[key]) for r in results]  # type: ignore[arg-type]
        targets = []
        for r in results:
            t = TARGETS.get(key, {}).get(int(r["groups"]))  # type: ignore[call-overload]
            if t is not None:
                targets.append(f"{r['name']} ≤ {t}")
        lines.append(f"| {label} | " + " | ".join(cells) + " | " + (", ".join(targets) or "–")
                     + " |")
    lines.append("| `scaffold --help` | " + _cell(help_series) + " | " * len(names)
                 + "≤ 0.15 |")
    lines.append("| `python -c pass` (interpreter start-up here) | " + _cell(baseline)
                 + " | " * len(names) + "– |")
    lines.append(f"| `python -c \"{REFERENCE_IMPORTS_CMD}\"` | " + _cell(reference)
                 + " | " * len(names) + f"{REFERENCE_IMPORTS_S} on the reference machine |")
    peak = [max(r[k].peak_rss() for k in ("validate", "cold", "noop", "change"))  # type: ignore[attr-defined]
            for r in results]
    lines.append("| peak memory, MB (max RSS of any run) | " + " | ".join(f"{p:.0f}" for p in peak)
                 + f" | W300 ≤ {MEMORY_TARGET_MB:.0f} |")
    lines.append("| functions | " + " | ".join(str(r["functions"]) for r in results) + " | |")
    lines.append("| files generated | " + " | ".join(str(r["files"]) for r in results) + " | |")
    lines.append("| lines generated | " + " | ".join(str(r["lines"]) for r in results) + " | |")
    lines.append("| MB generated | " + " | ".join(f"{int(r['bytes']) / 1e6:.1f}"  # type: ignore[call-overload]
                                               for r in results) + " | |")
    lines.append("| files updated by the one-route change | "
                 + " | ".join(str(len(r["changed_files"])) for r in results)  # type: ignore[arg-type]
                 + " | |")

    by_groups = {int(r["groups"]): r for r in results}  # type: ignore[call-overload]
    if 10 in by_groups and 100 in by_groups:
        small, big = by_groups[10], by_groups[100]
        extra_fns = int(big["functions"]) - int(small["functions"])  # type: ignore[call-overload]
        lines += ["", "## Growth per function (W30 → W300)", "",
                  "| Measure | wall ms / function | cpu ms / function | Target |",
                  "|---|---|---|---|"]
        for key, label, target in (("cold", "cold render", "≤ 2.5"),
                                   ("noop", "no-op re-render", "≤ 0.5"),
                                   ("change", "re-render after one change", "≤ 0.5"),
                                   ("validate", "validate", "–")):
            dw = (big[key].median() - small[key].median()) / extra_fns * 1000  # type: ignore[attr-defined]
            dc = (big[key].median("cpu") - small[key].median("cpu")) / extra_fns * 1000  # type: ignore[attr-defined]
            lines.append(f"| {label} | {dw:.2f} | {dc:.2f} | {target} |")

    lines += ["", "## Targets", "",
              f"Machine factor: the reference command took {reference.median('cpu'):.3f} s of "
              f"CPU here against {REFERENCE_IMPORTS_S} s on the issue's reference machine, so "
              f"CPU seconds here × {factor:.2f} estimate that machine's wall seconds (only "
              "meaningful while this machine is busy; on an idle machine use wall time).",
              "", "| Target | Wall here | CPU here × factor | Verdict |", "|---|---|---|---|"]
    for key, per in TARGETS.items():
        for groups, target in per.items():
            if key == "help":
                series, label = help_series, "`scaffold --help`"
            elif groups in by_groups:
                series = by_groups[groups][key]  # type: ignore[assignment]
                label = f"{key} {by_groups[groups]['name']}"
            else:
                continue
            lines.append(f"| {label} ≤ {target} s | {series.median():.3f} | "
                         f"{series.median('cpu') * factor:.3f} | "
                         f"{_verdict(series.median(), series.median('cpu'), target, factor)} |")
    if 100 in by_groups:
        peak_w300 = max(by_groups[100][k].peak_rss()  # type: ignore[attr-defined]
                        for k in ("validate", "cold", "noop", "change"))
        lines.append(f"| peak memory W300 ≤ {MEMORY_TARGET_MB:.0f} MB | {peak_w300:.0f} MB | – | "
                     f"{'met' if peak_w300 <= MEMORY_TARGET_MB else 'missed'} |")

    for r in results:
        stages = r["stages"]
        assert isinstance(stages, dict)
        lines += ["", f"## Stage breakdown, {r['name']} (in one fresh process, median of "
                  f"{max(1, min(runs, 3))})", "",
                  "| Stage | wall s | cpu s |", "|---|---|---|"]
        for label, wall in stages["wall"].items():
            lines.append(f"| {label} | {wall:.3f} | {stages['cpu'][label]:.3f} |")
        lines.append(f"| peak memory of that process | {stages['rss_mb']:.0f} MB | |")
        notes = [f"{stages['files']} files rendered ({stages['terraform_files']} Terraform)"]
        if "stub_files" in stages:
            notes.append(f"stub emitters called directly produced {stages['stub_files']} files")
        if "stub_error" in stages:
            notes.append(f"stub emitters failed: {stages['stub_error']}")
        lines += ["", "; ".join(notes) + "."]
    return "\n".join(lines) + "\n"


NOTES_MARKER = "<!-- Written by hand below this line; run.py keeps it when it rewrites the file. -->"


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
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure (after 1 "
                        "warm-up)")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md",
                        help="where to write the Markdown (default: benchmarks/RESULTS.md)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--stages", nargs=2, metavar=("BLUEPRINT", "OUT"),
                        help=argparse.SUPPRESS)  # internal: the child of the stage breakdown
    args = parser.parse_args(argv)
    if args.stages:
        _stages_child(*args.stages)
        return 0
    cmd = scaffold_command()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    load_start = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print("[baseline] interpreter start-up", file=sys.stderr)
    baseline = measure([sys.executable, "-c", "pass"], args.runs)
    reference = measure([sys.executable, "-c", REFERENCE_IMPORTS_CMD], args.runs)
    print("[help] scaffold --help", file=sys.stderr)
    help_series = measure([*cmd, "--help"], args.runs)
    results = []
    with tempfile.TemporaryDirectory(prefix="scaffold-bench-") as tmp:
        for groups in sizes:
            results.append(bench_size(groups, Path(tmp), args.runs, cmd))
    load_end = " ".join(f"{x:.1f}" for x in os.getloadavg())
    text = report(results, help_series, baseline, reference, machine_facts(cmd),
                  (load_start, load_end), args.runs)
    sys.stdout.write(text)
    if not args.no_write:
        args.output.write_text(text + _kept_notes(args.output))
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
