"""Physical AWS names: every kind scaffold names, its limit, its charset and its derivation.

One table shared by validation (``check_physical_names``: a located error when a derived
name is over its limit) and the plan (which builds the names with the same functions).
Stability contract: changing a derivation renames (replaces) deployed resources.

Policy per kind (``Kind.over``): the names a user chooses (function, bucket, table, state
machine and the role, rule and log group named after them) are reported as an error with
a hint, because shortening them would depend on the longest stage (adding a stage would
rename every deployed copy) and hide the user's name behind a hash in consoles and logs.
Every other name scaffold derives is built from bounded name kinds (``names.py``), so it
fits by construction; ``tests/unit/test_physical_names.py`` proves it on rendered output.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from scaffold.blueprint import names

_LAMBDA = re.compile(r"[A-Za-z0-9_-]+")
_IAM = re.compile(r"[\w+=,.@-]+")
_LOG_GROUP = re.compile(r"[\w./#-]+")
_ANY_PRINTABLE = re.compile(r"[^\s<>{}\[\]?*\"#%\\^|~`$&,;:/]+")  # Step Functions
_S3 = re.compile(r"(?!xn--|sthree-|amzn-s3-demo-)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_DYNAMO = re.compile(r"[A-Za-z0-9_.-]+")
_RULE = re.compile(r"[.\-_A-Za-z0-9]+")
_SNS_SQS = re.compile(r"[A-Za-z0-9_-]+(\.fifo)?")  # FIFO queues and topics end .fifo
_ALARM = re.compile(r"[^\x00-\x1f\x7f]+")
_API = re.compile(r"[\w .:/=+@-]+")
_DASHBOARD = re.compile(r"[A-Za-z0-9_-]+")
_COGNITO = re.compile(r"[\w\s+=,.@-]+")
_SSM = re.compile(r"/[A-Za-z0-9_.\-/]+")
_OAC = re.compile(r"[A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Kind:
    """An AWS resource kind scaffold names: its limit, charset and over-limit policy."""

    aws: str
    limit: int
    charset: re.Pattern[str]
    over: str  # "error N00x" (the user shortens a name) or "fits" (bounded by construction)


KINDS: dict[str, Kind] = {
    "lambda_function": Kind("Lambda function", names.LAMBDA_NAME_MAX, _LAMBDA, "error N002"),
    "iam_role": Kind("IAM role", names.IAM_ROLE_MAX, _IAM, "error N002/N005"),
    "log_group": Kind("CloudWatch log group", names.LOG_GROUP_MAX, _LOG_GROUP, "fits"),
    "dynamodb_table": Kind("DynamoDB table", names.TABLE_MAX, _DYNAMO, "error N004"),
    "s3_bucket": Kind("S3 bucket", names.BUCKET_MAX, _S3, "error N003/N012"),
    "sqs_queue": Kind("SQS queue", names.QUEUE_MAX, _SNS_SQS,
                      "fits; error C191 for work queues and their dead-letter queues"),
    "sns_topic": Kind("SNS topic", 256, _SNS_SQS, "fits"),
    "event_bus": Kind("EventBridge bus", 256, _RULE, "fits"),
    "event_archive": Kind("EventBridge archive", 48, _RULE, "fits"),
    "event_rule": Kind("EventBridge rule", names.RULE_MAX, _RULE, "error N002"),
    "state_machine": Kind("Step Functions state machine", names.STATE_MACHINE_MAX,
                          _ANY_PRINTABLE, "error N005"),
    "ssm_parameter": Kind("SSM parameter", 1011, _SSM, "fits; error N011 for aws/ssm"),
    "user_pool": Kind("Cognito user pool", 128, _COGNITO, "fits"),
    "user_pool_client": Kind("Cognito user pool client", 128, _COGNITO, "fits"),
    "api": Kind("API Gateway API", 128, _API, "fits"),
    "alarm": Kind("CloudWatch alarm", 255, _ALARM, "fits"),
    "dashboard": Kind("CloudWatch dashboard", 255, _DASHBOARD, "fits"),
    "origin_access_control": Kind("CloudFront origin access control", 64, _OAC, "fits"),
    "cloudfront_policy": Kind("CloudFront policy", 128, _OAC, "fits"),
}
"""Limits from each service's quotas page (e.g. Lambda CreateFunction FunctionName 1-64,
IAM CreateRole RoleName 1-64, EventBridge CreateArchive ArchiveName 1-48)."""

ACCOUNT_ID = "123456789012"
"""Stands for the account id that bucket names end with (always 12 digits)."""

RESERVED_PREFIXES = ("aws", "ssm")
"""SSM parameter names (``/{app}/...``) and EventBridge sources (``{app}.{service}``) must not
begin with these (case-insensitive): AWS keeps them for its own parameters and events."""

S3_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
"""Bucket names must not begin with these; every derived bucket name begins with the app."""


CONNECTIONS_TABLE = "connections"
"""The table a WebSocket service stores connection ids in (created automatically)."""


def prefix(app: str, stage: str) -> str:
    """``{app}-{stage}``: what the roots' ``local.prefix`` evaluates to."""
    return f"{app}-{stage}"


