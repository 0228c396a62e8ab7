"""The wiring contract between generated Terraform and generated handler code.

Terraform sets these environment variables on each function; the generated helpers
(``publish``, ``push``, ``presignUpload``, ``getSecret``...) read them. Both sides import
their names from here, so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping

from scaffold.blueprint import model, names, physical, topics

TERRAFORM_MIN_VERSION = "1.11"
"""The oldest Terraform the generated roots and modules accept (write-only arguments such as
``value_wo`` keep secrets out of state; they need 1.11)."""

ENV_APP = "APP_NAME"
ENV_STAGE = "APP_STAGE"
ENV_SERVICE = "SERVICE_NAME"
ENV_EVENT_BUS = "EVENT_BUS_NAME"
ENV_EVENT_SOURCE = "EVENT_SOURCE"
ENV_CONNECTIONS_TABLE = "CONNECTIONS_TABLE"
ENV_SUBSCRIPTIONS_TABLE = "SUBSCRIPTIONS_TABLE"
ENV_WEBSOCKET_ENDPOINT = "WEBSOCKET_ENDPOINT"
ENV_UPLOAD_BUCKET = "UPLOAD_BUCKET"
ENV_UPLOAD_PREFIX = "UPLOAD_PREFIX"
ENV_UPLOAD_MAX_BYTES = "UPLOAD_MAX_BYTES"
ENV_UPLOAD_CONTENT_TYPES = "UPLOAD_CONTENT_TYPES"  # comma-separated; unset: any type
ENV_USER_POOL_ID = "USER_POOL_ID"
ENV_USER_POOL_CLIENT_ID = "USER_POOL_CLIENT_ID"
SCAFFOLD_TAGS = model.SCAFFOLD_TAGS
"""Tag keys scaffold sets on every resource of a root (``service`` in service roots only):
``app`` and ``project`` carry the blueprint's ``name`` (``project`` is the usual key of
cost-allocation reports), ``managed-by`` is ``scaffold``. A blueprint's own tag of one of these
keys is ignored (W008)."""

ENV_TASK_TOKENS_TABLE = "TASK_TOKENS_TABLE"
ENV_API_URL = "API_URL"
POWERTOOLS_ENV = ("POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE")

CONNECTIONS_TABLE = physical.CONNECTIONS_TABLE
"""The table the WebSocket service stores connection ids in (created automatically)."""
CONNECTIONS_KEY = "connectionId"
"""Partition key (string) of the connections table."""
CONNECTIONS_TTL = "expiresAt"
"""TTL attribute of the connections table (epoch seconds)."""
CONNECTIONS_USER = "userId"
"""Attribute of the connections table holding the Cognito ``sub`` of the connected user."""
CONNECTIONS_USER_INDEX = "byUser"
"""Global secondary index of the connections table on :data:`CONNECTIONS_USER`: an addressed
push Queries it and never Scans the table."""
CONNECTION_LIFETIME_SECONDS = 2 * 60 * 60 + 10 * 60
"""How long a stored connection lives (TTL): API Gateway closes a WebSocket connection after
2 hours at most; 10 more minutes cover clock skew and a connection that is still closing."""
TOKENS_TABLE = "task-tokens"
"""The table a service with correlated callback steps keeps task tokens in (created
automatically, with TTL); the name is reserved in such a service."""
TOKENS_KEY = "correlationId"
"""Partition key (string) of the token table: ``<workflow>#<correlation value>``."""
TOKENS_TTL = "expiresAt"
"""TTL attribute of the token table (epoch seconds)."""
TOKEN_MARGIN_SECONDS = 60 * 60
"""How long a stored token outlives its step's timeout (DynamoDB deletes expired items
within a few days, so the resume helper also checks ``expiresAt`` itself)."""
CONNECTIONS_TOPICS = "topics"
"""String set attribute of a connection item: the topics it subscribed to (so $disconnect
deletes its subscriptions without an index or a read)."""
SUBSCRIPTIONS_TABLE = topics.SUBSCRIPTIONS_TABLE
"""The table of (topic, connection) pairs of a service with a ``topics: true`` route."""
SUBSCRIPTIONS_KEY = "topic"
"""Partition key (string) of the subscriptions table: a push to a topic Queries it."""
SUBSCRIPTIONS_SORT = CONNECTIONS_KEY
"""Sort key of the subscriptions table: the subscribed connection."""
TOPIC_MAX_LENGTH = topics.TOPIC_MAX
"""Longest topic a client may subscribe to (the generated topics route refuses longer)."""
WEBSOCKET_TABLE_ENV: dict[str, str] = {CONNECTIONS_TABLE: ENV_CONNECTIONS_TABLE,
                                       SUBSCRIPTIONS_TABLE: ENV_SUBSCRIPTIONS_TABLE}
"""The environment variable holding the physical name of each WebSocket table."""
PUSH_CONCURRENCY = 10
"""How many ``PostToConnection`` calls one push helper runs at a time."""
PUSH_RECIPIENT_FIELDS = model.PUSH_RECIPIENT_FIELDS


def push_recipient(fields: Mapping[str, str]) -> str | None:
    """The string field of an event (field -> type) naming the user its push goes to.

    None when the event names nobody: its pushers can only broadcast.
    """
    return next((f for f in PUSH_RECIPIENT_FIELDS if fields.get(f) == "string"), None)


