"""Benchmark ``scaffold build`` of the webapp: first build, no-change rebuild, one-handler edit.

Usage::

    python benchmarks/build.py                             # npm install into a temp folder
    python benchmarks/build.py --node-modules /path/to/node_modules --runs 5

Renders ``blueprints/webapp.yaml`` into a temp folder, links one ``node_modules`` into every
Node.js folder (the npm install is not what is measured), builds once (Python dependencies
come from pip and its cache), then times whole ``scaffold build`` processes as run.py does
(1 warm-up + ``--runs``): with no change, after one TypeScript handler changes, and with
``--force`` (what every build cost before the build cache). Each timed run is checked: the
no-change run must report every zip up to date and leave every zip's mtime alone, the edit
must rebuild exactly one zip. Prints Markdown for the notes of RESULTS.md, or with
``--json`` one JSON line that ``run.py`` turns into target rows (a failed check exits
non-zero, and run.py reports that).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from run import Sample, Series, measure, run_once, scaffold_command  # noqa: E402

WEBAPP = REPO / "blueprints" / "webapp.yaml"
NODE_FOLDERS = ("services/projects", "services/notifications", "frontend/ssr")
EDITED = "services/projects/src/handlers/getProject.ts"


def _node_modules(work: Path, given: Path | None) -> Path:
    if given is not None:
        return given
    sys.path.insert(0, str(REPO))
    from scaffold.render.typescript.emit import render_package_files

    deps = work / "deps"
    deps.mkdir()
    (deps / "package.json").write_bytes(
        render_package_files("deps", "deps", "nodejs22.x")["package.json"])
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefer-offline"],
                   cwd=deps, check=True, capture_output=True)
    return deps / "node_modules"


def _mtimes(root: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in sorted((root / "dist").rglob("*.zip"))}


def _cell(series: Series) -> str:
    return (f"{series.median():.3f} ({series.low():.3f}–{series.high():.3f}) · "
            f"cpu {series.median('cpu'):.3f}")


def _figures(series: Series) -> dict[str, float]:
    return {"median": series.median(), "low": series.low(), "high": series.high(),
            "cpu": series.median("cpu")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark scaffold build of the webapp.")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure")
    parser.add_argument("--node-modules", type=Path, default=None,
                        help="an installed node_modules to link (default: npm install)")
    parser.add_argument("--json", action="store_true",
                        help="print the figures as one JSON line (what run.py reads)")
    args = parser.parse_args(argv)
    cmd = scaffold_command()
    with tempfile.TemporaryDirectory(prefix="scaffold-build-bench-") as tmp:
        root = Path(tmp) / "webapp"
        modules = _node_modules(Path(tmp), args.node_modules)
        rendered = run_once([*cmd, "render", str(WEBAPP), "--out", str(root)])
        assert rendered.code == 0, rendered.stdout
        for folder in NODE_FOLDERS:
            (root / folder / "node_modules").symlink_to(modules, target_is_directory=True)
        build = [*cmd, "build", str(WEBAPP), "--out", str(root)]
        start = time.perf_counter()
        first = run_once(build)
        first_s = time.perf_counter() - start
        assert first.code == 0, first.stdout
        zips = len(_mtimes(root))
        settled = _mtimes(root)

        def unchanged(sample: Sample) -> None:
            assert f"(0 built, {zips} up to date)" in sample.stdout, sample.stdout
            assert _mtimes(root) == settled, "a no-change build rewrote a zip"

        noop = measure(build, args.runs, check=unchanged)
        handler = root / EDITED
        original = handler.read_text(encoding="utf-8")

        def edit(i: int) -> None:  # a different, real change before every run
            handler.write_text(original + f'\nconsole.log("edit {i}");\n', encoding="utf-8")

        def one(sample: Sample) -> None:
            assert f"(1 built, {zips - 1} up to date)" in sample.stdout, sample.stdout

        change = measure(build, args.runs, before=edit, check=one)
        forced = measure([*build, "--force"], max(1, args.runs // 2))
        validate = measure([*cmd, "validate", str(WEBAPP)], args.runs)
    if args.json:
        print(json.dumps({"zips": zips, "first": first_s, "first_cpu": first.cpu,
                          "noop": _figures(noop), "change": dict(_figures(change), built=1),
                          "forced": _figures(forced), "validate": _figures(validate),
                          "runs": args.runs}))
        return 0
    lines = [
        f"webapp: {zips} zips (3 Python, 19 TypeScript in two services, 1 SSR). "
        f"Wall seconds, median (min–max) · median CPU seconds of the process; "
        f"{args.runs} timed runs after 1 warm-up.",
        "",
        "| `scaffold build` of the webapp | seconds | Target |",
        "|---|---|---|",
        f"| first build (pip from its cache, npm install not counted), one run | {first_s:.3f} "
        f"· cpu {first.cpu:.3f} | ≤ 15 s |",
        f"| rebuild, no source change (0 built) | {_cell(noop)} | ≤ 1 s |",
        f"| rebuild after one handler changes (1 built) | {_cell(change)} | – |",
        f"| `--force` (every zip rebuilt: the cost before the cache) | {_cell(forced)} | – |",
        f"| `scaffold validate` of the webapp (load + validate, no build) | {_cell(validate)} "
        "| – |",
    ]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
