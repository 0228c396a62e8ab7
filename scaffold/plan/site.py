"""Plan stage: what the frontend's responses tell browsers (the Content-Security-Policy)."""

from __future__ import annotations

from scaffold.blueprint import model

# The SPA calls only its own origin and AWS endpoints: Cognito (cognito-idp.<region>),
# execute-api (HTTP and WebSocket), S3 (presigned uploads). Custom domains of the API live
# in the DNS zone; CSP host wildcards match subdomains at any depth (dev.api.acme.example).
_DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data: https:"),
    ("font-src", "'self' data:"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
    ("frame-ancestors", "'none'"),
)


def content_security_policy(bp: model.Blueprint) -> str | None:
    """The header value, from ``frontend.content_security_policy`` (None: no header)."""
    if bp.frontend is None or bp.frontend.content_security_policy is False:
        return None
    if isinstance(bp.frontend.content_security_policy, str):
        return bp.frontend.content_security_policy
    hosts = ["https://*.amazonaws.com", "wss://*.amazonaws.com"]
    if bp.dns:
        hosts += [f"https://*.{bp.dns.zone}", f"wss://*.{bp.dns.zone}"]
    directives = [*_DIRECTIVES, ("connect-src", " ".join(["'self'", *hosts])),
                  ("upgrade-insecure-requests", "")]
    return "; ".join(f"{name} {value}".strip() for name, value in directives)
