"""Build stage: package the functions of all (or some) services, each with its runtime's builder.

Python services are zipped here (:mod:`scaffold.bundle.python`); Node.js services and the
optional server-side rendering function are bundled by :mod:`scaffold.bundle.typescript`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from types import ModuleType

from scaffold.blueprint import model
from scaffold.bundle.cache import BuildCache, Built
from scaffold.bundle.python import BuildReporter, build_python_service, stale_python_zips
from scaffold.bundle.reporter import ServiceProgress
from scaffold.errors import BuildError
from scaffold.plan import contract
from scaffold.plan.defaults import runtime_of

__all__ = ["BuildReporter", "Built", "build", "check_services", "stale_zips"]


class _Silent:
    def step(self, message: str) -> None:
        """Ignore progress."""


def check_services(bp: model.Blueprint, services: Sequence[str]) -> None:
    """Fail on a name that is not a service of the blueprint.

    Raises:
        BuildError: Naming the unknown service, with a suggestion.
    """
    for name in services:
        if name not in bp.services:
            close = difflib.get_close_matches(name, list(bp.services), n=1, cutoff=0.6)
            hint = (f"did you mean '{close[0]}'? " if close else "") + (
                "services of this blueprint: " + ", ".join(bp.services))
            raise BuildError(f"unknown service {name!r}", hint=hint)


def _typescript() -> ModuleType:
    try:
        from scaffold.bundle import typescript
    except ImportError as exc:  # pragma: no cover - only in a broken installation
        raise BuildError("this installation of scaffold cannot build Node.js services",
                         hint="reinstall scaffold") from exc
    return typescript


def build(project_root: Path, bp: model.Blueprint, services: Sequence[str] | None = None,
          reporter: BuildReporter | None = None, *, stage: str | None = None,
          force: bool = False) -> list[Built]:
    """Package every function of the chosen services into ``dist/<service>/<function>.zip``.

    A zip whose inputs hash as recorded in ``dist/.scaffold-build.json`` when it was built,
    and whose bytes are still the ones written then, is left alone (see
    :mod:`scaffold.bundle.cache`).

    Args:
        project_root: Folder holding ``services/`` (the blueprint's folder or ``--out``).
        bp: The validated blueprint.
        services: Services to build, in this order; None builds all of them and the
            server-side rendering function, if the blueprint has one.
        reporter: Receives progress messages (default: none).
        stage: Build for this stage's architecture (needed only when stages differ).
        force: Rebuild every zip, up to date or not.

    Returns:
        Every zip, in build order, and whether this build packaged it.

    Raises:
        BuildError: On an unknown service, missing code or tools, or a failed build step.
    """
    report = reporter or _Silent()
    chosen = list(dict.fromkeys(services)) if services else list(bp.services)
    check_services(bp, chosen)
    cache = BuildCache(project_root, force=force)
    zips: list[Path] = []
    try:
        for index, name in enumerate(chosen, 1):
            runtime = runtime_of(bp, bp.services[name])
            if isinstance(report, ServiceProgress):
                report.service_started(name, runtime, index, len(chosen))
            report.step(f"{name}: building ({runtime})")
            if runtime.startswith("python"):
                zips += build_python_service(project_root, bp, name, report, stage=stage,
                                             cache=cache)
            else:
                zips += _typescript().build_typescript_service(project_root, bp, name, report,
                                                               cache)
        if not services and bp.frontend is not None and bp.frontend.ssr:
            report.step("frontend: building the server-side rendering function")
            zips += _typescript().build_ssr(project_root, bp, report, cache)
    finally:
        cache.save()  # what was built before a failure stays recorded
    return [Built(path, cache.rebuilt.get(path, True)) for path in zips]


def stale_zips(project_root: Path, bp: model.Blueprint, services: Sequence[str],
               *, ssr: bool, stage: str | None = None) -> list[tuple[Path, str]]:
    """The zips ``scaffold build`` would rebuild: missing, never recorded, or built from
    other sources, dependencies or settings than those on disk now. Builds nothing.

    Args:
        project_root: Folder holding ``services/`` and ``dist/``.
        bp: The validated blueprint.
        services: The services to check.
        ssr: Check the server-side rendering function too (when the blueprint has one).
        stage: The stage about to be deployed (its architecture).

    Returns:
        Each stale zip with why, in build order; empty when every zip is up to date.
    """
    cache = BuildCache(project_root)
    found: list[tuple[Path, str]] = []
    checks: list[tuple[Path, Callable[[], list[Path]]]] = []
    for name in services:
        check: Callable[[], list[Path]]
        if runtime_of(bp, bp.services[name]).startswith("python"):
            check = partial(stale_python_zips, project_root, bp, name, cache, stage=stage)
        else:
            check = partial(_typescript().stale_typescript_zips, project_root, bp, name, cache)
        checks.append((project_root / "services" / name, check))
    if ssr and bp.frontend is not None and bp.frontend.ssr:
        checks.append((project_root / contract.SSR_SOURCE,
                       partial(_typescript().stale_ssr_zip, project_root, cache)))
    for folder, check in checks:
        try:
            stale = check()
        except BuildError as exc:
            found.append((folder, exc.message))
            continue
        found.extend((path, "missing" if not path.is_file() else
                      "older than its sources (or not built by `scaffold build`)")
                     for path in stale)
    return found
