"""Dev loop: a local API Gateway WebSocket API on 127.0.0.1, with its management API.

One port serves both sides, as API Gateway does:

* ``ws://127.0.0.1:<port>/<stage>``: the client side. The upgrade runs the ``$connect``
  route and is refused with the route's status when it answers a non-2xx ``statusCode`` (or
  raises: 500). Each message is routed by the route selection expression
  ``$request.body.action`` (to ``$default`` when the body is no JSON object with a known
  ``action``; with neither, the client gets ``{"message": "Forbidden", ...}`` as from AWS).
  Closing, from either side, runs ``$disconnect``. Route results other than ``$connect``'s
  are not sent back: the generated API has no route responses.
* ``http://127.0.0.1:<port>/<stage>/@connections/{id}``: the management API that
  ``apigatewaymanagementapi`` clients call (``POST`` delivers ``Data`` to the client,
  ``GET`` describes the connection, ``DELETE`` closes it; 410 ``GoneException`` for a
  connection that is not open). SigV4 headers are ignored. Point ``WEBSOCKET_ENDPOINT``
  (``scaffold.plan.contract.ENV_WEBSOCKET_ENDPOINT``) at :attr:`WebSocketGateway.
  management_endpoint`.

Events have API Gateway's WebSocket shape: ``requestContext`` with ``routeKey``,
``eventType`` (CONNECT / MESSAGE / DISCONNECT), ``connectionId``, ``domainName`` and
``stage`` (so a handler can build the management endpoint), ``requestId``, ``apiId``,
``connectedAt``, ``identity.sourceIp``; ``headers`` and ``queryStringParameters`` (a
``token`` for authentication, say) on CONNECT; ``body`` on MESSAGE. The HTTP side is
``http.server`` (one daemon thread per connection); WebSocket framing is the sans-I/O
protocol of the ``websockets`` library (the ``[dev]`` extra), so no framing code of ours.
"""

from __future__ import annotations

import base64
import contextlib
import http
import json
import re
import secrets
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from websockets.frames import Frame, Opcode
from websockets.http11 import Request
from websockets.protocol import State
from websockets.server import ServerProtocol

__all__ = ["LOOPBACK", "MAX_POST_BYTES", "RouteCallback", "WebSocketGateway",
           "start_websocket_gateway"]

RouteCallback = Callable[[str, dict[str, Any]], dict[str, Any] | None]
"""``on_route(route_key, event)``: runs the route's handler, returns its result."""

LOOPBACK = "127.0.0.1"
MAX_POST_BYTES = 128 * 1024  # API Gateway's limit of one WebSocket frame / message
_CONNECTIONS = re.compile(r"^(?:/[^/]+)?/(?:@|%40)connections/([^/]+)/?$")


def _now_ms() -> int:
    return int(time.time() * 1000)


def _request_time(epoch_ms: int) -> str:
    return datetime.fromtimestamp(epoch_ms / 1000, UTC).strftime("%d/%b/%Y:%H:%M:%S +0000")


class _Connection:
    """One open client: its sans-I/O protocol, socket and what AWS reports about it."""

    def __init__(self, connection_id: str, sock: socket.socket, protocol: ServerProtocol,
                 source_ip: str, user_agent: str) -> None:
        self.id = connection_id
        self.sock = sock
        self.protocol = protocol
        self.source_ip = source_ip
        self.user_agent = user_agent
        self.connected_at = _now_ms()
        self.last_active_at = self.connected_at
        self.lock = threading.Lock()  # the protocol and the socket's write side

    def flush(self) -> None:
        """Send what the protocol queued (call with the lock held)."""
        for data in self.protocol.data_to_send():
            if data:
                self.sock.sendall(data)
            else:  # the protocol is done writing: half-close, as RFC 6455 asks of a server
                with contextlib.suppress(OSError):
                    self.sock.shutdown(socket.SHUT_WR)

    def send(self, data: bytes) -> bool:
        """Send one message (text when it is UTF-8); False when the client is gone."""
        with self.lock:
            if self.protocol.state is not State.OPEN:
                return False
            try:
                data.decode()
            except UnicodeDecodeError:
                self.protocol.send_binary(data)
            else:
                self.protocol.send_text(data)
            try:
                self.flush()
            except OSError:
                return False
            return True

    def close(self, code: int = 1000, reason: str = "") -> None:
        with self.lock:
            if self.protocol.state is State.OPEN:
                self.protocol.send_close(code, reason)
                self.flush()


