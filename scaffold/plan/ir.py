"""The intermediate representation: AWS building blocks grouped into Terraform roots.

Pure data. Cross-resource references are :class:`Ref` values that the Terraform emitter
turns into expressions (``Ref("table", "projects", "arn")`` -> ``module.table_projects.table_arn``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from scaffold.plan.handlers import AppCode


@dataclass(frozen=True)
class Ref:
    """A reference to an attribute of another building block or platform value."""

    kind: str  # table, function, bucket, workflow, platform, failures, websocket, ...
    name: str
    attr: str
    suffix: str = ""  # appended to the value, e.g. "/index/*"


@dataclass(frozen=True)
class Name:
    """A physical name ``{app}-{stage}-{rest}``; the stage is a Terraform variable."""

    rest: str


Scalar = str | int | float | bool | None | Ref | Name
Data = Scalar | list["Data"] | dict[str, "Data"]


@dataclass(frozen=True)
class Statement:
    """One IAM policy statement; ``why`` explains any ``*`` resource."""

    sid: str
    actions: tuple[str, ...]
    resources: tuple[Scalar, ...]
    conditions: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    why: str | None = None


@dataclass(frozen=True)
class FunctionSettingsByStage:
    """Resolved settings of a function for one stage."""

    memory: int
    timeout: int
    architecture: str
    log_retention_days: int
    tracing: bool
    reserved_concurrency: int | None = None  # None: unreserved
    ephemeral_storage: int = 512  # MB of /tmp (512 is Lambda's default and free)
    layers: tuple[str, ...] = ()  # layer version ARNs, in order
    subnet_ids: tuple[str, ...] = ()  # empty: not in a VPC
    security_group_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class LambdaFunction:
    """One function (one job), its code artifact, wiring and least-privilege policy."""

    service: str
    handler: str
    trigger: str
    id: str  # Terraform identifier (snake)
    name: Name
    description: str
    runtime: str
    entry: str
    artifact: str
    settings: dict[str, FunctionSettingsByStage]
    environment: dict[str, Scalar]
    statements: tuple[Statement, ...]
    async_invoked: bool
    provisioned_concurrency: int | None = None  # warm instances behind the alias ``live``


@dataclass(frozen=True)
class Table:
    """A DynamoDB table owned by one service."""

    id: str
    name: Name
    key: tuple[str, str]
    sort: tuple[str, str] | None
    stream: str | None
    ttl: str | None
    indexes: dict[str, tuple[tuple[str, str], tuple[str, str] | None]]


@dataclass(frozen=True)
class HttpRoute:
    """``METHOD /path`` -> function, with its authorization."""

    id: str
    route_key: str
    function: str
    auth: Literal["NONE", "JWT", "CUSTOM"]


@dataclass(frozen=True)
class LambdaAuthorizer:
    """A service's REQUEST authorizer on the shared HTTP API (payload 2.0, simple responses)."""

    function: str  # the authorizer function's id
    name: Name  # the authorizer's name: the function's physical name, unique on the API
    identity: tuple[str, ...]  # identity sources, also the cache key
    ttl: int  # seconds an answer is cached (0: none)


@dataclass(frozen=True)
class EventRule:
    """A subscription (pattern on the shared bus) or a schedule (default bus)."""

    id: str
    name: Name
    function: str
    pattern: dict[str, list[str]] | None
    schedule: str | None
    retries: int
    max_age: int


@dataclass(frozen=True)
class StreamSubscription:
    """A DynamoDB stream feeding a function."""

    id: str
    table: str
    function: str
    batch_size: int
    retries: int
    starting_position: str


@dataclass(frozen=True)
class WorkQueue:
    """An SQS work queue, its dead-letter queue and the function consuming it in batches."""

    id: str
    name: Name  # without the .fifo suffix; the module adds it (and -dlq for the DLQ)
    fifo: bool
    content_based_deduplication: bool
    visibility_timeout: dict[str, int]  # stage -> seconds (>= 6x the consumer's timeout)
    retention_seconds: int
    max_receives: int
    consumer: str  # function id
    batch_size: int
    batching_window: int
    max_concurrency: int | None


