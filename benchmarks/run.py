"""Benchmark scaffold as users run it, against issue #18's targets: ratios measured in one run.

Usage::

    python benchmarks/run.py                 # 1 warm-up + 5 timed rounds; writes RESULTS.md
    python benchmarks/run.py --runs 3 --sizes 1,10 --no-write --no-build

Every figure is a separate process started with ``subprocess.Popen`` and reaped with
``os.wait4`` (that one process's CPU time and peak resident memory); wall time is
``time.perf_counter`` around it. The figures of one workload are measured **interleaved**
with the floors (``python -c "import yaml, jinja2"`` and ``python -c pass``): each round runs
every command once, in an order that rotates from round to round, so a change of machine
load reaches a figure and its floor alike. A ratio is a figure's median over its floor's
median from the same rounds. Chalice's ``package --pkg-format terraform`` runs in the W30
rounds, from a virtualenv the benchmark makes (``--chalice-venv``). Scaffold's user cache
(Jinja bytecode, recorded validate answers) is measured both ways: warm (a cache folder the
warm-up round filled: what users get from the second run on) and first-ever (an empty
cache folder before every run). Nothing uses the network.
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

import chalice_app  # noqa: E402
import profiling  # noqa: E402
from make_blueprint import make_blueprint  # noqa: E402
from targets import MET, NOT_BUILT, NOT_MEASURED, Target, growth_ms, ratio  # noqa: E402

FLOOR_CMD = "import yaml, jinja2"
NAMES = {1: "W3", 10: "W30", 100: "W300"}
CHANGED_ROUTE = "      GET /g1/projects: {handler: listProjects, auth: user, reads: [projects]}"
CHANGED_ROUTE_B = ("      GET /g1/projects: {handler: listProjects, auth: user, reads: [projects], "
                   "memory: 512}")
FAST_PATH_NOTE = "nothing rendered"  # scaffold.cli.noop_render.FAST_PATH_NOTE ends with it
NOTES_MARKER = ("<!-- Written by hand below this line; run.py keeps it when it rewrites "
                "the file. -->")
LABELS = {
    "floor": f'`python -c "{FLOOR_CMD}"` (the floor)',
    "floor_pass": "`python -c pass` (interpreter start-up)",
    "validate": "`scaffold validate`, caches warm (recorded answer)",
    "validate_first": "`scaffold validate`, first-ever run (empty user cache: full check)",
    "cold": "cold `render` (empty folder), caches warm",
    "cold_first": "cold `render` (empty folder), first-ever run (empty user cache)",
    "noop": "no-op re-render (writes nothing)",
    "noop_first": "no-op re-render, empty user cache",
    "change": "re-render after one route changes",
    "chalice": "Chalice `package --pkg-format terraform` (its deployment zip kept)",
    "chalice_first": "Chalice `package`, first run (no deployment zip)",
    "help": "`scaffold --help`",
}


@dataclass
class Sample:
    """One process: wall and CPU seconds, peak RSS in MiB, exit code, its output."""

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
class Job:
    """One command measured in interleaved rounds; ``before(i)`` prepares round ``i``."""

    key: str
    cmd: list[str]
    env: dict[str, str] | None = None
    cwd: Path | None = None
    before: Callable[[int], None] | None = None
    check: Callable[[Sample], None] | None = None


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
    fast_noops: int = 0

    def scaffold_peak_rss(self) -> float:
        return max(s.peak_rss() for k, s in self.series.items()
                   if not k.startswith(("floor", "chalice")))


def child_env(**extra: str) -> dict[str, str]:
    """The environment of every measured process: this checkout's ``scaffold`` comes first."""
    env = dict(os.environ)
    env.pop("SCAFFOLD_NO_CACHE", None)
    # An installed package has its bytecode; a machine-wide PYTHONDONTWRITEBYTECODE (as on
    # the CI machine) would make every measured process compile all of scaffold again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if (REPO / "scaffold" / "__init__.py").is_file():
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


ENV = child_env()


def scaffold_command() -> list[str]:
    """The installed console script next to this interpreter, else ``python -m scaffold``."""
    script = Path(sys.executable).with_name("scaffold")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "scaffold"]


