"""Group access lives in generated entry points, so it follows the blueprint on every render."""

from __future__ import annotations

import pytest

from tests.helpers import render_files

BLUEPRINT = """blueprint: 1
name: acme
region: eu-west-1
auth: {{groups: [admin, member]}}
services:
  shop:
    runtime: {runtime}
    routes:
      GET /items: {{handler: listItems, auth: {auth}}}
"""

ENTRY = {"nodejs22.x": "services/shop/src/generated/entries/listItems.ts",
         "python3.13": "services/shop/src/shop/generated/entries/list_items.py"}
STUB = {"nodejs22.x": "services/shop/src/handlers/listItems.ts",
        "python3.13": "services/shop/src/shop/handlers/list_items.py"}


def _render(runtime: str, auth: str) -> dict[str, tuple[str, str]]:
    files = render_files(BLUEPRINT.format(runtime=runtime, auth=auth))
    return {f.path: (f.content.decode(), f.ownership) for f in files}


@pytest.mark.parametrize("runtime", ["nodejs22.x", "python3.13"])
def test_changing_only_auth_changes_the_generated_entry_and_not_the_stub(runtime: str) -> None:
    as_user, as_admin, as_member = (_render(runtime, a) for a in ("user", "admin", "member"))
    entry = ENTRY[runtime]
    assert as_admin[entry][1] == "generated"
    assert "admin" not in as_user[entry][0] and "guard" not in as_user[entry][0].lower() \
        and "inGroup" not in as_user[entry][0]
    assert '"admin"' in as_admin[entry][0] and '"member"' not in as_admin[entry][0]
    assert '"member"' in as_member[entry][0] and '"admin"' not in as_member[entry][0]
    # the user's stub is the same whatever the groups: it holds no access rule to go stale
    assert as_user[STUB[runtime]] == as_admin[STUB[runtime]] == as_member[STUB[runtime]]
    assert as_admin[STUB[runtime]][1] == "seed"


def test_python_functions_start_at_their_generated_entry() -> None:
    main = _render("python3.13", "admin")["infra/services/shop/main.tf"][0]
    assert 'handler = "shop.generated.entries.list_items.handler"' in main.replace("  ", " ") \
        or "shop.generated.entries.list_items.handler" in main


def test_public_and_signed_in_routes_get_no_guard() -> None:
    for auth in ("public", "user"):
        ts = _render("nodejs22.x", auth)
        assert ts[ENTRY["nodejs22.x"]][0].endswith(
            'export { handler } from "../../handlers/listItems";\n')
        assert "services/shop/test/access.generated.test.ts" not in ts
        py = _render("python3.13", auth)
        assert "services/shop/tests/test_access_generated.py" not in py
