"""Render stage: TypeScript handler stubs, their tests and generated helpers for a Node.js service.

Seeds (stubs, tests, package.json, tsconfig.json) are the user's once written; the helpers
under ``src/generated/`` are regenerated from the blueprint on every render.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import jinja2

from scaffold.output.files import OutputFile
from scaffold.plan import contract
from scaffold.plan.handlers import AppCode, ServiceCode
from scaffold.render.typescript import handlers as ts_handlers
from scaffold.render.typescript import routes as ts_routes
from scaffold.render.typescript.cases import Stub
from scaffold.render.typescript.code import Imports
from scaffold.render.typescript.entries import emit_entries
from scaffold.render.typescript.env import (
    GENERATED_MARKER,
    SEED_MARKER,
    Code,
    render,
    template_root,
)
from scaffold.render.typescript.model import CONNECTION_KEY, TsFunction, TsService, service_model

__all__ = ["HELPERS", "emit_ssr_stub", "emit_typescript_stubs", "render_package_files"]

HELPERS: tuple[str, ...] = ("powertools", "env", "db", "connections", "events", "publish", "push",
                            "uploads", "secrets", "workflows", "queues", "tokens", "signatures",
                            "http", "auth", "testing")
"""Every generated helper module, in the order they are emitted."""

TEST_STAGE = "test"
WEBSOCKET_TEST = "test/websocket.generated.test.ts"
"""The generated test of the connection and push helpers (services with WebSocket routes)."""
QUEUES_TEST = "test/queues.generated.test.ts"
"""The generated test of the ``send`` helper (services whose functions send to a queue)."""

_Builder = Callable[[TsService, TsFunction], Stub]
_BUILDERS: dict[str, _Builder] = {
    "route": ts_routes.build_route,
    "presign": ts_routes.build_presign,
    "subscription": ts_handlers.build_subscription,
    "stream": ts_handlers.build_stream,
    "schedule": ts_handlers.build_schedule,
    "upload": ts_handlers.build_upload,
    "object": ts_handlers.build_object,
    "websocket": ts_handlers.build_websocket,
    "auth_trigger": ts_handlers.build_auth_trigger,
    "authorizer": ts_handlers.build_authorizer,
    "task": ts_handlers.build_task,
    "callback": ts_handlers.build_callback,
    "queue": ts_handlers.build_queue,
}


def _env_names() -> dict[str, str]:
    return {"app": contract.ENV_APP, "stage": contract.ENV_STAGE, "service": contract.ENV_SERVICE,
            "event_bus": contract.ENV_EVENT_BUS, "event_source": contract.ENV_EVENT_SOURCE,
            "connections_table": contract.ENV_CONNECTIONS_TABLE,
            "subscriptions_table": contract.ENV_SUBSCRIPTIONS_TABLE,
            "websocket_endpoint": contract.ENV_WEBSOCKET_ENDPOINT,
            "upload_bucket": contract.ENV_UPLOAD_BUCKET,
            "upload_prefix": contract.ENV_UPLOAD_PREFIX,
            "upload_max_bytes": contract.ENV_UPLOAD_MAX_BYTES,
            "upload_content_types": contract.ENV_UPLOAD_CONTENT_TYPES,
            "user_pool_id": contract.ENV_USER_POOL_ID,
            "user_pool_client_id": contract.ENV_USER_POOL_CLIENT_ID}


def _test_environment(svc: TsService) -> list[tuple[str, str]]:
    """Test values of every variable the service's helpers read (plus SDK and Powertools)."""
    app, name, region = svc.app, svc.name, svc.region
    service_name, namespace = contract.POWERTOOLS_ENV
    env: dict[str, str] = {
        contract.ENV_APP: app, contract.ENV_STAGE: TEST_STAGE, contract.ENV_SERVICE: name,
        service_name: name, namespace: app,
        "POWERTOOLS_LOG_LEVEL": "SILENT", "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_TRACE_ENABLED": "false",
        "AWS_REGION": region, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
    }
    for table in svc.tables.values():
        env[table.env] = f"{app}-{TEST_STAGE}-{name}-{table.name}"
    if svc.websocket:
        env[contract.ENV_CONNECTIONS_TABLE] = f"{app}-{TEST_STAGE}-{name}-connections"
        env[contract.ENV_WEBSOCKET_ENDPOINT] = "https://ws.example.test/" + TEST_STAGE
    if svc.topics:
        env[contract.ENV_SUBSCRIPTIONS_TABLE] = f"{app}-{TEST_STAGE}-{name}-subscriptions"
    if "publish" in svc.helpers:
        env[contract.ENV_EVENT_BUS] = f"{app}-{TEST_STAGE}"
        env[contract.ENV_EVENT_SOURCE] = contract.event_source(app, name)
    upload = svc.upload
    if upload is not None:
        env[contract.ENV_UPLOAD_BUCKET] = f"{app}-{TEST_STAGE}-{name}-uploads"
        env[contract.ENV_UPLOAD_PREFIX] = upload.prefix
        env[contract.ENV_UPLOAD_MAX_BYTES] = str(upload.max_bytes)
        if upload.content_types:
            env[contract.ENV_UPLOAD_CONTENT_TYPES] = ",".join(upload.content_types)
    if svc.has_auth:
        env[contract.ENV_USER_POOL_ID] = f"{region}_test"
        env[contract.ENV_USER_POOL_CLIENT_ID] = "test-client"
    for secret, var in svc.secrets.items():
        env[var] = contract.secret_parameter(app, TEST_STAGE, name, secret)
    platform_tests = {contract.ENV_API_URL: "https://api.example.test",
                      contract.ENV_EVENT_BUS: f"{app}-{TEST_STAGE}",
                      contract.ENV_USER_POOL_ID: f"{region}_test",
                      contract.ENV_USER_POOL_CLIENT_ID: "test-client"}
    for var in svc.platform_uses.values():
        env[var] = platform_tests[var]
    if "tokens" in svc.helpers:
        env[contract.ENV_TASK_TOKENS_TABLE] = f"{app}-{TEST_STAGE}-{name}-{contract.TOKENS_TABLE}"
    for workflow, var in svc.started.items():
        env[var] = (f"arn:aws:states:{region}:123456789012:stateMachine:"
                    f"{app}-{TEST_STAGE}-{name}-{workflow}")
    for queue in svc.sent_queues:
        env[queue.env] = (f"https://sqs.{region}.amazonaws.com/123456789012/"
                          f"{app}-{TEST_STAGE}-{name}-{queue.name}"
                          + (".fifo" if queue.fifo else ""))
    return sorted(env.items())


