"""Validate stage (schema half): the typed, frozen model of blueprint format version 1.

Short forms are expanded by ``BeforeValidator``s, so every later stage sees one shape
while the JSON Schema (``scaffold schema``) still advertises both forms.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag

Runtime = Literal["nodejs22.x", "nodejs20.x", "python3.13", "python3.12"]
RUNTIMES: tuple[str, ...] = ("nodejs22.x", "nodejs20.x", "python3.13", "python3.12")
Architecture = Literal["arm64", "x86_64"]
AuthTriggerKind = Literal[
    "pre_sign_up", "post_confirmation", "pre_authentication", "post_authentication",
    "pre_token_generation", "custom_message", "define_auth_challenge",
    "create_auth_challenge", "verify_auth_challenge_response", "user_migration",
]
StreamView = Literal["new_image", "old_image", "new_and_old_images", "keys_only"]
FieldType = Literal["string", "number", "integer", "boolean", "object", "string[]",
                    "number[]", "object[]"]
LOG_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096,
                      1827, 2192, 2557, 2922, 3288, 3653)


class Spec(BaseModel):
    """Base of every blueprint model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


def _short(field: str, long: Any, short: Any = str) -> BeforeValidator:
    """Accept ``value`` as a short form of ``{field: value}``.

    ``long`` and ``short`` are what the JSON Schema advertises (``anyOf`` both forms).
    """

    def expand(value: Any) -> Any:
        if isinstance(value, str | int | float | bool):
            return {field: value}
        return value

    return BeforeValidator(expand, json_schema_input_type=short | long)


def _list_or_map(item: Any) -> BeforeValidator:
    """``[a, b]`` or ``{a: item, b: item}`` (see :func:`_list_to_map`)."""
    return BeforeValidator(_list_to_map, json_schema_input_type=list[str] | dict[str, item])


def _list_to_map(value: Any) -> Any:
    """Accept ``[a, b]`` as a short form of ``{a: {}, b: {}}``."""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        twice = sorted({item for item in value if value.count(item) > 1})
        if twice:
            raise ValueError(f"'{twice[0]}' is listed twice")
        return {item: {} for item in value}
    return value


DEFAULT_TIMEOUT = 10
"""Lambda timeout in seconds when nothing sets one."""

Memory = Annotated[int, Field(ge=128, le=10240, description="Lambda memory in MB")]
Timeout = Annotated[int, Field(ge=1, le=900, description="Lambda timeout in seconds")]
Retention = Annotated[int, Field(description="CloudWatch log retention in days, one of "
                                 + ", ".join(map(str, LOG_RETENTION_DAYS)),
                                 json_schema_extra={"enum": list(LOG_RETENTION_DAYS)})]


ReservedConcurrency = Annotated[int, Field(
    ge=0, le=10000, description="concurrent executions reserved for the function; 0 stops it "
    "from running (default: unreserved)")]
EphemeralStorage = Annotated[int, Field(ge=512, le=10240, description="size of /tmp in MB")]
Layers = Annotated[list[str], Field(max_length=5, description="Lambda layer version ARNs "
                                    "(at most 5), in the order they are applied")]


class VpcSpec(Spec):
    """The subnets and security groups a function's network interfaces go into."""

    subnets: list[str] = Field(min_length=1, max_length=16, description="subnet ids (subnet-...)")
    security_groups: list[str] = Field(min_length=1, max_length=5,
                                       description="security group ids (sg-...)")


class LambdaSettings(Spec):
    """Settings a function may set for itself as well (also per stage and per service)."""

    memory: Memory | None = None
    timeout: Timeout | None = None
    reserved_concurrency: ReservedConcurrency | None = None
    ephemeral_storage: EphemeralStorage | None = None
    layers: Layers | None = None
    vpc: VpcSpec | None = Field(None, description="run in these subnets (the role gets the "
                                "network interface permissions Lambda needs)")


class FunctionSettings(LambdaSettings):
    """Settings that flow defaults -> stage -> service -> function (last one set wins)."""

    runtime: Runtime | None = None
    architecture: Architecture | None = None
    log_retention_days: Retention | None = None
    tracing: bool | None = None


SETTING_NAMES: tuple[str, ...] = (
    "runtime", "memory", "timeout", "architecture", "log_retention_days", "tracing",
    "reserved_concurrency", "ephemeral_storage", "layers", "vpc")