PLATFORM_USES: dict[str, tuple[str, str]] = {
    "user_pool": (ENV_USER_POOL_ID, "user_pool_id"),
    "user_pool_client": (ENV_USER_POOL_CLIENT_ID, "user_pool_client_id"),
    "api_url": (ENV_API_URL, "api_url"),
    "event_bus": (ENV_EVENT_BUS, "event_bus_name"),
}
"""``uses:`` name -> (environment variable, published platform key): a function that uses a
platform value gets that variable from the platform's SSM parameter, and no permission."""


def env_table(table: str) -> str:
    """``projects`` -> ``TABLE_PROJECTS``: the physical name of one of the service's tables."""
    return "TABLE_" + names.snake(table).upper()


def env_bucket(bucket: str) -> str:
    """``report-exports`` -> ``BUCKET_REPORT_EXPORTS``: the name of one of the service's buckets."""
    return "BUCKET_" + names.snake(bucket).upper()


S3_EVENTS: dict[str, str] = {"created": "s3:ObjectCreated:*", "removed": "s3:ObjectRemoved:*"}
"""The S3 notification event types of a bucket trigger's ``events``."""


def env_secret(secret: str) -> str:
    """``mailer-api-key`` -> ``SECRET_MAILER_API_KEY``: the SSM parameter name of a secret."""
    return "SECRET_" + names.snake(secret).upper()


def env_workflow(workflow: str) -> str:
    """``send-campaign`` -> ``WORKFLOW_SEND_CAMPAIGN_ARN``: a workflow the function starts."""
    return "WORKFLOW_" + names.snake(workflow).upper() + "_ARN"


def env_queue(queue: str) -> str:
    """``thumbnails`` -> ``QUEUE_THUMBNAILS_URL``: a work queue the function sends to."""
    return "QUEUE_" + names.snake(queue).upper() + "_URL"


def event_source(app: str, service: str) -> str:
    """The EventBridge ``source`` of every event a service publishes."""
    return f"{app}.{service}"


COGNITO_ALIASES: dict[str, str] = {"userId": "sub"}
"""Event fields a Cognito trigger fills from a user attribute of another name; every other
field is filled from the attribute of its own name (``email``), and ``username`` from the
event's user name. The TypeScript and the Python trigger stubs both follow this table."""


def cognito_attribute(field: str) -> str:
    """The Cognito user attribute that fills event field ``field`` in a trigger stub."""
    return COGNITO_ALIASES.get(field, field)


def python_package(service: str) -> str:
    """The Python package of a Python service: ``user-admin`` -> ``user_admin``."""
    return names.snake(service)


def handler_entry(service: str, handler: str, runtime: str) -> str:
    """The Lambda ``handler`` setting for a function built by ``scaffold build``.

    TypeScript functions are bundled one per zip as ``index.mjs``; Python functions keep
    their package layout. Both start at the function's generated entry point
    (:func:`entry_source`), which applies the blueprint's access rule, then calls the
    user's handler.
    """
    if runtime.startswith("python"):
        return f"{python_package(service)}.generated.entries.{names.snake(handler)}.handler"
    return "index.handler"


def entry_source(service: str, handler: str, runtime: str) -> str:
    """The generated entry point of a function, relative to ``services/<service>/``."""
    if runtime.startswith("python"):
        return (f"src/{python_package(service)}/generated/entries/"
                f"{names.snake(handler)}.py")
    return f"src/generated/entries/{handler}.ts"


def artifact(service: str, handler: str) -> str:
    """Where ``scaffold build`` puts a function's zip, relative to the project root."""
    return f"dist/{service}/{names.kebab(handler)}.zip"


SECRET_PLACEHOLDER = "set-me-out-of-band"
"""The value Terraform gives a secret until an operator sets it: never a valid key."""

API_KEY_HEADER = "x-api-key"
"""Where callers of a public route that reads secrets present the first one."""


def secret_parameter(app: str, stage: str, service: str, secret: str) -> str:
    """The SSM parameter path of a service secret."""
    return f"/{app}/{stage}/{service}/secrets/{secret}"


def shared_secret_parameter(app: str, stage: str, secret: str) -> str:
    """The SSM parameter path of a secret the platform shares (top-level ``secrets:``)."""
    return f"/{app}/{stage}/platform/secrets/{secret}"


def shared_secret_key(secret: str) -> str:
    """``stripe-key`` -> ``secret_arn_stripe_key``: the platform value holding its ARN."""
    return "secret_arn_" + names.snake(secret)


def platform_parameter(app: str, stage: str, key: str) -> str:
    """The SSM parameter path where the platform root publishes ``key`` for services."""
    return f"/{app}/{stage}/platform/{key}"


SSR_SOURCE = "frontend/ssr"
"""Folder of the optional Lambda@Edge server-side rendering function (TypeScript)."""
SSR_ARTIFACT = "dist/frontend/ssr.zip"
"""Where ``scaffold build`` puts the SSR bundle."""


def ssr_function_name(app: str, stage: str) -> str:
    """The Lambda@Edge function of a stage: ``static_site`` names it ``<site name>-ssr``."""
    return f"{app}-{stage}-site-ssr"
