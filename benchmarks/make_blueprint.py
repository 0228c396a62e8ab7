"""Print a benchmark blueprint made of N copies of a three-service group.

Usage::

    python benchmarks/make_blueprint.py --groups 10 > /tmp/w30.yaml   # "W30"

One group (``g<k>-projects``, ``g<k>-users``, ``g<k>-campaigns``) has:

* 10 HTTP routes (``ROUTES``): GET/POST /g<k>/projects, GET/PUT/DELETE
  /g<k>/projects/{id}, POST /g<k>/users, GET/DELETE /g<k>/users/{id}, GET/POST
  /g<k>/campaigns; paths carry the group number so they stay unique across groups;
* 2 DynamoDB tables (``projects``, ``profiles``);
* 3 EventBridge subscriptions, one per service, in a ring
  (users -> projects -> campaigns -> users);
* 1 schedule (``nightlyDigest`` in campaigns).

The whole app has one WebSocket route set ($connect, $disconnect, message), owned by
``g1-campaigns``. N=1 is "W3" (3 services), N=10 "W30", N=100 "W300".

The text is built by hand (no YAML library), so the output is byte-identical for a given N.
"""

from __future__ import annotations

import argparse
import sys

APP = "bench"

# (method, path under /g<k>, handler, service, options) -- 10 routes per group.
ROUTES: tuple[tuple[str, str, str, str, str], ...] = (
    ("GET", "/projects", "listProjects", "projects", "auth: user, reads: [projects]"),
    ("POST", "/projects", "createProject", "projects",
     "auth: user, writes: [projects], publishes: [ProjectCreated]"),
    ("GET", "/projects/{id}", "getProject", "projects", "auth: user, reads: [projects]"),
    ("PUT", "/projects/{id}", "updateProject", "projects", "auth: user, writes: [projects]"),
    ("DELETE", "/projects/{id}", "deleteProject", "projects", "auth: admin, writes: [projects]"),
    ("POST", "/users", "createUser", "users",
     "auth: admin, writes: [profiles], publishes: [UserSignedUp]"),
    ("GET", "/users/{id}", "getUser", "users", "auth: user, reads: [profiles]"),
    ("DELETE", "/users/{id}", "deleteUser", "users", "auth: admin, writes: [profiles]"),
    ("GET", "/campaigns", "listCampaigns", "campaigns", "auth: user"),
    ("POST", "/campaigns", "createCampaign", "campaigns",
     "auth: admin, publishes: [CampaignSent]"),
)

HEADER = """\
# Benchmark blueprint: {groups} group(s) of 3 services (made by benchmarks/make_blueprint.py).
blueprint: 1
name: {app}
region: eu-west-1
description: scaffold benchmark workload, {groups} group(s) of three services

stages:
  dev: {{}}
  prod: {{memory: 512, log_retention_days: 90}}

defaults:
  runtime: nodejs22.x
  memory: 256
  timeout: 10
  architecture: arm64
  log_retention_days: 14
  tracing: true

api:
  cors_origins: [https://app.bench.example]

auth:
  groups: [admin]

services:
"""


def _routes(group: int, service: str) -> list[str]:
    return [f"      {method} /g{group}{path}: {{handler: {handler}, {options}}}"
            for method, path, handler, owner, options in ROUTES if owner == service]


def group_yaml(group: int) -> str:
    """The three services of group ``group`` (1-based) as YAML lines under ``services:``."""
    g = f"g{group}"
    lines = [
        f"  {g}-projects:",
        f"    description: Projects of group {group}",
        "    tables:",
        "      projects: {key: id, indexes: {byOwner: {key: ownerId, sort: createdAt}}}",
        "    events:",
        "      ProjectCreated: {projectId: string, ownerId: string, name: string}",
        "    routes:",
        *_routes(group, "projects"),
        "    subscribes:",
        f"      onUserSignedUp: {{event: {g}-users.UserSignedUp, writes: [projects]}}",
        "",
        f"  {g}-users:",
        f"    description: Users of group {group}",
        "    runtime: python3.13",
        "    tables:",
        "      profiles: {key: userId}",
        "    events:",
        "      UserSignedUp: {userId: string, email: string}",
        "    routes:",
        *_routes(group, "users"),
        "    subscribes:",
        f"      onCampaignSent: {{event: {g}-campaigns.CampaignSent, writes: [profiles]}}",
        "",
        f"  {g}-campaigns:",
        f"    description: Campaigns of group {group}",
        "    events:",
        "      CampaignSent: {campaignId: string, projectId: string}",
        "    routes:",
        *_routes(group, "campaigns"),
        "    subscribes:",
        f"      onProjectCreated: {{event: {g}-projects.ProjectCreated}}",
        "    schedules:",
        "      nightlyDigest: {schedule: rate(1 day), publishes: [CampaignSent]}",
    ]
    if group == 1:
        lines += [
            "    websocket:",
            "      $connect: onConnect",
            "      $disconnect: onDisconnect",
            "      message: onMessage",
        ]
    return "\n".join(lines) + "\n"


def make_blueprint(groups: int) -> str:
    """The whole blueprint text for ``groups`` copies of the group (``groups`` >= 1)."""
    if groups < 1:
        raise ValueError("groups must be at least 1")
    body = "\n".join(group_yaml(k) for k in range(1, groups + 1))
    return HEADER.format(groups=groups, app=APP) + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", "-n", type=int, default=1,
                        help="copies of the 3-service group (1 = W3, 10 = W30, 100 = W300)")
    args = parser.parse_args(argv)
    if args.groups < 1:
        parser.error("--groups must be at least 1")
    sys.stdout.write(make_blueprint(args.groups))
    return 0


if __name__ == "__main__":
    sys.exit(main())