class WebSocketGateway:
    """A local WebSocket API: routes to ``on_route``; delivers ``post_to_connection``.

    Args:
        on_route: Runs a route's handler: ``on_route(route_key, event) -> result``.
        routes: The route keys the API has (``$connect``, ``$disconnect``, ``$default`` and
            custom ones). ``None``: every ``action`` names a route, and all three
            ``$`` routes exist.
        stage: The stage name, first segment of both URLs.
        port: The TCP port on 127.0.0.1; 0 picks a free one.
        api_id: The ``requestContext.apiId`` of events.
    """

    def __init__(self, on_route: RouteCallback, *, routes: Iterable[str] | None = None,
                 stage: str = "dev", port: int = 0, api_id: str = "local") -> None:
        self.on_route = on_route
        self.routes = None if routes is None else frozenset(routes)
        self.stage = stage
        self.api_id = api_id
        self._connections: dict[str, _Connection] = {}
        self._threads: set[threading.Thread] = set()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((LOOPBACK, port), _handler_class(self))
        self._server.daemon_threads = True
        self._serving: threading.Thread | None = None

    # -- lifecycle

    def start(self) -> WebSocketGateway:
        """Serve on a daemon thread; returns the gateway (for ``with ... .start()``)."""
        if self._serving is None:
            self._serving = threading.Thread(target=self._server.serve_forever,
                                             kwargs={"poll_interval": 0.1},
                                             name=f"ws-gateway-{self.port}", daemon=True)
            self._serving.start()
        return self

    def close(self, timeout: float = 5.0) -> None:
        """Stop accepting, close every connection (``$disconnect`` runs), free the port."""
        if self._serving is not None:
            self._server.shutdown()
            self._serving = None
        with self._lock:
            connections, threads = list(self._connections.values()), list(self._threads)
        for connection in connections:
            connection.close(1001, "Going away")
        deadline = time.monotonic() + timeout
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        for connection in connections:
            _shutdown(connection.sock)  # a client that did not answer the close
        self._server.server_close()

    def __enter__(self) -> WebSocketGateway:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- addresses

    @property
    def port(self) -> int:
        """The TCP port the gateway listens on."""
        return int(self._server.server_address[1])

    @property
    def domain_name(self) -> str:
        """``requestContext.domainName`` of events: host and port."""
        return f"{LOOPBACK}:{self.port}"

    @property
    def url(self) -> str:
        """Where WebSocket clients connect."""
        return f"ws://{self.domain_name}/{self.stage}"

    @property
    def management_endpoint(self) -> str:
        """The ``endpoint_url`` of ``apigatewaymanagementapi`` clients (WEBSOCKET_ENDPOINT)."""
        return f"http://{self.domain_name}/{self.stage}"

    # -- connections

    def connection_ids(self) -> list[str]:
        """The ids of the open connections."""
        with self._lock:
            return list(self._connections)

    def post_to_connection(self, connection_id: str, data: bytes) -> bool:
        """Deliver ``data`` to a client, in-process; False when it is not connected."""
        connection = self._connections.get(connection_id)
        return connection is not None and connection.send(data)

    # -- routing

    def has_route(self, route_key: str) -> bool:
        """Whether the API has this route."""
        return self.routes is None or route_key in self.routes

    def select_route(self, body: str) -> str | None:
        """The route of a message (``$request.body.action``, else ``$default``)."""
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = None
        action = parsed.get("action") if isinstance(parsed, dict) else None
        if isinstance(action, str) and action not in ("", "$connect", "$disconnect") and (
                self.routes is None or action in self.routes):
            return action
        return "$default" if self.has_route("$default") else None

    def event(self, connection: _Connection, route_key: str, event_type: str,
              **extra: Any) -> dict[str, Any]:
        """An API Gateway WebSocket event for one connection."""
        now = _now_ms()
        context: dict[str, Any] = {
            "routeKey": route_key, "eventType": event_type, "connectionId": connection.id,
            "requestId": str(uuid.uuid4()), "extendedRequestId": secrets.token_hex(8),
            "messageDirection": "IN", "stage": self.stage, "domainName": self.domain_name,
            "apiId": self.api_id, "connectedAt": connection.connected_at,
            "requestTimeEpoch": now, "requestTime": _request_time(now),
            "identity": {"sourceIp": connection.source_ip,
                         "userAgent": connection.user_agent},
        }
        context.update(extra.pop("context", {}))
        return {"requestContext": context, "isBase64Encoded": False, **extra}

    def _register(self, connection: _Connection) -> None:
        with self._lock:
            self._connections[connection.id] = connection
            self._threads.add(threading.current_thread())

    def _forget(self, connection: _Connection) -> None:
        with self._lock:
            self._connections.pop(connection.id, None)
            self._threads.discard(threading.current_thread())


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def start_websocket_gateway(on_route: RouteCallback, *, routes: Iterable[str] | None = None,
                            stage: str = "dev", port: int = 0) -> WebSocketGateway:
    """Start a :class:`WebSocketGateway` on 127.0.0.1; stop it with ``close()``."""
    return WebSocketGateway(on_route, routes=routes, stage=stage, port=port).start()


