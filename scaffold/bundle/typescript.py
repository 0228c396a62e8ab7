"""Build stage (TypeScript): bundle each function with esbuild into a reproducible zip.

One esbuild run per service bundles every handler (tree-shaken, minified, source maps,
ESM for Node.js, AWS SDK v3 left to the runtime) into ``index.mjs``; each bundle is then
zipped to ``dist/<service>/<handler-kebab>.zip`` with fixed timestamps and sorted entries.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from scaffold.blueprint import model, names
from scaffold.blueprint.functions import iter_functions
from scaffold.bundle.cache import BuildCache, Digest
from scaffold.bundle.reporter import BuildReporter
from scaffold.bundle.zip import BuiltZip, write_reproducible_zip
from scaffold.errors import BuildError
from scaffold.plan import contract
from scaffold.plan.defaults import runtime_of

__all__ = ["BUNDLE", "ESBUILD_FLAGS", "BuildReporter", "build_ssr", "build_typescript_service",
           "find_node", "stale_ssr_zip", "stale_typescript_zips"]

BUNDLE = "index.mjs"
"""The bundle's name inside each zip; the Lambda handler setting is ``index.handler``."""

# ESM bundles cannot call require(); CommonJS dependencies (aws-xray-sdk-core under the
# Powertools tracer) still do, so the bundle defines it (esbuild's documented workaround).
_REQUIRE_SHIM = ('import{createRequire as __cr}from"node:module";'
                 "const require=__cr(import.meta.url);")

ESBUILD_FLAGS: tuple[str, ...] = (
    "--bundle", "--platform=node", "--format=esm", "--minify", "--tree-shaking=true",
    "--sourcemap", "--external:@aws-sdk/*", "--out-extension:.js=.mjs", "--charset=utf8",
    "--legal-comments=none", "--log-level=warning", f"--banner:js={_REQUIRE_SHIM}",
)
"""Flags of every bundle (``--target`` and the entry points come per build)."""

_BUILD_DIR = "dist/.build"
# Lambda@Edge runs Node.js 22 at most and reads no environment: one fixed target.
_SSR_TARGET = "node22"
_METAFILE = "meta.json"
_OUTPUT_TAIL = 40
_INSTALL_TIMEOUT = 1800.0
_BUNDLE_TIMEOUT = 600.0


def find_node(env: Mapping[str, str] | None = None) -> tuple[str, str]:
    """Locate ``node`` and ``npm`` on ``PATH``.

    Args:
        env: Environment to read ``PATH`` from (default: the process environment).

    Returns:
        The paths of node and npm.

    Raises:
        BuildError: If either is missing.
    """
    path = (env if env is not None else os.environ).get("PATH")
    found = {tool: shutil.which(tool, path=path) for tool in ("node", "npm")}
    missing = [tool for tool, where in found.items() if where is None]
    if missing:
        raise BuildError(f"cannot build TypeScript functions: {' and '.join(missing)} not found "
                         "on PATH",
                         hint="install Node.js 22 (it ships npm): https://nodejs.org/")
    return str(found["node"]), str(found["npm"])


def _run(cmd: Sequence[str], cwd: Path, what: str, timeout: float) -> None:
    try:
        proc = subprocess.run(list(cmd), cwd=cwd, capture_output=True, text=True, check=False,
                              timeout=timeout)
    except OSError as exc:
        raise BuildError(f"{what} failed: cannot run {cmd[0]}: {exc.strerror or exc}") from exc
    except subprocess.TimeoutExpired:
        raise BuildError(f"{what} did not finish within {timeout:.0f} s in {cwd}",
                         hint="check the network and the npm registry") from None
    if proc.returncode != 0:
        output = (proc.stdout + proc.stderr).strip().splitlines()[-_OUTPUT_TAIL:]
        raise BuildError(f"{what} failed (exit {proc.returncode}) in {cwd}:\n"
                         + "\n".join(output))


def _ensure_dependencies(folder: Path, npm: str, reporter: BuildReporter) -> Path:
    """Install the folder's npm dependencies when ``node_modules`` is missing; find esbuild."""
    if not (folder / "package.json").is_file():
        raise BuildError(f"{folder} has no package.json",
                         hint="run `scaffold render` first: it writes the service's package files")
    if not (folder / "node_modules").is_dir():
        locked = (folder / "package-lock.json").is_file()
        cmd = [npm, "ci" if locked else "install", "--no-audit", "--no-fund"]
        reporter.step(f"{folder.name}: node_modules missing, running npm "
                      f"{'ci' if locked else 'install'}")
        _run(cmd, folder, f"npm {'ci' if locked else 'install'}", _INSTALL_TIMEOUT)
    esbuild = folder / "node_modules" / "esbuild" / "bin" / "esbuild"
    if not esbuild.is_file():
        raise BuildError(f"esbuild is not installed in {folder / 'node_modules'}",
                         hint="add esbuild to devDependencies in package.json and run npm install")
    return esbuild


