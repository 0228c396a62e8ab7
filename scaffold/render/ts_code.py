"""Render stage (TypeScript): import lists and small expressions built from escaped parts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from scaffold.render.ts_env import Code, ts_string

__all__ = ["Imports", "array", "obj", "prop"]


class Imports:
    """Collect ``import`` lines; render them grouped (node:, packages, relative) and sorted."""

    def __init__(self) -> None:
        self._values: dict[str, set[str]] = {}
        self._types: dict[str, set[str]] = {}
        self._bare: set[str] = set()

    def add(self, module: str, *names: str) -> Imports:
        """Import value ``names`` from ``module``; returns self."""
        self._values.setdefault(module, set()).update(names)
        return self

    def types(self, module: str, *names: str) -> Imports:
        """Import type-only ``names`` from ``module``; returns self."""
        self._types.setdefault(module, set()).update(names)
        return self

    def side_effect(self, module: str) -> Imports:
        """``import "module";`` (evaluated first, in the order of the groups)."""
        self._bare.add(module)
        return self

    def render(self) -> Code:
        """The import block, one statement per line."""
        modules = sorted(set(self._values) | set(self._types) | self._bare, key=_order)
        lines: list[str] = []
        for module in modules:
            if module in self._bare:
                lines.append(f"import {ts_string(module)};")
            if self._values.get(module):
                lines.append(_line("import", self._values[module], module))
            if self._types.get(module):
                lines.append(_line("import type", self._types[module], module))
        return Code("\n".join(lines))


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
    """An object literal ``{ ...spread, "key": value }``; values are scaffold expressions."""
    parts = [f"...{name}" for name in spread]
    parts += [f"{ts_string(key)}: {value}" for key, value in entries.items()]
    return Code("{ " + ", ".join(parts) + " }" if parts else "{}")


def array(values: Iterable[str]) -> Code:
    """An array literal of escaped string values."""
    return Code("[" + ", ".join(ts_string(v) for v in values) + "]")
