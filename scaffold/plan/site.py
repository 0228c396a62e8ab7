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


# Lambda@Edge runs origin-request functions in the regional edge caches, and each replica
# logs in its own region to "/aws/lambda/us-east-1.<function>": the regions of those caches
# that a price class serves (CloudFront regional edge caches, by continent).
_EDGE_REGIONS = {
    "PriceClass_100": ("us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-central-1",
                       "eu-west-1", "eu-west-2"),
    "PriceClass_200": ("ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1",
                       "ap-southeast-2"),
    "PriceClass_All": ("sa-east-1",),
}
_CLASSES = ("PriceClass_100", "PriceClass_200", "PriceClass_All")


def edge_log_regions(bp: model.Blueprint) -> tuple[str, ...]:
    """Regions whose Lambda@Edge replica log groups the platform creates, with retention."""
    if bp.frontend is None or not bp.frontend.ssr:
        return ()
    served = _CLASSES[:_CLASSES.index(bp.frontend.price_class) + 1]
    return tuple(region for cls in served for region in _EDGE_REGIONS[cls])


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