def run_once(cmd: list[str], env: dict[str, str] | None = None,
             cwd: Path | None = None) -> Sample:
    """Run ``cmd`` to completion; measure wall time, CPU time and peak RSS of that process."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=env or ENV, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Sample(wall, usage.ru_utime + usage.ru_stime, rss, proc.returncode, text)


def measure(cmd: list[str], runs: int, warmup: int = 1,
            before: Callable[[int], None] | None = None,
            check: Callable[[Sample], None] | None = None) -> Series:
    """One command on its own: warm up, then time ``runs`` runs (benchmarks/build.py)."""
    return interleave([Job("one", cmd, before=before, check=check)], runs, warmup)["one"]


def interleave(jobs: list[Job], runs: int, warmup: int = 1) -> dict[str, Series]:
    """Rounds of every job once, the order rotated each round; the first ``warmup`` untimed."""
    series = {job.key: Series() for job in jobs}
    for i in range(warmup + runs):
        shift = i % len(jobs)
        for job in jobs[shift:] + jobs[:shift]:
            if job.before is not None:
                job.before(i)
            sample = run_once(job.cmd, job.env, job.cwd)
            if sample.code != 0:
                raise SystemExit(f"failed ({sample.code}): {' '.join(job.cmd)}\n"
                                 f"{sample.stdout[-3000:]}")
            if i >= warmup:
                if job.check is not None:
                    job.check(sample)
                series[job.key].samples.append(sample)
    return series


def floor_jobs() -> list[Job]:
    """The two floors, measured inside every group of interleaved rounds."""
    return [Job("floor", [sys.executable, "-c", FLOOR_CMD]),
            Job("floor_pass", [sys.executable, "-c", "pass"])]


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


def progress(name: str, what: str) -> None:
    """A timestamped line on stderr."""
    print(f"[{time.strftime('%H:%M:%S')}] {name}: {what}", file=sys.stderr, flush=True)


def _fresh(path: Path) -> Callable[[int], None]:
    return lambda _i: shutil.rmtree(path, ignore_errors=True)


def _both(*steps: Callable[[int], None]) -> Callable[[int], None]:
    def run(i: int) -> None:
        for step in steps:
            step(i)
    return run


@dataclass
class Context:
    """What every workload shares: the command, cache folders, Chalice."""

    cmd: list[str]
    work: Path
    runs: int
    chalice: Path | None
    warm_cache: Path
    empty_cache: Path

    def env(self, first: bool) -> dict[str, str]:
        """Child environment with the warm or the (emptied before each run) empty cache."""
        return child_env(SCAFFOLD_CACHE_DIR=str(self.empty_cache if first else self.warm_cache))


def bench_size(groups: int, ctx: Context) -> Workload:
    """Every whole-process figure of one workload, interleaved with the floors."""
    w = Workload(groups, NAMES.get(groups, f"W{groups * 3}"))
    folder = ctx.work / w.name
    folder.mkdir()
    bp = folder / "blueprint.yaml"
    text = make_blueprint(groups)
    bp.write_text(text)
    change_bp = folder / "change" / "blueprint.yaml"
    change_bp.parent.mkdir()
    changed = text.replace(CHANGED_ROUTE, CHANGED_ROUTE_B)
    assert changed != text, "the changed route is missing from the blueprint"
    cold, cold_first, noop, change = (folder / n for n in ("cold", "cold1", "noop", "chg"))
    render = [*ctx.cmd, "render", str(bp), "--out"]
    empty = _fresh(ctx.empty_cache)
    for out, blueprint in ((noop, bp), (change, change_bp)):  # settle the re-render folders
        blueprint.write_text(text)
        settle = run_once([*ctx.cmd, "render", str(blueprint), "--out", str(out)],
                          ctx.env(False))
        if settle.code != 0:
            raise SystemExit(f"render failed:\n{settle.stdout[-3000:]}")
    w.files, w.lines, w.size = count_output(noop)

    def valid(sample: Sample) -> None:
        if "valid" not in sample.stdout:
            raise SystemExit(f"validate printed no verdict:\n{sample.stdout[-2000:]}")

    def unchanged(sample: Sample) -> None:
        if " create" in sample.stdout or " update" in sample.stdout:
            raise SystemExit(f"no-op re-render wrote files:\n{sample.stdout[-2000:]}")
        w.fast_noops += FAST_PATH_NOTE in sample.stdout

    def edit(i: int) -> None:  # alternate, so that every run has one real change to write
        change_bp.write_text(changed if i % 2 == 0 else text)

    def wrote(sample: Sample) -> None:
        if " update" not in sample.stdout:
            raise SystemExit(f"re-render after a change wrote nothing:\n{sample.stdout}")

    jobs = [
        *floor_jobs(),
        Job("validate", [*ctx.cmd, "validate", str(bp)], ctx.env(False), check=valid),
        Job("validate_first", [*ctx.cmd, "validate", str(bp)], ctx.env(True), before=empty,
            check=valid),
        Job("cold", [*render, str(cold)], ctx.env(False), before=_fresh(cold)),
        Job("cold_first", [*render, str(cold_first)], ctx.env(True),
            before=_both(_fresh(cold_first), empty)),
        Job("noop", [*render, str(noop)], ctx.env(False), check=unchanged),
        Job("noop_first", [*render, str(noop)], ctx.env(True), before=empty, check=unchanged),
        Job("change", [*ctx.cmd, "render", str(change_bp), "--out", str(change)],
            ctx.env(False), before=edit, check=wrote),
    ]
    if groups == 10 and ctx.chalice is not None:
        jobs += chalice_jobs(folder, groups, ctx.chalice)
    progress(w.name, f"{len(jobs)} commands x (1 warm-up + {ctx.runs}) interleaved rounds")
    before_noop = _mtimes(noop)
    w.series = interleave(jobs, ctx.runs)
    if _mtimes(noop) != before_noop:
        raise SystemExit("no-op re-render touched files (mtimes changed)")
    match = re.search(r"(\d+) functions?", w.series["validate"].samples[0].stdout)
    w.functions = int(match.group(1)) if match else 0
    shutil.rmtree(folder, ignore_errors=True)
    return w


def chalice_jobs(folder: Path, groups: int, chalice: Path) -> list[Job]:
    """Chalice's package of the equivalent app: with its deployment zip kept, and without."""
    jobs = []
    for key in ("chalice", "chalice_first"):
        app = chalice_app.write_app(folder / key, groups)
        out = folder / f"{key}-out"

        def produced(sample: Sample, out: Path = out) -> None:
            if not (out / "chalice.tf.json").is_file():
                raise SystemExit(f"chalice package wrote no chalice.tf.json:\n{sample.stdout}")

        steps = [_fresh(out)]
        if key == "chalice_first":
            steps.append(_fresh(app / ".chalice" / "deployments"))
        jobs.append(Job(key, [str(chalice), "package", "--pkg-format", "terraform", str(out)],
                        chalice_app.offline_env(), app, before=_both(*steps), check=produced))
    return jobs


