"""``scaffold apply``'s checks before Terraform: the rendered output and the zips are current.

Stale output (what ``scaffold render --check`` reports) or a zip built from other sources
(what ``scaffold build`` would rebuild) would deploy something other than the blueprint and
the code on disk. Each refusal names the one command that fixes it; ``--force`` skips both.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scaffold.errors import ScaffoldError

__all__ = ["check_fresh", "stale_output"]

_SHOWN = 5


def stale_output(blueprint: Path, bp, root: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """What ``render --check`` would report: ``"<action> <path>"`` per file out of date.

    Tries the no-op fast path first (no rendering when the recorded inputs and files are
    unchanged), then renders in memory and plans the writes; writes nothing.
    """
    from scaffold.output.fingerprint import unchanged
    from scaffold.output.manifest import load_manifest
    from scaffold.output.writer import plan_writes
    from scaffold.project.rendering import render

    try:
        if unchanged(root, blueprint.read_bytes()) is not None:
            return []
    except (OSError, ValueError):
        pass
    plan = plan_writes(root, render(bp), load_manifest(root))
    return [f"{a.action} {a.path}" for a in plan.actions
            if a.action in ("create", "update", "delete", "conflict")]


def check_fresh(blueprint: Path, bp, root: Path, roots: Sequence[str],  # type: ignore[no-untyped-def]
                stage: str, out_dir: Path | None, services: Sequence[str]) -> None:
    """Refuse an apply whose rendered output or zips are out of date.

    Args:
        blueprint: The blueprint file as given on the command line.
        bp: The validated blueprint.
        root: The project root (``--out`` or the blueprint's folder).
        roots: The roots about to be applied (``platform`` and service names).
        stage: The stage about to be applied.
        out_dir: ``--out`` as given, to repeat it in the fix.
        services: ``--service`` as given, to repeat it in the fix.

    Raises:
        ScaffoldError: Naming what is stale and the command that fixes it.
    """
    from scaffold.bundle.package import stale_zips

    where = ([] if blueprint == Path("blueprint.yaml") else [str(blueprint)]) + (
        [] if out_dir is None else ["--out", str(out_dir)])
    stale = stale_output(blueprint, bp, root)
    if stale:
        raise ScaffoldError(
            f"the rendered output is out of date with {blueprint.name} "
            f"({len(stale)} file(s): {_few(stale)})",
            hint=f"run `{_command('render', where)}` first, or pass --force to apply anyway")
    zips = stale_zips(root, bp, [r for r in roots if r != "platform"],
                      ssr="platform" in roots, stage=stage)
    if zips:
        listed = [f"{_relative(path, root)} ({why})" for path, why in zips]
        # `build --service` skips the SSR function, which the platform root deploys.
        chosen = [] if "platform" in services else [f"--service {s}" for s in services]
        build = [*where, *chosen, "--stage", stage]
        raise ScaffoldError(
            f"{len(zips)} function zip(s) do not match their sources: {_few(listed)}",
            hint=f"run `{_command('build', build)}` first, or pass --force to apply anyway")


def _command(name: str, args: Sequence[str]) -> str:
    return " ".join(["scaffold", name, *args])


def _few(items: Sequence[str]) -> str:
    more = f", and {len(items) - _SHOWN} more" if len(items) > _SHOWN else ""
    return ", ".join(items[:_SHOWN]) + more


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