@dataclass(frozen=True)
class UploadBucket:
    """A private upload bucket with an optional on-upload trigger."""

    id: str
    name: Name
    prefix: str
    expire_days: int | None
    on_upload: str | None


@dataclass(frozen=True)
class LifecycleRule:
    """A lifecycle rule: transitions (S3 storage class, days) in order, then expiry."""

    id: str
    prefix: str
    transitions: tuple[tuple[str, int], ...]
    expire_days: int | None


@dataclass(frozen=True)
class ObjectTrigger:
    """A function S3 invokes for object events (``s3:ObjectCreated:*``...) of a bucket."""

    function: str
    events: tuple[str, ...]
    prefix: str
    suffix: str


@dataclass(frozen=True)
class StorageBucket:
    """A private bucket a service owns: no browser access, optional object trigger."""

    id: str
    name: Name
    versioning: bool
    noncurrent_expire_days: int
    abort_multipart_days: int
    lifecycle: tuple[LifecycleRule, ...]
    kms_key_arn: str | None
    on_object: ObjectTrigger | None


@dataclass(frozen=True)
class StateMachine:
    """A Step Functions workflow; ``definition`` is ASL as data with function refs."""

    id: str
    name: Name
    definition: dict[str, Data]
    functions: tuple[str, ...]
    log_level: str = "ERROR"
    log_execution_data: bool = False


@dataclass(frozen=True)
class WebsocketRoute:
    """A WebSocket route key -> function."""

    route_key: str
    function: str


@dataclass(frozen=True)
class ServiceRoot:
    """One microservice: one Terraform root with its own state."""

    service: str
    functions: tuple[LambdaFunction, ...]
    tables: tuple[Table, ...]
    routes: tuple[HttpRoute, ...]
    rules: tuple[EventRule, ...]
    streams: tuple[StreamSubscription, ...]
    buckets: tuple[UploadBucket, ...]
    workflows: tuple[StateMachine, ...]
    websocket: tuple[WebsocketRoute, ...]
    secrets: dict[str, str]  # secret -> description
    auth_triggers: dict[str, str]  # trigger kind -> function id
    platform_values: tuple[str, ...]  # SSM keys this root reads
    needs_failures: bool
    queues: tuple[WorkQueue, ...] = ()
    tags: dict[str, str] = field(default_factory=dict)  # the service's own tags (extra)
    storage_buckets: tuple[StorageBucket, ...] = ()  # buckets: (uploads are in ``buckets``)
    shared_secrets: tuple[str, ...] = ()  # platform secrets its functions read
    authorizer: LambdaAuthorizer | None = None  # for the routes with ``auth: custom``


@dataclass(frozen=True)
class UserPool:
    """The Cognito user pool's settings, in the module's terms."""

    mfa: Literal["OFF", "OPTIONAL", "ON"]
    password_require: dict[str, bool]  # lowercase/uppercase/numbers/symbols -> required
    default_group: str | None  # group every confirmed sign-up joins
    email_from: str | None  # From address of Cognito's e-mails (SES, DEVELOPER account)
    email_identity: str | None  # SES identity (domain or address) that sends them
    hosted_ui: HostedUi | None = None  # Cognito's sign-in pages and the OAuth code flow
    identity_providers: tuple[IdentityProvider, ...] = ()  # external sign-in, by name


@dataclass(frozen=True)
class HostedUi:
    """The hosted UI: a Cognito prefix domain per stage and the SPA client's redirects."""

    domain_prefix: str  # the production stage's; other stages append ``-<stage>``
    callback_path: str  # appended to each stage's site origin (when there is a site)
    logout_path: str
    callback_urls: tuple[str, ...]  # more, the same for every stage
    logout_urls: tuple[str, ...]
    scopes: tuple[str, ...]


@dataclass(frozen=True)
class IdentityProvider:
    """An external identity provider, in the user_pool module's terms."""

    name: str
    type: str  # google, oidc or saml
    client_id: str | None
    secret_parameter: str | None  # SSM name; ``{stage}`` stands for the stage
    issuer: str | None
    metadata_url: str | None
    scopes: tuple[str, ...]
    attributes: dict[str, str]