def bench_startup(ctx: Context) -> dict[str, Series]:
    """``scaffold --help`` interleaved with the floors."""
    progress("start-up", "scaffold --help")
    return interleave([*floor_jobs(), Job("help", [*ctx.cmd, "--help"], ctx.env(False))],
                      ctx.runs)


# --------------------------------------------------------------------------------------------
# Where the time goes: -X importtime, cProfile.


@dataclass
class Probe:
    """One command to explain: its arguments, which cache, which workload."""

    title: str
    groups: int
    argv: Callable[[Path, Path], list[str]]  # (blueprint, out) -> scaffold arguments
    first: bool = False


PROBES: dict[str, Probe] = {
    "validate": Probe("`scaffold validate` W30, caches warm", 10,
                      lambda bp, _out: ["validate", str(bp)]),
    "validate_first": Probe("`scaffold validate` W30, first-ever (full check)", 10,
                            lambda bp, _out: ["validate", str(bp)], first=True),
    "cold_w3": Probe("cold `render` W3, caches warm", 1,
                     lambda bp, out: ["render", str(bp), "--out", str(out)]),
    "cold_w3_first": Probe("cold `render` W3, first-ever", 1,
                           lambda bp, out: ["render", str(bp), "--out", str(out)], first=True),
    "cold_w30": Probe("cold `render` W30, caches warm", 10,
                      lambda bp, out: ["render", str(bp), "--out", str(out)]),
    "cold_w30_first": Probe("cold `render` W30, first-ever", 10,
                            lambda bp, out: ["render", str(bp), "--out", str(out)], first=True),
    "cold_w300": Probe("cold `render` W300, caches warm", 100,
                       lambda bp, out: ["render", str(bp), "--out", str(out)]),
    "cold_w300_first": Probe("cold `render` W300, first-ever", 100,
                             lambda bp, out: ["render", str(bp), "--out", str(out)],
                             first=True),
    "noop_w30": Probe("no-op re-render W30", 10,
                      lambda bp, out: ["render", str(bp), "--out", str(out)]),
    "noop_w300": Probe("no-op re-render W300", 100,
                       lambda bp, out: ["render", str(bp), "--out", str(out)]),
    "help": Probe("`scaffold --help`", 1, lambda _bp, _out: ["--help"]),
}