class StageSpec(FunctionSettings):
    """Per-stage overrides of ``defaults``, and what sets the production stage apart."""

    production: bool = Field(
        False, description="the production stage: owns the apex domain names (every other "
        "stage gets <stage>.<domain>), the account-wide settings and the shared hosted zone; "
        "protected against deletion by default. Without one, the first stage is.")
    deletion_protection: bool | None = Field(
        None, description="protect tables and the user pool against deletion and keep upload "
        "objects on destroy (default: true for the production stage, false otherwise)")
    throttle: ThrottleSpec | None = Field(
        None, description="HTTP API throttling of this stage (default: api.throttle)")
    alerts: AlertsSpec | None = Field(
        None, description="where this stage's alarms go (default: the top-level alerts)")
    environment: dict[str, str] = Field(
        default_factory=dict, description="environment values every function of this stage "
        "gets; a function's own environment wins")


PlatformValue = Literal["user_pool", "user_pool_client", "api_url", "event_bus"]
PLATFORM_VALUES: tuple[str, ...] = ("user_pool", "user_pool_client", "api_url", "event_bus")

IAM_SID = r"^[A-Za-z0-9]{1,100}$"
"""An IAM statement id: letters and digits only."""


class IamStatementSpec(Spec):
    """A custom Allow statement added to a function's role (an escape hatch, checked).

    Actions are ``service:Action`` without any wildcard (C150); resources are ARNs (C151);
    a ``*`` resource needs a ``why`` (C152), which is written next to it in the Terraform.
    """

    actions: list[str] = Field(min_length=1, description="service:Action, no wildcard")
    resources: list[str] = Field(min_length=1, description="ARNs, or * with a why")
    why: str | None = Field(None, description="why this access is needed; required when a "
                            "resource is *")
    sid: Annotated[str, Field(pattern=IAM_SID)] | None = Field(
        None, description="statement id (letters and digits; default Custom1, Custom2, ...)")


ENV_REF_KINDS: tuple[str, ...] = ("table", "bucket", "secret", "workflow")
"""What an environment value may name: a resource of the function's own service."""


class EnvRefSpec(Spec):
    """An environment value naming one of the service's own resources (exactly one key).

    A table, upload bucket or secret gives its physical name, a workflow its ARN. A reference
    grants no access: declare ``reads``/``writes``/``secrets``/``starts`` for that.
    """

    table: str | None = Field(None, description="the table's name")
    bucket: str | None = Field(None, description="the upload bucket's name")
    secret: str | None = Field(None, description="the SSM parameter name of the secret")
    workflow: str | None = Field(None, description="the state machine's ARN")


EnvValue = str | EnvRefSpec


class FunctionOptions(LambdaSettings):
    """What one function may touch; scaffold derives its IAM policy from exactly this."""

    reads: list[str] = Field(default_factory=list, description="own tables it reads")
    writes: list[str] = Field(default_factory=list, description="own tables it reads and writes")
    publishes: list[str] = Field(default_factory=list, description="own events it publishes")
    secrets: list[str] = Field(default_factory=list, description="secrets it reads: its "
                               "service's, or the platform's shared ones")
    push: bool = Field(False, description="may push to WebSocket connections")
    resumes: list[str] = Field(default_factory=list,
                               description="workflows it resumes with a task token")
    starts: list[str] = Field(default_factory=list, description="workflows it starts")
    sends: list[str] = Field(default_factory=list,
                             description="own work queues it sends messages to")
    users: Literal["read"] | None = Field(None, description="may list and read Cognito users")
    bucket_reads: list[str] = Field(
        default_factory=list, description="own buckets it lists and reads objects of")
    bucket_writes: list[str] = Field(
        default_factory=list, description="own buckets it puts and deletes objects in "
        "(add the bucket to bucket_reads too to read them)")
    environment: dict[str, EnvValue] = Field(
        default_factory=dict, description="environment values: a string, or a reference to "
        "one of the service's own resources ({table: name}, {bucket: ...}, {secret: ...}, "
        "{workflow: ...})")
    uses: list[PlatformValue] = Field(
        default_factory=list, description="platform values it gets in its environment, and "
        "no access: user_pool (id), user_pool_client (app client id), api_url, event_bus "
        "(name)")
    iam: list[IamStatementSpec] = Field(
        default_factory=list, description="custom IAM statements added to its role")
    provisioned_concurrency: Annotated[int, Field(ge=1, le=10000)] | None = Field(
        None, description="instances kept initialized on a published version behind the "
        "alias `live`, which every caller invokes (HTTP routes, presign routes and Lambda "
        "authorizers only, C224); billed while deployed, in every stage")


class FunctionRef(FunctionOptions):
    """A handler with its options (long form); the short form is the handler name."""

    handler: str


HandlerField = Annotated[FunctionRef, _short("handler", FunctionRef)]


