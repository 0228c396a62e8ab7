"""`scaffold graph` as a library: the architecture graph, its Mermaid text, images and docs.

The Mermaid text is checked by a structural parser (every line is a known statement, ids
are safe and defined, subgraphs balance, labels hold only escaped text); when the Mermaid
CLI is available it also renders the text. SVG/PNG tests need `diagrams` and Graphviz:
they skip without them, or fail when ``SCAFFOLD_REQUIRE_GRAPHVIZ=1``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from scaffold.blueprint import model
from scaffold.blueprint.functions import iter_functions
from scaffold.blueprint.load import load_blueprint, load_text
from scaffold.blueprint.validate import validate
from scaffold.graph import (
    GraphToolsMissingError,
    UnknownServiceError,
    build_graph,
    mermaid,
    node_id,
    render_image,
)
from scaffold.graph.image import require_tools
from scaffold.graph.mermaid import escape
from scaffold.plan.build import build_plan
from scaffold.project.rendering import render
from scaffold.render.docs import MARKER, PATH, emit_docs, md

REPO = Path(__file__).resolve().parents[2]
WEBAPP = REPO / "blueprints" / "webapp.yaml"
HOSTILE_TEXT = ('"]) --> pwn; %% <script>alert(1)</script> #35; | `x` {y} [z] & end'
                '\nsubgraph x\\n\u202e')
HOSTILE = f"""
blueprint: 1
name: evil
region: eu-west-1
description: {json.dumps(HOSTILE_TEXT)}
services:
  greeter:
    description: {json.dumps(HOSTILE_TEXT)}
    routes:
      GET /hello: {{handler: sayHello, auth: public}}
