"""Build stage (Python): zip a Python service's package with its dependencies for Lambda.

Dependencies come from the service's ``pyproject.toml`` and are installed by pip for the
function's architecture and Python version (binary wheels only), once per service,
architecture and dependency list: later builds reuse ``dist/.cache/python/``. When the
service commits a ``requirements.lock`` (``uv pip compile``), pip installs exactly the
versions it pins (``--no-deps``), so zips stay the same across days, not only across runs. Every
function of the service ships the same package (Lambda's ``handler`` setting picks the
module), so all its zips hold the same, reproducible bytes.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

from scaffold.blueprint import model, names
from scaffold.blueprint.functions import iter_functions
from scaffold.bundle.cache import BuildCache, Digest
from scaffold.bundle.reporter import BuildReporter
from scaffold.bundle.zip import collect_folder, write_reproducible_zip
from scaffold.errors import BuildError
from scaffold.output.writer import write_atomic
from scaffold.plan import contract
from scaffold.plan.defaults import resolve, runtime_of

__all__ = [
    "CACHE_DIR",
    "LOCK_FILE",
    "PLATFORMS",
    "RUNTIME_PROVIDED",
    "BuildReporter",
    "build_python_service",
    "install_dependencies",
    "read_dependencies",
    "service_architecture",
    "stale_python_zips",
]

PLATFORMS = {"arm64": "manylinux2014_aarch64", "x86_64": "manylinux2014_x86_64"}
"""pip ``--platform`` of each Lambda architecture."""
RUNTIME_PROVIDED = frozenset({"boto3", "botocore", "s3transfer"})
"""Distributions the Lambda Python runtime already has: left out of the zip unless the
service lists them itself (they would add ~20 MB to every function)."""
LOCK_FILE = "requirements.lock"
"""A service's pinned dependencies (``uv pip compile pyproject.toml -o requirements.lock``)."""
CACHE_DIR = "dist/.cache/python"
"""Installed dependencies, relative to the project root (under dist/, which git ignores)."""
_COMPLETE = "complete.json"
_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_OUTPUT_TAIL = 30


def read_dependencies(pyproject: Path) -> list[str]:
    """The ``[project] dependencies`` of a service's ``pyproject.toml``.

    Raises:
        BuildError: If the file is missing or not valid TOML.
    """
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildError(f"{pyproject} is missing",
                         hint="run `scaffold render` to write the service's files") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise BuildError(f"cannot read {pyproject}: {exc}") from None
    deps = data.get("project", {}).get("dependencies", [])
    if not isinstance(deps, list) or not all(isinstance(d, str) for d in deps):
        raise BuildError(f"{pyproject}: [project] dependencies must be a list of strings")
    return list(deps)


def service_architecture(bp: model.Blueprint, service: str, stage: str | None = None) -> str:
    """The Lambda architecture of a service's functions (``arm64`` or ``x86_64``).

    Args:
        bp: The validated blueprint.
        service: One of its services.
        stage: The stage to build for; needed only when stages disagree.

    Raises:
        BuildError: If ``stage`` is unknown, or stages use different architectures and no
            stage was given (one zip path cannot hold both).
    """
    svc = bp.services[service]
    if stage is not None and stage not in bp.stages:
        raise BuildError(f"unknown stage {stage!r}",
                         hint="stages of this blueprint: " + ", ".join(bp.stages))
    stages = [stage] if stage else list(bp.stages)
    none = model.FunctionOptions.model_validate({})
    archs = {resolve(bp, s, svc, none).architecture for s in stages}
    if len(archs) > 1:
        raise BuildError(f"service {service!r} runs on {' and '.join(sorted(archs))} depending "
                         "on the stage, but dist/ holds one zip per function",
                         hint="pass --stage, or set `architecture` on the service")
    return archs.pop()


def _python_version(runtime: str) -> str:
    return runtime.removeprefix("python")