class SignatureSpec(Spec):
    """How a public webhook route proves its caller: an HMAC-SHA256 signature.

    The caller signs ``<timestamp>.<raw body>`` with the secret and sends the hex digest
    (optionally prefixed ``sha256=``) in ``header`` and the epoch seconds in
    ``timestamp_header``; a timestamp further than ``tolerance_seconds`` from now is refused.
    """

    secret: str = Field(description="the service secret holding the signing key")
    header: Annotated[str, Field(pattern=r"^[a-z0-9-]{1,64}$")] = "x-signature"
    timestamp_header: Annotated[str, Field(pattern=r"^[a-z0-9-]{1,64}$")] = (
        "x-signature-timestamp")
    tolerance_seconds: Annotated[int, Field(ge=1, le=3600)] = 300


class WebsocketRouteSpec(FunctionRef):
    """A WebSocket route: its handler, and whether it subscribes connections to topics."""

    topics: bool = Field(
        False, description="this message route subscribes its connection to topics (a "
        "subscriptions table is created; pushers may push_topic); not on $connect/$disconnect")


WebsocketField = Annotated[WebsocketRouteSpec, _short("handler", WebsocketRouteSpec)]


class RouteSpec(FunctionRef):
    """``METHOD /path``: one function behind the HTTP API."""

    auth: str | list[str] | None = Field(
        None, description="public, user (signed in), custom (the service's Lambda "
        "authorizer decides), or a group name / list of groups")
    signature: Annotated[SignatureSpec, _short("secret", SignatureSpec)] | None = Field(
        None, description="a public webhook: verify the caller's HMAC signature with this "
        "secret before the handler runs (short form: the secret's name)")


class AuthorizerSpec(FunctionRef):
    """A Lambda authorizer (REQUEST, simple responses) for the service's ``auth: custom`` routes.

    API Gateway calls the handler with the identity sources before each such route and caches
    its ``{isAuthorized, context}`` answer per identity for ``ttl`` seconds (0: no cache).
    """

    identity: list[str] = Field(
        default_factory=lambda: ["$request.header.Authorization"],
        description="where the caller's identity is: $request.header.<name>, "
        "$request.querystring.<name>, $context.<name> or $stageVariables.<name> (the cache "
        "key; may be empty only with ttl 0)")
    ttl: int = Field(300, description="seconds API Gateway caches an answer (0-3600; 0: "
                     "call the authorizer every time)")


class SubscriptionSpec(FunctionOptions):
    """Run the handler named by the key for every ``service.Event`` put on the bus."""

    event: str = Field(description="service.EventName")
    push_topic: str | None = Field(
        None, description="with push: true, push to the connections subscribed to this topic, "
        "e.g. campaign/{campaignId} ({field} is the event field's value)")
    retries: Annotated[int, Field(ge=0, le=185)] = 3
    max_age_seconds: Annotated[int, Field(ge=60, le=86400)] = 3600


class StreamSpec(FunctionOptions):
    """Run the handler named by the key for batches of changes of one of its tables."""

    table: str
    batch_size: Annotated[int, Field(ge=1, le=10000)] = 10
    retries: Annotated[int, Field(ge=0, le=10000)] = 3
    starting_position: Literal["LATEST", "TRIM_HORIZON"] = "LATEST"


class QueueConsumerSpec(FunctionRef):
    """The function that receives a work queue's messages in batches (long form)."""

    batch_size: Annotated[int, Field(ge=1, le=10000)] = Field(
        10, description="messages per invocation: 1-10 (FIFO: at most 10); more needs a "
        "batching window")
    batching_window_seconds: Annotated[int, Field(ge=0, le=300)] = Field(
        0, description="seconds to gather a batch (standard queues only)")
    max_concurrency: Annotated[int, Field(ge=2, le=1000)] | None = Field(
        None, description="most concurrent invocations this queue starts (2-1000)")


class QueueSpec(Spec):
    """An SQS work queue owned by its service: one consumer, its own dead-letter queue."""

    consumer: Annotated[QueueConsumerSpec, _short("handler", QueueConsumerSpec)]
    fifo: bool = Field(False, description="a FIFO queue (ordered per message group, "
                       "deduplicated); its name gets the .fifo suffix")
    content_based_deduplication: bool = Field(
        False, description="FIFO only: deduplicate by a hash of the body instead of an id "
        "the sender gives")
    visibility_timeout: Annotated[int, Field(ge=0, le=43200)] | None = Field(
        None, description="seconds a received message stays hidden; at least 6x the "
        "consumer's timeout plus its batching window (the default)")
    retention_days: Annotated[int, Field(ge=1, le=14)] = Field(
        4, description="days an unconsumed message is kept")
    max_receives: Annotated[int, Field(ge=1, le=1000)] = Field(
        5, description="receives before a message moves to the dead-letter queue")


