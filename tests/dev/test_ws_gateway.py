"""The local WebSocket gateway routes like API Gateway and delivers post_to_connection."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from scaffold.dev.ws_gateway import WebSocketGateway, start_websocket_gateway

ROUTES = ("$connect", "$disconnect", "$default", "subscribe")
Route = Callable[[dict[str, Any]], dict[str, Any] | None]


class Routes:
    """Route handlers by key; every event each one got."""

    def __init__(self) -> None:
        self.behaviour: dict[str, Route] = {}
        self.events: dict[str, list[dict[str, Any]]] = {}
        self._changed = threading.Condition()

    def __call__(self, route_key: str, event: dict[str, Any]) -> dict[str, Any] | None:
        with self._changed:
            self.events.setdefault(route_key, []).append(event)
            self._changed.notify_all()
        behaviour = self.behaviour.get(route_key)
        return behaviour(event) if behaviour else {"statusCode": 200}

    def wait(self, route_key: str, count: int = 1, timeout: float = 10.0,
             ) -> list[dict[str, Any]]:
        with self._changed:
            self._changed.wait_for(lambda: len(self.events.get(route_key, [])) >= count,
                                   timeout)
            got = list(self.events.get(route_key, []))
        assert len(got) >= count, f"{route_key} ran {len(got)} times, expected {count}"
        return got


@pytest.fixture
def routes() -> Routes:
    return Routes()


@pytest.fixture
def gateway(routes: Routes) -> Iterator[WebSocketGateway]:
    with WebSocketGateway(routes, routes=ROUTES, stage="dev") as started:
        yield started


def _management(gateway: WebSocketGateway) -> Any:
    return boto3.client("apigatewaymanagementapi", endpoint_url=gateway.management_endpoint,
                        region_name="eu-west-1", aws_access_key_id="testing",
                        aws_secret_access_key="testing")


def _connect(gateway: WebSocketGateway, query: str = "?token=t-1") -> ClientConnection:
    return connect(gateway.url + query, open_timeout=5, close_timeout=5)


def test_connecting_runs_connect_with_api_gateways_event(gateway: WebSocketGateway,
                                                         routes: Routes) -> None:
    with _connect(gateway, "?token=abc&room=r1"):
        [event] = routes.wait("$connect")
        assert gateway.connection_ids() == [event["requestContext"]["connectionId"]]
    context = event["requestContext"]
    assert context["routeKey"] == "$connect"
    assert context["eventType"] == "CONNECT"
    assert context["stage"] == "dev"
    assert context["domainName"] == f"127.0.0.1:{gateway.port}"
    assert context["identity"]["sourceIp"] == "127.0.0.1"
    assert context["connectionId"] and context["requestId"] and context["apiId"]
    assert event["queryStringParameters"] == {"token": "abc", "room": "r1"}
    assert event["headers"]["Upgrade"].lower() == "websocket"
    assert event["isBase64Encoded"] is False


@pytest.mark.parametrize("answer", [{"statusCode": 401}, {"statusCode": 403, "body": "no"}])
def test_a_connect_route_answering_non_2xx_refuses_the_upgrade(
        gateway: WebSocketGateway, routes: Routes, answer: dict[str, Any]) -> None:
    routes.behaviour["$connect"] = lambda event: answer
    with pytest.raises(InvalidStatus) as refused:
        _connect(gateway)
    assert refused.value.response.status_code == answer["statusCode"]
    assert gateway.connection_ids() == []
    assert "$disconnect" not in routes.events


def test_a_failing_connect_route_refuses_with_500(gateway: WebSocketGateway,
                                                  routes: Routes) -> None:
    def fail(event: dict[str, Any]) -> dict[str, Any]:
        raise RuntimeError("bad token")

    routes.behaviour["$connect"] = fail
    with pytest.raises(InvalidStatus) as refused:
        _connect(gateway)
    assert refused.value.response.status_code == 500


def test_a_message_goes_to_the_route_its_action_names(gateway: WebSocketGateway,
                                                      routes: Routes) -> None:
    with _connect(gateway) as client:
        client.send(json.dumps({"action": "subscribe", "topic": "p-1"}))
        client.send(json.dumps({"action": "unknown"}))
        client.send("not json")
        [subscribed] = routes.wait("subscribe")
        defaults = routes.wait("$default", 2)
    assert json.loads(subscribed["body"]) == {"action": "subscribe", "topic": "p-1"}
    assert subscribed["requestContext"]["routeKey"] == "subscribe"
    assert subscribed["requestContext"]["eventType"] == "MESSAGE"
    assert subscribed["requestContext"]["messageId"]
    assert [e["body"] for e in defaults] == ['{"action": "unknown"}', "not json"]


def test_without_a_default_route_an_unknown_action_is_forbidden(routes: Routes) -> None:
    with start_websocket_gateway(routes, routes=("subscribe",)) as gateway, \
            _connect(gateway) as client:
        client.send(json.dumps({"action": "other"}))
        answer = json.loads(client.recv(timeout=5))
    assert answer["message"] == "Forbidden"
    assert answer["connectionId"] and answer["requestId"]
    assert list(routes.events) == []  # no $connect route: connected without one


def test_a_binary_message_arrives_base64_encoded(gateway: WebSocketGateway,
                                                 routes: Routes) -> None:
    with _connect(gateway) as client:
        client.send(b"\x00\x01")
        [event] = routes.wait("$default")
    assert event["isBase64Encoded"] is True
    assert event["body"] == "AAE="


def test_post_to_connection_from_a_boto3_client_reaches_the_client(
        gateway: WebSocketGateway, routes: Routes) -> None:
    with _connect(gateway) as client:
        [event] = routes.wait("$connect")
        connection_id = event["requestContext"]["connectionId"]
        _management(gateway).post_to_connection(ConnectionId=connection_id,
                                                Data=b'{"type": "ProjectCreated"}')
        assert client.recv(timeout=5) == '{"type": "ProjectCreated"}'


def test_a_route_handler_pushes_back_through_the_endpoint_its_event_names(
        gateway: WebSocketGateway, routes: Routes) -> None:
    def echo(event: dict[str, Any]) -> dict[str, Any]:
        context = event["requestContext"]
        api = boto3.client(
            "apigatewaymanagementapi", region_name="eu-west-1",
            endpoint_url=f"http://{context['domainName']}/{context['stage']}",
            aws_access_key_id="testing", aws_secret_access_key="testing")
        api.post_to_connection(ConnectionId=context["connectionId"],
                               Data=("echo:" + event["body"]).encode())
        return {"statusCode": 200}

    routes.behaviour["$default"] = echo
    with _connect(gateway) as client:
        client.send("hello")
        assert client.recv(timeout=5) == "echo:hello"


def test_get_connection_describes_an_open_connection(gateway: WebSocketGateway,
                                                     routes: Routes) -> None:
    with _connect(gateway):
        connection_id = routes.wait("$connect")[0]["requestContext"]["connectionId"]
        described = _management(gateway).get_connection(ConnectionId=connection_id)
    assert described["Identity"]["SourceIp"] == "127.0.0.1"
    assert described["ConnectedAt"] <= described["LastActiveAt"]


def test_closing_runs_disconnect_and_later_posts_are_gone(gateway: WebSocketGateway,
                                                          routes: Routes) -> None:
    with _connect(gateway):
        connection_id = routes.wait("$connect")[0]["requestContext"]["connectionId"]
    [event] = routes.wait("$disconnect")
    assert event["requestContext"]["eventType"] == "DISCONNECT"
    assert event["requestContext"]["connectionId"] == connection_id
    assert event["requestContext"]["disconnectStatusCode"] == 1000
    with pytest.raises(ClientError) as gone:
        _management(gateway).post_to_connection(ConnectionId=connection_id, Data=b"late")
    assert gone.value.response["Error"]["Code"] == "GoneException"
    assert gone.value.response["ResponseMetadata"]["HTTPStatusCode"] == 410


def test_an_unknown_connection_is_gone(gateway: WebSocketGateway) -> None:
    with pytest.raises(ClientError) as gone:
        _management(gateway).get_connection(ConnectionId="never=")
    assert gone.value.response["Error"]["Code"] == "GoneException"


def test_delete_connection_closes_the_client_and_runs_disconnect(gateway: WebSocketGateway,
                                                                 routes: Routes) -> None:
    with _connect(gateway) as client:
        connection_id = routes.wait("$connect")[0]["requestContext"]["connectionId"]
        _management(gateway).delete_connection(ConnectionId=connection_id)
        with pytest.raises(ConnectionClosed):
            client.recv(timeout=5)
    assert routes.wait("$disconnect")[0]["requestContext"]["connectionId"] == connection_id


def test_closing_the_gateway_disconnects_clients_and_frees_its_port(routes: Routes) -> None:
    gateway = start_websocket_gateway(routes, routes=ROUTES)
    with _connect(gateway) as client:
        routes.wait("$connect")
        gateway.close()
        assert routes.wait("$disconnect")[0]["requestContext"]["disconnectStatusCode"] == 1001
        with pytest.raises(ConnectionClosed):
            client.recv(timeout=5)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", gateway.port), timeout=2).close()


def test_a_malformed_upgrade_is_refused_without_running_connect(gateway: WebSocketGateway,
                                                                routes: Routes) -> None:
    with socket.create_connection(("127.0.0.1", gateway.port), timeout=5) as raw:
        raw.sendall(b"GET /dev HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    b"Connection: Upgrade\r\n\r\n")  # no Sec-WebSocket-Key
        answer = raw.recv(4096)
    assert answer.startswith(b"HTTP/1.1 400")
    assert "$connect" not in routes.events


def test_in_process_post_to_connection_delivers_and_reports_gone(gateway: WebSocketGateway,
                                                                 routes: Routes) -> None:
    with _connect(gateway) as client:
        connection_id = routes.wait("$connect")[0]["requestContext"]["connectionId"]
        assert gateway.post_to_connection(connection_id, b"direct")
        assert client.recv(timeout=5) == "direct"
    assert not gateway.post_to_connection("never=", b"x")