def _probe_setup(probe: Probe, ctx: Context, tag: str) -> tuple[list[str], dict[str, str]]:
    """Blueprint and output folder for a probe (a no-op probe gets a settled folder)."""
    folder = ctx.work / f"probe-{tag}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    bp = folder / "blueprint.yaml"
    bp.write_text(make_blueprint(probe.groups))
    out = folder / "out"
    env = ctx.env(probe.first)
    if tag.startswith("noop"):
        run_once([*ctx.cmd, "render", str(bp), "--out", str(out)], env)
    elif tag.startswith("validate") and not probe.first:
        run_once([*ctx.cmd, "validate", str(bp)], env)  # record the answer
    if probe.first:
        shutil.rmtree(ctx.empty_cache, ignore_errors=True)
    return probe.argv(bp, out), env


def importtime(key: str, ctx: Context) -> list[profiling.ImportRow]:
    """``-X importtime`` rows of one probe (a fresh process, the cache as the probe says)."""
    argv, env = _probe_setup(PROBES[key], ctx, key)
    sample = run_once([*ctx.cmd, *argv], dict(env, PYTHONPROFILEIMPORTTIME="1"))
    return profiling.parse_importtime(sample.stdout)


def cprofile(key: str, ctx: Context) -> dict[str, Any]:
    """cProfile phases of one probe, in a child interpreter (``run.py --profile``)."""
    argv, env = _probe_setup(PROBES[key], ctx, key)
    out = ctx.work / f"profile-{key}.json"
    sample = run_once([sys.executable, str(Path(__file__).resolve()), "--profile", str(out),
                       *argv], env)
    if sample.code != 0 or not out.is_file():
        raise SystemExit(f"profile of {key} failed:\n{sample.stdout[-3000:]}")
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


# --------------------------------------------------------------------------------------------
# scaffold build (benchmarks/build.py in a child process).


def bench_build(runs: int) -> dict[str, Any]:
    """build.py's figures (``--json``), or ``{"error": ...}`` when it could not run."""
    progress("build", "benchmarks/build.py (npm install, first build, rebuilds)")
    try:
        done = subprocess.run([sys.executable, str(HERE / "build.py"), "--json", "--runs",
                               str(runs)], capture_output=True, text=True, env=ENV,
                              timeout=1200, check=False)
    except subprocess.TimeoutExpired:
        return {"error": "build.py took more than 20 minutes"}
    if done.returncode != 0:
        tail = (done.stderr.strip() or done.stdout.strip()).splitlines()[-3:]
        return {"error": "build.py failed: " + " / ".join(tail)}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------------------------
# Targets and report.


