"""JWT check of the local HTTP gateway: what the HTTP API's JWT authorizer checks, on the emulator.

The token's RS256 signature is verified against the user pool's JWKS, which the emulator
serves at ``<emulator>/<pool id>/.well-known/jwks.json`` (as Cognito does at its issuer);
then the issuer (the pool), the expiry and the audience (the app client: ``aud`` of an id
token, ``client_id`` of an access token), as API Gateway does
(https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html).
"""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.request
from collections.abc import Collection
from typing import Any

__all__ = ["JwtVerifier", "issuer_of"]


def issuer_of(region: str, pool_id: str) -> str:
    """The ``iss`` of a user pool's tokens."""
    return f"https://cognito-idp.{region}.amazonaws.com/{pool_id}"


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _int(part: str) -> int:
    return int.from_bytes(_b64(part), "big")


class JwtVerifier:
    """Verifies bearer tokens of one user pool; raises ``ValueError`` saying why one fails."""

    def __init__(self, jwks_url: str, issuer: str, audiences: Collection[str],
                 leeway: float = 5.0) -> None:
        self.jwks_url = jwks_url
        self.issuer = issuer
        self.audiences = set(audiences)
        self.leeway = leeway
        self._keys: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def _key(self, kid: str) -> dict[str, Any]:
        with self._lock:
            if kid not in self._keys:  # first use, or the pool rotated its keys
                with urllib.request.urlopen(self.jwks_url, timeout=10) as answer:
                    keys = json.loads(answer.read())["keys"]
                self._keys = {str(k.get("kid")): k for k in keys}
            if kid not in self._keys:
                raise ValueError(f"unknown signing key {kid!r}")
            return self._keys[kid]

    def __call__(self, token: str) -> dict[str, Any]:
        """The claims of a valid token."""
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding, rsa

        try:
            head, body, signature = token.split(".")
            header = json.loads(_b64(head))
            claims: dict[str, Any] = json.loads(_b64(body))
        except ValueError:
            raise ValueError("not a JWT") from None
        if header.get("alg") != "RS256":
            raise ValueError(f"algorithm {header.get('alg')!r} is not RS256")
        jwk = self._key(str(header.get("kid")))
        public = rsa.RSAPublicNumbers(_int(jwk["e"]), _int(jwk["n"])).public_key()
        try:
            public.verify(_b64(signature), f"{head}.{body}".encode(), padding.PKCS1v15(),
                          hashes.SHA256())
        except InvalidSignature:
            raise ValueError("bad signature") from None
        if claims.get("iss") != self.issuer:
            raise ValueError(f"issuer {claims.get('iss')!r} is not the user pool")
        if float(claims.get("exp", 0)) + self.leeway < time.time():
            raise ValueError("expired")
        audience = claims.get("aud") if claims.get("token_use") == "id" else \
            claims.get("client_id")
        if audience not in self.audiences:
            raise ValueError(f"audience {audience!r} is not the app client")
        return claims