class ScheduleSpec(FunctionOptions):
    """Run the handler named by the key on an EventBridge schedule expression."""

    schedule: str = Field(description="rate(...) or cron(...)")


class KeySpec(Spec):
    """A key attribute: name and DynamoDB type."""

    name: str
    type: Literal["string", "number", "binary"] = "string"


KeyField = Annotated[KeySpec, _short("name", KeySpec)]


class IndexSpec(Spec):
    """A global secondary index."""

    key: KeyField
    sort: KeyField | None = None


class TableSpec(Spec):
    """A DynamoDB table owned by its service (on demand, PITR, encrypted)."""

    key: KeyField
    sort: KeyField | None = None
    stream: bool | StreamView = False
    ttl: str | None = Field(None, description="attribute holding the expiry epoch seconds")
    indexes: dict[str, IndexSpec] = Field(default_factory=dict)
    owner: str | None = Field(None, description="attribute holding the Cognito sub of the "
                              "item's owner: signed-in create routes fill it from the caller, "
                              "list routes Query the index keyed by it")


SCAFFOLD_TAGS = ("app", "project", "stage", "service", "managed-by")
"""Tag keys scaffold itself sets on every resource (``scaffold.plan.contract.SCAFFOLD_TAGS``)."""

OWNER_NAMES = ("ownerId", "owner", "userId")
"""Attribute names that look like an item's owner: an index keyed by one of them on a table
that declares no ``owner`` is warned about (W013)."""

PUSH_RECIPIENT_FIELDS = ("userId", "ownerId")
"""Event fields that name the user a pushing subscriber addresses, in order of preference."""


class EventSpec(Spec):
    """An event contract: the detail fields shared by publisher and subscribers."""

    description: str | None = None
    fields: dict[str, FieldType] = Field(default_factory=dict)


def _event_short(value: Any) -> Any:
    if value is None:
        return {}
    if isinstance(value, dict) and value and "fields" not in value and "description" not in value:
        return {"fields": value}
    return value


EventField = Annotated[EventSpec, BeforeValidator(
    _event_short, json_schema_input_type=EventSpec | dict[str, FieldType] | None)]


class UploadSpec(Spec):
    """A private bucket the frontend uploads to through presigned URLs."""

    presign: HandlerField
    route: str = Field(description="METHOD /path of the presign route")
    auth: str | list[str] | None = None
    prefix: str = "uploads/"
    expire_days: Annotated[int, Field(ge=1, le=3650)] | None = None
    max_size_mb: Annotated[int, Field(ge=1, le=5120)] = 10
    content_types: list[str] = Field(
        default_factory=list, description="MIME types the browser may upload, exact "
        "(image/png) or by type (image/*); empty: any")
    on_upload: HandlerField | None = None


StorageClass = Literal["standard_ia", "intelligent_tiering", "onezone_ia", "glacier_ir",
                       "glacier", "deep_archive"]
STORAGE_CLASSES: tuple[str, ...] = ("standard_ia", "intelligent_tiering", "onezone_ia",
                                    "glacier_ir", "glacier", "deep_archive")
"""S3 storage classes a lifecycle rule may move objects to, in the order of S3's transition
waterfall (an object only moves down this list)."""
ObjectEvent = Literal["created", "removed"]


def _created() -> list[ObjectEvent]:
    return ["created"]


class LifecycleRuleSpec(Spec):
    """One lifecycle rule of a bucket: move objects under ``prefix`` to cheaper storage
    after some days, then expire them."""

    prefix: str = Field("", description="key prefix the rule applies to (empty: every object)")
    transitions: dict[StorageClass, Annotated[int, Field(ge=0, le=36500)]] = Field(
        default_factory=dict, description="storage class -> days after creation")
    expire_days: Annotated[int, Field(ge=1, le=36500)] | None = Field(
        None, description="days after creation when objects expire")


class ObjectTriggerSpec(FunctionRef):
    """A function run for object events of a bucket (short form: the handler name)."""

    events: list[ObjectEvent] = Field(
        default_factory=_created, min_length=1,
        description="created (any put, copy or completed upload) and/or removed")
    prefix: str = Field("", description="only keys starting with this")
    suffix: str = Field("", description="only keys ending with this (e.g. .csv)")


