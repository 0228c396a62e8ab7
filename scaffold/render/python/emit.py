"""Render stage (Python stubs): handler stubs, their tests and generated helpers of a service.

Seed files (stubs, tests, package files) are the user's once written; the ``generated/``
helpers and the test fixtures module are scaffold's and follow the blueprint.
"""

from __future__ import annotations

from scaffold.output.files import OutputFile, Ownership
from scaffold.output.manifest import GENERATED_MARKER_HASH
from scaffold.plan import contract
from scaffold.plan.handlers import ServiceCode
from scaffold.render.python.context import (
    CONNECTION_KEY,
    CONNECTION_TTL,
    ServiceCtx,
    service_context,
)
from scaffold.render.python.entries import (
    access_tests,
    api_key_tests,
    default_group_test,
    entry_modules,
)
from scaffold.render.python.env import render_template, render_text_template
from scaffold.render.python.functions import FunctionCtx, function_context

__all__ = ["SEED_HEADER", "emit_python_stubs"]

SEED_HEADER = "# This file belongs to you: scaffold created it once and will never overwrite it."
"""First line of every Python seed file."""
_TEMPLATES = "stubs/python"
PYPROJECT_TEMPLATE = "copier/service-python/pyproject.toml.jinja"
"""The service ``pyproject.toml`` template, shared with the Copier service template."""


def _wiring() -> dict[str, object]:
    """Names from the wiring contract, so templates never retype them."""
    return {
        "ENV_APP": contract.ENV_APP, "ENV_STAGE": contract.ENV_STAGE,
        "COGNITO_ALIASES": contract.COGNITO_ALIASES,
        "ENV_SERVICE": contract.ENV_SERVICE, "ENV_EVENT_BUS": contract.ENV_EVENT_BUS,
        "ENV_EVENT_SOURCE": contract.ENV_EVENT_SOURCE,
        "ENV_CONNECTIONS_TABLE": contract.ENV_CONNECTIONS_TABLE,
        "ENV_SUBSCRIPTIONS_TABLE": contract.ENV_SUBSCRIPTIONS_TABLE,
        "CONNECTION_TOPICS": contract.CONNECTIONS_TOPICS,
        "TOPIC_KEY": contract.SUBSCRIPTIONS_KEY,
        "TOPIC_MAX_LENGTH": contract.TOPIC_MAX_LENGTH,
        "ENV_WEBSOCKET_ENDPOINT": contract.ENV_WEBSOCKET_ENDPOINT,
        "ENV_UPLOAD_BUCKET": contract.ENV_UPLOAD_BUCKET,
        "ENV_UPLOAD_PREFIX": contract.ENV_UPLOAD_PREFIX,
        "ENV_UPLOAD_MAX_BYTES": contract.ENV_UPLOAD_MAX_BYTES,
        "ENV_UPLOAD_CONTENT_TYPES": contract.ENV_UPLOAD_CONTENT_TYPES,
        "ENV_USER_POOL_ID": contract.ENV_USER_POOL_ID,
        "ENV_USER_POOL_CLIENT_ID": contract.ENV_USER_POOL_CLIENT_ID,
        "ENV_POWERTOOLS_SERVICE": contract.POWERTOOLS_ENV[0],
        "ENV_POWERTOOLS_NAMESPACE": contract.POWERTOOLS_ENV[1],
        "CONNECTION_KEY": CONNECTION_KEY, "CONNECTION_TTL": CONNECTION_TTL,
        "CONNECTION_USER": contract.CONNECTIONS_USER,
        "CONNECTION_USER_INDEX": contract.CONNECTIONS_USER_INDEX,
        "CONNECTION_LIFETIME": contract.CONNECTION_LIFETIME_SECONDS,
        "PUSH_CONCURRENCY": contract.PUSH_CONCURRENCY,
        "ENV_TASK_TOKENS_TABLE": contract.ENV_TASK_TOKENS_TABLE,
        "TOKENS_KEY": contract.TOKENS_KEY, "TOKENS_TTL": contract.TOKENS_TTL,
    }


