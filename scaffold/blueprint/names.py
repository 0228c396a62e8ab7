"""Name kinds of the blueprint: one pattern and length limit each, and name conversions.

Shared by validation (what may be written) and planning (what AWS names become).
"""

from __future__ import annotations

import keyword
import re
import sys

from scaffold.errors import one_line

# App, service, stage, table, bucket, secret names end up inside AWS physical names
# ``{app}-{stage}-{service}-{name}``, S3 bucket names and folder names, so they are
# lowercase kebab-case: no ``/``, no ``..``, nothing a path or HCL could interpret.
APP = re.compile(r"^[a-z][a-z0-9-]{0,19}$")
STAGE = re.compile(r"^[a-z][a-z0-9]{0,9}$")
SERVICE = re.compile(r"^[a-z][a-z0-9-]{0,29}$")
RESOURCE = re.compile(r"^[a-z][a-z0-9-]{0,39}$")  # tables, buckets, secrets, workflows
# Handlers and events are code identifiers (camelCase / PascalCase) in TS and Python.
HANDLER = re.compile(r"^[a-z][a-zA-Z0-9]{0,47}$")
EVENT = re.compile(r"^[A-Z][a-zA-Z0-9]{0,63}$")
ATTRIBUTE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,254}$")
GROUP = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
INDEX = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{2,254}$")  # DynamoDB: 3-255 of [A-Za-z0-9_.-]

KINDS: dict[str, tuple[re.Pattern[str], str]] = {
    "app": (APP, "lowercase letters, digits and '-', starting with a letter, at most 20"),
    "stage": (STAGE, "lowercase letters and digits, starting with a letter, at most 10"),
    "service": (SERVICE, "lowercase letters, digits and '-', starting with a letter, at most 30"),
    "resource": (RESOURCE, "lowercase letters, digits and '-', starting with a letter, "
                 "at most 40"),
    "handler": (HANDLER, "a camelCase identifier (letters and digits, starting with a "
                "lowercase letter), at most 48"),
    "event": (EVENT, "a PascalCase identifier (letters and digits, starting with an "
              "uppercase letter), at most 64"),
    "attribute": (ATTRIBUTE, "letters, digits, '_', '.', '-', starting with a letter or '_'"),
    "group": (GROUP, "letters, digits, '_' and '-', at most 128"),
    "index": (INDEX, "letters, digits, '_' and '-', starting with a letter, 3 to 255"),
}

EXAMPLES: dict[str, str] = {
    "app": "acme", "stage": "dev", "service": "user-admin", "resource": "projects",
    "handler": "listProjects", "event": "ProjectCreated", "attribute": "ownerId",
    "group": "admin", "index": "byOwner",
}


def name_hint(value: str, kind: str) -> str:
    """What to write instead of a bad name of ``kind``."""
    if any(not c.isprintable() for c in value):
        return "remove the line break or control character (a quoted YAML string keeps it)"
    return f"for example '{EXAMPLES[kind]}'"


# AWS limits on physical names (https://docs.aws.amazon.com/general/latest/gr/aws-service-information.html)
LAMBDA_NAME_MAX = 64
IAM_ROLE_MAX = 64
BUCKET_MAX = 63
ACCOUNT_SUFFIX = 13  # "-" + 12-digit account id appended to bucket names for global uniqueness
TABLE_MAX = 255
LOG_GROUP_MAX = 512
STATE_MACHINE_MAX = 80
RULE_MAX = 64
QUEUE_MAX = 80

WIRING_ENV = frozenset({
    "APP_NAME", "APP_STAGE", "SERVICE_NAME", "EVENT_BUS_NAME", "EVENT_SOURCE",
    "CONNECTIONS_TABLE", "WEBSOCKET_ENDPOINT", "UPLOAD_BUCKET", "UPLOAD_PREFIX",
    "UPLOAD_MAX_BYTES", "UPLOAD_CONTENT_TYPES", "USER_POOL_ID", "USER_POOL_CLIENT_ID",
    "API_URL", "TASK_TOKENS_TABLE", "SUBSCRIPTIONS_TABLE",
})
"""Environment variables scaffold sets to wire a function to its resources (the names of
``plan/contract.py``; a test keeps both in step). A user value would cut the wiring."""
WIRING_ENV_PREFIXES = ("TABLE_", "SECRET_", "WORKFLOW_", "BUCKET_", "QUEUE_")
"""Prefixes of the per-table, -secret, -workflow, -bucket and -queue wiring variables."""

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def explain_bad_name(value: str, kind: str, label: str | None = None) -> str:
    """Say why ``value`` is not a valid name of ``kind`` (path escapes get their own words).

    ``label`` names the thing in the message when it differs from the kind
    (a ``table`` is a ``resource`` name).
    """
    pattern = KINDS[kind][0].pattern
    rule = KINDS[kind][1]
    kind = label or kind
    article = "an" if kind[0] in "aeiou" else "a"
    if "/" in value or "\\" in value or ".." in value or value.startswith("~"):
        return (f"{shown(value)} could escape the output folder; {article} {kind} name "
                "becomes part of file paths and must not contain '/', '\\' or '..'")
    bounds = re.search(r"\{(\d+),(\d+)\}\$$", pattern)
    # right characters, too long
    if bounds and re.fullmatch(pattern[: bounds.start()] + "*$", value):
        fixed = 1 if pattern.count("[") > 1 else 0  # a first-character class before the run
        longest = int(bounds.group(2)) + fixed
        if len(value) > longest:
            return (f"{shown(value)} is {len(value)} characters long; {article} {kind} name has "
                    f"at most {longest}")
    return f"{shown(value)} is not a valid {kind} name: use {rule} characters"


def kebab(name: str) -> str:
    """``listProjects`` -> ``list-projects``; kebab input is returned unchanged."""
    return _CAMEL_BOUNDARY.sub("-", name).replace("_", "-").lower()


def snake(name: str) -> str:
    """``listProjects`` / ``list-projects`` -> ``list_projects`` (Terraform and Python ids)."""
    return kebab(name).replace("-", "_")


def pascal(name: str) -> str:
    """``list-projects`` / ``listProjects`` -> ``ListProjects``."""
    return "".join(part[:1].upper() + part[1:] for part in kebab(name).split("-"))


# Words a Python module name cannot be, on every Python scaffold supports (3.12 made
# ``type`` a soft keyword; 3.11's keyword module does not list it).
PYTHON_RESERVED = frozenset({*keyword.kwlist, *keyword.softkwlist, "_", "case", "match", "type"})
# Top-level packages a Python service's own package would shadow in its Lambda and tests.
PYTHON_TAKEN = frozenset({"boto3", "botocore", "aws_lambda_powertools", "tests", "moto"})


def python_module_problem(module: str) -> str | None:
    """Why ``module`` cannot be a handler module of a Python service (None: it can)."""
    if module in PYTHON_RESERVED:
        return f"'{module}' is a Python keyword"
    return None


def python_package_problem(package: str) -> str | None:
    """Why ``package`` cannot be the top-level package of a Python service (None: it can)."""
    if package in PYTHON_RESERVED:
        return f"'{package}' is a Python keyword"
    if package in sys.stdlib_module_names:
        return f"'{package}' is a module of the Python standard library"
    if package in PYTHON_TAKEN:
        return f"'{package}' is taken by a package every Python service uses"
    return None


def shown(value: str) -> str:
    """``value`` quoted for a message, with control characters written as escapes."""
    return "'" + one_line(value) + "'"
