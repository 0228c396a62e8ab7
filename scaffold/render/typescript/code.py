"""Render stage (TypeScript): import lists and small expressions built from escaped parts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from scaffold.render.typescript.env import Code, ts_key, ts_string

__all__ = ["Imports", "array", "obj", "prop", "topic"]


class Imports:
    """Collect ``import`` lines; render them grouped (node:, packages, relative) and sorted."""

    def __init__(self) -> None:
        """Start with no imports."""
        self._values: dict[str, set[str]] = {}
        self._types: dict[str, set[str]] = {}
        self._bare: set[str] = set()
        self._defaults: dict[str, str] = {}

    def add(self, module: str, *names: str) -> Imports:
        """Import value ``names`` from ``module``; returns self."""
        self._values.setdefault(module, set()).update(names)
        return self

    def types(self, module: str, *names: str) -> Imports:
        """Import type-only ``names`` from ``module``; returns self."""
        self._types.setdefault(module, set()).update(names)
        return self

    def default(self, module: str, name: str) -> Imports:
        """``import name from "module";``; returns self."""
        self._defaults[module] = name
        return self

    def side_effect(self, module: str) -> Imports:
        """``import "module";`` (evaluated first, in the order of the groups)."""
        self._bare.add(module)
        return self

    def render(self, body: str | None = None) -> Code:
        """The import block, one statement per line.

        Args:
            body: The code the imports serve; when given, names it never mentions are
                left out (a mention in a comment keeps a name: harmless, never wrong).
        """

        def used(names: set[str]) -> set[str]:
            if body is None:
                return names
            return {n for n in names if re.search(rf"(?<![\w$]){re.escape(_local(n))}(?![\w$])",
                                                  body)}

        lines: list[str] = []
        for module in sorted(set(self._values) | set(self._types) | self._bare
                             | set(self._defaults), key=_order):
            if module in self._bare:
                lines.append(f"import {ts_string(module)};")
            if module in self._defaults and used({self._defaults[module]}):
                lines.append(f"import {self._defaults[module]} from {ts_string(module)};")
            values = used(self._values.get(module, set()))
            if values:
                lines.append(_line("import", values, module))
            types = used(self._types.get(module, set()))
            if types:
                lines.append(_line("import type", types, module))
        return Code("\n".join(lines))


def _local(name: str) -> str:
    """The local binding of an import specifier (``a as b`` -> ``b``)."""
    return name.rsplit(" as ", 1)[-1]


def _order(module: str) -> tuple[int, str]:
    if module.startswith("node:"):
        return 0, module
    if module.startswith("."):
        return 2, module
    return 1, module


def _line(keyword: str, names: Iterable[str], module: str) -> str:
    listed = ", ".join(sorted(names, key=lambda n: (n.lower(), n)))
    line = f"{keyword} {{ {listed} }} from {ts_string(module)};"
    if len(line) <= 100:
        return line
    body = "".join(f"  {name},\n" for name in sorted(names, key=lambda n: (n.lower(), n)))
    return f"{keyword} {{\n{body}}} from {ts_string(module)};"


def prop(target: str, key: str) -> Code:
    """``target["key"]`` with ``key`` escaped (``target`` is scaffold's own expression)."""
    return Code(f"{target}[{ts_string(key)}]")


def obj(entries: Mapping[str, str], spread: Iterable[str] = ()) -> Code:
    """An object literal ``{ ...spread, key: value }``; values are scaffold expressions."""
    parts = [f"...{name}" for name in spread]
    parts += [f"{ts_key(name)}: {value}" for name, value in entries.items()]
    return Code("{ " + ", ".join(parts) + " }" if parts else "{}")


def array(values: Iterable[str]) -> Code:
    """An array literal of escaped string values."""
    return Code("[" + ", ".join(ts_string(v) for v in values) + "]")


def topic(parts: Iterable[tuple[str, bool]], target: str) -> Code:
    """The topic a ``push_topic`` template names: ``"campaign/" + String(detail["id"])``.

    ``parts`` are the template's (text, is a field name) pieces, in order (the handler
    plan's ``push_topic_parts``): literal parts are string literals, each field is the
    field of ``target``.
    """
    return Code(" + ".join(f"String({prop(target, text)})" if is_field else ts_string(text)
                           for text, is_field in parts))