def _status(result: dict[str, Any] | None) -> int:
    """The status a route's result answers (a result without ``statusCode`` is a 200)."""
    if isinstance(result, dict) and result.get("statusCode") is not None:
        try:
            return int(result["statusCode"])
        except (TypeError, ValueError):
            return 500
    return 200


def _http_status(status: int) -> http.HTTPStatus:
    try:
        return http.HTTPStatus(status)
    except ValueError:  # a status http.HTTPStatus does not name
        return http.HTTPStatus.INTERNAL_SERVER_ERROR


def _handler_class(gateway: WebSocketGateway) -> type[BaseHTTPRequestHandler]:
    return type("GatewayHandler", (_GatewayHandler,), {"gateway": gateway})


def _error(kind: str, message: str) -> tuple[dict[str, str], bytes]:
    return {"x-amzn-ErrorType": kind}, json.dumps({"message": message}).encode()


class _GatewayHandler(BaseHTTPRequestHandler):
    """One HTTP request: a WebSocket upgrade (then the whole connection) or a management call."""

    gateway: WebSocketGateway
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - base signature
        """Quiet: the dev loop logs invocations, not requests."""

    # -- management API

    def _connection_id(self) -> str | None:
        found = _CONNECTIONS.match(urlsplit(self.path).path)
        return unquote(found.group(1)) if found else None

    def _answer(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
                ) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _open(self) -> _Connection | None:
        connection_id = self._connection_id()
        if connection_id is None:
            headers, body = _error("NotFoundException", "Not Found")
            self._answer(404, body, headers)
            return None
        connection = self.gateway._connections.get(connection_id)
        if connection is None or connection.protocol.state is not State.OPEN:
            headers, body = _error("GoneException", f"connection {connection_id} is gone")
            self._answer(410, body, headers)
            return None
        return connection

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        """PostToConnection: the body is the message."""
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length) if length else b""
        connection = self._open()
        if connection is None:
            return
        if len(data) > MAX_POST_BYTES:
            headers, body = _error("PayloadTooLargeException", "Message too long")
            self._answer(413, body, headers)
            return
        if not connection.send(data):
            headers, body = _error("GoneException", f"connection {connection.id} is gone")
            self._answer(410, body, headers)
            return
        self._answer(200)

    def do_DELETE(self) -> None:  # noqa: N802
        """DeleteConnection: close it; ``$disconnect`` runs."""
        connection = self._open()
        if connection is not None:
            connection.close(1000, "")
            self._answer(204)

    def do_GET(self) -> None:  # noqa: N802
        """GetConnection, or a WebSocket upgrade."""
        if (self.headers.get("Upgrade") or "").lower() == "websocket":
            self._serve_websocket()
            return
        connection = self._open()
        if connection is not None:
            iso = "%Y-%m-%dT%H:%M:%S.000Z"
            self._answer(200, json.dumps({
                "connectedAt": datetime.fromtimestamp(connection.connected_at / 1000, UTC)
                .strftime(iso),
                "lastActiveAt": datetime.fromtimestamp(connection.last_active_at / 1000, UTC)
                .strftime(iso),
                "identity": {"sourceIp": connection.source_ip,
                             "userAgent": connection.user_agent},
            }).encode())

    # -- WebSocket

    def _serve_websocket(self) -> None:
        gateway = self.gateway
        protocol = ServerProtocol(max_size=MAX_POST_BYTES)
        # http.server parsed the request head already; the protocol reads it again (its
        # parser must see the handshake before frames).
        head = [self.requestline.encode("latin-1") + b"\r\n"]
        head += [f"{key}: {value}\r\n".encode("latin-1") for key, value in self.headers.items()]
        protocol.receive_data(b"".join(head) + b"\r\n")
        requests = [e for e in protocol.events_received() if isinstance(e, Request)]
        if not requests:  # the protocol refused the head itself and queued its answer
            self.connection.sendall(b"".join(protocol.data_to_send()))
            self.close_connection = True
            return
        response = protocol.accept(requests[0])
        connection = _Connection(
            base64.b64encode(secrets.token_bytes(12)).decode().replace("/", "_"),
            self.connection, protocol, self.client_address[0],
            self.headers.get("User-Agent") or "")
        if response.status_code == 101 and gateway.has_route("$connect"):
            query = parse_qs(urlsplit(self.path).query)
            event = gateway.event(
                connection, "$connect", "CONNECT",
                headers=dict(self.headers.items()),
                multiValueHeaders={k: self.headers.get_all(k) or [] for k in self.headers},
                queryStringParameters={k: v[-1] for k, v in query.items()} or None,
                multiValueQueryStringParameters=query or None)
            try:
                status = _status(gateway.on_route("$connect", event))
            except Exception:  # noqa: BLE001 - a failing $connect refuses, as on AWS
                status = 500
            if not 200 <= status < 300:
                response = protocol.reject(_http_status(status), "")
        self.close_connection = True
        if response.status_code != 101:
            protocol.send_response(response)
            with connection.lock:
                connection.flush()
            return
        # Registered before the 101 goes out: a client that sees its upgrade answered can be
        # posted to at once (on AWS, as soon as $connect has returned).
        gateway._register(connection)
        try:
            protocol.send_response(response)
            with connection.lock:
                connection.flush()
            self._receive(connection)
        finally:
            gateway._forget(connection)
            if gateway.has_route("$disconnect"):
                code = protocol.close_rcvd.code if protocol.close_rcvd else 1006
                reason = protocol.close_rcvd.reason if protocol.close_rcvd else ""
                event = gateway.event(connection, "$disconnect", "DISCONNECT",
                                      headers=dict(self.headers.items()),
                                      context={"disconnectStatusCode": code,
                                               "disconnectReason": reason})
                with contextlib.suppress(Exception):  # the client is gone already
                    gateway.on_route("$disconnect", event)

    def _receive(self, connection: _Connection) -> None:
        """Read frames until the connection closes; each whole message is routed."""
        parts: list[bytes] = []
        binary = False
        while True:
            try:
                data = self.rfile.read1(65536)
            except OSError:
                data = b""
            with connection.lock:
                if data:
                    connection.protocol.receive_data(data)
                else:
                    connection.protocol.receive_eof()
                frames = _frames_of(connection.protocol)
                connection.flush()
            for frame in frames:
                if frame.opcode in (Opcode.TEXT, Opcode.BINARY):
                    parts, binary = [], frame.opcode is Opcode.BINARY
                if frame.opcode in (Opcode.TEXT, Opcode.BINARY, Opcode.CONT):
                    parts.append(bytes(frame.data))
                    if frame.fin:
                        self._route(connection, b"".join(parts), binary)
                        parts = []
            if not data or connection.protocol.state is State.CLOSED:
                return

    def _route(self, connection: _Connection, message: bytes, binary: bool) -> None:
        gateway = self.gateway
        connection.last_active_at = _now_ms()
        body = base64.b64encode(message).decode() if binary else message.decode()
        route_key = gateway.select_route("" if binary else body)
        request_id = str(uuid.uuid4())
        if route_key is None:
            connection.send(json.dumps({"message": "Forbidden", "connectionId": connection.id,
                                        "requestId": request_id}).encode())
            return
        event = gateway.event(connection, route_key, "MESSAGE", body=body,
                              context={"requestId": request_id,
                                       "messageId": secrets.token_hex(8)})
        event["isBase64Encoded"] = binary
        try:
            gateway.on_route(route_key, event)
        except Exception:  # noqa: BLE001 - AWS answers the client, the route's log has it
            connection.send(json.dumps({"message": "Internal server error",
                                        "connectionId": connection.id,
                                        "requestId": request_id}).encode())


def _frames_of(protocol: ServerProtocol) -> list[Frame]:
    return [event for event in protocol.events_received() if isinstance(event, Frame)]