"""


@pytest.fixture(scope="module")
def webapp() -> model.Blueprint:
    return validate(load_blueprint(WEBAPP))


@pytest.fixture(scope="module")
def hostile() -> model.Blueprint:
    return validate(load_text(HOSTILE))


# --- a structural parser of the Mermaid subset scaffold writes -------------------------------

ID = r"[A-Za-z][A-Za-z0-9_]*"
LABEL = r'(?:[^"#<>&]|#quot;|#\d+;|<br>)*'
SHAPES = [('(["', '"])'), ('[("', '")]'), ('[["', '"]]'), ('{{"', '"}}'), ('>"', '"]'),
          ('["', '"]'), ('(("', '"))'), ('[/"', '"/]'), ('[/"', '"\\]')]  # ..., trapezoid: secrets
NODE_RES = [re.compile(rf"^(?P<id>{ID}){re.escape(o)}(?P<label>{LABEL}){re.escape(c)}"
                       rf"(?::::(?P<cls>{ID}))?$") for o, c in SHAPES]
SUBGRAPH_RE = re.compile(rf'^subgraph (?P<id>{ID})\["(?P<label>{LABEL})"\]$')
EDGE_RE = re.compile(rf"^(?P<src>{ID}) -->\|(?P<label>{LABEL})\| (?P<dst>{ID})$")
STYLE = r"[a-z-]+:[#A-Za-z0-9]+"
CLASSDEF_RE = re.compile(rf"^classDef (?P<id>{ID}) {STYLE}(?:,{STYLE})*$")
RESERVED = {"end", "subgraph", "graph", "flowchart", "style", "class", "classDef", "click",
            "linkStyle", "direction", "default"}


def decode(label: str) -> str:
    """Mermaid label text -> what a reader sees (line breaks as newlines)."""
    text = label.replace("<br>", "\n").replace("#quot;", '"')
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), text)


@dataclass
class Parsed:
    nodes: dict[str, str] = field(default_factory=dict)  # id -> decoded label
    node_cluster: dict[str, str | None] = field(default_factory=dict)
    subgraphs: dict[str, str] = field(default_factory=dict)
    edges: list[tuple[str, str, str]] = field(default_factory=list)  # (src, label, dst)

    def labels(self) -> str:
        return "\n".join([*self.nodes.values(), *self.subgraphs.values(),
                          *(label for _, label, _ in self.edges)])


def parse(text: str) -> Parsed:
    """Check every line of ``text`` against the statement forms scaffold writes."""
    assert text.endswith("\n") and not text.endswith("\n\n")
    lines = text.splitlines()
    assert lines[0] == "flowchart LR", lines[0]
    parsed, stack, classes, used_classes = Parsed(), [], set(), set()
    for number, raw in enumerate(lines[1:], start=2):
        line = raw.strip()
        where = f"line {number}: {raw!r}"
        assert line and raw == raw.rstrip(), where
        if line == "end":
            assert stack, f"unbalanced end at {where}"
            stack.pop()
            continue
        if m := SUBGRAPH_RE.match(line):
            assert m["id"] not in parsed.subgraphs and m["id"] not in parsed.nodes, where
            assert m["id"] not in RESERVED, where
            parsed.subgraphs[m["id"]] = decode(m["label"])
            stack.append(m["id"])
            continue
        if m := EDGE_RE.match(line):
            parsed.edges.append((m["src"], decode(m["label"]), m["dst"]))
            continue
        if m := CLASSDEF_RE.match(line):
            classes.add(m["id"])
            continue
        match = next((m for r in NODE_RES if (m := r.match(line))), None)
        assert match, f"not a known statement at {where}"
        assert match["id"] not in parsed.nodes and match["id"] not in RESERVED, where
        parsed.nodes[match["id"]] = decode(match["label"])
        parsed.node_cluster[match["id"]] = stack[-1] if stack else None
        if match["cls"]:
            used_classes.add(match["cls"])
    assert not stack, f"subgraph {stack[-1]} is not closed"
    assert used_classes <= classes, used_classes - classes
    for src, label, dst in parsed.edges:
        assert src in parsed.nodes, f"edge from undefined node {src} ({label})"
        assert dst in parsed.nodes, f"edge to undefined node {dst} ({label})"
        assert label.strip(), f"unlabelled edge {src} -> {dst}"
    return parsed


# --- what the picture must show ---------------------------------------------------------------

def test_webapp_names_every_part_of_the_blueprint(webapp: model.Blueprint) -> None:
    parsed = parse(mermaid(build_plan(webapp)))
    nodes = set(parsed.nodes.values())
    words = {w for label in parsed.nodes.values() for w in label.splitlines()}
    edge_labels = [label for _, label, _ in parsed.edges]
    for name, svc in webapp.services.items():
        assert any(label.startswith(f"{name} service") for label in parsed.subgraphs.values())
        for use in iter_functions(name, svc):
            assert use.handler in words, f"function {use.handler} of {name} not drawn"
        for table in svc.tables:
            assert table in words, f"table {table} of {name} not drawn"
        for event in svc.events:
            assert f"publishes {event}" in edge_labels, f"nobody publishes {event}"
        for handler, sub in svc.subscribes.items():
            event = sub.event.split(".")[1]
            assert any(label == event and parsed.nodes[dst] == handler
                       for _, label, dst in parsed.edges), f"{event} -> {handler}"
        for workflow in svc.workflows:
            assert workflow in words, f"workflow {workflow} not drawn"
        for bucket in svc.uploads:
            assert bucket in words
    assert any("CloudFront" in n for n in nodes)
    assert any("Cognito user pool" in n for n in nodes)
    assert any("HTTP API" in n for n in nodes) and any("WebSocket API" in n for n in nodes)
    assert any("EventBridge bus" in n for n in nodes)
    assert any("server-side rendering" in n for n in nodes)  # webapp enables SSR


def _edges(bp: model.Blueprint) -> set[tuple[str, str, str]]:
    """Edges as (source label first line, label, target label first line)."""
    parsed = parse(mermaid(build_plan(bp)))
    first = {k: v.splitlines()[0] for k, v in parsed.nodes.items()}
    return {(first[s], label, first[d]) for s, label, d in parsed.edges}


def test_webapp_arrows(webapp: model.Blueprint) -> None:
    edges = _edges(webapp)
    expected = {
        ("HTTP API", "GET /projects", "listProjects"),
        ("HTTP API", "POST /projects/{id}/attachments", "getUploadUrl"),
        ("listProjects", "reads", "projects"),
        ("createProject", "writes", "projects"),
        ("createProject", "publishes ProjectCreated", "EventBridge bus"),
        ("EventBridge bus", "ProjectCreated", "pushProjectCreated"),
        ("EventBridge bus", "UserSignedUp", "onUserSignedUp"),
        ("projects", "stream", "onProjectChanged"),
        ("attachments", "object created", "onAttachmentUploaded"),
        ("send-campaign", "task", "startCampaign"),
        ("send-campaign", "wait for callback", "awaitDelivery"),
        ("startCampaignRun", "starts", "send-campaign"),
        ("reportCampaignStatus", "resumes", "send-campaign"),
        ("schedule", "runs", "nightlyCleanup"),
        ("Cognito user pool", "post_confirmation", "onSignedUp"),
        ("WebSocket API", "$connect", "onConnect"),
        ("pushCampaignSent", "pushes", "WebSocket API"),
        ("onAttachmentUploaded", "on failure", "dead-letter topic"),
        ("dead-letter topic", "dead letters", "dead-letter queue"),
        ("dead-letter queue", "alarm", "alerts topic"),
        ("Users", "HTTPS", "CloudFront"),
        ("CloudFront", "renders pages", "server-side rendering"),
        ("HTTP API", "verifies JWT", "Cognito user pool"),
    }
    assert expected <= edges, expected - edges


def test_route_functions_never_go_to_dead_letters(webapp: model.Blueprint) -> None:
    edges = _edges(webapp)
    assert ("listProjects", "on failure", "dead-letter topic") not in edges


def test_output_is_deterministic_and_ids_are_derived(webapp: model.Blueprint) -> None:
    first = mermaid(build_plan(webapp))
    second = mermaid(build_plan(validate(load_blueprint(WEBAPP))))
    assert first == second
    graph = build_graph(build_plan(webapp))
    assert len({n.id for n in graph.nodes}) == len(graph.nodes)
    for node in graph.nodes:
        assert re.fullmatch(r"[a-z][A-Za-z0-9_]*", node.id), node.id
        assert node.id[0] not in "ox"  # `--o` / `--x` would be read as arrow heads


def test_node_id_replaces_every_unsafe_character() -> None:
    assert node_id("fn", "projects", "listProjects") == "fn_projects__listProjects"
    assert node_id("tbl", 'a"b]c --> d') == "tbl_a_b_c_____d"
    assert node_id("bus") == "bus"


def test_minimal_blueprint_has_no_platform_parts_it_does_not_use() -> None:
    bp = validate(load_blueprint(REPO / "blueprints" / "minimal.yaml"))
    parsed = parse(mermaid(build_plan(bp)))
    labels = parsed.labels()
    assert "sayHello" in labels and "HTTP API" in labels
    for absent in ("Cognito", "EventBridge", "WebSocket", "CloudFront", "dead-letter"):
        assert absent not in labels


# --- --service ----------------------------------------------------------------------------------

@pytest.mark.parametrize("service", ["users", "projects", "notifications"])
def test_service_filter_keeps_one_service_and_the_platform_it_touches(
        webapp: model.Blueprint, service: str) -> None:
    parsed = parse(mermaid(build_plan(webapp), service=service))
    assert list(parsed.subgraphs) == [f"svc_{service}"]
    svc = webapp.services[service]
    words = {w for label in parsed.nodes.values() for w in label.splitlines()}
    for use in iter_functions(service, svc):
        assert use.handler in words
    for other, other_svc in webapp.services.items():
        if other != service:
            for use in iter_functions(other, other_svc):
                assert use.handler not in words, f"{use.handler} of {other} leaked"
    outside = {n for n, c in parsed.node_cluster.items() if c is None}
    touched = {s for s, _, d in parsed.edges if d not in outside} | {
        d for s, _, d in parsed.edges if s not in outside}
    for node in outside:  # every platform node kept is joined to the service or fronts it
        assert node in touched or parsed.nodes[node].startswith(("Users", "Cognito")), node
    assert not any("CloudFront" in label for label in parsed.nodes.values())


def test_service_filter_platform_parts(webapp: model.Blueprint) -> None:
    users = parse(mermaid(build_plan(webapp), service="users")).labels()
    assert "Cognito user pool" in users and "HTTP API" in users and "EventBridge" in users
    assert "WebSocket API" not in users and "alerts topic" not in users
    notifications = parse(mermaid(build_plan(webapp), service="notifications")).labels()
    assert "WebSocket API" in notifications and "alerts topic" in notifications
    assert "HTTP API" not in notifications


def test_unknown_service_is_a_usage_error(webapp: model.Blueprint) -> None:
    with pytest.raises(UnknownServiceError) as info:
        build_graph(build_plan(webapp), service="billing")
    assert int(info.value.exit_code) == 2
    assert "notifications, projects, users" in (info.value.hint or "")


# --- escaping -------------------------------------------------------------------------------------

def test_hostile_description_comes_out_inert(hostile: model.Blueprint) -> None:
    text = mermaid(build_plan(hostile))
    parsed = parse(text)  # one statement per line, nothing injected
    assert list(parsed.subgraphs) == ["svc_greeter"]
    assert "pwn" not in parsed.nodes and "x" not in parsed.subgraphs
    shown = parsed.subgraphs["svc_greeter"].splitlines()
    expected = "".join(ch if ch.isprintable() else " " for ch in HOSTILE_TEXT)
    assert shown[1] == expected  # the reader sees exactly the description
    assert "<script>" not in text and "-->" not in text.split("subgraph svc_greeter")[1] \
        .split("\n")[0]


@pytest.mark.parametrize("raw", ['"', "#", "<", ">", "&", "[", "]", "{", "}", "(", ")", "|", ";",
                                 "%", "`", "\\", "\n", "\t"])
def test_escape_leaves_no_special_character(raw: str) -> None:
    out = escape(f"a{raw}b")
    assert re.fullmatch(r"a(#quot;|#\d+;| )b", out), out


def test_escape_keeps_readable_text() -> None:
    assert escape("GET /projects") == "GET /projects"
    assert escape("publishes CampaignSent") == "publishes CampaignSent"
    assert escape("Réalité-temps $connect") == "Réalité-temps $connect"


# --- docs/architecture.md -----------------------------------------------------------------------

def test_emit_docs_writes_the_architecture_page(webapp: model.Blueprint) -> None:
    [doc] = emit_docs(build_plan(webapp))
    assert doc.path == PATH == "docs/architecture.md" and doc.ownership == "generated"
    text = doc.content.decode("utf-8")
    assert text.splitlines()[0] == MARKER
    assert MARKER == "<!-- Code generated by scaffold from blueprint.yaml. DO NOT EDIT. -->"
    fence = text.split("```mermaid\n", 1)[1].split("\n```\n", 1)[0]
    assert fence + "\n" == mermaid(build_plan(webapp))
    parse(fence + "\n")
    for name, svc in webapp.services.items():
        for use in iter_functions(name, svc):
            assert re.search(rf"^\| {name} \| .* \| `{use.handler}` \| .+ \|$", text, re.M), \
                use.handler
    assert "| projects |  | `getProject` | HTTP route `GET /projects/{id}` |" in text


def test_docs_escape_markdown(hostile: model.Blueprint) -> None:
    text = emit_docs(build_plan(hostile))[0].content.decode("utf-8")
    assert "<script>" not in text
    row = next(line for line in text.splitlines() if "`sayHello`" in line)
    assert row.count(" | ") == 3  # the description's `|` did not split the cell
    assert md("a|b <i> *c*") == "a\\|b &lt;i&gt; \\*c\\*"


def test_render_pipeline_includes_docs(webapp: model.Blueprint) -> None:
    files = {f.path: f for f in render(webapp)}
    assert files[PATH].content == emit_docs(build_plan(webapp))[0].content


# --- Mermaid CLI (optional) -----------------------------------------------------------------------

def _mmdc() -> list[str] | None:
    exe = os.environ.get("SCAFFOLD_MMDC") or shutil.which("mmdc")
    return [exe] if exe else None


@pytest.mark.node
@pytest.mark.parametrize("which", ["webapp", "hostile"])
def test_mermaid_cli_renders(which: str, webapp: model.Blueprint, hostile: model.Blueprint,
                             tmp_path: Path) -> None:
    cmd = _mmdc()
    if cmd is None:
        reason = ("Mermaid CLI not found: set SCAFFOLD_MMDC to an mmdc executable "
                  "(npm i @mermaid-js/mermaid-cli with a system Chromium)")
        if os.environ.get("SCAFFOLD_REQUIRE_MERMAID") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    bp = webapp if which == "webapp" else hostile
    source = tmp_path / "in.mmd"
    source.write_text(mermaid(build_plan(bp)), encoding="utf-8")
    config = os.environ.get("SCAFFOLD_PUPPETEER_CONFIG")
    if not config and Path("/usr/bin/chromium").exists():
        config = str(tmp_path / "puppeteer.json")
        Path(config).write_text(json.dumps({"executablePath": "/usr/bin/chromium",
                                            "args": ["--no-sandbox", "--disable-gpu"]}))
    args = [*cmd, "-i", str(source), "-o", str(tmp_path / "out.svg"), "-q"]
    if config:
        args += ["-p", config]
    result = subprocess.run(args, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    svg = (tmp_path / "out.svg").read_text(encoding="utf-8")
    root = ET.fromstring(svg)
    assert not [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "script"]
    for name in bp.services:
        assert f"{name} service" in svg


# --- SVG / PNG through diagrams + Graphviz --------------------------------------------------------

def _need_graphviz() -> None:
    try:
        require_tools()
    except GraphToolsMissingError as exc:
        reason = f"{exc.message} ({exc.hint})"
        if os.environ.get("SCAFFOLD_REQUIRE_GRAPHVIZ") == "1":
            pytest.fail(f"SCAFFOLD_REQUIRE_GRAPHVIZ=1 but {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def webapp_svg(webapp: model.Blueprint) -> bytes:
    _need_graphviz()
    return render_image(build_graph(build_plan(webapp)), "svg")


def _svg_texts(svg: bytes) -> str:
    root = ET.fromstring(svg)  # well-formed XML, or this raises
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return "\n".join("".join(e.itertext()) for e in root.iter()
                     if e.tag == "{http://www.w3.org/2000/svg}text")


def test_svg_is_well_formed_and_names_every_service(webapp: model.Blueprint,
                                                     webapp_svg: bytes) -> None:
    texts = _svg_texts(webapp_svg)
    for name, svc in webapp.services.items():
        assert f"{name} service" in texts
        for use in iter_functions(name, svc):
            assert use.handler in texts
    assert b'xlink:href="data:image/png;base64,' in webapp_svg  # icons inline: stands alone
    assert b'href="/' not in webapp_svg


def test_png_is_a_png(webapp: model.Blueprint) -> None:
    _need_graphviz()
    png = render_image(build_graph(build_plan(webapp), service="projects"), "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width > 500 and height > 300


def test_svg_of_hostile_blueprint_is_inert(hostile: model.Blueprint) -> None:
    _need_graphviz()
    svg = render_image(build_graph(build_plan(hostile)), "svg")
    texts = _svg_texts(svg)
    assert '"]) --> pwn; %% <script>alert(1)</script>' in texts
    root = ET.fromstring(svg)
    assert not [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "script"]


def test_missing_tools_are_named(monkeypatch: pytest.MonkeyPatch,
                                 webapp: model.Blueprint) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.setitem(__import__("sys").modules, "diagrams", None)
    with pytest.raises(GraphToolsMissingError) as info:
        render_image(build_graph(build_plan(webapp)), "png")
    message = info.value.format()
    assert "`diagrams`" in message and "Graphviz" in message
    assert "pip install 'scaffold-serverless[graph]'" in message
    assert "apt-get install graphviz" in message


def test_custom_iam_statements_are_drawn_and_documented() -> None:
    bp = validate(load_blueprint(REPO / "blueprints" / "kitchen-sink.yaml"))
    graph = build_graph(build_plan(bp))
    nodes = {n.id: n for n in graph.nodes}
    assert nodes["ext_ses"].kind == "external" and nodes["ext_ses"].cluster is None
    ses = [e for e in graph.edges if e.target == "ext_ses"]
    assert [(e.source, e.label) for e in ses] == [("fn_shop__order_paid", "SendEmail")]
    # a service's statement: an arrow from every function of that service
    ledger_fns = {n.id for n in graph.nodes if n.id.startswith("fn_ledger__")}
    assert {e.source for e in graph.edges if e.target == "ext_kms"} == ledger_fns
    shop = build_graph(build_plan(bp), service="shop")
    assert "ext_ses" in {n.id for n in shop.nodes}
    assert "ext_kms" not in {n.id for n in shop.nodes}
    text = emit_docs(build_plan(bp))[0].content.decode()
    section = text.split("## Custom IAM statements", 1)[1]
    assert "| ledger | every function | `DecryptBankExports` | `kms:Decrypt` |" in section
    assert ("| shop | `orderPaid` | `Custom1` | `ses:SendEmail` | "
            "`arn:aws:ses:eu-west-1:123456789012:identity/acme.example` | e-mails the receipt |"
            ) in section
    assert "ext_ses[/" in text  # drawn in the Mermaid picture too
    assert "## Custom IAM statements" not in emit_docs(build_plan(
        validate(load_blueprint(WEBAPP))))[0].content.decode()