def _cache_key(deps: Sequence[str], platform: str, version: str,
               lock: bytes | None = None) -> str:
    blob = json.dumps({"deps": list(deps), "platform": platform, "python": version,
                       "lock": None if lock is None else hashlib.sha256(lock).hexdigest()},
                      sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def _pip_command(target: Path, deps: Sequence[str], platform: str, version: str,
                 lock: Path | None = None) -> list[str]:
    # With a lock, pip installs exactly what it pins and resolves nothing (--no-deps); a
    # lock written with hashes also turns on pip's hash checking.
    wanted = ["--no-deps", "-r", str(lock)] if lock is not None else list(deps)
    return [sys.executable, "-m", "pip", "install", "--target", str(target),
            "--platform", platform, "--implementation", "cp", "--python-version", version,
            "--only-binary=:all:", "--no-compile", "--no-warn-conflicts",
            "--disable-pip-version-check", "--no-input", "--quiet", *wanted]


def install_dependencies(deps: Sequence[str], *, cache: Path, architecture: str,
                         python_version: str, reporter: BuildReporter,
                         label: str = "", lock: Path | None = None) -> Path | None:
    """Install ``deps`` for Lambda into a cache folder, or reuse an earlier install.

    Args:
        deps: PEP 508 requirements.
        cache: Folder of this service's installs (``dist/.cache/python/<service>``).
        architecture: ``arm64`` or ``x86_64``.
        python_version: ``3.13`` etc.
        reporter: Receives progress messages.
        label: Prefix of progress messages (the service name).
        lock: A ``requirements.lock`` to install instead of resolving ``deps``.

    Returns:
        The folder holding the installed packages, or None when there are no dependencies.

    Raises:
        BuildError: If pip is missing or fails (no network, no binary wheel...).
    """
    if not deps:
        return None
    platform = PLATFORMS[architecture]
    try:
        pinned = lock.read_bytes() if lock is not None else None
    except OSError as exc:
        raise BuildError(f"cannot read {lock}: {exc.strerror or exc}") from None
    key = _cache_key(deps, platform, python_version, pinned)
    folder = cache / f"{architecture}-py{python_version}-{key}"
    site = folder / "site"
    if (folder / _COMPLETE).is_file():
        reporter.step(f"{label}: dependencies for {architecture} from cache")
        return site
    if importlib.util.find_spec("pip") is None:
        raise BuildError("pip is not available to the Python running scaffold, so Python "
                         "dependencies cannot be installed",
                         hint=f"install it: {sys.executable} -m ensurepip --upgrade")
    what = (f"the versions pinned in {LOCK_FILE}" if lock is not None else
            f"{len(deps)} dependenc{'y' if len(deps) == 1 else 'ies'}")
    reporter.step(f"{label}: installing {what} for {architecture} / Python "
                  f"{python_version} with pip")
    tmp = cache / f".tmp-{folder.name}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    result = subprocess.run(_pip_command(tmp / "site", deps, platform, python_version, lock),
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-_OUTPUT_TAIL:])
        raise BuildError(f"pip could not install the dependencies of {label or 'the service'} "
                         f"for {platform}:\n{tail}",
                         hint="pip needs the package index (or PIP_FIND_LINKS) and a binary "
                         f"wheel of every dependency for {platform}, CPython {python_version}")
    (tmp / _COMPLETE).write_text(json.dumps({"deps": list(deps), "platform": platform,
                                             "python": python_version}, indent=2) + "\n")
    for stale in cache.glob(f"{architecture}-py{python_version}-*"):
        if stale != folder:
            shutil.rmtree(stale, ignore_errors=True)
    try:
        tmp.rename(folder)
    except OSError:  # another build installed the same folder meanwhile
        shutil.rmtree(tmp, ignore_errors=True)
    return site


