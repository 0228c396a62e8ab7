"""The live log of ``scaffold dev``: one line per invocation, the handler's output beneath."""

from __future__ import annotations

import time
from collections.abc import Iterator

from scaffold.run.function import Result

__all__ = ["invocation_lines"]


def invocation_lines(trigger: str, label: str, result: Result,
                     extra: str = "") -> Iterator[str]:
    """The log of one run: a line (time, trigger, function, status, duration), output beneath.

    ``extra`` goes after the status (an HTTP status code, say).
    """
    stamp = time.strftime("%H:%M:%S")
    status = result.status + (f" {extra}" if extra else "")
    yield f"{stamp} {trigger} -> {label}  {status}  {result.duration * 1000:.0f} ms"
    for line in result.logs.rstrip("\n").splitlines():
        yield f"    | {line}"
    if result.status != "ok":
        payload = result.payload if isinstance(result.payload, dict) else {}
        yield f"    ! {payload.get('errorType', 'Error')}: {payload.get('errorMessage', '')}"
        for line in payload.get("stackTrace") or []:
            yield f"    !   {str(line).rstrip()}"