def _x(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def _ratio_target(label: str, figure: Series | None, floor: Series | None, limit: float,
                  floor_name: str) -> Target:
    if figure is None or floor is None:
        return Target(label, "–", None, limit, "×")
    value = ratio(figure.median(), floor.median())
    cpu = ratio(figure.median("cpu"), floor.median("cpu"))
    return Target(label, f"{figure.median():.3f} s / {floor.median():.3f} s {floor_name} "
                  f"= {_x(value)}", value, limit, "×", cpu_value=cpu)


def _growth_target(label: str, small: Workload | None, big: Workload | None, key: str,
                   limit: float) -> Target:
    if small is None or big is None:
        return Target(label, "– (needs two sizes)", None, limit, "ms/function")
    value = growth_ms(small.series[key].median(), big.series[key].median(), small.functions,
                      big.functions)
    cpu = growth_ms(small.series[key].median("cpu"), big.series[key].median("cpu"),
                    small.functions, big.functions)
    shown = "–" if value is None else f"{value:.2f} ms/function"
    return Target(label, f"({big.series[key].median():.3f} − {small.series[key].median():.3f})"
                  f" s / {big.functions - small.functions} functions = {shown}",
                  value, limit, "ms/function", cpu_value=cpu)


def build_targets(by: dict[int, Workload], startup: dict[str, Series],
                  build: dict[str, Any] | None, chalice_note: str) -> list[tuple[str, Target]]:
    """Every target of issue #18, in its order; each with the probe that explains a miss."""
    w3, w30, w300 = by.get(1), by.get(10), by.get(100)
    small = w30 or w3

    def s(w: Workload | None, key: str) -> Series | None:
        return w.series.get(key) if w is not None else None

    rows: list[tuple[str, Target]] = []
    for key, probe, chalice_key, what in (("cold", "cold_w30", "chalice", "caches warm"),
                                          ("cold_first", "cold_w30_first", "chalice_first",
                                           "first-ever")):
        zip_state = "zip kept" if chalice_key == "chalice" else "no zip yet"
        label = f"cold `render` W30 ({what}) ≤ 0.5× Chalice `package` ({zip_state})"
        if s(w30, chalice_key) is None:
            rows.append((probe, Target(label, f"– ({chalice_note})", None, 0.5, "×")))
        else:
            rows.append((probe, _ratio_target(label, s(w30, key), s(w30, chalice_key), 0.5,
                                              "Chalice")))
    for key, probe, what in (("cold", "cold_w3", "caches warm"),
                             ("cold_first", "cold_w3_first", "first-ever")):
        rows.append((probe, _ratio_target(f"cold `render` W3 ({what}) ≤ 2.5× floor",
                                          s(w3, key), s(w3, "floor"), 2.5, "floor")))
    for key, probe, what in (("cold", "cold_w300", "caches warm"),
                             ("cold_first", "cold_w300_first", "first-ever")):
        rows.append((probe, _growth_target(f"cold `render` growth W30 → W300 ({what}) "
                                           "≤ 2.5 ms/function", small, w300, key, 2.5)))
    rows.append(("noop_w30", _ratio_target("no-op re-render W30 ≤ 2× floor", s(w30, "noop"),
                                           s(w30, "floor"), 2.0, "floor")))
    rows.append(("noop_w300", _growth_target("no-op re-render growth W30 → W300 "
                                            "≤ 0.3 ms/function", small, w300, "noop", 0.3)))
    rows.append(("validate", _ratio_target("`scaffold validate` W30 (caches warm: recorded "
                                           "answer) ≤ 1.5× floor", s(w30, "validate"),
                                           s(w30, "floor"), 1.5, "floor")))
    rows.append(("validate_first", _ratio_target("`scaffold validate` W30 (first-ever: full "
                                                 "check) ≤ 1.5× floor",
                                                 s(w30, "validate_first"), s(w30, "floor"),
                                                 1.5, "floor")))
    rows.append(("help", _ratio_target("`scaffold --help` ≤ 1.5× floor", startup.get("help"),
                                       startup.get("floor"), 1.5, "floor")))
    peak = w300.scaffold_peak_rss() if w300 is not None else None
    rows.append(("", Target("peak memory W300 (max RSS of any scaffold run) < 100 MiB",
                            "–" if peak is None else f"{peak:.0f} MiB", peak, 100, "MiB",
                            strict=True)))
    rows += _build_targets(build)
    rows.append(("", Target("`scaffold dev`: a handler edit is live ≤ 1 s", "–", None, 1.0,
                            "s", status=NOT_BUILT)))
    return rows


def _build_targets(build: dict[str, Any] | None) -> list[tuple[str, Target]]:
    labels = ("`scaffold build` webapp: rebuild with no source change ≤ 1 s",
              "`scaffold build`: a one-handler change rebuilds exactly one zip",
              "`scaffold build`: first build, warm npm/pip caches ≤ 15 s")
    if build is None or "error" in build:
        why = "not run (--no-build)" if build is None else build["error"]
        return [("", Target(label, f"– ({why}; see benchmarks/README.md)", None, None, "",
                            status=NOT_MEASURED)) for label in labels]
    noop, change = build["noop"], build["change"]
    return [
        ("", Target(labels[0], f"{noop['median']:.3f} s (cpu {noop['cpu']:.3f} s), "
                    f"0 of {build['zips']} zips built", noop["median"], 1.0, "s",
                    cpu_value=noop["cpu"])),
        ("", Target(labels[1], f"{change['built']} built, {build['zips'] - change['built']} "
                    f"up to date, every run ({change['median']:.3f} s)",
                    None, None, "", status=MET if change["built"] == 1 else "missed")),
        ("", Target(labels[2], f"{build['first']:.3f} s (cpu {build['first_cpu']:.3f} s), "
                    "one run", build["first"], 15.0, "s", cpu_value=build["first_cpu"])),
    ]


def _value(t: Target, value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}×" if t.unit == "×" else f"{value:.2f} {t.unit}"


def _cell(series: Series) -> str:
    return (f"{series.median():.3f} ({series.low():.3f}–{series.high():.3f}) "
            f"· cpu {series.median('cpu'):.3f}")


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
    git = ["git", "-C", str(REPO)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False).stdout.strip() or "unknown"
    if subprocess.run([*git, "status", "--porcelain", "scaffold"], capture_output=True,
                      text=True, check=False).stdout.strip():
        commit += " + uncommitted changes in scaffold/"
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


def _import_table(title: str, rows: list[profiling.ImportRow]) -> list[str]:
    total = sum(r.self_us for r in rows) / 1e6
    lines = ["", f"### `-X importtime`: {title} ({len(rows)} modules, {total:.3f} s in all)",
             "", "| # | module | cumulative s | self s |", "|---|---|---|---|"]
    for n, row in enumerate(profiling.top_cumulative(rows), 1):
        lines.append(f"| {n} | `{row.module}` | {row.cumulative_us / 1e6:.3f} | "
                     f"{row.self_us / 1e6:.3f} |")
    return lines


def _profile_table(label: str, probe: str, prof: dict[str, Any],
                   imports: list[profiling.ImportRow], floor_pass: float) -> list[str]:
    groups = profiling.import_groups(imports)
    lines = ["", f"### Missed: {label}", "",
             f"Probe: {PROBES[probe].title}. Imports from `-X importtime` (an unprofiled "
             "process, self time summed per package); the other rows from cProfile (wall "
             "clock, one profiled process, cumulative; cProfile slows Python code down, so "
             "read shares, not absolute seconds).", "",
             "| where | seconds | how measured |", "|---|---|---|",
             f"| interpreter start (`python -c pass`, median of this run) | {floor_pass:.3f} | "
             "whole process |"]
    for name, seconds in groups.items():
        lines.append(f"| imports: {name} | {seconds:.3f} | -X importtime |")
    for name, seconds in prof["phases"].items():
        lines.append(f"| {name} | {seconds:.3f} | cProfile |")
    lines.append(f"| whole profiled `main()` | {prof['total']:.3f} | cProfile |")
    lines += ["", f"What would close it: {CLOSERS.get(probe, 'see the notes below.')}"]
    return lines


_IMPORT_CUTS = ("import less before any work: the pydantic blueprint model is built at import "
                "(`scaffold.blueprint.model`), Typer coerces parameters through pydantic "
                "adapters, and `render` imports `scaffold.graph` and every emitter up front; a "
                "render that plans from the validated mapping, Typer kept off the `render` "
                "path (as `validate` already does) and lazy emitter imports leave the "
                "interpreter, jinja2 and the writes")
CLOSERS: dict[str, str] = {
    "cold_w3": _IMPORT_CUTS + ".",
    "cold_w3_first": _IMPORT_CUTS + "; and for the first run, templates precompiled into the "
    "wheel (the bytecode cache helps from the second run only).",
    "cold_w30": "W30 writes ~1 050 files against Chalice's 2: creating and fsyncing them alone "
    "is about Chalice's whole run, so fewer files per function (shared generated helpers per "
    "service) and one batched flush for a render into an empty folder, plus: " + _IMPORT_CUTS
    + ".",
    "cold_w30_first": "as for the warm row, plus templates precompiled into the wheel (the "
    "first run compiles every stub template).",
    "cold_w300": "per function the render (emitters, ~5 files) and the writes (a temp file, "
    "fsync and rename per file) grow: fewer files per function and batched fsyncs for new "
    "files.",
    "cold_w300_first": "as for the warm row (template compile is per template, not per "
    "function).",
    "validate_first": "the full check pays Typer, pydantic and the model build; from the second "
    "run the recorded answer closes it; for the first, a model built lazily per section or "
    "checks without pydantic.",
    "validate": "the recorded-answer path imports no pydantic/Typer/YAML; what is left is "
    "the interpreter, the package digest and reading the record.",
    "help": "Typer (and its pydantic adapters) at start-up: a precomputed help text, or plain "
    "Click for parsing.",
    "noop_w300": "the fast path's own work grows with the files: parsing the manifest and "
    "the stat cache, one stat per file; a manifest format that loads faster (one line per "
    "file, no per-entry path checks for a trusted record) would shrink it.",
    "noop_w30": "the fast path imports no Typer/pydantic/Jinja; what is left is reading the "
    "manifest and the stat cache, one stat per file.",
}
"""One line per probe on what would close a miss (from the profiles of the runs so far)."""


def report(workloads: list[Workload], startup: dict[str, Series],
           targets: list[tuple[str, Target]], explain: list[str], facts: list[str],
           load: tuple[str, str], runs: int, chalice_note: str) -> str:
    """The Markdown report."""
    lines = [
        "# scaffold benchmark results",
        "",
        "Made by `python benchmarks/run.py`; benchmarks/README.md says what each figure means.",
        "",
        *facts,
        f"- Load average (1, 5, 15 min) at start: {load[0]}; at end: {load[1]}",
        f"- {runs} timed rounds after 1 warm-up round; in each round every command of a "
        "workload (floors included) runs once, in a rotating order. Cells: median wall "
        "seconds (min–max) · median CPU seconds (user + system) of the process.",
        f"- Chalice: {chalice_note}",
        "",
        "## Targets (issue #18)",
        "",
        "Verdict on wall time, as the issue states the targets; the CPU columns apply the "
        "same rule to CPU seconds of the processes (user + system), which a loaded machine "
        "disturbs far less.",
        "",
        "| Target | Measured (wall, medians) | Value | Target | Verdict | CPU value "
        "| CPU verdict |",
        "|---|---|---|---|---|---|---|",
    ]
    for _probe, t in targets:
        shown = f"**{t.verdict}**" if t.verdict in (MET, "missed") else t.verdict
        lines.append(f"| {t.label} | {t.measured} | {_value(t, t.value)} | {t.target} | "
                     f"{shown} | {_value(t, t.cpu_value)} | "
                     f"{t.cpu_verdict if t.cpu_value is not None else '–'} |")
    keys = [k for k in LABELS if any(k in w.series for w in workloads)]
    lines += ["", "## Whole process", "",
              "| Measure | " + " | ".join(w.name for w in workloads) + " |",
              "|---|" + "---|" * len(workloads)]
    for key in keys:
        lines.append(f"| {LABELS[key]} | " + " | ".join(
            _cell(w.series[key]) if key in w.series else "" for w in workloads) + " |")
    lines += [
        "| peak memory of scaffold, MiB (max RSS of any run) | "
        + " | ".join(f"{w.scaffold_peak_rss():.0f}" for w in workloads) + " |",
        "| no-op runs answered by the fast path | "
        + " | ".join(f"{w.fast_noops} of {2 * runs}" for w in workloads) + " |",
        "| functions | " + " | ".join(str(w.functions) for w in workloads) + " |",
        "| files generated | " + " | ".join(str(w.files) for w in workloads) + " |",
        "| lines generated | " + " | ".join(str(w.lines) for w in workloads) + " |",
        "| MB generated | " + " | ".join(f"{w.size / 1e6:.1f}" for w in workloads) + " |",
        "",
        "Start-up, interleaved on their own: "
        + "; ".join(f"{LABELS[k]} {_cell(s)}" for k, s in startup.items()),
    ]
    if any("chalice" in w.series for w in workloads):
        lines += ["", f"Chalice's app has the W30 routes, schedules, subscriptions and WebSocket "
                  f"handlers in {chalice_app.function_count(10)} Lambda functions (all routes "
                  "in one) and writes 2 files (`chalice.tf.json`, `deployment.zip`); tables are "
                  "outside `chalice package`."]
    lines += ["", "## Where the time goes", *explain]
    return "\n".join(lines) + "\n"


def _kept_notes(path: Path) -> str:
    """The hand-written part of an existing results file (analysis), to keep it on rewrite."""
    try:
        old = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    at = old.find(NOTES_MARKER)
    return "\n" + old[at:] if at >= 0 else ""


def explain(targets: list[tuple[str, Target]], ctx: Context,
            floor_pass: float) -> list[str]:
    """Import tables of validate W30 and cold render W3, a profile table per missed target."""
    progress("profile", "-X importtime and cProfile")
    lines = _import_table(PROBES["validate_first"].title, importtime("validate_first", ctx))
    warm = importtime("validate", ctx)
    lines += ["", f"With the recorded answer (caches warm) the same command imports "
              f"{len(warm)} modules in {sum(r.self_us for r in warm) / 1e6:.3f} s."]
    lines += _import_table(PROBES["cold_w3"].title, importtime("cold_w3", ctx))
    seen: set[str] = set()
    for probe, t in targets:
        if t.verdict != "missed" or not probe or probe in seen:
            continue
        seen.add(probe)
        lines += _profile_table(t.label, probe, cprofile(probe, ctx), importtime(probe, ctx),
                                floor_pass)
    if not seen:
        lines += ["", "Every measured target is met: no profile table."]
    return lines


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, measure everything, print and write the report."""
    parser = argparse.ArgumentParser(description="Benchmark scaffold (see benchmarks/README.md).")
    parser.add_argument("--sizes", default="1,10,100",
                        help="groups per workload, comma separated (1=W3, 10=W30, 100=W300)")
    parser.add_argument("--runs", type=int, default=5,
                        help="timed rounds per workload, after 1 warm-up round (default 5)")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md",
                        help="where to write the Markdown (default: benchmarks/RESULTS.md)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--chalice-venv", type=Path, default=chalice_app.default_venv(),
                        help="virtualenv for Chalice, made and filled from the package index "
                        "when absent (default: %(default)s)")
    parser.add_argument("--no-chalice", action="store_true", help="skip the Chalice figures")
    parser.add_argument("--no-build", action="store_true",
                        help="skip benchmarks/build.py (needs npm and pip's cache)")
    parser.add_argument("--build-runs", type=int, default=3, help="timed runs for build.py")
    parser.add_argument("--profile", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.profile:  # internal: the child of a cProfile probe
        profiling.profile_child(args.profile[0], args.profile[1:])
        return 0
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    load_start = " ".join(f"{x:.1f}" for x in os.getloadavg())
    chalice, chalice_note = None, "not measured (--no-chalice)"
    if not args.no_chalice:
        progress("chalice", f"virtualenv {args.chalice_venv}")
        chalice, chalice_note = chalice_app.ensure_venv(args.chalice_venv)
        chalice_note = (f"{chalice_note} from `{args.chalice_venv}`" if chalice else
                        f"not measured: {chalice_note}")
    cmd = scaffold_command()
    build = None if args.no_build else bench_build(args.build_runs)
    with tempfile.TemporaryDirectory(prefix="scaffold-bench-") as tmp:
        work = Path(tmp)
        ctx = Context(cmd, work, args.runs, chalice, work / "cache-warm", work / "cache-empty")
        startup = bench_startup(ctx)
        workloads = [bench_size(groups, ctx) for groups in sizes]
        by = {w.groups: w for w in workloads}
        targets = build_targets(by, startup, build, chalice_note)
        notes = explain(targets, ctx, startup["floor_pass"].median())
    load_end = " ".join(f"{x:.1f}" for x in os.getloadavg())
    text = report(workloads, startup, targets, notes, machine_facts(cmd),
                  (load_start, load_end), args.runs, chalice_note)
    sys.stdout.write(text)
    if not args.no_write:
        args.output.write_text(text + _kept_notes(args.output), encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