def _file(path: str, text: str, ownership: Ownership) -> OutputFile:
    header = GENERATED_MARKER_HASH if ownership == "generated" else SEED_HEADER
    return OutputFile(path, (header + "\n" + text).encode("utf-8"), ownership)


def _pyproject(ctx: ServiceCtx) -> OutputFile:
    text = render_text_template(PYPROJECT_TEMPLATE, service=ctx.service,
                                package=str(ctx.package), app=ctx.app, runtime=ctx.runtime)
    return OutputFile(f"services/{ctx.service}/pyproject.toml", text.encode("utf-8"), "seed")


def _function_files(ctx: ServiceCtx, fn: FunctionCtx, src: str, tests: str,
                    common: dict[str, object]) -> list[OutputFile]:
    values = {**common, "fn": fn}
    return [
        _file(f"{src}/handlers/{fn.module}.py",
              render_template(f"{_TEMPLATES}/handlers/{fn.flavour}.py.j2", **values), "seed"),
        _file(f"{tests}/test_{fn.module}.py",
              render_template(f"{_TEMPLATES}/tests/test_{fn.flavour}.py.j2", **values), "seed"),
    ]


def emit_python_stubs(svc: ServiceCode) -> list[OutputFile]:
    """Render the Python code of one service: stubs, tests, helpers, ``pyproject.toml``.

    Args:
        svc: The handler plan of a service whose runtime is Python
            (``build_plan(bp).code.services[name]``).

    Returns:
        The files, sorted by path: ``seed`` ones (written only when absent) and
        ``generated`` ones (marker header, rewritten when the blueprint changes).

    Raises:
        ScaffoldError: If the service name cannot become a Python package.
    """
    ctx = service_context(svc)
    functions = [function_context(ctx, handler) for handler in ctx.uses]
    src = f"services/{svc.name}/src/{ctx.package}"
    tests = f"services/{svc.name}/tests"
    common: dict[str, object] = {**_wiring(), "ctx": ctx, "functions": functions}
    files = [
        _pyproject(ctx),
        _file(f"{src}/__init__.py", render_template(f"{_TEMPLATES}/package_init.py.j2",
                                                    **common), "seed"),
        _file(f"{src}/handlers/__init__.py",
              render_template(f"{_TEMPLATES}/handlers_init.py.j2", **common), "seed"),
        _file(f"{tests}/conftest.py", render_template(f"{_TEMPLATES}/tests/conftest.py.j2",
                                                      **common), "seed"),
        _file(f"{tests}/scaffold_fixtures.py",
              render_template(f"{_TEMPLATES}/tests/scaffold_fixtures.py.j2", **common),
              "generated"),
        _file(f"{src}/generated/__init__.py",
              render_template(f"{_TEMPLATES}/generated/__init__.py.j2", **common), "generated"),
    ]
    for helper in ctx.helpers:
        files.append(_file(f"{src}/generated/{helper}.py",
                           render_template(f"{_TEMPLATES}/generated/{helper}.py.j2", **common),
                           "generated"))
    for fn in functions:
        files.extend(_function_files(ctx, fn, src, tests, common))
    for name, text in entry_modules(str(ctx.package), ctx.uses).items():
        files.append(_file(f"{src}/generated/entries/{name}", text, "generated"))
    if ctx.websocket:
        files.append(_file(f"{tests}/test_websocket_generated.py", render_template(
            f"{_TEMPLATES}/tests/test_websocket_generated.py.j2", **common), "generated"))
    if ctx.sent_queues:
        files.append(_file(f"{tests}/test_queues_generated.py", render_template(
            f"{_TEMPLATES}/tests/test_queues_generated.py.j2", **common), "generated"))
    access = access_tests(str(ctx.package), ctx.uses)
    if access is not None:
        files.append(_file(f"{tests}/test_access_generated.py", access, "generated"))
    keys = api_key_tests(str(ctx.package), ctx.uses)
    if keys is not None:
        files.append(_file(f"{tests}/test_api_keys_generated.py", keys, "generated"))
    joining = default_group_test(str(ctx.package), ctx.uses)
    if joining is not None:
        files.append(_file(f"{tests}/test_default_group_generated.py", joining, "generated"))
    return sorted(files, key=lambda f: f.path)