class BucketSpec(Spec):
    """A private S3 bucket a service owns (not an upload target: no browser access)."""

    versioning: bool = Field(True, description="keep earlier versions of overwritten and "
                             "deleted objects")
    noncurrent_expire_days: Annotated[int, Field(ge=1, le=36500)] = Field(
        30, description="days earlier versions are kept (with versioning)")
    abort_multipart_days: Annotated[int, Field(ge=1, le=36500)] = Field(
        7, description="days after which incomplete multipart uploads are removed")
    lifecycle: list[LifecycleRuleSpec] = Field(default_factory=list)
    kms_key_arn: str | None = Field(
        None, description="customer-managed KMS key (ARN) for SSE-KMS; default SSE-S3")
    on_object: Annotated[ObjectTriggerSpec, _short("handler", ObjectTriggerSpec)] | None = None


class SecretSpec(Spec):
    """An SSM SecureString; its value is set out of band, never in the repo."""

    description: str | None = None


class RetrySpec(Spec):
    """Step Functions retry policy of a task step."""

    errors: list[str] = Field(default_factory=lambda: ["States.ALL"])
    attempts: Annotated[int, Field(ge=0, le=99)] = 3
    interval_seconds: Annotated[int, Field(ge=1, le=3600)] = 2
    backoff_rate: Annotated[float, Field(ge=1.0, le=10.0)] = 2.0


class CatchSpec(Spec):
    """Where a task step goes when it fails after its retries."""

    next: str
    errors: list[str] = Field(default_factory=lambda: ["States.ALL"])


class TaskStep(FunctionOptions):
    """Invoke a function (short form: the handler name)."""

    task: str | None
    name: str | None = None
    retry: RetrySpec | None = None
    catch: Annotated[CatchSpec, _short("next", CatchSpec)] | None = None


class CallbackStep(FunctionOptions):
    """Invoke a function with a task token and wait until something resumes the workflow."""

    wait_for_callback: str | None
    name: str | None = None
    correlate: Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")] | None = Field(
        None, description="field of the workflow's state that identifies this wait (e.g. "
        "campaignId): scaffold stores the task token under its value, and resumers look it "
        "up by it")
    timeout_seconds: Annotated[int, Field(ge=1, le=31_536_000)] = 86400
    heartbeat_seconds: Annotated[int, Field(ge=1, le=31_536_000)] | None = Field(
        None, description="fail the wait with States.HeartbeatTimeout unless a heartbeat "
        "comes this often (below timeout_seconds)")
    retry: RetrySpec | None = None
    catch: Annotated[CatchSpec, _short("next", CatchSpec)] | None = None


class ChoiceRule(Spec):
    """One branch of a choice: compare ``variable`` and go to ``next``."""

    variable: str = Field(description="JSONPath into the state input, e.g. $.status")
    equals: str | int | float | bool | None = None
    not_equals: str | int | float | bool | None = None
    greater_than: int | float | None = None
    less_than: int | float | None = None
    is_present: bool | None = None
    next: str


class ChoiceStep(Spec):
    """Branch on the state: ``choice`` is the step's name."""

    choice: str | None
    when: list[ChoiceRule]
    otherwise: str | None = None


class WaitSpec(Spec):
    """How long a wait step waits."""

    seconds: Annotated[int, Field(ge=1, le=31_536_000)] | None = None
    timestamp_path: str | None = None


class WaitStep(Spec):
    """Pause the workflow."""

    wait: Annotated[WaitSpec, _short("seconds", WaitSpec, int)]
    name: str | None = None


class SucceedStep(Spec):
    """End the workflow successfully; ``succeed`` is the step's name."""

    succeed: str | None


class FailStep(Spec):
    """End the workflow as failed; ``fail`` is the step's name."""

    fail: str | None
    error: str = "WorkflowFailed"
    cause: str | None = None


STEP_KINDS: tuple[str, ...] = ("task", "wait_for_callback", "choice", "wait", "succeed", "fail")


def _step(value: Any) -> Any:
    if isinstance(value, str):
        return {"task": value}
    return value


def _step_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return next((kind for kind in STEP_KINDS if kind in value), None)
    return None


Step = Annotated[
    Annotated[TaskStep, Tag("task")]
    | Annotated[CallbackStep, Tag("wait_for_callback")]
    | Annotated[ChoiceStep, Tag("choice")]
    | Annotated[WaitStep, Tag("wait")]
    | Annotated[SucceedStep, Tag("succeed")]
    | Annotated[FailStep, Tag("fail")],
    Discriminator(_step_kind, custom_error_type="step_kind",
                  custom_error_message="a workflow step names nothing: give a handler name "
                  "or a mapping with one of " + ", ".join(STEP_KINDS)),
    BeforeValidator(_step, json_schema_input_type=str | TaskStep | CallbackStep | ChoiceStep
                    | WaitStep | SucceedStep | FailStep),
]


