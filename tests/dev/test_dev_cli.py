"""`scaffold dev` without an emulator: help, missing session, missing moto, the JWT check."""

from __future__ import annotations

import base64
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from typer.testing import CliRunner

from scaffold.cli import app
from scaffold.dev.jwt import JwtVerifier, issuer_of
from scaffold.dev.session import SessionInfo, read_session, write_session
from scaffold.errors import ScaffoldError

runner = CliRunner()


def test_dev_help_teaches_what_it_does_with_an_example() -> None:
    result = runner.invoke(app, ["dev", "--help"])
    assert result.exit_code == 0, result.output
    assert "no Docker, no AWS account" in result.stdout
    assert "Example: scaffold dev" in result.stdout
    start = runner.invoke(app, ["dev", "start", "--help"])
    assert start.exit_code == 0 and "--fresh" in start.stdout and "--port" in start.stdout


def test_dev_with_a_blueprint_path_starts_from_that_blueprint(tmp_path: Path) -> None:
    result = runner.invoke(app, ["dev", str(tmp_path / "missing.yaml"), "--port", "1"])
    assert result.exit_code == 1
    assert "missing.yaml:1:1: error[L001]: blueprint file not found" in result.stderr


def test_dev_token_without_a_running_session_says_how_to_start_one(tmp_path: Path) -> None:
    result = runner.invoke(app, ["dev", "token", "--blueprint", str(tmp_path / "blueprint.yaml")])
    assert result.exit_code == 1
    assert "no running `scaffold dev` session" in result.stderr
    assert "start one with `scaffold dev`" in result.stderr
    assert "Traceback" not in result.output


def test_a_session_file_of_an_ended_process_is_refused(tmp_path: Path) -> None:
    write_session(tmp_path, SessionInfo(2**22 + 12345, "dev", "eu-west-1", "http://x", "http://y",
                                        None, None))
    with pytest.raises(ScaffoldError, match="has ended"):
        read_session(tmp_path)


def test_without_moto_the_emulator_names_the_extra_to_install(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from scaffold.dev import emulator

    for key in ("MOTO_PORT", "MOTO_ACM_VALIDATION_WAIT", "MOTO_IAM_LOAD_MANAGED_POLICIES"):
        monkeypatch.setenv(key, os.environ.get(key, ""))  # restored afterwards
    monkeypatch.setitem(sys.modules, "moto", None)
    with pytest.raises(ScaffoldError) as raised:
        emulator.start_emulator()
    assert raised.value.hint == "pip install 'scaffold-serverless[dev]'"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture(scope="module")
def signing() -> tuple[rsa.RSAPrivateKey, dict[str, Any]]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    numbers = key.public_key().public_numbers()
    jwk = {"kid": "k1", "kty": "RSA", "alg": "RS256",
           "n": _b64(numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")),
           "e": _b64(numbers.e.to_bytes(3, "big"))}
    return key, jwk


def _token(key: rsa.RSAPrivateKey, claims: dict[str, Any], kid: str = "k1") -> str:
    head = _b64(json.dumps({"alg": "RS256", "kid": kid}).encode())
    body = _b64(json.dumps(claims).encode())
    signature = key.sign(f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{head}.{body}.{_b64(signature)}"


ISSUER = issuer_of("eu-west-1", "eu-west-1_pool")


def _claims(**changes: Any) -> dict[str, Any]:
    claims = {"iss": ISSUER, "sub": "u-1", "token_use": "access", "client_id": "client",
              "exp": time.time() + 600, "cognito:groups": ["admin"]}
    claims.update(changes)
    return claims


def _verifier(tmp_path: Path, jwk: dict[str, Any]) -> JwtVerifier:
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [jwk]}))
    return JwtVerifier(jwks.as_uri(), ISSUER, {"client"})


def test_a_token_of_the_pool_and_client_is_accepted(
        tmp_path: Path, signing: tuple[rsa.RSAPrivateKey, dict[str, Any]]) -> None:
    key, jwk = signing
    verify = _verifier(tmp_path, jwk)
    assert verify(_token(key, _claims()))["sub"] == "u-1"
    id_token = _claims(token_use="id", aud="client")
    del id_token["client_id"]
    assert verify(_token(key, id_token))["sub"] == "u-1"


@pytest.mark.parametrize(("change", "why"), [
    ({"iss": issuer_of("eu-west-1", "another-pool")}, "issuer"),
    ({"exp": time.time() - 600}, "expired"),
    ({"client_id": "other-client"}, "audience"),
])
def test_a_token_of_another_pool_client_or_time_is_refused(
        tmp_path: Path, signing: tuple[rsa.RSAPrivateKey, dict[str, Any]],
        change: dict[str, Any], why: str) -> None:
    key, jwk = signing
    with pytest.raises(ValueError, match=why):
        _verifier(tmp_path, jwk)(_token(key, _claims(**change)))


def test_a_forged_signature_or_unknown_key_is_refused(
        tmp_path: Path, signing: tuple[rsa.RSAPrivateKey, dict[str, Any]]) -> None:
    key, jwk = signing
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    verify = _verifier(tmp_path, jwk)
    with pytest.raises(ValueError, match="bad signature"):
        verify(_token(other, _claims()))
    with pytest.raises(ValueError, match="unknown signing key"):
        verify(_token(key, _claims(), kid="k2"))
    with pytest.raises(ValueError, match="not a JWT"):
        verify("abc")