def _helper_context(svc: TsService) -> dict[str, Any]:
    own = [e for e in svc.events.values() if e.own]
    return {"marker": Code(GENERATED_MARKER), "svc": svc, "env": _env_names(),
            "own_events": own, "detail_types": list(dict.fromkeys(
                e.name for e in svc.events.values())),
            "connection_key": CONNECTION_KEY, "region": svc.region,
            "ws": {"user": contract.CONNECTIONS_USER, "index": contract.CONNECTIONS_USER_INDEX,
                   "ttl": contract.CONNECTIONS_TTL,
                   "lifetime": contract.CONNECTION_LIFETIME_SECONDS,
                   "concurrency": contract.PUSH_CONCURRENCY,
                   "topics": contract.CONNECTIONS_TOPICS,
                   "topic": contract.SUBSCRIPTIONS_KEY,
                   "topic_max": contract.TOPIC_MAX_LENGTH},
            "test_env": _test_environment(svc),
            "tokens": {"env": contract.ENV_TASK_TOKENS_TABLE, "key": contract.TOKENS_KEY,
                       "ttl": contract.TOKENS_TTL},
            "connect_auth": svc.websocket and svc.has_auth and svc.connect}


_IMPORTS_SLOT = "//@@scaffold-imports@@"


def _render_pruned(template: str, imports: Imports, context: dict[str, Any]) -> bytes:
    """Render with the import block computed from the rendered code (unused names left out)."""
    text = render(template, **{**context, "imports": Code(_IMPORTS_SLOT)}).decode("utf-8")
    head, slot, tail = text.partition(_IMPORTS_SLOT)
    block = imports.render(head + tail) if slot else Code("")
    return (head + block + tail).encode("utf-8")