class WorkflowSpec(Spec):
    """A Step Functions state machine; steps run in order unless a choice or catch jumps."""

    steps: list[Step] = Field(min_length=1)
    timeout_seconds: Annotated[int, Field(ge=1, le=31_536_000)] | None = None
    log_level: Literal["ALL", "ERROR", "FATAL", "OFF"] = Field(
        "ERROR", description="execution events sent to CloudWatch Logs")
    log_execution_data: bool = Field(
        False, description="include state input and output (payloads, task tokens) in the "
        "logs; off by default because they may hold user data")


def _workflow_short(value: Any) -> Any:
    return {"steps": value} if isinstance(value, list) else value


class ServiceSpec(FunctionSettings):
    """One microservice: its own functions, data, events and workflows; one Terraform root."""

    description: str | None = None
    tables: dict[str, TableSpec] = Field(default_factory=dict)
    events: Annotated[dict[str, EventField], _list_or_map(EventField)] = Field(
        default_factory=dict, description="events this service publishes (contracts)")
    routes: dict[str, Annotated[RouteSpec, _short("handler", RouteSpec)]] = Field(
        default_factory=dict)
    subscribes: dict[str, Annotated[SubscriptionSpec, _short("event", SubscriptionSpec)]] = Field(
        default_factory=dict)
    streams: dict[str, Annotated[StreamSpec, _short("table", StreamSpec)]] = Field(
        default_factory=dict)
    schedules: dict[str, Annotated[ScheduleSpec, _short("schedule", ScheduleSpec)]] = Field(
        default_factory=dict)
    uploads: dict[str, UploadSpec] = Field(default_factory=dict)
    queues: dict[str, QueueSpec] = Field(
        default_factory=dict, description="SQS work queues this service owns")
    buckets: dict[str, BucketSpec] = Field(
        default_factory=dict, description="private buckets the service owns")
    websocket: dict[str, WebsocketField] = Field(
        default_factory=dict, description="$connect, $disconnect, $default or custom actions")
    auth_triggers: dict[AuthTriggerKind, HandlerField] = Field(default_factory=dict)
    authorizer: Annotated[AuthorizerSpec, _short("handler", AuthorizerSpec)] | None = Field(
        None, description="a Lambda authorizer for this service's `auth: custom` routes "
        "(short form: the handler name)")
    secrets: Annotated[dict[str, SecretSpec], _list_or_map(SecretSpec)] = Field(
        default_factory=dict)
    workflows: dict[str, Annotated[WorkflowSpec, BeforeValidator(
        _workflow_short, json_schema_input_type=list[Step] | WorkflowSpec)]] = Field(
        default_factory=dict)
    functions: dict[str, FunctionOptions] = Field(
        default_factory=dict, description="extra options for handlers named elsewhere")
    iam: list[IamStatementSpec] = Field(
        default_factory=list, description="custom IAM statements added to the role of every "
        "function of the service")
    tags: dict[str, str] = Field(
        default_factory=dict, description="extra tags on every resource of this service "
        "(they win over the top-level tags)")


class StateSpec(Spec):
    """Remote state: an S3 backend with one key per root and native S3 locking."""

    bucket: str
    region: str | None = None
    key_prefix: str = "scaffold"


class DnsSpec(Spec):
    """The Route 53 hosted zone the domains live in."""

    zone: str
    create_zone: bool = False
    zone_id: str | None = Field(
        None, description="id of an existing public hosted zone of `zone` (Z...): found by "
        "id instead of by name")
    delegated: bool = Field(
        True, description="false: the zone is not delegated at the registrar yet, so no "
        "certificate or custom domain is rendered (ACM would wait up to 75 minutes for DNS "
        "validation); set it to true once the name servers are delegated")


class FrontendSpec(Spec):
    """The SPA: private S3 bucket behind CloudFront, optional Lambda@Edge SSR."""

    domain: str | None = None
    certificate_arn: str | None = Field(
        None, description="existing ACM certificate in us-east-1 covering the site's domain "
        "of every stage, used instead of creating one")
    ssr: bool = False
    price_class: Literal["PriceClass_100", "PriceClass_200", "PriceClass_All"] = "PriceClass_100"
    content_security_policy: bool | Annotated[str, Field(min_length=1, max_length=1783)] = Field(
        True, description="the Content-Security-Policy header: true sends scaffold's default "
        "(own origin, AWS endpoints and the DNS zone's hosts for API calls), false none, a "
        "string that policy")


