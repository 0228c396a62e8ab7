"""The local HTTP gateway, no emulator: route choice, the 2.0 event, responses, CORS, auth."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from scaffold.dev.http_gateway import (
    GatewayRequest,
    HttpGateway,
    LocalRoute,
    http_event,
    map_response,
    match_route,
    serve,
)
from scaffold.dev.runlog import invocation_lines
from scaffold.plan.ir import HttpCors
from scaffold.run.function import Result

ROUTES = [
    LocalRoute("GET /projects", "projects", "listProjects", "JWT"),
    LocalRoute("GET /projects/{id}", "projects", "getProject", "JWT"),
    LocalRoute("GET /projects/mine", "projects", "mine", "JWT"),
    LocalRoute("ANY /files/{path+}", "files", "serveFile", "NONE"),
    LocalRoute("POST /hooks", "hooks", "receive", "NONE"),
]


@pytest.mark.parametrize(("method", "path", "handler", "params"), [
    ("GET", "/projects", "listProjects", {}),
    ("GET", "/projects/", "listProjects", {}),
    ("GET", "/projects/p-1", "getProject", {"id": "p-1"}),
    ("GET", "/projects/mine", "mine", {}),
    ("DELETE", "/files/a/b/c.txt", "serveFile", {"path": "a/b/c.txt"}),
])
def test_the_most_specific_route_wins(method: str, path: str, handler: str,
                                      params: dict[str, str]) -> None:
    found = match_route(ROUTES, method, path)
    assert found is not None
    assert (found[0].handler, found[1]) == (handler, params)


@pytest.mark.parametrize(("method", "path"), [("POST", "/projects"), ("GET", "/nowhere"),
                                              ("GET", "/projects/a/b")])
def test_no_route_matches_an_unknown_method_or_path(method: str, path: str) -> None:
    assert match_route(ROUTES, method, path) is None


def test_default_route_catches_what_no_other_route_matches() -> None:
    routes = [*ROUTES, LocalRoute("$default", "web", "fallback", "NONE")]
    found = match_route(routes, "PUT", "/whatever")
    assert found is not None and found[0].handler == "fallback"


def _request(**kw: Any) -> GatewayRequest:
    values: dict[str, Any] = {"method": "GET", "target": "/projects/p-1?limit=5&tag=a&tag=b",
                              "headers": [("Host", "127.0.0.1:3000"), ("X-Trace", "t1"),
                                          ("X-Trace", "t2"), ("Cookie", "a=1; b=2"),
                                          ("User-Agent", "curl/8")]}
    values.update(kw)
    return GatewayRequest(**values)


def test_the_event_is_payload_format_2_0() -> None:
    claims = {"sub": "u-1", "cognito:groups": ["admin", "member"], "exp": 123}
    event = http_event(ROUTES[1], {"id": "p-1"}, _request(), claims=claims)
    assert event["version"] == "2.0"
    assert event["routeKey"] == "GET /projects/{id}"
    assert event["rawPath"] == "/projects/p-1"
    assert event["rawQueryString"] == "limit=5&tag=a&tag=b"
    assert event["queryStringParameters"] == {"limit": "5", "tag": "a,b"}
    assert event["pathParameters"] == {"id": "p-1"}
    assert event["headers"]["x-trace"] == "t1,t2"
    assert "cookie" not in event["headers"] and event["cookies"] == ["a=1", "b=2"]
    http = event["requestContext"]["http"]
    assert http == {"method": "GET", "path": "/projects/p-1", "protocol": "HTTP/1.1",
                    "sourceIp": "127.0.0.1", "userAgent": "curl/8"}
    # The JWT authorizer hands claims on as strings, arrays as "[a b]".
    assert event["requestContext"]["authorizer"]["jwt"]["claims"] == {
        "sub": "u-1", "cognito:groups": "[admin member]", "exp": "123"}
    assert event["isBase64Encoded"] is False and "body" not in event


def test_a_text_body_is_passed_as_text_and_a_binary_one_in_base64() -> None:
    text = http_event(ROUTES[4], {}, _request(method="POST", target="/hooks", body=b'{"a":1}',
                                              headers=[("Content-Type", "application/json")]))
    assert (text["body"], text["isBase64Encoded"]) == ('{"a":1}', False)
    raw = http_event(ROUTES[4], {}, _request(method="POST", target="/hooks", body=b"\x00\xff",
                                             headers=[("Content-Type", "image/png")]))
    assert raw["isBase64Encoded"] is True and base64.b64decode(raw["body"]) == b"\x00\xff"
    assert "authorizer" not in raw["requestContext"]


def test_a_response_object_maps_status_headers_cookies_and_body() -> None:
    answer = map_response({"statusCode": 201, "headers": {"X-Id": "7"}, "cookies": ["s=1"],
                           "body": '{"id": 7}'})
    assert answer.status == 201
    assert answer.headers == {"x-id": "7", "content-type": "application/json"}
    assert answer.cookies == ["s=1"] and answer.body == b'{"id": 7}'


def test_a_base64_body_is_decoded() -> None:
    answer = map_response({"statusCode": 200, "isBase64Encoded": True,
                           "headers": {"content-type": "image/png"},
                           "body": base64.b64encode(b"\x89PNG").decode()})
    assert answer.body == b"\x89PNG" and answer.headers["content-type"] == "image/png"


@pytest.mark.parametrize("value", [{"items": []}, ["a"], "hello", 3, None])
def test_a_bare_value_is_json_with_status_200(value: Any) -> None:
    answer = map_response(value)
    assert answer.status == 200 and answer.headers["content-type"] == "application/json"
    assert json.loads(answer.body) == value


class _Recorder:
    def __init__(self, payload: Any = None, status: str = "ok") -> None:
        self.events: list[dict[str, Any]] = []
        self.payload = payload if payload is not None else {"statusCode": 200, "body": "{}"}
        self.status = status
        self.lines: list[str] = []

    def invoke(self, route: LocalRoute, event: dict[str, Any]) -> Result:
        self.events.append(event)
        return Result(self.status, self.payload, "handler says hi\n", 0.012)  # type: ignore[arg-type]


def _verify(token: str) -> dict[str, Any]:
    if token != "good":
        raise ValueError("bad signature")
    return {"sub": "u-1"}


CORS = HttpCors(origins=("https://app.example.com",))


def _gateway(recorder: _Recorder) -> HttpGateway:
    return HttpGateway(ROUTES, CORS, recorder.invoke, _verify, recorder.lines.append)


@pytest.mark.parametrize("headers", [[], [("Authorization", "Bearer nope")],
                                     [("Authorization", "Basic good")]])
def test_a_jwt_route_answers_401_before_user_code_without_a_valid_token(
        headers: list[tuple[str, str]]) -> None:
    recorder = _Recorder()
    answer = _gateway(recorder).handle(GatewayRequest("GET", "/projects", headers))
    assert answer.status == 401 and json.loads(answer.body) == {"message": "Unauthorized"}
    assert recorder.events == []


def test_a_jwt_route_passes_the_verified_claims() -> None:
    recorder = _Recorder()
    answer = _gateway(recorder).handle(GatewayRequest("GET", "/projects",
                                                      [("Authorization", "Bearer good")]))
    assert answer.status == 200
    assert recorder.events[0]["requestContext"]["authorizer"]["jwt"]["claims"] == {"sub": "u-1"}
    assert any("projects.listProjects" in line and " 200 " in line for line in recorder.lines)
    assert "    | handler says hi" in recorder.lines


def test_an_unknown_route_answers_404_and_a_failing_handler_500() -> None:
    assert _gateway(_Recorder()).handle(GatewayRequest("GET", "/nowhere", [])).status == 404
    failing = _Recorder({"errorType": "Error", "errorMessage": "boom",
                         "stackTrace": ["at x"]}, status="error")
    answer = _gateway(failing).handle(GatewayRequest("POST", "/hooks", []))
    assert answer.status == 500
    assert "    ! Error: boom" in failing.lines and "    !   at x" in failing.lines


def test_cors_preflight_is_answered_by_the_gateway_for_allowed_origins() -> None:
    recorder = _Recorder()
    preflight = GatewayRequest("OPTIONS", "/projects", [
        ("Origin", "https://app.example.com"), ("Access-Control-Request-Method", "POST")])
    answer = _gateway(recorder).handle(preflight)
    assert answer.status == 204 and recorder.events == []
    assert answer.headers["access-control-allow-origin"] == "https://app.example.com"
    assert "POST" in answer.headers["access-control-allow-methods"]
    other = GatewayRequest("OPTIONS", "/projects", [
        ("Origin", "https://evil.example"), ("Access-Control-Request-Method", "POST")])
    assert "access-control-allow-origin" not in _gateway(recorder).handle(other).headers
    actual = _gateway(recorder).handle(GatewayRequest("POST", "/hooks", [
        ("Origin", "https://app.example.com")]))
    assert actual.headers["access-control-allow-origin"] == "https://app.example.com"


def test_the_server_answers_over_http_on_loopback() -> None:
    recorder = _Recorder({"hello": "world"})
    server, thread = serve(_gateway(recorder), "127.0.0.1", 0)
    try:
        port = server.server_address[1]
        with urllib.request.urlopen(urllib.request.Request(
                f"http://127.0.0.1:{port}/hooks", data=b"{}", method="POST",
                headers={"content-type": "application/json"}), timeout=10) as answer:
            assert answer.status == 200 and json.loads(answer.read()) == {"hello": "world"}
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/nowhere", timeout=10)
        assert missing.value.code == 404
    finally:
        server.shutdown()
        server.server_close()
    thread.join(5)
    assert recorder.events[0]["body"] == "{}"


def test_an_invocation_logs_one_line_then_the_handler_output() -> None:
    lines = list(invocation_lines("http GET /x", "svc.fn", Result("ok", {}, "a\nb\n", 0.25),
                                  "200"))
    assert lines[0].endswith("http GET /x -> svc.fn  ok 200  250 ms")
    assert lines[1:] == ["    | a", "    | b"]
