"""The local HTTP API of ``scaffold dev``: API Gateway v2 (payload 2.0) in front of the handlers.

Pure parts first (routes of the plan, route selection, the request event, the response
mapping, CORS), then a ``ThreadingHTTPServer`` that ties them together. The server checks
JWT routes with a verifier (``scaffold.dev.jwt``) before any user code runs, as the
deployed JWT authorizer does; group rules are the generated entry points' job, as deployed
(``docs/decisions/0008-auth-enforced-by-generated-entries.md``).
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from scaffold.dev.runlog import invocation_lines
from scaffold.errors import ScaffoldError
from scaffold.plan.ir import BuildPlan, HttpCors
from scaffold.run.function import Result

__all__ = ["GatewayRequest", "GatewayResponse", "HttpGateway", "LocalRoute", "cors_headers",
           "http_event", "map_response", "match_route", "preflight", "routes_of"]

ACCOUNT = "123456789012"
_PARAM = re.compile(r"\{([^}+]+)(\+?)\}")
_TEXT_TYPES = ("text/", "json", "xml", "javascript", "x-www-form-urlencoded", "yaml",
               "graphql", "csv")


@dataclass(frozen=True)
class LocalRoute:
    """One route of the HTTP API and the function behind it."""

    route_key: str  # "GET /projects/{id}", "ANY /{proxy+}" or "$default"
    service: str
    handler: str
    auth: str  # "NONE" | "JWT" | "CUSTOM"

    @property
    def method(self) -> str:
        """The route's method (``ANY`` for ``$default``)."""
        return "ANY" if self.route_key == "$default" else self.route_key.partition(" ")[0]

    @property
    def template(self) -> str:
        """The path template (empty for ``$default``)."""
        return "" if self.route_key == "$default" else self.route_key.partition(" ")[2]


def routes_of(plan: BuildPlan) -> list[LocalRoute]:
    """Every route of the plan's HTTP API, with its service and handler."""
    routes = []
    for svc in plan.services:
        handlers = {fn.id: fn.handler for fn in svc.functions}
        routes += [LocalRoute(r.route_key, svc.service, handlers[r.function], r.auth)
                   for r in svc.routes]
    return routes


def _pattern(template: str) -> tuple[re.Pattern[str], int, bool]:
    """A regex of the template, its count of literal segments, and whether it is greedy."""
    parts, literal, greedy = [], 0, False
    for segment in template.strip("/").split("/"):
        param = _PARAM.fullmatch(segment)
        if param is None:
            parts.append(re.escape(segment))
            literal += 1
        elif param.group(2):
            parts.append(f"(?P<{_group(param.group(1))}>.+)")
            greedy = True
        else:
            parts.append(f"(?P<{_group(param.group(1))}>[^/]+)")
    return re.compile("/" + "/".join(parts) + "/?" if parts != [""] else "/"), literal, greedy


def _stamp() -> str:
    return time.strftime("%H:%M:%S")


def _group(name: str) -> str:
    return "p_" + re.sub(r"\W", "_", name)


def match_route(routes: Sequence[LocalRoute], method: str, path: str
                ) -> tuple[LocalRoute, dict[str, str]] | None:
    """The route API Gateway picks for ``method path`` and its path parameters.

    The most specific route wins: a literal segment over a parameter, a parameter over a
    greedy ``{proxy+}``, a method over ``ANY``; ``$default`` catches the rest.
    """
    best: tuple[tuple[int, int, int], LocalRoute, dict[str, str]] | None = None
    fallback = None
    for route in routes:
        if route.route_key == "$default":
            fallback = route
            continue
        if route.method not in (method, "ANY"):
            continue
        regex, literal, greedy = _pattern(route.template)
        found = regex.fullmatch(path)
        if found is None:
            continue
        names = [m.group(1) for m in _PARAM.finditer(route.template)]
        params = {n: found.group(_group(n)) for n in names}
        rank = (int(greedy), -literal, int(route.method == "ANY"))
        if best is None or rank < best[0]:
            best = (rank, route, params)
    if best is not None:
        return best[1], best[2]
    return (fallback, {}) if fallback is not None else None


@dataclass(frozen=True)
class GatewayRequest:
    """An HTTP request as the gateway received it."""

    method: str
    target: str  # path and query, as sent
    headers: Sequence[tuple[str, str]]
    body: bytes = b""
    source_ip: str = "127.0.0.1"


