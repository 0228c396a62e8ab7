"""Graph -> Mermaid ``flowchart LR`` text (renders on GitHub and GitLab, no dependency).

Node ids come from :func:`scaffold.graph.model.node_id` (safe by construction); every
label is escaped with Mermaid entity codes, so no blueprint text can end a label, open a
new statement or inject HTML.
"""

from __future__ import annotations

from scaffold.graph.model import Graph, Node, NodeKind

_SAFE_PUNCTUATION = frozenset(" _.,:/@+=*?!'-$~^")

# (open, close) of the node shape; every label sits between double quotes inside.
_SHAPES: dict[NodeKind, tuple[str, str]] = {
    "client": ("([", "])"),
    "cdn": ("[", "]"),
    "site": ("[(", ")]"),
    "ssr": ("[", "]"),
    "user_pool": ("[", "]"),
    "http_api": ("[", "]"),
    "websocket_api": ("[", "]"),
    "event_bus": ("{{", "}}"),
    "alerts": (">", "]"),
    "function": ("[", "]"),
    "table": ("[(", ")]"),
    "bucket": ("[(", ")]"),
    "workflow": ("[[", "]]"),
    "schedule": ("([", "])"),
    "dead_letter_topic": (">", "]"),
    "dead_letter_queue": (">", "]"),
    "queue": (">", "]"),
    "external": ("[/", "/]"),
    "secret": ("[/", "\\]"),
}

# AWS architecture-icon category colours.
_CLASSES: dict[str, str] = {
    "compute": "fill:#ED7100,stroke:#9D4B00,color:#fff",
    "database": "fill:#C925D1,stroke:#7D1782,color:#fff",
    "storage": "fill:#7AA116,stroke:#4D660E,color:#fff",
    "integration": "fill:#E7157B,stroke:#930D4E,color:#fff",
    "network": "fill:#8C4FFF,stroke:#5A33A3,color:#fff",
    "security": "fill:#DD344C,stroke:#8E2131,color:#fff",
    "client": "fill:#232F3E,stroke:#000,color:#fff",
    "external": "fill:#fff,stroke:#232F3E,color:#232F3E,stroke-dasharray:5 5",
}
_CLASS_OF: dict[NodeKind, str] = {
    "client": "client", "cdn": "network", "site": "storage", "ssr": "compute",
    "user_pool": "security", "http_api": "network", "websocket_api": "network",
    "event_bus": "integration", "alerts": "integration", "function": "compute",
    "table": "database", "bucket": "storage", "workflow": "integration",
    "schedule": "integration", "dead_letter_topic": "integration",
    "dead_letter_queue": "integration", "queue": "integration", "external": "external",
    "secret": "security",
}


def escape(text: str) -> str:
    """Escape one line of label text for Mermaid.

    Letters, digits, spaces and harmless punctuation stay; ``"`` becomes ``#quot;`` and
    every other character (``#``, ``<``, ``>``, ``&``, brackets, braces, parentheses,
    ``|``, ``;``, ``%``, backticks, ...) its decimal entity ``#NN;``. Control characters
    become spaces. The result is safe both inside ``["..."]`` and between edge pipes.

    Args:
        text: plain text.

    Returns:
        The escaped text.
    """
    out: list[str] = []
    for ch in text:
        if ch.isalnum() or ch in _SAFE_PUNCTUATION:
            out.append(ch)
        elif ch == '"':
            out.append("#quot;")
        elif not ch.isprintable():
            out.append(" ")
        else:
            out.append(f"#{ord(ch)};")
    return "".join(out)


def label(lines: tuple[str, ...]) -> str:
    """A quoted Mermaid label: escaped lines joined by ``<br>``."""
    return '"' + "<br>".join(escape(line) for line in lines) + '"'


def _node(node: Node) -> str:
    opening, closing = _SHAPES[node.kind]
    return f"{node.id}{opening}{label(node.lines)}{closing}:::{_CLASS_OF[node.kind]}"


def to_mermaid(graph: Graph) -> str:
    """Render ``graph`` as a Mermaid flowchart (left to right), newline-terminated.

    Platform nodes come first, then one ``subgraph`` per cluster, then the arrows
    ``A -->|label| B``, then the class definitions; the order is the graph's order, so
    the text is deterministic.

    Args:
        graph: the architecture graph.

    Returns:
        The Mermaid text.
    """
    lines = ["flowchart LR"]
    lines += [f"  {_node(n)}" for n in graph.nodes_of(None)]
    for cluster in graph.clusters:
        lines.append(f"  subgraph {cluster.id}[{label(cluster.lines)}]")
        lines += [f"    {_node(n)}" for n in graph.nodes_of(cluster.id)]
        lines.append("  end")
    lines += [f"  {e.source} -->|{escape(e.label)}| {e.target}" for e in graph.edges]
    used = {_CLASS_OF[n.kind] for n in graph.nodes}
    lines += [f"  classDef {name} {style}" for name, style in _CLASSES.items() if name in used]
    return "\n".join(lines) + "\n"
