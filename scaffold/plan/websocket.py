"""Plan stage: what each function may do with the WebSocket tables, from its role in the flow.

One answer feeds the IAM statements, the environment and the diagram arrows of a function
(:func:`table_access` and :func:`statements` read the same :func:`roles`), so the three
cannot disagree. A message route that neither pushes nor subscribes touches no table.
"""

from __future__ import annotations

from typing import Literal

from scaffold.blueprint import model
from scaffold.blueprint.functions import FunctionUse
from scaffold.blueprint.topics import has_topics
from scaffold.plan import contract
from scaffold.plan.ir import Ref, Statement

Role = Literal["connect", "disconnect", "subscribe", "push"]
Verb = Literal["reads", "writes"]


def roles(use: FunctionUse, opts: model.FunctionOptions) -> tuple[Role, ...]:
    """The parts a function plays: track connections, subscribe them to topics, push."""
    out: list[Role] = []
    if use.trigger == "websocket":
        if use.key == "$connect":
            out.append("connect")
        elif use.key == "$disconnect":
            out.append("disconnect")
        elif isinstance(use.spec, model.WebsocketRouteSpec) and use.spec.topics:
            out.append("subscribe")
    if opts.push:
        out.append("push")
    return tuple(out)


def table_access(use: FunctionUse, opts: model.FunctionOptions,
                 svc: model.ServiceSpec) -> dict[str, Verb]:
    """WebSocket table -> reads / writes, for this function (empty: it touches none)."""
    topics = has_topics(svc)
    access: dict[str, Verb] = {}

    def grant(table: str, verb: Verb) -> None:
        if access.get(table) != "writes":
            access[table] = verb

    for role in roles(use, opts):
        if role in ("connect", "disconnect", "subscribe"):
            grant(contract.CONNECTIONS_TABLE, "writes")
        if topics and role in ("disconnect", "subscribe"):
            grant(contract.SUBSCRIPTIONS_TABLE, "writes")
        if role == "push":
            grant(contract.CONNECTIONS_TABLE, "reads")
            if topics:
                grant(contract.SUBSCRIPTIONS_TABLE, "reads")
    return access


def statements(use: FunctionUse, opts: model.FunctionOptions,
               svc: model.ServiceSpec) -> list[Statement]:
    """The IAM statements of :func:`roles`, each on the one table (or index) it needs."""
    connections = Ref("table", contract.CONNECTIONS_TABLE, "arn")
    subscriptions = Ref("table", contract.SUBSCRIPTIONS_TABLE, "arn")
    topics = has_topics(svc)
    out: list[Statement] = []
    for role in roles(use, opts):
        if role == "connect":
            out.append(Statement("TrackConnections", ("dynamodb:PutItem",), (connections,)))
        elif role == "disconnect":
            # Deleting returns the item (ALL_OLD): its topics name the subscriptions to delete.
            out.append(Statement("TrackConnections", ("dynamodb:DeleteItem",), (connections,)))
            if topics:
                out.append(Statement("ForgetSubscriptions", ("dynamodb:DeleteItem",),
                                     (subscriptions,)))
        elif role == "subscribe":
            # ADD to the connection's topics set (only while it exists, ALL_NEW returns its
            # user and expiry), then put or delete the (topic, connection) item.
            out.append(Statement("AddConnectionTopics", ("dynamodb:UpdateItem",),
                                 (connections,)))
            out.append(Statement("WriteSubscriptions", ("dynamodb:DeleteItem",
                                                        "dynamodb:PutItem"), (subscriptions,)))
        else:
            out.append(Statement("PushToConnections", ("execute-api:ManageConnections",),
                                 (Ref("websocket", "connections", "arn"),)))
            # pushToUser Queries the user index; broadcast Scans the table; a gone (410)
            # connection is deleted.
            out.append(Statement("QueryConnectionsByUser", ("dynamodb:Query",), (Ref(
                "table", contract.CONNECTIONS_TABLE, "arn",
                f"/index/{contract.CONNECTIONS_USER_INDEX}"),)))
            out.append(Statement("ScanConnections", ("dynamodb:Scan",), (connections,)))
            out.append(Statement("ForgetGoneConnections", ("dynamodb:DeleteItem",),
                                 (connections,)))
            if topics:
                # pushToTopic Queries one topic; a gone connection's subscriptions are deleted.
                out.append(Statement("QuerySubscriptions", ("dynamodb:Query",),
                                     (subscriptions,)))
                out.append(Statement("ForgetGoneSubscriptions", ("dynamodb:DeleteItem",),
                                     (subscriptions,)))
    return out


def subscriptions_table() -> tuple[str, tuple[str, str], tuple[str, str], str]:
    """Name, hash key, sort key and TTL attribute of the subscriptions table."""
    return (contract.SUBSCRIPTIONS_TABLE, (contract.SUBSCRIPTIONS_KEY, "S"),
            (contract.SUBSCRIPTIONS_SORT, "S"), contract.CONNECTIONS_TTL)
