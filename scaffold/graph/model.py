"""The architecture graph: nodes, clusters and labelled edges, independent of any drawing tool.

Built from a build plan by :mod:`scaffold.graph.build`; drawn as Mermaid text by
:mod:`scaffold.graph.mermaid` or as SVG/PNG with AWS icons by :mod:`scaffold.graph.image`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

NodeKind = Literal[
    "client", "cdn", "site", "ssr", "user_pool", "http_api", "websocket_api", "event_bus",
    "alerts", "function", "table", "bucket", "workflow", "schedule", "dead_letter_topic",
    "dead_letter_queue", "queue", "external", "secret",
]

_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


@dataclass(frozen=True)
class Node:
    """One building block.

    Attributes:
        id: A safe identifier (``[A-Za-z][A-Za-z0-9_]*``), derived, never raw text.
        lines: The label, one entry per line, as plain unescaped text.
        kind: What AWS building block it is (decides icon, shape and colour).
        cluster: The id of the cluster it belongs to, or ``None`` for the platform.
    """

    id: str
    lines: tuple[str, ...]
    kind: NodeKind
    cluster: str | None = None


@dataclass(frozen=True)
class Edge:
    """An arrow ``source -> target`` with a short label (plain unescaped text)."""

    source: str
    target: str
    label: str


@dataclass(frozen=True)
class Cluster:
    """A group of nodes: the frontend, or one microservice (``service`` set)."""

    id: str
    lines: tuple[str, ...]
    service: str | None = None


@dataclass(frozen=True)
class Graph:
    """The architecture of one blueprint, in a deterministic order."""

    title: str
    clusters: tuple[Cluster, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def nodes_of(self, cluster: str | None) -> list[Node]:
        """The nodes of cluster ``cluster`` (``None``: the nodes outside every cluster)."""
        return list(self._by_cluster.get(cluster, ()))

    @cached_property
    def _by_cluster(self) -> dict[str | None, list[Node]]:
        """Nodes grouped by cluster once, in graph order (drawing asks for every cluster)."""
        groups: dict[str | None, list[Node]] = {}
        for n in self.nodes:
            groups.setdefault(n.cluster, []).append(n)
        return groups


def node_id(prefix: str, *parts: str) -> str:
    """A safe identifier from name parts.

    ``node_id("fn", "projects", "listProjects")`` is ``fn_projects__listProjects``.
    Characters other than ASCII letters, digits and ``_`` become ``_``, so the result is
    valid in Mermaid and Graphviz whatever the parts hold.

    Args:
        prefix: the kind prefix, a lowercase word (never ``o`` or ``x`` first: Mermaid
            reads ``--o`` and ``--x`` as arrow heads).
        parts: the names.

    Returns:
        The identifier.
    """
    return "_".join([prefix, "__".join(_UNSAFE.sub("_", part) for part in parts)]) \
        if parts else prefix