def _normalize(name: str) -> str:
    """PEP 503 name normalisation (``Foo_Bar.baz`` -> ``foo-bar-baz``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> str:
    match = _REQUIREMENT_NAME.match(requirement)
    return _normalize(match.group(1)) if match else ""


def _dist_name(dist_info: Path) -> str:
    return _normalize(dist_info.name.split("-")[0])


def _provided_files(site: Path, keep: frozenset[str]) -> set[str]:
    """Archive names of the runtime-provided distributions installed in ``site``."""
    skipped: set[str] = set()
    for dist_info in site.glob("*.dist-info"):
        name = _dist_name(dist_info)
        if name not in RUNTIME_PROVIDED or name in keep:
            continue
        record = dist_info / "RECORD"
        lines = record.read_text(encoding="utf-8").splitlines() if record.is_file() else []
        skipped.update(line.split(",")[0] for line in lines if line)
        skipped.update(f"{dist_info.name}/{p.name}" for p in dist_info.iterdir())
    return skipped


def _dependency_entries(site: Path | None, deps: Sequence[str]) -> dict[str, Path]:
    if site is None:
        return {}
    listed = frozenset(_requirement_name(d) for d in deps)
    skipped = _provided_files(site, listed)
    return {name: path for name, path in collect_folder(site).items()
            if name not in skipped and not name.startswith("bin/")}


def _package_entries(folder: Path, package: str) -> dict[str, Path]:
    src = folder / "src" / package
    if not (src / "__init__.py").is_file():
        raise BuildError(f"{src} is not a Python package (no __init__.py)",
                         hint="run `scaffold render` to write the service's files")
    return {f"{package}/{name}": path for name, path in collect_folder(src).items()}


def _check_handlers(bp: model.Blueprint, service: str, src: Path) -> list[str]:
    handlers = list(dict.fromkeys(u.handler for u in iter_functions(service, bp.services[service])))
    for handler in handlers:
        module = src / "handlers" / f"{names.snake(handler)}.py"
        if not module.is_file():
            raise BuildError(f"handler {handler!r} of service {service!r} has no code: "
                             f"{module} is missing",
                             hint="restore it, or run `scaffold render` to write a new stub")
    return handlers


def build_python_service(project_root: Path, bp: model.Blueprint, service: str,
                         reporter: BuildReporter, *, stage: str | None = None,
                         cache: BuildCache | None = None) -> list[Path]:
    """Zip every function of a Python service with its dependencies.

    Args:
        project_root: Folder holding ``services/`` and ``dist/``.
        bp: The validated blueprint.
        service: A Python service of ``bp``.
        reporter: Receives progress messages.
        stage: Build for this stage's architecture (needed only when stages differ).
        cache: Skip the zips it proves up to date, and record the ones built (default:
            zip every function).

    Returns:
        The zips, one per function in blueprint order, at ``contract.artifact(...)``.

    Raises:
        BuildError: When the service is not Python, its code is missing, pip is missing or
            fails, or a dependency would overwrite a file of the package.
    """
    runtime = runtime_of(bp, bp.services[service])
    if not runtime.startswith("python"):
        raise BuildError(f"service {service!r} runs {runtime}, not Python")
    package = contract.python_package(service)
    folder = project_root / "services" / service
    dests, digest = _zips_and_digest(project_root, bp, service, stage)
    deps = read_dependencies(folder / "pyproject.toml")
    architecture = service_architecture(bp, service, stage)
    version = _python_version(runtime)
    own = _package_entries(folder, package)
    stale = [dest for dest in dests if cache is None or not cache.fresh(dest, digest)]
    for dest in dests:
        if cache is not None and dest not in stale:
            cache.skip(dest)
    if not stale:
        return dests
    site = install_dependencies(deps, cache=project_root / CACHE_DIR / service,
                                architecture=architecture, python_version=version,
                                reporter=reporter, label=service,
                                lock=lock if (lock := folder / LOCK_FILE).is_file() else None)
    entries: Mapping[str, Path] = _dependency_entries(site, deps)
    clash = sorted(set(own) & set(entries))
    if clash:
        raise BuildError(f"dependency files would overwrite the package of {service!r}: "
                         + ", ".join(clash[:5]), hint="rename the package or the dependency")
    reporter.step(f"{service}: zipping {len(stale)} function(s) for {architecture}")
    first = write_reproducible_zip(stale[0], {**entries, **own})
    data = first.path.read_bytes()
    for dest in stale[1:]:
        if not dest.is_file() or dest.read_bytes() != data:
            write_atomic(dest, data)
    if cache is not None:
        for dest in stale:
            cache.record(dest, digest, first.sha256)
    return dests


def _zips_and_digest(project_root: Path, bp: model.Blueprint, service: str,
                     stage: str | None) -> tuple[list[Path], str]:
    """A Python service's zips and the digest of the inputs they must be built from."""
    package = contract.python_package(service)
    folder = project_root / "services" / service
    handlers = _check_handlers(bp, service, folder / "src" / package)
    deps = read_dependencies(folder / "pyproject.toml")
    digest = _inputs_digest(folder, _package_entries(folder, package), deps,
                            service_architecture(bp, service, stage),
                            _python_version(runtime_of(bp, bp.services[service])))
    return [project_root / contract.artifact(service, h) for h in handlers], digest


def stale_python_zips(project_root: Path, bp: model.Blueprint, service: str,
                      cache: BuildCache, *, stage: str | None = None) -> list[Path]:
    """The zips of a Python service that ``scaffold build`` would rebuild; builds nothing.

    Raises:
        BuildError: When the service's code or pyproject.toml is missing or unreadable.
    """
    dests, digest = _zips_and_digest(project_root, bp, service, stage)
    return [dest for dest in dests if not cache.fresh(dest, digest)]


def _inputs_digest(folder: Path, own: Mapping[str, Path], deps: Sequence[str],
                   architecture: str, version: str) -> str:
    """Everything a Python service's zips are made of: the package's files (names and
    content), pyproject.toml and the lock file if there is one, the dependency list, the
    architecture and Python version pip installs for."""
    digest = Digest("python")
    digest.text("target", f"{architecture} {PLATFORMS[architecture]} python{version}")
    digest.text("deps", "\0".join(deps))
    digest.text("runtime-provided", " ".join(sorted(RUNTIME_PROVIDED)))
    digest.files(folder, ("pyproject.toml", LOCK_FILE, "uv.lock", "requirements.txt"))
    for name in sorted(own):
        digest.file(name, own[name])
    return digest.hexdigest()