def edge_alias(region: str) -> str:
    """The provider alias of a Lambda@Edge log region: ``eu-west-1`` -> ``edge_eu_west_1``."""
    return "edge_" + region.replace("-", "_")


@dataclass(frozen=True)
class StagePlatform:
    """Platform settings of one stage: HTTP API throttling and where alarms go."""

    throttle_rate: float
    throttle_burst: int
    alert_emails: tuple[str, ...]


@dataclass(frozen=True)
class HttpCors:
    """The HTTP API's CORS configuration; no origins means none."""

    origins: tuple[str, ...] = ()
    methods: tuple[str, ...] = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
    headers: tuple[str, ...] = ("authorization", "content-type")
    expose_headers: tuple[str, ...] = ()
    credentials: bool = False
    max_age: int = 3600


@dataclass(frozen=True)
class PlatformRoot:
    """Shared infrastructure: bus, auth, APIs, frontend, domains, alerts, published values."""

    has_http_api: bool
    has_websocket: bool
    manage_websocket_logging_role: bool
    auth: bool
    user_pool: UserPool | None
    groups: dict[str, str]
    auth_triggers: dict[str, Name]  # kind -> function physical name (deterministic ARN)
    frontend: bool
    ssr: bool
    content_security_policy: str | None  # the site's CSP header; None sends none
    edge_log_regions: tuple[str, ...]  # regions of the SSR replicas' log groups
    dns_zone: str | None
    create_zone: bool
    site_domain: str | None  # apex names (stage_domains: each stage's); None while undelegated
    api_domain: str | None
    websocket_domain: str | None
    stage_domains: dict[str, dict[str, str]]  # stage -> role (site/api/websocket) -> domain
    alert_emails: tuple[str, ...]
    archive_retention_days: int
    stage_settings: dict[str, StagePlatform]  # stage -> what differs by stage
    published: tuple[str, ...]  # SSM keys published for services
    deferred_domains: tuple[str, ...] = ()  # custom domains held back by dns.delegated: false
    cors: HttpCors = HttpCors()
    # Existing resources found by id / name / ARN (data sources) instead of created:
    zone_id: str | None = None  # dns.zone_id
    existing_bus: str | None = None  # bus.existing_name
    existing_user_pool: tuple[str, str] | None = None  # auth.existing (pool id, client id)
    api_certificate_arn: str | None = None  # api.certificate_arn (the API's region)
    site_certificate_arn: str | None = None  # frontend.certificate_arn (us-east-1)
    secrets: dict[str, str] = field(default_factory=dict)  # shared secret -> description
    password_min_length: int = 12  # the user pool's password policy
    price_class: str = "PriceClass_100"  # the site's CloudFront price class


@dataclass(frozen=True)
class BuildPlan:
    """Everything render needs: the platform root and one root per service, in order."""

    app: str
    region: str
    stages: tuple[str, ...]
    tags: dict[str, str]
    state_bucket: str | None
    state_region: str | None
    state_key_prefix: str
    owner_stage: str  # the production stage: apex names and account-wide settings
    stage_environment: dict[str, dict[str, str]]  # stage -> environment of every function
    protected_stages: tuple[str, ...]  # deletion protection, upload objects kept
    platform: PlatformRoot
    code: AppCode  # the handler plan: what the stubs, graph and docs say about the code
    services: tuple[ServiceRoot, ...] = field(default=())

    def provider_aliases(self, root: str) -> tuple[tuple[str, str], ...]:
        """``(alias, region)`` of the extra AWS providers a root configures.

        The platform: ``us_east_1`` (CloudFront certificates, Lambda@Edge) and one per other
        region holding a Lambda@Edge replica log group (the root's own region and us-east-1
        have a provider already). Services: none.
        """
        if root != "platform":
            return ()
        edge = tuple((edge_alias(r), r) for r in self.platform.edge_log_regions
                     if r not in ("us-east-1", self.region))
        return (("us_east_1", "us-east-1"), *edge)

    def root_order(self) -> list[str]:
        """Roots in dependency order: platform first, then services by name."""
        return ["platform", *(s.service for s in self.services)]
