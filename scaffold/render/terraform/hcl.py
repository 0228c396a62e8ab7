"""A tiny HCL writer that emits ``terraform fmt``-canonical text with every literal escaped.

Values are Python data; strings always become inert HCL string literals (``${`` and ``%{``
are doubled, quotes, backslashes and control characters escaped). Terraform references and
function calls are passed as :class:`Expr`, the only way raw text reaches the output.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

INDENT = "  "
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
# Identifier-shaped words that HCL reads as a literal or the start of an expression
# (``{ for = 1 }`` opens a for expression), so keys spelled like them are quoted.
RESERVED = frozenset({"null", "true", "false", "for", "in", "if", "else", "endif", "endfor"})
_LIST_INLINE_MAX = 100


class Expr(str):
    """A raw HCL expression (reference or function call), emitted verbatim."""

    __slots__ = ()


@dataclass(frozen=True)
class Call:
    """``name(value)`` where ``value`` is rendered as HCL data (e.g. ``jsonencode({...})``).

    ``before`` are single-line arguments written ahead of ``value``
    (``merge(local.defaults, {...})``).
    """

    name: str
    value: Value
    before: tuple[Expr, ...] = ()

    def opening(self) -> str:
        """``name(`` and the leading arguments."""
        return self.name + "(" + "".join(f"{arg}, " for arg in self.before)


Value = (None | bool | int | float | str | Expr | Call | Sequence["Value"]
         | Mapping[str, "Value"])


@dataclass
class Attr:
    """``name = value`` inside a block."""

    name: str
    value: Value


@dataclass
class Comment:
    """A ``# comment`` line (each line of ``text`` becomes one)."""

    text: str


@dataclass
class Blank:
    """An empty line; ends an alignment group."""


@dataclass
class Block:
    """``type "label" ... { body }``."""

    type: str
    labels: Sequence[str] = ()
    body: list[Attr | Block | Comment | Blank] = field(default_factory=list)

    def add(self, *items: Attr | Block | Comment | Blank) -> Block:
        """Append items and return self (for chaining)."""
        self.body.extend(items)
        return self

    def attr(self, name: str, value: Value) -> Block:
        """Append an attribute and return self."""
        self.body.append(Attr(name, value))
        return self


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Backslash, quote, C0 controls, DEL and C1 controls, and the two Unicode line separators.
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f-\x9f\u2028\u2029]')


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    return _ESCAPES.get(ch) or f"\\u{ord(ch):04x}"


def quote(text: str) -> str:
    """An HCL string literal whose value is exactly ``text`` (no interpolation possible)."""
    body = _NEEDS_ESCAPE.sub(_escape, text).replace("${", "$${").replace("%{", "%%{")
    return f'"{body}"'


def _key(name: str) -> str:
    if isinstance(name, Expr):
        return str(name)
    return name if _IDENT.fullmatch(name) and name not in RESERVED else quote(name)


def _inline(value: Value) -> str | None:
    """The single-line form of a value, or None when it must span lines."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Expr):
        return str(value)
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise ValueError(f"HCL has no literal for the number {value!r}")
        return repr(value)
    if isinstance(value, Call):
        inner = _inline(value.value)
        return None if inner is None else f"{value.opening()}{inner})"
    if isinstance(value, Mapping):
        return "{}" if not value else None
    if isinstance(value, Sequence):
        parts = [_inline(v) for v in value]
        if any(p is None for p in parts):
            return None
        text = "[" + ", ".join(p for p in parts if p is not None) + "]"
        return text if len(text) <= _LIST_INLINE_MAX else None
    raise TypeError(f"cannot render {type(value).__name__} as HCL")


def _lines(value: Value, depth: int) -> list[str]:
    """Lines of a value; the first line continues the current line."""
    inline = _inline(value)
    if inline is not None:
        return [inline]
    pad = INDENT * depth
    if isinstance(value, Call):
        inner = _lines(value.value, depth)
        return [f"{value.opening()}{inner[0]}", *inner[1:-1], inner[-1] + ")"]
    if isinstance(value, Mapping):
        body = _entries([(_key(k), v) for k, v in value.items()], depth + 1)
        return ["{", *body, pad + "}"]
    assert isinstance(value, Sequence)
    lines = ["["]
    for item in value:
        item_lines = _lines(item, depth + 1)
        lines.append(INDENT * (depth + 1) + item_lines[0])
        lines.extend(item_lines[1:])
        lines[-1] += ","
    lines.append(pad + "]")
    return lines


def _entries(pairs: Iterable[tuple[str, Value]], depth: int) -> list[str]:
    """``key = value`` lines with ``=`` aligned across runs of single-line entries."""
    pad = INDENT * depth
    rendered = [(k, _lines(v, depth)) for k, v in pairs]
    out: list[str] = []
    i = 0
    while i < len(rendered):
        j = i
        while j < len(rendered) and len(rendered[j][1]) == 1:
            j += 1
        if j > i:
            width = max(len(k) for k, _ in rendered[i:j])
            out.extend(f"{pad}{k.ljust(width)} = {lines[0]}" for k, lines in rendered[i:j])
            i = j
            continue
        key, lines = rendered[i]
        out.append(f"{pad}{key} = {lines[0]}")
        out.extend(lines[1:])
        i += 1
    return out


def _block_lines(block: Block, depth: int) -> list[str]:
    pad = INDENT * depth
    head = " ".join([block.type, *(quote(label) for label in block.labels)])
    if not block.body:
        return [f"{pad}{head} {{}}"]
    return [f"{pad}{head} {{", *_body_lines(block.body, depth + 1), f"{pad}}}"]


def _body_lines(body: Sequence[Attr | Block | Comment | Blank], depth: int) -> list[str]:
    pad = INDENT * depth
    out: list[str] = []
    run: list[tuple[str, Value]] = []

    def flush() -> None:
        if run:
            out.extend(_entries(run, depth))
            run.clear()

    for item in body:
        if isinstance(item, Attr):
            run.append((item.name, item.value))
            continue
        flush()
        if isinstance(item, Block):
            out.extend(_block_lines(item, depth))
        elif isinstance(item, Comment):
            out.extend(f"{pad}# {line}".rstrip() for line in item.text.splitlines())
        else:
            out.append("")
    flush()
    return out


def render_file(blocks: Sequence[Block | Comment | Blank], header: str | None = None) -> str:
    """A whole ``.tf`` file: optional header comment, top-level blocks separated by blank lines."""
    out: list[str] = []
    if header:
        out.append(header)
        out.append("")
    previous_was_block = False
    for item in blocks:
        if isinstance(item, Block):
            if previous_was_block:
                out.append("")
            out.extend(_block_lines(item, 0))
            previous_was_block = True
        elif isinstance(item, Comment):
            if previous_was_block:
                out.append("")
            out.extend(f"# {line}".rstrip() for line in item.text.splitlines())
            previous_was_block = False
        else:
            out.append("")
            previous_was_block = False
    return "\n".join(out) + "\n"


def render_attrs(pairs: Mapping[str, Value]) -> str:
    """A ``.tfvars`` body: top-level ``name = value`` lines."""
    return "\n".join(_entries(list(pairs.items()), 0)) + "\n"
