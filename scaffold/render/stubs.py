"""Render stage: handler stubs, their tests and per-service helpers, by runtime."""

from __future__ import annotations

from scaffold.output.files import OutputFile
from scaffold.plan.handlers import AppCode


def emit_stubs(code: AppCode) -> list[OutputFile]:
    """Stubs and helpers of every service in its runtime, plus the optional SSR stub."""
    from scaffold.render.python.emit import emit_python_stubs
    from scaffold.render.typescript.emit import emit_ssr_stub, emit_typescript_stubs

    files: list[OutputFile] = []
    for svc in code.services.values():
        if svc.python:
            files += emit_python_stubs(svc)
        else:
            files += emit_typescript_stubs(svc)
    if code.ssr:
        files += emit_ssr_stub(code)
    return files
