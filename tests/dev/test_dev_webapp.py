"""`scaffold dev` on the webapp example, as a user runs it: a subprocess on free ports.

It renders, builds, applies every root to its in-process emulator and serves the HTTP API;
the tests call it with tokens from `scaffold dev token`, check the emulated table with
boto3, follow an event to a WebSocket client, an upload and a workflow (callback through
the signed webhook) to their handlers, edit handlers (TypeScript and Python) and see the
next answer change, then stop it with Ctrl-C (SIGINT) and find its ports free.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from scaffold.dev.emulator import free_port, port_is_free
from tests.helpers import REPO
from tests.support.e2e import emulator_client, run_scaffold
from tests.support.node import link_node_modules
from tests.support.terraform import terraform_bin, terraform_env

pytestmark = [pytest.mark.e2e, pytest.mark.terraform, pytest.mark.node]
READY = "scaffold dev is ready"
START_TIMEOUT = 420.0


@dataclass
class DevProcess:
    """The running `scaffold dev` and what it printed so far."""

    root: Path
    proc: subprocess.Popen[str]
    port: int
    ws_port: int
    emulator_port: int
    env: dict[str, str]
    started_in: float = 0.0
    lines: list[str] = field(default_factory=list)

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def emulator(self) -> str:
        return f"http://127.0.0.1:{self.emulator_port}"

    def output(self) -> str:
        return "\n".join(self.lines)

    def token(self, *args: str) -> str:
        minted = run_scaffold(["dev", "token", *args], self.root, self.env, timeout=120)
        assert minted.returncode == 0, minted.stderr
        return minted.stdout.strip()


def _pump(dev: DevProcess) -> None:
    assert dev.proc.stdout is not None
    for line in dev.proc.stdout:
        dev.lines.append(line.rstrip("\n"))


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevProcess]:
    root = tmp_path_factory.mktemp("dev-webapp")
    (root / "blueprint.yaml").write_text((REPO / "blueprints" / "webapp.yaml").read_text())
    env = _env(tmp_path_factory)
    rendered = run_scaffold(["render"], root, env)
    assert rendered.returncode == 0, rendered.stderr
    # What a user does first: fill the event the stub publishes (its TODO), so that the
    # notifications service's subscriber can push it to the owner's browsers.
    create = root / "services/projects/src/handlers/createProject.ts"
    create.write_text(create.read_text().replace(
        'detail: { projectId: "", ownerId: "", name: "" }',
        'detail: { projectId: item.id, ownerId: owner, name: String(body["name"] ?? "") }'))
    link_node_modules(root, tmp_path_factory.getbasetemp())
    ports = [free_port() for _ in range(3)]
    began = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "scaffold", "dev", "--port", str(ports[0]), "--ws-port",
         str(ports[1]), "--emulator-port", str(ports[2])],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    session = DevProcess(root, proc, *ports, env=env)
    threading.Thread(target=_pump, args=(session,), daemon=True).start()
    try:
        while READY not in session.output():
            assert proc.poll() is None, f"scaffold dev exited:\n{session.output()[-6000:]}"
            assert time.monotonic() - began < START_TIMEOUT, session.output()[-6000:]
            time.sleep(0.5)
        session.started_in = time.monotonic() - began
        print(f"\nscaffold dev on the webapp: ready in {session.started_in:.0f} s")
        yield session
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = terraform_env(tmp_path_factory.mktemp("dev-terraform"))
    env["SCAFFOLD_TERRAFORM"] = terraform_bin()
    for key in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                "AWS_SESSION_TOKEN"):
        env.pop(key, None)
    return env


def _call(dev: DevProcess, method: str, path: str, token: str | None = None,
          body: Any = None) -> tuple[int, Any]:
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(dev.api + path, data=data, method=method,
                                     headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


def test_the_banner_names_the_local_urls_and_the_token_command(dev: DevProcess) -> None:
    out = dev.output()
    assert f"local API    {dev.api}" in out
    assert f"emulator     {dev.emulator}" in out
    assert f"WebSocket    ws://127.0.0.1:{dev.ws_port}/dev" in out
    assert "scaffold dev token --group admin" in out
    session = json.loads((dev.root / ".scaffold" / "dev" / "session.json").read_text())
    assert session["emulator_url"] == dev.emulator and session["api_url"] == dev.api


def test_get_projects_answers_from_the_typescript_handler_with_a_token(dev: DevProcess) -> None:
    assert _call(dev, "GET", "/projects") == (401, {"message": "Unauthorized"})
    assert _call(dev, "GET", "/projects", token="not.a.jwt")[0] == 401
    status, body = _call(dev, "GET", "/projects", token=dev.token())
    assert status == 200, body
    assert "items" in body
    assert "-> projects.listProjects  ok 200" in dev.output()
    assert _call(dev, "GET", "/nowhere", token=dev.token())[0] == 404


def test_post_projects_writes_the_emulated_table(dev: DevProcess) -> None:
    status, item = _call(dev, "POST", "/projects", token=dev.token(), body={"name": "Apollo"})
    assert status == 201, item
    table = emulator_client("dynamodb", dev.emulator)
    stored = table.get_item(TableName="acme-dev-projects-projects",
                            Key={"id": {"S": item["id"]}})["Item"]
    assert stored["name"] == {"S": "Apollo"}
    assert stored["ownerId"] == {"S": item["ownerId"]}


def test_a_created_project_is_pushed_to_the_owners_websocket(dev: DevProcess) -> None:
    from websockets.sync.client import connect

    token = dev.token()
    with connect(f"ws://127.0.0.1:{dev.ws_port}/dev?token={token}", open_timeout=60) as ws:
        status, item = _call(dev, "POST", "/projects", token=token, body={"name": "Gemini"})
        assert status == 201, item
        message = json.loads(ws.recv(timeout=60))
    assert message["type"] == "ProjectCreated", message
    assert message["detail"]["projectId"] == item["id"]
    out = dev.output()
    assert "websocket $connect -> notifications.onConnect  ok" in out
    assert "subscription -> notifications.pushProjectCreated  ok" in out
    assert "stream -> projects.onProjectChanged  ok" in out


def test_a_presigned_upload_runs_the_on_upload_handler(dev: DevProcess) -> None:
    # A new user joins the default group (member) through the post confirmation trigger,
    # which `scaffold dev token` runs as a confirmed sign-up does.
    token = dev.token("--username", "uploader@example.com")
    status, upload = _call(dev, "POST", "/projects/p-1/attachments", token=token,
                           body={"contentType": "text/plain", "size": 5})
    assert status == 200, upload
    assert "auth_trigger -> users.onSignedUp  ok" in dev.output()
    put = urllib.request.Request(upload["url"], data=b"hello", method="PUT",
                                 headers={"content-type": "text/plain"})
    with urllib.request.urlopen(put, timeout=60) as answer:
        assert answer.status == 200
    _wait_for(dev, "upload -> projects.onAttachmentUploaded  ok", 30)


def _wait_for(dev: DevProcess, text: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while text not in dev.output():
        assert time.monotonic() < deadline, f"no {text!r} in:\n{dev.output()[-3000:]}"
        time.sleep(0.2)


def test_the_workflow_waits_for_the_callback_and_resumes_through_the_webhook(
        dev: DevProcess) -> None:
    # The secrets' values are set out of band, as on AWS (Terraform writes a placeholder).
    ssm = emulator_client("ssm", dev.emulator)
    for name in ("mailer-webhook-secret", "mailer-api-key"):
        ssm.put_parameter(Name=f"/acme/dev/projects/secrets/{name}", Value="s3cret",
                          Type="SecureString", Overwrite=True)
    admin = dev.token("--group", "admin")
    status, item = _call(dev, "POST", "/projects", token=admin, body={"name": "Campaign"})
    assert status == 201, item
    status, run = _call(dev, "POST", f"/projects/{item['id']}/campaigns", token=admin,
                        body={"campaignId": "c-1"})
    assert status == 202, run
    _wait_for(dev, "callback -> projects.awaitDelivery  ok")
    body = json.dumps({"status": "sent"}).encode()
    stamp = str(int(time.time()))
    signature = hmac.new(b"s3cret", stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(
        f"{dev.api}/campaigns/c-1/status", data=body, method="POST",
        headers={"content-type": "application/json", "x-signature": signature,
                 "x-signature-timestamp": stamp})
    with urllib.request.urlopen(request, timeout=60) as answer:
        assert answer.status == 202
    sfn = emulator_client("stepfunctions", dev.emulator)
    deadline = time.monotonic() + 60
    while (state := sfn.describe_execution(executionArn=run["executionArn"])["status"]) \
            == "RUNNING":
        assert time.monotonic() < deadline, dev.output()[-3000:]
        time.sleep(0.5)
    assert state == "SUCCEEDED", dev.output()[-3000:]
    assert "task -> projects.startCampaign  ok" in dev.output()
    _wait_for(dev, "task -> projects.notifyOwner  ok")


def test_an_admin_route_answers_403_without_the_group_and_200_with_it(dev: DevProcess) -> None:
    status, body = _call(dev, "GET", "/users", token=dev.token())
    assert status == 403, body
    status, body = _call(dev, "GET", "/users", token=dev.token("--group", "admin"))
    assert status == 200, body
    assert "dev-admin@example.com" in {u["email"] for u in body["users"]}


@pytest.mark.parametrize(("handler", "route", "old", "new", "mark"), [
    ("services/projects/src/handlers/listProjects.ts", "/projects",
     "json(200, { items, ", "json(200, { edited: \"ts\", items, ", "ts"),
    ("services/users/src/users/handlers/get_me.py", "/me",
     'json_response(200, {"items": items})',
     'json_response(200, {"items": items, "edited": "py"})', "py"),
])
def test_an_edited_handler_answers_the_next_request_without_a_restart(
        dev: DevProcess, handler: str, route: str, old: str, new: str, mark: str) -> None:
    path = dev.root / handler
    token = dev.token()
    before = _call(dev, "GET", route, token=token)
    assert before[0] == 200 and "edited" not in before[1], before
    original = path.read_text()
    assert old in original, f"{handler} no longer holds {old!r}"
    path.write_text(original.replace(old, new, 1))
    try:
        began = time.monotonic()
        status, body = _call(dev, "GET", route, token=token)
        latency = time.monotonic() - began
    finally:
        path.write_text(original)
    assert (status, body.get("edited")) == (200, mark), body
    print(f"\nedited {handler}: the next answer came {latency * 1000:.0f} ms later")
    assert "edited" not in _call(dev, "GET", route, token=token)[1]


def test_ctrl_c_stops_everything_and_frees_the_ports(dev: DevProcess) -> None:
    dev.proc.send_signal(signal.SIGINT)
    assert dev.proc.wait(60) == 0, dev.output()[-3000:]
    time.sleep(0.5)
    for port in (dev.port, dev.ws_port, dev.emulator_port):
        assert port_is_free(port), f"port {port} is still taken after Ctrl-C"
        with socket.socket() as probe, pytest.raises(ConnectionRefusedError):
            probe.connect(("127.0.0.1", port))
    assert "scaffold dev stopped" in dev.output()
    assert not (dev.root / ".scaffold" / "dev" / "session.json").exists()
