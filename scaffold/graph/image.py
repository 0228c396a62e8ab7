"""Graph -> SVG or PNG with AWS icons, through the optional ``diagrams`` package and Graphviz.

``diagrams`` (``pip install 'scaffold-serverless[graph]'``) lays the picture out with
Graphviz's ``dot`` (a system package). Both are imported or looked up only here, only when
an image is asked for; when one is missing, :class:`GraphToolsMissingError` says exactly
what to install.
"""

from __future__ import annotations

import base64
import importlib
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from scaffold.errors import ScaffoldError
from scaffold.graph.model import Graph, Node, NodeKind

FORMATS: tuple[str, ...] = ("svg", "png")

INSTALL_HINT = ("install both: `pip install 'scaffold-serverless[graph]'` (the `diagrams` "
                "package) and the Graphviz system package that provides `dot` "
                "(Debian/Ubuntu: `apt-get install graphviz`, macOS: `brew install graphviz`); "
                "or use `--format mermaid`, which needs nothing")

# kind -> (module, class) of the diagrams icon.
_ICONS: dict[NodeKind, tuple[str, str]] = {
    "client": ("diagrams.onprem.client", "Users"),
    "cdn": ("diagrams.aws.network", "CloudFront"),
    "site": ("diagrams.aws.storage", "S3"),
    "ssr": ("diagrams.aws.compute", "Lambda"),
    "user_pool": ("diagrams.aws.security", "Cognito"),
    "http_api": ("diagrams.aws.network", "APIGateway"),
    "websocket_api": ("diagrams.aws.network", "APIGateway"),
    "event_bus": ("diagrams.aws.integration", "Eventbridge"),
    "alerts": ("diagrams.aws.integration", "SNS"),
    "function": ("diagrams.aws.compute", "Lambda"),
    "table": ("diagrams.aws.database", "Dynamodb"),
    "bucket": ("diagrams.aws.storage", "S3"),
    "workflow": ("diagrams.aws.integration", "StepFunctions"),
    "schedule": ("diagrams.aws.integration", "Eventbridge"),
    "dead_letter_topic": ("diagrams.aws.integration", "SNS"),
    "dead_letter_queue": ("diagrams.aws.integration", "SQS"),
    "queue": ("diagrams.aws.integration", "SQS"),
    "external": ("diagrams.aws.general", "General"),
    "secret": ("diagrams.aws.management", "SystemsManagerParameterStore"),
}

_GRAPH_ATTRS = {
    "pad": "0.4", "splines": "spline", "nodesep": "0.35", "ranksep": "1.1",
    "fontsize": "20", "labelloc": "t", "newrank": "true",
}
_CLUSTER_ATTRS = {"fontsize": "15", "margin": "18"}
_ICON_HEIGHT = 1.9  # diagrams' icon node height (inches) for a one-line label
_LINE_HEIGHT = 0.4
_HREF = re.compile(r'xlink:href="([^"]+\.png)"')


class GraphToolsMissingError(ScaffoldError):
    """``diagrams`` or Graphviz ``dot`` is not installed."""


def require_tools() -> None:
    """Check that ``diagrams`` imports and ``dot`` is on ``PATH``.

    Raises:
        GraphToolsMissingError: naming what is missing and how to install it.
    """
    missing = []
    try:
        importlib.import_module("diagrams")
    except ImportError:
        missing.append("the Python package `diagrams`")
    if shutil.which("dot") is None:
        missing.append("Graphviz (`dot` is not on PATH)")
    if missing:
        raise GraphToolsMissingError(
            "drawing SVG or PNG needs " + " and ".join(missing), hint=INSTALL_HINT)


def dot_text(lines: tuple[str, ...], left: bool = False) -> Any:
    """A Graphviz label: backslashes doubled, lines joined with ``\\n``, never HTML.

    Args:
        lines: the label's lines, plain text.
        left: left-justify every line (``\\l``), as cluster titles are.

    Returns:
        A ``graphviz.nohtml`` string (the ``graphviz`` package quotes ``"`` itself).
    """
    nohtml = importlib.import_module("graphviz").nohtml

    clean = ("".join(ch if ch.isprintable() else " " for ch in line) for line in lines)
    escaped = [line.replace("\\", "\\\\") for line in clean]
    return nohtml("".join(f"{line}\\l" for line in escaped) if left else "\\n".join(escaped))


def render_image(graph: Graph, fmt: str) -> bytes:
    """Draw ``graph`` with AWS icons, one cluster per service, left to right.

    Args:
        graph: the architecture graph.
        fmt: ``svg`` or ``png``.

    Returns:
        The image bytes; an SVG carries its icons inline (``data:`` URIs), so the file
        stands alone.

    Raises:
        GraphToolsMissingError: ``diagrams`` or ``dot`` is missing.
        ValueError: ``fmt`` is not a supported format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unsupported image format {fmt!r}; use one of {', '.join(FORMATS)}")
    require_tools()
    diagrams = importlib.import_module("diagrams")
    Cluster, Diagram, Edge = diagrams.Cluster, diagrams.Diagram, diagrams.Edge

    with tempfile.TemporaryDirectory(prefix="scaffold-graph-") as tmp:
        target = Path(tmp) / "architecture"
        with Diagram(dot_text((f"{graph.title}: architecture",)), filename=str(target),
                     outformat=fmt, show=False, direction="LR", graph_attr=_GRAPH_ATTRS):
            made: dict[str, Any] = {}
            for node in graph.nodes_of(None):
                made[node.id] = _node(node)
            for cluster in graph.clusters:
                with Cluster(cluster.id, graph_attr={**_CLUSTER_ATTRS,
                                                     "label": dot_text(cluster.lines, True)}):
                    for node in graph.nodes_of(cluster.id):
                        made[node.id] = _node(node)
            for edge in graph.edges:
                made[edge.source] >> Edge(label=dot_text((edge.label,))) >> made[edge.target]
        data = target.with_name(f"{target.name}.{fmt}").read_bytes()
    return _inline_icons(data) if fmt == "svg" else data


def _node(node: Node) -> Any:
    """One diagrams node (inside the current cluster context); taller per extra label line."""
    module, name = _ICONS[node.kind]
    icon = getattr(importlib.import_module(module), name)
    height = _ICON_HEIGHT + _LINE_HEIGHT * (len(node.lines) - 1)
    return icon(dot_text(node.lines), nodeid=node.id, height=f"{height:.1f}")


def _inline_icons(svg: bytes) -> bytes:
    """Replace the icon file paths Graphviz wrote into the SVG by ``data:`` URIs."""
    cache: dict[str, str] = {}

    def inline(match: re.Match[str]) -> str:
        path = match.group(1)
        if path not in cache:
            file = Path(path)
            cache[path] = ("data:image/png;base64," + base64.b64encode(file.read_bytes())
                           .decode("ascii")) if file.is_file() else path
        return f'xlink:href="{cache[path]}"'

    return _HREF.sub(inline, svg.decode("utf-8")).encode("utf-8")