class ThrottleSpec(Spec):
    """HTTP API stage throttling."""

    rate: Annotated[float, Field(gt=0)] = 100
    burst: Annotated[int, Field(ge=1)] = 200


CORS_METHODS: tuple[str, ...] = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
CORS_HEADERS: tuple[str, ...] = ("authorization", "content-type")


class CorsSpec(Spec):
    """The HTTP API's CORS configuration (API Gateway answers the preflight requests)."""

    origins: list[str] = Field(default_factory=list, description="* or scheme://host[:port]")
    methods: list[str] = Field(default_factory=lambda: list(CORS_METHODS),
                               description="HTTP methods browsers may use, or *")
    headers: list[str] = Field(default_factory=lambda: list(CORS_HEADERS),
                               description="request headers browsers may send, or *")
    expose_headers: list[str] = Field(default_factory=list,
                                      description="response headers scripts may read")
    credentials: bool = Field(False, description="allow cookies / Authorization with "
                              "credentials (needs explicit origins, not *)")
    max_age: Annotated[int, Field(ge=0, le=86400)] = Field(
        3600, description="seconds browsers may cache a preflight answer")


class ApiSpec(Spec):
    """The shared HTTP API."""

    domain: str | None = None
    websocket_domain: str | None = None
    certificate_arn: str | None = Field(
        None, description="existing ACM certificate of the blueprint's region covering the API "
        "domains of every stage, used instead of creating them")
    throttle: ThrottleSpec = ThrottleSpec()
    cors_origins: list[str] = Field(default_factory=list,
                                    description="short form of cors: {origins: [...]}")
    cors: CorsSpec | None = Field(None, description="the full CORS configuration (instead of "
                                  "cors_origins)")
    default_auth: str | list[str] | None = Field(
        None, description="auth of routes that set none (default: user when auth is on)")
    websocket_logging_role: Literal["managed", "existing"] = Field(
        "managed", description="managed: the platform creates the API Gateway CloudWatch "
        "role WebSocket stage logging needs and sets it in the account's (account-wide) "
        "API Gateway settings; existing: the account already has one set")


class PasswordSpec(Spec):
    """Cognito password policy."""

    min_length: Annotated[int, Field(ge=8, le=99)] = 12
    require_symbols: bool = True
    require_numbers: bool = True
    require_uppercase: bool = True
    require_lowercase: bool = True


class EmailSpec(Spec):
    """Cognito's e-mails sent through SES (the default sender allows about 50 a day)."""

    from_: str = Field(alias="from", description="From address, for example "
                       "'Acme <no-reply@acme.example>'; its address must belong to the identity")
    ses_identity: str = Field(description="verified SES identity that sends: a domain "
                              "(acme.example) or an e-mail address, in the pool's region")


OAuthScope = Literal["openid", "email", "profile", "phone", "aws.cognito.signin.user.admin"]
IDP_NAME = r"^[A-Za-z0-9][A-Za-z0-9._-]{1,30}[A-Za-z0-9]$"
"""An identity provider's name in Cognito (3-32 characters)."""
SSM_SECRET_NAME = r"^/(?:[A-Za-z0-9_.\-/]|\{stage\}){1,1010}$"
"""An SSM parameter name (absolute path); ``{stage}`` is replaced by the stage."""