def function(service: str, handler: str) -> str:
    """The name of a function after the prefix (also its role, log group and rule)."""
    return f"{service}-{names.kebab(handler)}"


def resource(service: str, name: str) -> str:
    """The name of a table, upload bucket or state machine after the prefix."""
    return f"{service}-{name}"


def dead_letters(service: str) -> str:
    """The service's dead-letter topic and queue after the prefix."""
    return f"{service}-dead-letters"


# Names the static modules derive from the name a root gives them (module, input) ->
# (kind, template); ``tests/unit/test_physical_names.py`` compares this with every
# module's main.tf, so a new suffix there must be added here.
FUNCTION_DERIVED = (("lambda_function", "{}"), ("iam_role", "{}"),
                    ("log_group", "/aws/lambda/{}"), ("alarm", "{}-errors"),
                    ("alarm", "{}-throttles"))
STATE_MACHINE_DERIVED = (("state_machine", "{}"), ("iam_role", "{}"),
                         ("log_group", "/aws/vendedlogs/states/{}"),
                         ("alarm", "{}-executions-failed"))
QUEUE_DERIVED = (("sqs_queue", "{}"), ("alarm", "{}-visible"))
MODULE_NAMES: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("lambda_function", "function_name"): FUNCTION_DERIVED,
    ("state_machine", "name"): STATE_MACHINE_DERIVED,
    ("failure_chain", "queue_name"): QUEUE_DERIVED,
    ("failure_chain", "topic_name"): (("sns_topic", "{}"),),
    ("work_queue", "queue_name"): (("sqs_queue", "{}"), ("sqs_queue", "{}.fifo"),
                                   ("sqs_queue", "{}-dlq"), ("sqs_queue", "{}-dlq.fifo"),
                                   ("alarm", "{}-dlq-visible")),
    ("storage_bucket", "bucket_name"): (("s3_bucket", "{}"),),
    ("dynamodb_table", "table_name"): (("dynamodb_table", "{}"),),
    ("upload_bucket", "bucket_name"): (("s3_bucket", "{}"),),
    ("static_site", "bucket_name"): (("s3_bucket", "{}"),),
    ("static_site", "name"): (("origin_access_control", "{}"),
                              ("cloudfront_policy", "{}-security-headers"),
                              ("cloudfront_policy", "{}-ssr"), ("lambda_function", "{}-ssr"),
                              ("iam_role", "{}-ssr"),
                              ("log_group", "/aws/lambda/us-east-1.{}-ssr")),
    ("event_bus", "name"): (("event_bus", "{}"), ("event_archive", "{}-archive")),
    ("event_rule", "name"): (("event_rule", "{}"),),
    ("http_api", "name"): (("api", "{}"), ("log_group", "/aws/apigateway/{}/access"),
                           ("alarm", "{}-5xx")),
    ("websocket_api", "name"): (("api", "{}"), ("iam_role", "{}-logs")),
    ("websocket_routes", "access_log_group_name"): (("log_group", "{}"),),
    ("user_pool", "name"): (("user_pool", "{}"),),
    ("user_pool", "client_name"): (("user_pool_client", "{}"),),
    ("alerts", "name"): (("sns_topic", "{}"),),
    ("dashboard", "dashboard_name"): (("dashboard", "{}"),),
}


@dataclass(frozen=True)
class Derived:
    """One physical name and the kind whose limit it must respect."""

    kind: str
    name: str

    @property
    def problem(self) -> str | None:
        """Why AWS refuses this name (None: it accepts it)."""
        k = KINDS[self.kind]
        if len(self.name) > k.limit:
            return (f"{k.aws} name '{self.name}' is {len(self.name)} characters; "
                    f"AWS allows {k.limit}")
        if not k.charset.fullmatch(self.name):
            return f"'{self.name}' is not a valid {k.aws} name"
        return None


def expand(templates: tuple[tuple[str, str], ...], name: str) -> Iterator[Derived]:
    """Every name a module derives from ``name`` (see ``*_DERIVED``)."""
    for kind, template in templates:
        yield Derived(kind, template.format(name))


def bucket(full: str) -> Derived:
    """An upload or site bucket: the prefixed name plus the account id."""
    return Derived("s3_bucket", f"{full}-{ACCOUNT_ID}")
