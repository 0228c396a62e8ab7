"""``scaffold graph``: the architecture picture of a blueprint.

Public API:

- :func:`build_graph` — build plan -> :class:`Graph` (optionally one service only);
- :func:`to_mermaid` / :func:`mermaid` — Mermaid ``flowchart LR`` text;
- :func:`render_image` — SVG or PNG bytes with AWS icons (needs the optional ``diagrams``
  package and Graphviz ``dot``; raises :class:`GraphToolsMissingError` otherwise).

Only the light modules are imported here; the image renderer loads ``diagrams`` lazily.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scaffold.graph.build import UnknownServiceError, build_graph, only_service
from scaffold.graph.image import GraphToolsMissingError, render_image
from scaffold.graph.mermaid import to_mermaid
from scaffold.graph.model import Cluster, Edge, Graph, Node, node_id

if TYPE_CHECKING:
    from scaffold.plan.ir import BuildPlan

__all__ = [
    "Cluster", "Edge", "Graph", "GraphToolsMissingError", "Node", "UnknownServiceError",
    "build_graph", "mermaid", "node_id", "only_service", "render_image", "to_mermaid",
]


def mermaid(plan: BuildPlan, service: str | None = None) -> str:
    """The Mermaid flowchart of a build plan.

    Args:
        plan: the build plan of a validated blueprint.
        service: limit the drawing to this service and the platform parts it touches.

    Returns:
        Mermaid text, newline-terminated, deterministic.
    """
    return to_mermaid(build_graph(plan, service=service))
