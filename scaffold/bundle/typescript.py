"""Build stage (TypeScript): bundle each function with esbuild into a reproducible zip.

One esbuild run per service bundles every handler (tree-shaken, minified, source maps,
ESM for Node.js, AWS SDK v3 left to the runtime) into ``index.mjs``; each bundle is then
zipped to ``dist/<service>/<handler-kebab>.zip`` with fixed timestamps and sorted entries.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from scaffold.blueprint import model, names
from scaffold.blueprint.functions import iter_functions
from scaffold.bundle.reporter import BuildReporter
from scaffold.bundle.zip import write_reproducible_zip
from scaffold.errors import BuildError
from scaffold.plan import contract
from scaffold.plan.defaults import runtime_of

__all__ = ["BUNDLE", "ESBUILD_FLAGS", "BuildReporter", "build_ssr", "build_typescript_service",
           "find_node"]

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
            target: str) -> None:
    """One esbuild run: ``out/<name>/index.mjs`` (+ ``.map``) per entry."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    points = [f"{name}/index={entries[name].relative_to(folder).as_posix()}"
              for name in sorted(entries)]
    # esbuild/bin/esbuild is a native binary or a JavaScript launcher, depending on
    # whether npm ran esbuild's install script; node runs the launcher either way.
    launcher = [node, str(esbuild)] if _is_script(esbuild) else [str(esbuild)]
    _run([*launcher, *points, *ESBUILD_FLAGS, f"--target={target}",
          f"--outdir={os.path.relpath(out, folder)}"], folder, "esbuild", _BUNDLE_TIMEOUT)


def _is_script(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == b"#!"


def _zip_bundle(bundle_dir: Path, dest: Path) -> Path:
    entries = {name: bundle_dir / name for name in (BUNDLE, BUNDLE + ".map")
               if (bundle_dir / name).is_file()}
    if BUNDLE not in entries:
        raise BuildError(f"esbuild produced no {BUNDLE} in {bundle_dir}")
    return write_reproducible_zip(dest, entries).path


def build_typescript_service(project_root: Path, bp: model.Blueprint, service: str,
                             reporter: BuildReporter) -> list[Path]:
    """Bundle and zip every function of a Node.js service.

    Args:
        project_root: Folder holding ``services/`` and ``dist/``.
        bp: The validated blueprint.
        service: A Node.js service of ``bp``.
        reporter: Receives progress messages.

    Returns:
        The zips written (or left identical), one per function, in blueprint order, at
        ``contract.artifact(service, handler)``.

    Raises:
        BuildError: When node or npm is missing, a handler file is missing, or npm or
            esbuild fails.
    """
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
    node, npm = find_node()
    esbuild = _ensure_dependencies(folder, npm, reporter)
    out = project_root / _BUILD_DIR / service
    reporter.step(f"{service}: bundling {len(entries)} function(s) with esbuild")
    _bundle(node, esbuild, folder, entries, out, _target(runtime))
    zips = [_zip_bundle(out / names.kebab(h), project_root / contract.artifact(service, h))
            for h in handlers]
    shutil.rmtree(out)
    return zips


def build_ssr(project_root: Path, bp: model.Blueprint, reporter: BuildReporter) -> list[Path]:
    """Bundle and zip the Lambda@Edge server-side rendering function, if the blueprint has one.

    Args:
        project_root: Folder holding ``frontend/ssr/`` and ``dist/``.
        bp: The validated blueprint.
        reporter: Receives progress messages.

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
    node, npm = find_node()
    esbuild = _ensure_dependencies(folder, npm, reporter)
    out = project_root / _BUILD_DIR / "frontend-ssr"
    reporter.step("frontend/ssr: bundling the SSR function with esbuild")
    # Lambda@Edge runs Node.js 22 at most and reads no environment: one fixed target.
    _bundle(node, esbuild, folder, {"ssr": entry}, out, "node22")
    built = _zip_bundle(out / "ssr", project_root / contract.SSR_ARTIFACT)
    shutil.rmtree(out)
    return [built]
