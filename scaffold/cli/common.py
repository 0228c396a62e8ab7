"""What every command shares: the error handler, printing, and the blueprint option."""

from __future__ import annotations

import errno
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from scaffold.errors import ExitCode, ScaffoldError

if TYPE_CHECKING:
    from scaffold.plan.ir import BuildPlan

T = TypeVar("T")


class UsageError(ScaffoldError):
    """A command line that cannot work (exit 2)."""

    exit_code = ExitCode.USAGE


def chosen_stage(plan: BuildPlan, stage: str | None) -> str:
    """The stage a command works on: ``--stage``, else the blueprint's first.

    Raises:
        UsageError: When the blueprint has no such stage; the hint lists its stages.
    """
    chosen = stage or plan.stages[0]
    if chosen not in plan.stages:
        raise UsageError(f"the blueprint has no stage {chosen!r}",
                         hint=f"--stage is one of: {', '.join(plan.stages)}")
    return chosen


@dataclass
class _State:
    debug: bool = False


STATE = _State()

BlueprintArg = Annotated[
    Path,
    typer.Argument(help="The blueprint file.", show_default=True),
]


def err(text: str) -> None:
    """Write a line to standard error."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def out(text: str) -> None:
    """Write a line to standard output."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


@contextmanager
def handle_errors() -> Iterator[None]:
    """Print a ``ScaffoldError`` without traceback and exit with its code."""
    try:
        yield
    except ScaffoldError as exc:
        err(exc.format())
        raise typer.Exit(int(exc.exit_code)) from None
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except OSError as exc:
        if STATE.debug:
            traceback.print_exc()
        err(describe_os_error(exc))
        raise typer.Exit(int(ExitCode.FAILURE)) from None
    except Exception as exc:  # noqa: BLE001 - the last line of defence for users
        if STATE.debug:
            traceback.print_exc()
        else:
            err(f"internal error: {type(exc).__name__}: {exc}\n"
                "hint: run again with `scaffold --debug ...` for the traceback, and report it")
        raise typer.Exit(int(ExitCode.FAILURE)) from None


_OS_HINTS = {
    errno.ENOTDIR: "a part of that path is a file, not a folder: choose another --out",
    errno.EISDIR: "a folder is in the way of a file scaffold writes: move it",
    errno.EEXIST: "something is in the way: move it, or choose another --out",
    errno.EACCES: "you may not write there: fix its permissions, or choose another --out",
    errno.EPERM: "you may not write there: fix its permissions, or choose another --out",
    errno.EROFS: "that file system is read-only: choose another --out",
    errno.ENOSPC: "the disk is full: free some space and run the command again (files "
                  "already written are complete; the next run finishes the job)",
    errno.EDQUOT: "your disk quota is used up: free some space and run the command again",
    errno.ENAMETOOLONG: "a path is too long for this file system: choose a shorter --out",
}


def describe_os_error(exc: OSError) -> str:
    """One clear message (and a hint) for a file-system fault, never a traceback."""
    where = exc.filename if exc.filename is not None else "a file"
    reason = exc.strerror or type(exc).__name__
    hint = _OS_HINTS.get(exc.errno or 0, "check the path and the file system, then run the "
                         "command again")
    return f"error: {where}: {reason}\nhint: {hint}"


def load_valid(path: Path):  # type: ignore[no-untyped-def]
    """Load and validate a blueprint (imports the model lazily)."""
    from scaffold.blueprint.load import load_blueprint
    from scaffold.blueprint.validate import validate

    return validate(load_blueprint(path))


def guarded(fn: Callable[[], T]) -> T:
    """Run ``fn`` under :func:`handle_errors`."""
    with handle_errors():
        return fn()