class HostedUiSpec(Spec):
    """Cognito's hosted sign-in pages and the OAuth 2.0 code flow of the SPA client."""

    domain_prefix: Annotated[str, Field(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")] = Field(
        description="prefix of `<prefix>.auth.<region>.amazoncognito.com` (unique per region "
        "across AWS); the production stage uses it as is, every other stage adds `-<stage>`")
    callback_path: Annotated[str, Field(pattern=r"^/[^\s#?]*$")] = Field(
        "/auth/callback", description="path of the frontend Cognito returns to after sign-in; "
        "each stage's callback URL is its own site origin + this path")
    logout_path: Annotated[str, Field(pattern=r"^/[^\s#?]*$")] = Field(
        "/", description="path of the frontend Cognito returns to after sign-out")
    callback_urls: list[str] = Field(
        default_factory=list, description="more callback URLs for every stage, such as "
        "http://localhost:5173/auth/callback for local development")
    logout_urls: list[str] = Field(default_factory=list, description="more sign-out URLs")
    scopes: list[OAuthScope] = Field(
        default_factory=lambda: list[OAuthScope](("openid", "email", "profile")),
        description="OAuth scopes the SPA may ask for")


class IdentityProviderSpec(Spec):
    """An external identity provider users may sign in with through the hosted UI."""

    type: Literal["google", "oidc", "saml"]
    client_id: str | None = Field(None, description="OAuth client id (google, oidc)")
    client_secret: Annotated[str, Field(pattern=SSM_SECRET_NAME)] | None = Field(
        None, description="name of the SSM SecureString holding the client secret (google, "
        "oidc), created by you; `{stage}` in it is replaced by the stage")
    issuer: Annotated[str, Field(pattern=r"^https://[^\s]+$")] | None = Field(
        None, description="OIDC issuer URL (oidc)")
    metadata_url: Annotated[str, Field(pattern=r"^https://[^\s]+$")] | None = Field(
        None, description="SAML metadata document URL (saml)")
    scopes: list[str] = Field(default_factory=list, description="scopes asked of the provider "
                              "(default: openid email profile for google, openid email for oidc)")
    attributes: dict[str, str] = Field(
        default_factory=dict, description="user pool attribute -> provider claim (email is "
        "mapped by default)")


Mfa = Literal["off", "optional", "required"]


def _mfa(value: Any) -> Any:
    """YAML 1.1 reads a bare ``on``/``off`` as a boolean; ``on`` is ``required``."""
    if isinstance(value, bool):
        return "required" if value else "off"
    return "required" if value == "on" else value


class ExistingPoolSpec(Spec):
    """A user pool and SPA app client created outside scaffold."""

    user_pool_id: str = Field(description="<region>_<id>, e.g. eu-west-1_AbCdEf123")
    client_id: str = Field(description="the app client the SPA signs in with (no secret)")


class AuthSpec(Spec):
    """The Cognito user pool: sign-in with email, verified email, groups."""

    existing: ExistingPoolSpec | None = Field(
        None, description="use this pool and client instead of creating them; groups are "
        "assumed to exist in it, and no pool setting or trigger is managed")

    groups: Annotated[dict[str, SecretSpec], _list_or_map(SecretSpec)] = Field(
        default_factory=dict)
    password: PasswordSpec = PasswordSpec()
    mfa: Annotated[Mfa, BeforeValidator(_mfa, json_schema_input_type=Mfa | Literal["on"] | bool)
                   ] = Field("off", description="TOTP (authenticator app) MFA: off, optional "
                             "(users may enrol) or required (every user must; `on` too)")
    default_group: str | None = Field(
        None, description="group every user joins when confirming the sign-up (needs a "
        "post_confirmation trigger)")
    email: EmailSpec | None = Field(
        None, description="send Cognito's e-mails through SES instead of the default sender")
    hosted_ui: HostedUiSpec | None = Field(
        None, description="Cognito's hosted sign-in pages and the OAuth code flow")
    identity_providers: dict[Annotated[str, Field(pattern=IDP_NAME)], IdentityProviderSpec] = Field(
        default_factory=dict, description="external identity providers (Google, OIDC, SAML); "
        "they need hosted_ui")


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class BusSpec(Spec):
    """The shared EventBridge bus and the archive that keeps its events for replay."""

    existing_name: str | None = Field(
        None, description="name of an existing custom event bus to use instead of creating "
        "one (its archive is then yours to manage)")
    archive_retention_days: Annotated[int, Field(ge=0, le=36500)] = Field(
        30, description="days the archive keeps every event for replay; 0 keeps them forever "
        "(events carry user data: keep them no longer than you need)")


class AlertsSpec(Spec):
    """Where alarms go: an SNS topic with these e-mail subscriptions."""

    email: Annotated[list[str], BeforeValidator(
        _one_or_many, json_schema_input_type=str | list[str])] = Field(
        default_factory=list, description="one address or a list")


class Blueprint(Spec):
    """A scaffold blueprint, format version 1."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False,
                              json_schema_extra={"$id": "https://scaffold.dev/blueprint-1.json"})

    blueprint: Literal[1]
    name: str
    region: str
    description: str | None = None
    state: StateSpec | None = None
    stages: dict[str, StageSpec] = Field(default_factory=lambda: {"dev": StageSpec()},
                                         min_length=1)
    defaults: FunctionSettings = FunctionSettings()
    tags: dict[str, str] = Field(default_factory=dict)
    dns: DnsSpec | None = None
    frontend: FrontendSpec | None = None
    api: ApiSpec = ApiSpec()
    auth: AuthSpec | None = None
    alerts: AlertsSpec | None = None
    bus: BusSpec = BusSpec()
    secrets: Annotated[dict[str, SecretSpec], _list_or_map(SecretSpec)] = Field(
        default_factory=dict, description="platform secrets shared by several services: "
        "created once in the platform root, read by the functions that list them in `secrets`")
    services: dict[str, ServiceSpec] = Field(min_length=1)
