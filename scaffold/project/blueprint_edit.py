"""Project stage: add a service to blueprint text, keeping every other byte as it was.

ruamel.yaml (round-trip) parses the blueprint and dumps the new block; the block is then
spliced into the original text right after the last line of ``services``. Dumping the
whole document again would re-indent sequences, re-wrap long lines and re-space flow
mappings, so that is only the fallback for a flow-style ``services: {...}``. Either way
the result is re-parsed and must equal the old data plus the new service.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from scaffold.blueprint.load import load_text
from scaffold.errors import BlueprintError, ScaffoldError

__all__ = ["ServiceBlock", "add_service_text", "handler_for", "starter_service"]

_PARAM = re.compile(r"\{[^}]*\}")


@dataclass(frozen=True)
class ServiceBlock:
    """The blueprint entry ``new-service`` adds: a runtime and, when asked, one route."""

    name: str
    runtime: str
    route: str | None = None
    handler: str | None = None
    auth: str | None = None

    def as_data(self) -> dict[str, Any]:
        """The entry as plain data, as the loader would return it."""
        data: dict[str, Any] = {"runtime": self.runtime}
        if self.route is not None:
            data["routes"] = {self.route: {"handler": self.handler, "auth": self.auth}}
        return data


def starter_service(name: str, runtime: str, data: Mapping[str, Any],
                    route: str | None = None) -> ServiceBlock:
    """The block of a new service: its runtime, and ``route`` when one is asked for.

    The route's handler is named after it (``GET /billing/{id}`` -> ``getBilling``); its
    auth is ``user`` when the blueprint has a user pool, else ``public``. Without a route
    the service has no function until the blueprint gives it one.

    Args:
        name: The new service's name (already checked).
        runtime: Its Lambda runtime.
        data: The blueprint as plain data.
        route: ``METHOD /path`` to add, or None for none.

    Returns:
        The block to add.
    """
    if route is None:
        return ServiceBlock(name, runtime)
    route = " ".join(route.split())
    auth = "user" if data.get("auth") else "public"
    return ServiceBlock(name, runtime, route, handler_for(route), auth)


def handler_for(route: str) -> str:
    """A handler name for ``METHOD /path``: the method, then each literal path segment.

    ``GET /billing/{id}/lines`` -> ``getBillingLines``; ``GET /`` -> ``getRoot``.
    """
    method, _, path = route.partition(" ")
    words = [w for w in re.split(r"[^A-Za-z0-9]+", _PARAM.sub("", path)) if w]
    return method.lower() + ("".join(w[:1].upper() + w[1:] for w in words) or "Root")


def add_service_text(text: str, block: ServiceBlock) -> str:
    """Return blueprint ``text`` with ``block`` appended to its ``services`` mapping.

    Args:
        text: The blueprint as read (any newline style, comments, flow or block style).
        block: The service to add; its name must not exist yet.

    Returns:
        The new text: the old one with the new entry inserted, untouched elsewhere unless
        ``services`` is written in flow style.

    Raises:
        ScaffoldError: If the text has no ``services`` mapping, or the edit cannot be made
            without changing anything else.
    """
    yaml = YAML(typ="rt")
    try:
        doc = yaml.load(text)
    except YAMLError as exc:
        raise ScaffoldError(f"cannot edit the blueprint: {exc}") from None
    services = doc.get("services") if isinstance(doc, CommentedMap) else None
    if not isinstance(services, CommentedMap):
        raise ScaffoldError("the blueprint has no 'services' mapping to add the service to")
    if block.name in services:
        raise ScaffoldError(f"service '{block.name}' already exists in the blueprint")
    expected = _expected(text, block)
    if services and not services.fa.flow_style():
        candidate = _splice(text, doc, services, block)
        if _matches(candidate, expected):
            return candidate
    candidate = _redump(doc, services, block)
    if _matches(candidate, expected):
        return candidate
    raise ScaffoldError("could not add the service without changing the rest of the blueprint",
                        hint=f"add `{block.name}:` under `services:` by hand")


def _expected(text: str, block: ServiceBlock) -> tuple[Any, list[str]]:
    data, order = _parsed(text)
    data["services"][block.name] = block.as_data()
    return data, [*order, block.name]


def _matches(candidate: str, expected: tuple[Any, list[str]]) -> bool:
    try:
        return _parsed(candidate) == expected
    except BlueprintError:
        return False


def _parsed(text: str) -> tuple[Any, list[str]]:
    """Plain data and the order of the services, as scaffold's own loader sees them."""
    data = load_text(text).data
    return data, list(data["services"])


def _splice(text: str, doc: CommentedMap, services: CommentedMap, block: ServiceBlock) -> str:
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in text else "\n"
    key_line, key_col = doc.lc.key("services")
    keys = list(services)
    entry_col = services.lc.key(keys[0])[1]
    at = _end_of_block(lines, key_line, key_col)
    if at and not lines[at - 1].endswith(("\n", "\r")):
        lines[at - 1] += newline
    out = _dump_block(block, _step(services, entry_col))
    entry = [" " * entry_col + line if line else line for line in out.splitlines()]
    sep = [""] if len(keys) > 1 and _blank_before(lines, services.lc.key(keys[1])[0]) else []
    lines[at:at] = [line + newline for line in [*sep, *entry]]
    return "".join(lines)


def _end_of_block(lines: list[str], key_line: int, key_col: int) -> int:
    """Index of the line after the last content line of the mapping at ``key_line``.

    The block ends at the first content line indented no deeper than its key. Blank lines
    and comments at the key's level just before that line belong to what follows.
    """
    end = len(lines)
    for i in range(key_line + 1, len(lines)):
        stripped = lines[i].strip()
        if not stripped or stripped.startswith("#"):
            continue
        if _indent(lines[i]) <= key_col:
            end = i
            break
    while end - 1 > key_line and (not lines[end - 1].strip() or (
            lines[end - 1].lstrip().startswith("#") and _indent(lines[end - 1]) <= key_col)):
        end -= 1
    return end


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blank_before(lines: list[str], index: int) -> bool:
    return index > 0 and not lines[index - 1].strip()


def _step(services: CommentedMap, entry_col: int) -> int:
    """The mapping indentation step the blueprint uses (2 when it cannot tell)."""
    for value in services.values():
        if isinstance(value, CommentedMap) and value and not value.fa.flow_style():
            step = int(value.lc.key(next(iter(value)))[1]) - entry_col
            if 1 <= step <= 8:
                return step
    return 2


def _dump_block(block: ServiceBlock, step: int) -> str:
    entry = CommentedMap([("runtime", block.runtime)])
    if block.route is not None:
        route = CommentedMap([("handler", block.handler), ("auth", block.auth)])
        route.fa.set_flow_style()
        entry["routes"] = CommentedMap([(block.route, route)])
    yaml = YAML(typ="rt")
    yaml.indent(mapping=step, sequence=step + 2, offset=step)
    yaml.width = 4096
    buf = io.StringIO()
    yaml.dump(CommentedMap([(block.name, entry)]), buf)
    return buf.getvalue()


def _redump(doc: CommentedMap, services: CommentedMap, block: ServiceBlock) -> str:
    services[block.name] = block.as_data()
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    buf = io.StringIO()
    yaml.dump(doc, buf)
    del services[block.name]
    return buf.getvalue()
