"""Load stage: blueprint file -> plain data plus a source map of every node's position.

Parsing uses PyYAML's libyaml composer (fast, marks on every node) and builds plain
Python values by hand, so that duplicate keys, alias bombs, excessive nesting and
non-string keys become located diagnostics instead of exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

import yaml

from scaffold.blueprint.source_map import Path, SourceMap
from scaffold.errors import BlueprintError, Diagnostic, Location

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Document:
    """A loaded blueprint: its plain data, where each node is, and the file it came from."""

    data: Any
    source_map: SourceMap
    file: str


class _TooBig(Exception):
    def __init__(self, message: str, node: yaml.Node) -> None:
        super().__init__(message)
        self.message = message
        self.node = node


def load_blueprint(path: str | FsPath) -> Document:
    """Read and parse a blueprint file.

    Args:
        path: the blueprint file.

    Returns:
        The parsed document.

    Raises:
        BlueprintError: the file is missing, unreadable, too large or not valid YAML.
    """
    name = str(path)
    fs_path = FsPath(path)
    try:
        size = fs_path.stat().st_size
        if size > MAX_BYTES:
            _fail(name, 1, 1, "L004", f"blueprint is {size / 1e6:.1f} MB; the limit is "
                  f"{MAX_BYTES // (1024 * 1024)} MB", "a blueprint is a short YAML file; "
                  "is this the right file?")
        raw = fs_path.read_bytes()
    except IsADirectoryError:
        _fail(name, 1, 1, "L001", "blueprint path is a directory", "pass the blueprint file, "
              "for example blueprint.yaml")
    except FileNotFoundError:
        _fail(name, 1, 1, "L001", "blueprint file not found",
              "run `scaffold init` to start a project, or pass the path of a blueprint")
    except OSError as exc:
        _fail(name, 1, 1, "L001", f"cannot read blueprint: {exc.strerror or exc}")
    return load_text(raw, name)


def load_text(raw: bytes | str, name: str = "blueprint.yaml") -> Document:
    """Parse blueprint text already in memory (see :func:`load_blueprint`)."""
    if isinstance(raw, bytes):
        if b"\x00" in raw:
            _fail(name, 1, 1, "L002", "blueprint is a binary file, not YAML text")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            _fail(name, line, 1, "L002", "blueprint is not valid UTF-8 text")
    else:
        text = raw
    if len(text) > MAX_BYTES:
        _fail(name, 1, 1, "L004", "blueprint is too large")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        context = f" {exc.context}" if exc.context else ""
        _fail(name, line, col, "L003", f"invalid YAML: {problem}{context}".strip())
    except yaml.YAMLError as exc:
        _fail(name, 1, 1, "L003", f"invalid YAML: {exc}")
    smap = SourceMap(file=name)
    if node is None:
        _fail(name, 1, 1, "L005", "blueprint is empty",
              "start from `scaffold init`, or see docs/blueprint.md")
    builder = _Builder(name, smap)
    try:
        data = builder.build(node, (), 0)
    except _TooBig as exc:
        mark = exc.node.start_mark
        _fail(name, mark.line + 1, mark.column + 1, "L006", exc.message)
    if builder.diagnostics:
        raise BlueprintError(builder.diagnostics)
    smap.values[()] = (node.start_mark.line + 1, node.start_mark.column + 1)
    return Document(data=data, source_map=smap, file=name)


def _fail(name: str, line: int, col: int, code: str, message: str,
          hint: str | None = None) -> Any:
    raise BlueprintError([Diagnostic(Location(name, line, col), code, message, hint)])


class _Builder:
    """Turns composed YAML nodes into plain values, recording positions."""

    def __init__(self, name: str, smap: SourceMap) -> None:
        self.name = name
        self.smap = smap
        self.count = 0
        self.diagnostics: list[Diagnostic] = []
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(f"blueprint expands to more than {MAX_NODES} values "
                          "(aliases that multiply?)", node)
        if depth > MAX_DEPTH:
            raise _TooBig(f"blueprint is nested more than {MAX_DEPTH} levels deep", node)
        self.smap.values.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node)
        except yaml.YAMLError as exc:
            mark = node.start_mark
            self.diagnostics.append(Diagnostic(Location(self.name, mark.line + 1,
                                                        mark.column + 1), "L003",
                                               f"invalid YAML value: {exc}"))
            return None

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        try:
            self.constructor.flatten_mapping(node)
        except yaml.YAMLError as exc:
            mark = node.start_mark
            self.diagnostics.append(Diagnostic(Location(self.name, mark.line + 1,
                                                        mark.column + 1), "L003", str(exc)))
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            kmark = key_node.start_mark
            where = Location(self.name, kmark.line + 1, kmark.column + 1)
            if not isinstance(key_node, yaml.ScalarNode):
                self.diagnostics.append(Diagnostic(where, "L007", "a key must be a plain name, "
                                                   "not a list or mapping"))
                continue
            key = self.constructor.construct_object(key_node)
            if key is None or isinstance(key, bool):
                key = key_node.value
            key = str(key)
            if key in result:
                first = self.smap.keys[(*path, key)]
                self.diagnostics.append(Diagnostic(
                    where, "L008", f"duplicate key '{key}'",
                    f"'{key}' is already set at line {first[0]}; YAML keeps only one of them"))
                continue
            self.smap.keys[(*path, key)] = (kmark.line + 1, kmark.column + 1)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result