def render_package_files(app: str, service: str, runtime: str) -> dict[str, bytes]:
    """Render ``package.json`` and ``tsconfig.json`` from the Copier service template files.

    The same ``.jinja`` files feed ``scaffold new-service`` through Copier, so they use
    plain Jinja and only the variables ``app``, ``service`` and ``runtime``.

    Args:
        app: The blueprint ``name``.
        service: The service name.
        runtime: The Lambda runtime (``nodejs22.x``...).

    Returns:
        File name to content.
    """
    return {name: template.render(app=app, service=service, runtime=runtime).encode("utf-8")
            for name, template in _package_templates().items()}


@functools.cache
def _package_templates() -> dict[str, jinja2.Template]:
    """The two package templates, compiled once per process (names are validated)."""
    folder = template_root() / "copier" / "service-typescript"
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             autoescape=False)
    return {name: env.from_string((folder / f"{name}.jinja").read_text(encoding="utf-8"))
            for name in ("package.json", "tsconfig.json")}


def emit_typescript_stubs(code: ServiceCode) -> list[OutputFile]:
    """Every TypeScript file of a Node.js service: seeds and generated helpers.

    Args:
        code: The handler plan of a service whose runtime is ``nodejs*``
            (``build_plan(bp).code.services[name]``).

    Returns:
        Files under ``services/<service>/``, sorted by path: seeds (``ownership="seed"``)
        for each handler, its test, ``package.json`` and ``tsconfig.json``; generated
        helpers under ``src/generated/``.

    Raises:
        ValueError: If the service is not a Node.js service.
    """
    if not code.runtime.startswith("nodejs"):
        raise ValueError(f"service {code.name!r} runs {code.runtime}, not Node.js")
    svc = service_model(code)
    root = f"services/{svc.name}"
    files: list[OutputFile] = []
    ctx = _helper_context(svc)
    for helper in HELPERS:
        if helper in svc.helpers:
            files.append(OutputFile(f"{root}/src/generated/{helper}.ts",
                                    render(f"generated/{helper}.ts.j2", **ctx)))
    if svc.websocket:
        files.append(OutputFile(f"{root}/{WEBSOCKET_TEST}",
                                render("tests/websocket.generated.test.ts.j2", **ctx)))
    if svc.sent_queues:
        files.append(OutputFile(f"{root}/{QUEUES_TEST}",
                                render("tests/queues.generated.test.ts.j2", **ctx)))
    seed = Code(SEED_MARKER)
    for fn in svc.functions:
        stub = _BUILDERS[fn.h.trigger](svc, fn)
        files.append(OutputFile(f"{root}/src/handlers/{fn.h.handler}.ts",
                                _render_pruned(stub.template, stub.imports,
                                               {"seed": seed, **stub.context}), "seed"))
        test = stub.test.context()
        files.append(OutputFile(f"{root}/test/{fn.h.handler}.test.ts",
                                _render_pruned("tests/handler.test.ts.j2", stub.test.imports,
                                               {"seed": seed, "title": fn.h.handler, **test}),
                                "seed"))
    files += emit_entries(svc)
    for name, content in render_package_files(svc.app, svc.name, svc.runtime).items():
        files.append(OutputFile(f"{root}/{name}", content, "seed"))
    return sorted(files, key=lambda f: f.path)


def emit_ssr_stub(code: AppCode) -> list[OutputFile]:
    """The Lambda@Edge server-side rendering function, when ``frontend.ssr`` is on.

    Args:
        code: The handler plan of a valid blueprint (``build_plan(bp).code``).

    Returns:
        Seed files under ``frontend/ssr/`` (handler, test, package.json, tsconfig.json),
        or nothing when SSR is off.
    """
    if not code.ssr:
        return []
    root = contract.SSR_SOURCE
    seed = Code(SEED_MARKER)
    files = [
        OutputFile(f"{root}/src/index.ts", render("ssr/index.ts.j2", seed=seed, app=code.app,
                                                  domain=code.site_domain), "seed"),
        OutputFile(f"{root}/test/index.test.ts", render("ssr/index.test.ts.j2", seed=seed,
                                                        app=code.app), "seed"),
    ]
    for name, content in render_package_files(code.app, "ssr", "nodejs22.x").items():
        files.append(OutputFile(f"{root}/{name}", content, "seed"))
    return sorted(files, key=lambda f: f.path)
