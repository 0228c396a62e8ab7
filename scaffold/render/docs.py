"""Render stage, docs: ``docs/architecture.md`` — the Mermaid picture and a table of functions.

GitHub and GitLab render the ```` ```mermaid ```` fence, so the architecture is seen next to
the code. Every blueprint value is escaped for Markdown (and for Mermaid inside the fence).
Everything comes from the build plan: its roots (buckets) and its handler plan (functions,
triggers, custom IAM), never the blueprint.
"""

from __future__ import annotations

import re

from scaffold.graph import build_graph, to_mermaid
from scaffold.output.files import OutputFile
from scaffold.output.manifest import GENERATED_MARKER
from scaffold.plan.handlers import AppCode, Handler
from scaffold.plan.ir import BuildPlan, Statement
from scaffold.plan.kinds import KINDS

PATH = "docs/architecture.md"
MARKER = f"<!-- {GENERATED_MARKER} -->"
"""First line of the file (an HTML comment: invisible when the Markdown is rendered)."""

_MD_SPECIAL = frozenset("\\`*_[]#!|~$")
_BLOCK_START = re.compile(r"^(\s*\d*)([-+=.)])")


def md(text: str) -> str:
    """Escape plain text for a Markdown paragraph or table cell (one line).

    Control characters and line breaks become spaces; ``<``, ``>`` and ``&`` become HTML
    entities; emphasis, code, link, heading, math and table characters are
    backslash-escaped (``|`` too, so a table cell cannot be split); a leading list, quote
    or heading-underline marker is escaped too.

    Args:
        text: plain text from the blueprint.

    Returns:
        Markdown that shows exactly ``text``.
    """
    out: list[str] = []
    for ch in text:
        if not ch.isprintable():
            out.append(" ")
        elif ch in "<>&":
            out.append({"<": "&lt;", ">": "&gt;", "&": "&amp;"}[ch])
        elif ch in _MD_SPECIAL:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), "".join(out), count=1)


def code(text: str) -> str:
    """Inline code showing ``text``; escaped plain text when it holds a backtick or ``|``."""
    clean = "".join(ch if ch.isprintable() else " " for ch in text)
    if "`" in clean or "|" in clean or not clean.strip():
        return md(clean)
    return f"`{clean}`"


def trigger_text(handler: Handler) -> str:
    """What starts one function, as Markdown (e.g. ``HTTP route `GET /projects` ``)."""
    return KINDS[handler.trigger].described.format(key=code(handler.key))


def architecture_markdown(plan: BuildPlan) -> str:
    """The whole ``docs/architecture.md`` text for the build plan of a validated blueprint.

    Args:
        plan: the build plan (its roots and its handler plan, ``plan.code``).

    Returns:
        Markdown, newline-terminated, deterministic.
    """
    app = plan.code
    lines = [MARKER, f"# Architecture of {md(app.app)}", ""]
    if app.description:
        lines += [md(app.description), ""]
    lines += ["Generated from `blueprint.yaml` by `scaffold render`; draw it again with "
              "`scaffold graph` (`--format svg|png` for AWS icons, `--service NAME` for one "
              "service).", "", "```mermaid", to_mermaid(build_graph(plan)).rstrip("\n"), "```",
              "", "## Services", "", "| service | description | function | triggered by |",
              "| --- | --- | --- | --- |"]
    for name, svc in sorted(app.services.items()):
        description = md(svc.description or "")
        for h in svc.handlers:
            lines.append(f"| {md(name)} | {description} | {code(h.handler)} | "
                         f"{trigger_text(h)} |")
            description = ""
    return "\n".join(lines + _buckets(plan) + _custom_iam(app)) + "\n"


def _buckets(plan: BuildPlan) -> list[str]:
    """A table of the services' own buckets: protection settings and who touches them."""
    rows: list[str] = []
    for root in sorted(plan.services, key=lambda r: r.service):
        name = root.service
        svc = plan.code.services[name]
        readers: dict[str, list[str]] = {}
        writers: dict[str, list[str]] = {}
        on_object: dict[str, Handler] = {}  # bucket -> the function its object events start
        for h in svc.handlers:
            for bucket in h.uses.bucket_reads:
                readers.setdefault(bucket, []).append(code(h.handler))
            for bucket in h.uses.bucket_writes:
                writers.setdefault(bucket, []).append(code(h.handler))
            if h.trigger == "object":
                on_object.setdefault(h.key, h)
        for storage in root.storage_buckets:
            bucket = storage.name.rest.removeprefix(f"{name}-")
            trigger = on_object.get(bucket)
            rows.append(" | ".join([
                md(name), code(bucket),
                "SSE-KMS " + code(storage.kms_key_arn) if storage.kms_key_arn else "SSE-S3",
                "on" if storage.versioning else "off",
                str(len(storage.lifecycle)),
                (code(trigger.handler) + " on " + ", ".join(trigger.object.events))
                if trigger is not None and trigger.object is not None else "",
                ", ".join(dict.fromkeys(readers.get(bucket, []))),
                ", ".join(dict.fromkeys(writers.get(bucket, [])))]))
    if not rows:
        return []
    return ["", "## Buckets", "",
            "Private, public access blocked, TLS only; objects are kept on destroy in "
            "deletion-protected stages.", "",
            "| service | bucket | encryption | versioning | lifecycle rules | trigger | "
            "read by | written by |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |", *(f"| {r} |" for r in rows)]


def _custom_iam(app: AppCode) -> list[str]:
    """A table of the blueprint's own ``iam:`` statements: per service once, then per function."""
    rows: dict[tuple[str, str, str], str] = {}

    def row(service: str, who: str, st: Statement) -> None:
        rows.setdefault((service, who, st.sid), " | ".join([
            md(service), who, code(st.sid), "<br>".join(code(a) for a in st.actions),
            "<br>".join(code(str(r)) for r in st.resources), md(st.why or "")]))

    for name, svc in sorted(app.services.items()):
        for st in svc.iam:
            row(name, "every function", st)
        for h in svc.handlers:
            for st in h.uses.iam:
                row(name, code(h.handler), st)
    if not rows:
        return []
    return ["", "## Custom IAM statements", "",
            "Added to the functions' roles from the blueprint's `iam:` lists, after the "
            "least-privilege statements scaffold derives.", "",
            "| service | function | sid | actions | resources | why |",
            "| --- | --- | --- | --- | --- | --- |", *(f"| {r} |" for r in rows.values())]


def emit_docs(plan: BuildPlan) -> list[OutputFile]:
    """The generated documentation files (called by the render pipeline).

    Args:
        plan: the build plan of a validated blueprint.

    Returns:
        ``[docs/architecture.md]``.
    """
    return [OutputFile(PATH, architecture_markdown(plan).encode("utf-8"))]