@dataclass
class GatewayResponse:
    """What the gateway answers."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    cookies: list[str] = field(default_factory=list)


def _flatten_claim(value: Any) -> str:
    """A claim as the JWT authorizer passes it: arrays as ``[a b]``, all values strings."""
    if isinstance(value, list):
        return "[" + " ".join(str(v) for v in value) + "]"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _is_text(content_type: str) -> bool:
    kind = content_type.lower()
    return any(marker in kind for marker in _TEXT_TYPES)


def http_event(route: LocalRoute, params: Mapping[str, str], request: GatewayRequest, *,
               claims: Mapping[str, Any] | None = None, stage: str = "$default",
               api_id: str = "local", domain: str = "127.0.0.1") -> dict[str, Any]:
    """The API Gateway v2 (payload format 2.0) event of one request.

    Args:
        route: The matched route.
        params: Its path parameters.
        request: The request.
        claims: The verified JWT's claims (JWT routes), flattened as the authorizer does.
        stage: The API stage name in the event.
        api_id: The API id in the event.
        domain: The host the request came to.
    """
    split = urlsplit(request.target)
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in request.headers:
        key = name.lower()
        if key == "cookie":
            cookies += [c.strip() for c in value.split(";") if c.strip()]
            continue
        headers[key] = f"{headers[key]},{value}" if key in headers else value
    query: dict[str, str] = {}
    for key, value in parse_qsl(split.query, keep_blank_values=True):
        query[key] = f"{query[key]},{value}" if key in query else value
    now = time.time()
    context: dict[str, Any] = {
        "accountId": ACCOUNT, "apiId": api_id, "domainName": domain,
        "domainPrefix": domain.split(".")[0],
        "http": {"method": request.method, "path": split.path, "protocol": "HTTP/1.1",
                 "sourceIp": request.source_ip, "userAgent": headers.get("user-agent", "")},
        "requestId": str(uuid.uuid4()), "routeKey": route.route_key, "stage": stage,
        "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
        "timeEpoch": int(now * 1000),
    }
    if claims is not None:
        context["authorizer"] = {"jwt": {
            "claims": {k: _flatten_claim(v) for k, v in claims.items()},
            "scopes": str(claims["scope"]).split() if "scope" in claims else None}}
    event: dict[str, Any] = {
        "version": "2.0", "routeKey": route.route_key, "rawPath": split.path,
        "rawQueryString": split.query, "headers": headers, "requestContext": context,
        "isBase64Encoded": False,
    }
    if cookies:
        event["cookies"] = cookies
    if query:
        event["queryStringParameters"] = query
    if params:
        event["pathParameters"] = dict(params)
    if request.body:
        if _is_text(headers.get("content-type", "")):
            event["body"] = request.body.decode("utf-8", "replace")
        else:
            event["body"] = base64.b64encode(request.body).decode("ascii")
            event["isBase64Encoded"] = True
    return event


def map_response(payload: Any) -> GatewayResponse:
    """The HTTP answer of a handler's return value (payload format 2.0).

    A dict with ``statusCode`` is a response (``headers``, ``multiValueHeaders``,
    ``cookies``, ``body``, ``isBase64Encoded``); any other value is JSON with status 200.
    """
    if not (isinstance(payload, dict) and "statusCode" in payload):
        return GatewayResponse(200, {"content-type": "application/json"},
                               json.dumps(payload).encode())
    headers = {str(k).lower(): str(v) for k, v in (payload.get("headers") or {}).items()}
    for key, values in (payload.get("multiValueHeaders") or {}).items():
        headers[str(key).lower()] = ",".join(str(v) for v in values)
    body = payload.get("body")
    if body is None:
        data = b""
    elif payload.get("isBase64Encoded"):
        data = base64.b64decode(str(body))
    else:
        data = (body if isinstance(body, str) else json.dumps(body)).encode()
    headers.setdefault("content-type", "application/json")
    try:
        status = int(payload["statusCode"])
    except (TypeError, ValueError):
        return problem(500, "Internal Server Error")
    return GatewayResponse(status, headers, data, [str(c) for c in payload.get("cookies") or []])


def problem(status: int, message: str) -> GatewayResponse:
    """API Gateway's own answer: ``{"message": ...}``."""
    return GatewayResponse(status, {"content-type": "application/json"},
                           json.dumps({"message": message}).encode())


def _allowed_origin(cors: HttpCors, origin: str | None) -> str | None:
    if not cors.origins or origin is None:
        return None
    if "*" in cors.origins:
        return "*"
    return origin if origin in cors.origins else None


def cors_headers(cors: HttpCors, origin: str | None) -> dict[str, str]:
    """The CORS headers of an actual (not preflight) response to ``origin``."""
    allowed = _allowed_origin(cors, origin)
    if allowed is None:
        return {}
    headers = {"access-control-allow-origin": allowed}
    if cors.expose_headers:
        headers["access-control-expose-headers"] = ",".join(cors.expose_headers)
    if cors.credentials:
        headers["access-control-allow-credentials"] = "true"
    if allowed != "*":
        headers["vary"] = "origin"
    return headers