def _target(runtime: str) -> str:
    """``nodejs22.x`` -> ``node22``."""
    return "node" + runtime.removeprefix("nodejs").split(".")[0]


def _bundle(node: str, esbuild: Path, folder: Path, entries: Mapping[str, Path], out: Path,
            target: str) -> dict[str, list[str]]:
    """One esbuild run: ``out/<name>/index.mjs`` (+ ``.map``) per entry.

    Returns:
        Per entry, the files esbuild read for it (its import graph from the metafile),
        relative to ``folder``.
    """
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    points = [f"{name}/index={entries[name].relative_to(folder).as_posix()}"
              for name in sorted(entries)]
    # esbuild/bin/esbuild is a native binary or a JavaScript launcher, depending on
    # whether npm ran esbuild's install script; node runs the launcher either way.
    launcher = [node, str(esbuild)] if _is_script(esbuild) else [str(esbuild)]
    meta = out / _METAFILE
    _run([*launcher, *points, *ESBUILD_FLAGS, f"--target={target}",
          f"--outdir={os.path.relpath(out, folder)}",
          f"--metafile={os.path.relpath(meta, folder)}"], folder, "esbuild", _BUNDLE_TIMEOUT)
    return _graphs(json.loads(meta.read_text(encoding="utf-8")), folder, entries)


def _graphs(meta: Mapping[str, Any], folder: Path,
            entries: Mapping[str, Path]) -> dict[str, list[str]]:
    """Each entry's transitive imports in an esbuild metafile (files only, not node_modules).

    Files under ``node_modules`` are left out: the lock files stand for them (see
    ``_service_digest``). Imports esbuild dropped (type-only) cannot change the bundle.
    """
    inputs: Mapping[str, Any] = meta.get("inputs", {})
    graphs: dict[str, list[str]] = {}
    for name, entry in entries.items():
        start = entry.relative_to(folder).as_posix()
        seen = {start}
        todo = [start]
        while todo:
            for imp in inputs.get(todo.pop(), {}).get("imports", []):
                path = imp.get("path")
                if isinstance(path, str) and not imp.get("external") and path not in seen:
                    seen.add(path)
                    todo.append(path)
        graphs[name] = sorted(p for p in seen
                              if "node_modules" not in PurePosixPath(p).parts
                              and (folder / p).is_file())
    return graphs


def _service_digest(folder: Path, target: str) -> Digest:
    """What every bundle of a folder depends on besides its own import graph.

    The esbuild flags and target, package.json, the lock files (npm's own record of what
    ``node_modules`` holds included), tsconfig.json, and the names of all files under
    ``src/`` (a new file can change how an import resolves).
    """
    digest = Digest("typescript")
    digest.text("esbuild", "\0".join((*ESBUILD_FLAGS, target)))
    digest.files(folder, ("package.json", "package-lock.json", "tsconfig.json",
                          "node_modules/.package-lock.json"))
    src = folder / "src"
    listing = sorted(p.relative_to(folder).as_posix() for p in src.rglob("*"))
    digest.text("src", "\0".join(listing))
    return digest


def _bundle_digest(base: Digest, folder: Path, graph: Sequence[str]) -> str:
    digest = base.copy()
    digest.text("graph", "\0".join(graph))
    digest.files(folder, graph)
    return digest.hexdigest()


