"""One meaning of ``auth`` and one key-binding rule, shared by every back end."""

from __future__ import annotations

import re

import pytest

from scaffold.blueprint.load import load_text
from scaffold.blueprint.validate import validate
from scaffold.plan.access import Access, bind_key, resolve_access
from tests.helpers import REPO, render_files


@pytest.mark.parametrize(("attributes", "params", "expected"), [
    (["itemId"], ["org", "itemId"], {"itemId": "itemId"}),
    (["itemId"], ["org", "id"], {"itemId": "id"}),
    (["id"], ["id"], {"id": "id"}),
    (["id"], [], {}),
    (["projectId", "userId"], ["id"], {"projectId": "id"}),
    (["projectId", "userId"], ["projectId", "userId"], {"projectId": "projectId",
                                                      "userId": "userId"}),
    (["pk", "sk"], ["a", "b", "c"], {"pk": "b", "sk": "c"}),
    (["orderId", "placedAt"], ["placedAt", "x"], {"orderId": "x", "placedAt": "placedAt"}),
])
def test_bind_key(attributes: list[str], params: list[str], expected: dict[str, str]) -> None:
    assert bind_key(attributes, params) == expected


def _bp(auth_block: str, default_auth: str = "") -> object:
    return validate(load_text(
        f"blueprint: 1\nname: acme\nregion: eu-west-1\n{auth_block}{default_auth}"
        "services:\n  s:\n    routes:\n      GET /a: {handler: getA, auth: public}\n"))


def test_resolve_access() -> None:
    with_users = _bp("auth: {groups: [admin, member]}\n")
    assert resolve_access(with_users, None) == Access("user")  # type: ignore[arg-type]
    assert resolve_access(with_users, "public").authorizer == "NONE"  # type: ignore[arg-type]
    assert resolve_access(with_users, ["admin", "member"]) == Access(  # type: ignore[arg-type]
        "groups", ("admin", "member"))
    assert resolve_access(with_users, "admin").authorizer == "JWT"  # type: ignore[arg-type]
    assert resolve_access(_bp(""), None) == Access("public")  # type: ignore[arg-type]
    defaulted = _bp("auth: {groups: [admin]}\n", "api: {default_auth: admin}\n")
    assert resolve_access(defaulted, None) == Access("groups", ("admin",))  # type: ignore[arg-type]


ROUTES = """
      GET /orgs/{org}/items/{id}: {handler: getItem, auth: admin, reads: [items]}
      DELETE /orgs/{org}/items/{itemId}:
        {handler: deleteItem, auth: [admin, member], writes: [items]}
      GET /things/{thing}: {handler: getThing, auth: user, reads: [items]}
"""


def _service(runtime: str) -> dict[str, str]:
    text = ("blueprint: 1\nname: acme\nregion: eu-west-1\nauth: {groups: [admin, member]}\n"
            f"services:\n  shop:\n    runtime: {runtime}\n    tables:\n"
            "      items: {key: itemId}\n    routes:" + ROUTES)
    return {f.path: f.content.decode() for f in render_files(text)}


def test_typescript_and_python_stubs_bind_the_same_parameter_and_groups() -> None:
    ts, py = _service("nodejs22.x"), _service("python3.13")
    for handler, module in (("getItem", "get_item"), ("deleteItem", "delete_item"),
                            ("getThing", "get_thing")):
        ts_code = ts[f"services/shop/src/handlers/{handler}.ts"]
        py_code = py[f"services/shop/src/shop/handlers/{module}.py"]
        ts_params = re.findall(r'Key: \{ itemId: path\["(\w+)"\]', ts_code)
        py_params = re.findall(r'path_parameter\(event, "(\w+)"\)', py_code)
        assert ts_params and ts_params == py_params, (handler, ts_params, py_params)
        ts_groups = re.findall(r"inGroup\(event, \[([^\]]*)\]\)", ts_code)
        py_groups = re.findall(r"ALLOWED_GROUPS = frozenset\(\[([^\]]*)\]\)", py_code)
        assert ts_groups == py_groups, (handler, ts_groups, py_groups)


def test_connect_accepts_only_access_tokens_of_the_apps_own_client() -> None:
    files = {f.path: f.content.decode() for f in render_files(
        REPO / "blueprints" / "webapp.yaml")}
    auth = files["services/notifications/src/generated/auth.ts"]
    assert 'tokenUse: "access"' in auth and "clientId: userPoolClientId()" in auth
    assert "tokenUse: null" not in auth and "clientId: null" not in auth
    sink = {f.path: f.content.decode() for f in render_files(
        REPO / "blueprints" / "kitchen-sink.yaml")}
    connections = sink["services/ledger/src/ledger/generated/connections.py"]
    assert 'claims.get("token_use") != "access"' in connections
    assert 'claims.get("client_id") != env.user_pool_client_id()' in connections
    # Terraform hands the client id to $connect, through the platform's published values
    platform = files["infra/platform/main.tf"]
    assert "module.user_pool.client_id" in platform
    service = files["infra/services/notifications/main.tf"]
    assert "USER_POOL_CLIENT_ID" in service and "user_pool_client_id" in service