def preflight(cors: HttpCors, request: GatewayRequest) -> GatewayResponse | None:
    """API Gateway's answer to a CORS preflight, when CORS is configured (else None)."""
    headers = {k.lower(): v for k, v in request.headers}
    if not cors.origins or request.method != "OPTIONS" or \
            "access-control-request-method" not in headers:
        return None
    answer = GatewayResponse(204)
    allowed = cors_headers(cors, headers.get("origin"))
    if allowed:
        answer.headers.update(allowed)
        answer.headers["access-control-allow-methods"] = ",".join(cors.methods)
        answer.headers["access-control-allow-headers"] = ",".join(cors.headers)
        answer.headers["access-control-max-age"] = str(cors.max_age)
    return answer


Invoke = Callable[[LocalRoute, dict[str, Any]], Result]
"""Runs a route's function with an event (the gateway logs the run)."""
Verify = Callable[[str], dict[str, Any]]
"""Checks a bearer token; returns its claims or raises ``ValueError`` saying why."""


class HttpGateway:
    """The gateway: routes, CORS, JWT check, then the function; one instance per session."""

    def __init__(self, routes: Sequence[LocalRoute], cors: HttpCors, invoke: Invoke,
                 verify: Verify | None, log: Callable[[str], None], stage: str = "$default"
                 ) -> None:
        self.routes = list(routes)
        self.cors = cors
        self.invoke = invoke
        self.verify = verify
        self.log = log
        self.stage = stage

    def handle(self, request: GatewayRequest) -> GatewayResponse:
        """Answer one request."""
        answer = preflight(self.cors, request)
        if answer is not None:
            return answer
        origin = next((v for k, v in request.headers if k.lower() == "origin"), None)
        answer = self._route(request)
        for key, value in cors_headers(self.cors, origin).items():
            answer.headers.setdefault(key, value)
        return answer

    def _route(self, request: GatewayRequest) -> GatewayResponse:
        path = urlsplit(request.target).path
        found = match_route(self.routes, request.method, path)
        if found is None:
            self.log(f"{_stamp()} http {request.method} {path} -> no route  404")
            return problem(404, "Not Found")
        route, params = found
        claims = None
        if route.auth == "JWT":
            claims = self._claims(request)
            if claims is None:
                self.log(f"{_stamp()} http {request.method} {path} -> {route.service}."
                         f"{route.handler}  401 (no valid token: the handler did not run)")
                return problem(401, "Unauthorized")
        elif route.auth == "CUSTOM":
            self.log(f"{_stamp()} http {request.method} {path} -> {route.service}."
                     f"{route.handler}  501 (Lambda authorizers are not emulated yet)")
            return problem(501, "Lambda authorizers are not emulated by scaffold dev yet")
        host = next((v for k, v in request.headers if k.lower() == "host"), "127.0.0.1")
        event = http_event(route, params, request, claims=claims, stage=self.stage,
                           domain=host.split(":")[0])
        try:
            result = self.invoke(route, event)
        except ScaffoldError as exc:
            result = Result("error", {"errorType": "ScaffoldError",
                                      "errorMessage": exc.format(), "stackTrace": []}, "", 0.0)
        answer = map_response(result.payload) if result.status == "ok" else \
            problem(500, "Internal Server Error")
        for line in invocation_lines(f"http {request.method} {path}",
                                     f"{route.service}.{route.handler}", result,
                                     str(answer.status)):
            self.log(line)
        return answer

    def _claims(self, request: GatewayRequest) -> dict[str, Any] | None:
        header = next((v for k, v in request.headers if k.lower() == "authorization"), "")
        token = header[7:].strip() if header[:7].lower() == "bearer " else header.strip()
        if not token or self.verify is None:
            return None
        try:
            return self.verify(token)
        except ValueError as exc:
            self.log(f"{_stamp()} http token refused: {exc}")
            return None


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def _serve(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        request = GatewayRequest(self.command, self.path, list(self.headers.items()), body,
                                 self.client_address[0])
        try:
            answer = self.server.gateway.handle(request)
        except Exception as exc:  # noqa: BLE001 - one bad request must not stop the server
            self.server.gateway.log(f"http  gateway error: {type(exc).__name__}: {exc}")
            answer = problem(500, "Internal Server Error")
        self.send_response(answer.status)
        for key, value in answer.headers.items():
            if key not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(key, value)
        for cookie in answer.cookies:
            self.send_header("set-cookie", cookie)
        self.send_header("content-length", str(len(answer.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = _serve

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib's name
        """The gateway logs each invocation itself."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], gateway: HttpGateway) -> None:
        self.gateway = gateway
        super().__init__(address, _Handler)


def serve(gateway: HttpGateway, host: str, port: int) -> tuple[ThreadingHTTPServer,
                                                             threading.Thread]:
    """Start serving ``gateway`` on ``host:port`` in a thread; return the server and thread.

    Raises:
        OSError: The port is taken.
    """
    server = _Server((host, port), gateway)
    thread = threading.Thread(target=server.serve_forever, name="scaffold-dev-http",
                              daemon=True)
    thread.start()
    return server, thread