def _is_script(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == b"#!"


def _zip_bundle(bundle_dir: Path, dest: Path) -> BuiltZip:
    entries = {name: bundle_dir / name for name in (BUNDLE, BUNDLE + ".map")
               if (bundle_dir / name).is_file()}
    if BUNDLE not in entries:
        raise BuildError(f"esbuild produced no {BUNDLE} in {bundle_dir}")
    return write_reproducible_zip(dest, entries)


def build_typescript_service(project_root: Path, bp: model.Blueprint, service: str,
                             reporter: BuildReporter,
                             cache: BuildCache | None = None) -> list[Path]:
    """Bundle and zip every function of a Node.js service.

    Args:
        project_root: Folder holding ``services/`` and ``dist/``.
        bp: The validated blueprint.
        service: A Node.js service of ``bp``.
        reporter: Receives progress messages.
        cache: Skip the functions it proves up to date, and record the ones built
            (default: bundle every function).

    Returns:
        The zips written (or left identical), one per function, in blueprint order, at
        ``contract.artifact(service, handler)``.

    Raises:
        BuildError: When node or npm is missing, a handler file is missing, or npm or
            esbuild fails.
    """
    folder = project_root / "services" / service
    entries, dests, target = _service_entries(project_root, bp, service)
    return _build_folder(project_root, folder, entries, dests, target, service,
                         service + ": bundling {count} function(s) with esbuild", reporter,
                         cache)


def _service_entries(project_root: Path, bp: model.Blueprint, service: str
                     ) -> tuple[dict[str, Path], dict[str, Path], str]:
    """A Node.js service's entry points and zips (by kebab name) and its esbuild target."""
    svc = bp.services[service]
    runtime = runtime_of(bp, svc)
    if not runtime.startswith("nodejs"):
        raise BuildError(f"service {service!r} runs {runtime}, not Node.js")
    folder = project_root / "services" / service
    handlers = list(dict.fromkeys(use.handler for use in iter_functions(service, svc)))
    for handler in handlers:
        source = folder / "src" / "handlers" / f"{handler}.ts"
        if not source.is_file():
            raise BuildError(f"handler {handler!r} of service {service!r} has no code: "
                             f"{source} is missing",
                             hint="restore it, or run `scaffold render` to write a new stub")
    entries = {names.kebab(h): folder / contract.entry_source(service, h, runtime)
               for h in handlers}
    missing = [path for path in entries.values() if not path.is_file()]
    if missing:
        raise BuildError(f"service {service!r} has no generated entry point {missing[0]}",
                         hint="run `scaffold render` first")
    dests = {names.kebab(h): project_root / contract.artifact(service, h) for h in handlers}
    return entries, dests, _target(runtime)


def _stale(folder: Path, dests: Mapping[str, Path], target: str,
           cache: BuildCache) -> list[Path]:
    base = _service_digest(folder, target)
    stale = []
    for dest in dests.values():
        graph = cache.inputs_of(dest)
        if graph is None or not cache.fresh(dest, _bundle_digest(base, folder, graph)):
            stale.append(dest)
    return stale


def stale_typescript_zips(project_root: Path, bp: model.Blueprint, service: str,
                          cache: BuildCache) -> list[Path]:
    """The zips of a Node.js service that ``scaffold build`` would rebuild; builds nothing.

    Raises:
        BuildError: When a handler or generated entry point is missing.
    """
    _, dests, target = _service_entries(project_root, bp, service)
    return _stale(project_root / "services" / service, dests, target, cache)


def stale_ssr_zip(project_root: Path, cache: BuildCache) -> list[Path]:
    """``[the SSR zip]`` when ``scaffold build`` would rebuild it, else ``[]``."""
    return _stale(project_root / contract.SSR_SOURCE,
                  {"ssr": project_root / contract.SSR_ARTIFACT}, _SSR_TARGET, cache)


def _build_folder(project_root: Path, folder: Path, entries: Mapping[str, Path],
                  dests: Mapping[str, Path], target: str, label: str, message: str,
                  reporter: BuildReporter, cache: BuildCache | None) -> list[Path]:
    """Bundle the entries whose zips are out of date (all of them without a cache)."""
    base = _service_digest(folder, target) if cache is not None else None
    stale = dict(entries)
    if cache is not None and base is not None:
        for name in entries:
            graph = cache.inputs_of(dests[name])
            if graph is not None and cache.fresh(dests[name],
                                                 _bundle_digest(base, folder, graph)):
                cache.skip(dests[name])
                del stale[name]
    if stale:
        node, npm = find_node()
        esbuild = _ensure_dependencies(folder, npm, reporter)
        out = project_root / _BUILD_DIR / label
        reporter.step(message.format(count=len(stale)))
        graphs = _bundle(node, esbuild, folder, stale, out, target)
        for name in stale:
            built = _zip_bundle(out / name, dests[name])
            if cache is not None and base is not None:
                cache.record(dests[name], _bundle_digest(base, folder, graphs[name]),
                             built.sha256, graphs[name])
        shutil.rmtree(out)
    return [dests[name] for name in entries]


def build_ssr(project_root: Path, bp: model.Blueprint, reporter: BuildReporter,
              cache: BuildCache | None = None) -> list[Path]:
    """Bundle and zip the Lambda@Edge server-side rendering function, if the blueprint has one.

    Args:
        project_root: Folder holding ``frontend/ssr/`` and ``dist/``.
        bp: The validated blueprint.
        reporter: Receives progress messages.
        cache: Skip the bundle when it proves it up to date (default: always bundle).

    Returns:
        ``[project_root / contract.SSR_ARTIFACT]``, or ``[]`` when ``frontend.ssr`` is off.

    Raises:
        BuildError: When node or npm is missing, the entry file is missing, or npm or
            esbuild fails.
    """
    if bp.frontend is None or not bp.frontend.ssr:
        return []
    folder = project_root / contract.SSR_SOURCE
    entry = folder / "src" / "index.ts"
    if not entry.is_file():
        raise BuildError(f"the SSR function has no code: {entry} is missing",
                         hint="restore it, or run `scaffold render` to write a new stub")
    return _build_folder(project_root, folder, {"ssr": entry},
                         {"ssr": project_root / contract.SSR_ARTIFACT}, _SSR_TARGET,
                         "frontend-ssr",
                         "frontend/ssr: bundling the SSR function with esbuild", reporter, cache)
