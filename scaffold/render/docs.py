"""Render stage, docs: ``docs/architecture.md`` — the Mermaid picture and a table of functions.

GitHub and GitLab render the ```` ```mermaid ```` fence, so the architecture is seen next to
the code. Every blueprint value is escaped for Markdown (and for Mermaid inside the fence).
"""

from __future__ import annotations

import re

from scaffold.blueprint import model
from scaffold.blueprint.functions import FunctionUse, iter_functions, merged_options
from scaffold.graph import build_graph, to_mermaid
from scaffold.output.files import OutputFile
from scaffold.output.manifest import GENERATED_MARKER
from scaffold.plan.iam import SERVICE_CUSTOM_SID, custom_statements
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


def trigger_text(use: FunctionUse) -> str:
    """What starts one function, as Markdown (e.g. ``HTTP route `GET /projects` ``)."""
    return KINDS[use.trigger].described.format(key=code(use.key))


def architecture_markdown(bp: model.Blueprint, plan: BuildPlan | None = None) -> str:
    """The whole ``docs/architecture.md`` text for a validated blueprint.

    Args:
        bp: a blueprint that passed validation.
        plan: its build plan, when the caller has it already (built when None).

    Returns:
        Markdown, newline-terminated, deterministic.
    """
    lines = [MARKER, f"# Architecture of {md(bp.name)}", ""]
    if bp.description:
        lines += [md(bp.description), ""]
    lines += ["Generated from `blueprint.yaml` by `scaffold render`; draw it again with "
              "`scaffold graph` (`--format svg|png` for AWS icons, `--service NAME` for one "
              "service).", "", "```mermaid", to_mermaid(build_graph(bp, plan)).rstrip("\n"), "```",
              "", "## Services", "", "| service | description | function | triggered by |",
              "| --- | --- | --- | --- |"]
    for name, svc in sorted(bp.services.items()):
        description = md(svc.description or "")
        for use in iter_functions(name, svc):
            lines.append(f"| {md(name)} | {description} | {code(use.handler)} | "
                         f"{trigger_text(use)} |")
            description = ""
    return "\n".join(lines + _buckets(bp) + _custom_iam(bp)) + "\n"


def _buckets(bp: model.Blueprint) -> list[str]:
    """A table of the services' own buckets: protection settings and who touches them."""
    rows: list[str] = []
    for name, svc in sorted(bp.services.items()):
        readers: dict[str, list[str]] = {}
        writers: dict[str, list[str]] = {}
        for use in iter_functions(name, svc):
            opts = merged_options(svc, use)
            for bucket in opts.bucket_reads:
                readers.setdefault(bucket, []).append(code(use.handler))
            for bucket in opts.bucket_writes:
                writers.setdefault(bucket, []).append(code(use.handler))
        for bucket, spec in svc.buckets.items():
            trigger = spec.on_object
            rows.append(" | ".join([
                md(name), code(bucket),
                "SSE-KMS " + code(spec.kms_key_arn) if spec.kms_key_arn else "SSE-S3",
                "on" if spec.versioning else "off",
                str(len(spec.lifecycle)),
                (code(trigger.handler) + " on " + ", ".join(trigger.events)) if trigger else "",
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


def _custom_iam(bp: model.Blueprint) -> list[str]:
    """A table of the blueprint's own ``iam:`` statements: per service once, then per function."""
    rows: dict[tuple[str, str, str], str] = {}

    def row(service: str, who: str, st: Statement) -> None:
        rows.setdefault((service, who, st.sid), " | ".join([
            md(service), who, code(st.sid), "<br>".join(code(a) for a in st.actions),
            "<br>".join(code(str(r)) for r in st.resources), md(st.why or "")]))

    for name, svc in sorted(bp.services.items()):
        for st in custom_statements(svc.iam, SERVICE_CUSTOM_SID):
            row(name, "every function", st)
        for use in iter_functions(name, svc):
            for st in custom_statements(merged_options(svc, use).iam):
                row(name, code(use.handler), st)
    if not rows:
        return []
    return ["", "## Custom IAM statements", "",
            "Added to the functions' roles from the blueprint's `iam:` lists, after the "
            "least-privilege statements scaffold derives.", "",
            "| service | function | sid | actions | resources | why |",
            "| --- | --- | --- | --- | --- | --- |", *(f"| {r} |" for r in rows.values())]


def emit_docs(bp: model.Blueprint, plan: BuildPlan | None = None) -> list[OutputFile]:
    """The generated documentation files (called by the render pipeline).

    Args:
        bp: a blueprint that passed validation.
        plan: its build plan, when the caller has it already (built when None).

    Returns:
        ``[docs/architecture.md]``.
    """
    return [OutputFile(PATH, architecture_markdown(bp, plan).encode("utf-8"))]
