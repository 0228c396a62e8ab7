"""Public webhooks (a public route that reads secrets): the key is checked by scaffold-owned
entry points in both languages, and a secret that was never set lets nobody in."""

from __future__ import annotations

from scaffold.plan import contract
from tests.helpers import REPO, render_files


def _files(name: str) -> dict[str, str]:
    return {f.path: f.content.decode() for f in render_files(REPO / "blueprints" / f"{name}.yaml")}


def test_the_terraform_placeholder_is_the_value_the_entries_refuse() -> None:
    module = (REPO / "templates" / "terraform" / "modules" / "parameters" / "main.tf").read_text()
    assert f'value_wo         = "{contract.SECRET_PLACEHOLDER}"' in module
    files = _files("kitchen-sink")
    http = files["services/shop/src/generated/http.ts"]
    assert f'export const SECRET_PLACEHOLDER = "{contract.SECRET_PLACEHOLDER}";' in http
    assert "expected !== SECRET_PLACEHOLDER" in http and "timingSafeEqual" in http
    secrets = files["services/ledger/src/ledger/generated/secrets.py"]
    assert f'PLACEHOLDER = "{contract.SECRET_PLACEHOLDER}"' in secrets
    assert "expected != PLACEHOLDER" in secrets and "hmac.compare_digest" in secrets


def test_each_language_checks_the_key_in_the_generated_entry_not_the_stub() -> None:
    files = _files("kitchen-sink")
    ts = files["services/shop/src/generated/entries/orderPaid.ts"]
    assert 'export const API_KEY_SECRET = "payments-key";' in ts
    assert "sameSecret(given, await getSecret(API_KEY_SECRET))" in ts
    assert "problem(401" in ts
    assert "sameSecret" not in files["services/shop/src/handlers/orderPaid.ts"]
    py = files["services/ledger/src/ledger/generated/entries/ledger_confirmed.py"]
    assert 'API_KEY_SECRET = "bank-token"' in py
    assert "same_secret(given, get_secret(API_KEY_SECRET))" in py
    assert "HttpError(401" in py
    assert "services/ledger/tests/test_api_keys_generated.py" in files


def test_routes_that_are_not_public_webhooks_get_no_key_check() -> None:
    files = _files("kitchen-sink")
    entries = {p: t for p, t in files.items() if "/generated/entries/" in p}
    keyed = sorted(p for p, t in entries.items() if "API_KEY_SECRET" in t)
    assert keyed == ["services/ledger/src/ledger/generated/entries/ledger_confirmed.py",
                     "services/shop/src/generated/entries/orderPaid.ts"]
