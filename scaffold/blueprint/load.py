"""Load stage: blueprint file -> plain data plus a source map of every node's position.

Parsing uses PyYAML's libyaml composer (fast, marks on every node) and builds plain
Python values by hand, so that duplicate keys, alias bombs, excessive nesting and
non-string keys become located diagnostics instead of exceptions.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any, NoReturn

import yaml

from scaffold.blueprint.source_map import Path, SourceMap
from scaffold.errors import BlueprintError, Diagnostic, Location

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 50_000  # the reference application has about 200
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
    return load_text(read_blueprint(path), str(path))


def read_blueprint(path: str | FsPath) -> bytes:
    """The bytes of a blueprint file, with the located errors of :func:`load_blueprint`.

    Raises:
        BlueprintError: the file is missing, not a regular file, unreadable or too large.
    """
    name = str(path)
    fs_path = FsPath(path)
    try:
        info = fs_path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(name)
        if not stat.S_ISREG(info.st_mode):
            _fail(name, 1, 1, "L001", "blueprint path is not a regular file",
                  "pass the blueprint file, for example blueprint.yaml")
        if info.st_size > MAX_BYTES:
            _too_big(name, info.st_size)
        with fs_path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # the file may grow between stat and read
        if len(raw) > MAX_BYTES:
            _too_big(name, len(raw))
    except IsADirectoryError:
        _fail(name, 1, 1, "L001", "blueprint path is a directory", "pass the blueprint file, "
              "for example blueprint.yaml")
    except FileNotFoundError:
        _fail(name, 1, 1, "L001", "blueprint file not found",
              "run `scaffold init` to start a project, or pass the path of a blueprint")
    except OSError as exc:
        _fail(name, 1, 1, "L001", f"cannot read blueprint: {exc.strerror or exc}",
              "check the file's permissions")
    return raw


def _too_big(name: str, size: int) -> None:
    _fail(name, 1, 1, "L004", f"blueprint is {size / 1e6:.1f} MB; the limit is "
          f"{MAX_BYTES // (1024 * 1024)} MB", "a blueprint is a short YAML file; "
          "is this the right file?")


def load_text(raw: bytes | str, name: str = "blueprint.yaml") -> Document:
    """Parse blueprint text already in memory (see :func:`load_blueprint`)."""
    if isinstance(raw, bytes):
        if b"\x00" in raw:
            _fail(name, 1, 1, "L002", "blueprint is a binary file, not YAML text",
                  "pass the blueprint YAML file")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            _fail(name, line, 1, "L002", "blueprint is not valid UTF-8 text",
                  "save the file as UTF-8")
    else:
        text = raw
    if len(text) > MAX_BYTES:
        _too_big(name, len(text.encode("utf-8", "replace")))
    if not text.strip():
        _fail(name, 1, 1, "L005", "blueprint is empty",
              "start from `scaffold init`, or see docs/blueprint.md")
    try:
        has_aliases = _scan(text, name)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise BlueprintError([_syntax_diagnostic(name, exc, text)]) from None
    except yaml.YAMLError as exc:
        _fail(name, 1, 1, "L003", f"invalid YAML: {exc}",
              "check the indentation and quoting")
    except RecursionError:  # pragma: no cover - libyaml composes without recursion
        _fail(name, 1, 1, "L006", f"blueprint is nested more than {MAX_DEPTH} levels deep",
              "a blueprint needs far fewer levels: look for a runaway structure")
    smap = SourceMap(file=name)
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value == ""
                        and node.tag == "tag:yaml.org,2002:null"):  # e.g. only "---"
        _fail(name, 1, 1, "L005", "blueprint is empty",
              "start from `scaffold init`, or see docs/blueprint.md")
    builder = _Builder(name, smap)
    try:
        if has_aliases:
            _check_expansion(node)
        data = builder.build(node, (), 0)
    except _TooBig as exc:
        mark = exc.node.start_mark
        _fail(name, mark.line + 1, mark.column + 1, "L006", exc.message,
              "write the repeated part out, or use fewer aliases")
    if builder.diagnostics:
        raise BlueprintError(builder.diagnostics)
    smap.values[()] = (node.start_mark.line + 1, node.start_mark.column + 1)
    return Document(data=data, source_map=smap, file=name)


def _scan(text: str, name: str) -> bool:
    """Reject deep nesting and too many values from the event stream, before composing.

    libyaml's scanner does work proportional to the nesting depth for every token, so
    thousands of nested ``[`` take seconds to compose, and composing and building cost
    time per value; the event stream stops at the first value over a limit.

    Returns:
        Whether the document uses aliases (which can expand beyond its written size).
    """
    depth = 0
    values = 0
    has_aliases = False
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.NodeEvent):  # scalars, aliases, collection starts
            values += 1
            if values > MAX_NODES:
                _fail(name, *_position(event.start_mark), "L006",
                      f"blueprint has more than {MAX_NODES} values",
                      "a blueprint is a short YAML file; is this the right file?")
            if isinstance(event, yaml.AliasEvent):
                has_aliases = True
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                _fail(name, *_position(event.start_mark), "L006",
                      f"blueprint is nested more than {MAX_DEPTH} levels deep",
                      "a blueprint needs far fewer levels: look for a runaway structure")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return has_aliases


def _check_expansion(root: yaml.Node) -> None:
    """Fail fast when aliases (or merge keys) would expand to more than MAX_NODES values.

    Sizes are computed once per distinct node, so a billion-laughs document costs as
    much as its text, not as its expansion. Cycles (an alias inside its own anchor) are
    left to the builder, which reports them as excessive nesting.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        ident = id(node)
        if done:
            on_path.discard(ident)
            children = _children(node)
            total = 1 + sum(sizes.get(id(child), 0) for child in children)
            sizes[ident] = total
            if total > MAX_NODES:
                raise _TooBig(f"blueprint expands to more than {MAX_NODES} values "
                              "(aliases that multiply?)", node)
            continue
        if ident in sizes or ident in on_path:
            continue
        on_path.add(ident)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _syntax_diagnostic(name: str, exc: yaml.MarkedYAMLError, text: str) -> Diagnostic:
    """One located diagnostic for a YAML syntax error, worded for people."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.split("\n")
    if line > len(lines):  # the end of a stream without a final newline
        line, col = len(lines), len(lines[-1]) + 1
    problem = (exc.problem or "invalid YAML").strip()
    context = (exc.context or "").strip()
    hint = "check the indentation and quoting around this position"
    if problem.startswith("but "):  # "expected X" / "but found Y"
        message = f"{context}, {problem}" if context else problem
    elif context:
        message = f"{problem} {context}"
    else:
        message = problem
    at = lines[line - 1][col - 1: col] if 0 < line <= len(lines) else ""
    if "tab" in problem or at == "\t":
        hint = "indent with spaces: YAML does not allow tab characters for indentation"
    elif "another document" in problem:
        hint = "a blueprint is a single YAML document: remove the second '---' and what follows"
    elif exc.context_mark is not None and exc.problem_mark is not None and (
            exc.context_mark.line, exc.context_mark.column) != (exc.problem_mark.line,
                                                                exc.problem_mark.column):
        what = context.removeprefix("while ").removeprefix("parsing ").removeprefix("scanning ")
        hint = (f"{what} starts at line {exc.context_mark.line + 1}, "
                f"column {exc.context_mark.column + 1}")
    return Diagnostic(Location(name, line, col), "L003", f"invalid YAML: {message}", hint)


def _tag(tag: str) -> str:
    """A tag as it is written: ``tag:yaml.org,2002:python/name`` -> ``!!python/name``."""
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


def _position(mark: Any) -> tuple[int, int]:
    """1-based line and column of a parser mark (1, 1 when the parser gave none)."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _fail(name: str, line: int, col: int, code: str, message: str,
          hint: str | None = None) -> NoReturn:
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
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in (
                "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
            mark = node.start_mark
            self.diagnostics.append(Diagnostic(
                Location(self.name, mark.line + 1, mark.column + 1), "L003",
                f"invalid YAML value: unsupported YAML tag '{_tag(node.tag)}'",
                "a blueprint is plain YAML: remove the tag"))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node)
        except yaml.YAMLError as exc:
            mark = node.start_mark
            problem = getattr(exc, "problem", None) or str(exc)
            hint = None
            if "constructor for the tag" in problem:
                problem = f"unsupported YAML tag '{_tag(node.tag)}'"
                hint = "a blueprint is plain YAML: remove the tag"
            self.diagnostics.append(Diagnostic(Location(self.name, mark.line + 1,
                                                        mark.column + 1), "L003",
                                               f"invalid YAML value: {problem}", hint))
            return None

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        self._fill(node, result, path, depth, merged=False)
        return result

    def _fill(self, node: yaml.MappingNode, result: dict[str, Any], path: Path, depth: int,
              merged: bool) -> None:
        """Add the pairs of ``node`` to ``result``, then what its ``<<`` merge keys bring.

        Keys written in a mapping win over merged ones, earlier merged mappings over later
        ones (YAML merge-key semantics). Every merged mapping visited counts towards the
        value limit, and nested merges towards the depth limit, so merge chains and
        self-merges end in a diagnostic, not a hang.
        """
        if merged:
            self.count += 1
            if self.count > MAX_NODES:
                raise _TooBig(f"blueprint expands to more than {MAX_NODES} values "
                              "(aliases that multiply?)", node)
            if depth > MAX_DEPTH:
                raise _TooBig(f"blueprint is nested more than {MAX_DEPTH} levels deep "
                              "(a mapping that merges itself?)", node)
        merges: list[yaml.Node] = []
        for key_node, value_node in node.value:
            kmark = key_node.start_mark
            where = Location(self.name, kmark.line + 1, kmark.column + 1)
            if not isinstance(key_node, yaml.ScalarNode):
                if not merged:
                    self.diagnostics.append(Diagnostic(where, "L007", "a key must be a plain "
                                                       "name, not a list or mapping",
                                                       "write the key as a plain name"))
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                merges.append(value_node)
                continue
            key = self._key(key_node)
            if key in result:
                if not merged:
                    first = self.smap.keys[(*path, key)]
                    self.diagnostics.append(Diagnostic(
                        where, "L008", f"duplicate key '{key}'",
                        f"'{key}' is already set at line {first[0]}; "
                        "YAML keeps only one of them"))
                continue
            self.smap.keys[(*path, key)] = (kmark.line + 1, kmark.column + 1)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        for merge in merges:
            sources = merge.value if isinstance(merge, yaml.SequenceNode) else [merge]
            for source in sources:
                if isinstance(source, yaml.MappingNode):
                    self._fill(source, result, path, depth + 1, merged=True)
                elif not merged:
                    mark = source.start_mark
                    self.diagnostics.append(Diagnostic(
                        Location(self.name, mark.line + 1, mark.column + 1), "L003",
                        "invalid YAML: '<<' merges a mapping or a list of mappings",
                        "write `<<: *anchor` where the anchor names a mapping"))

    def _key(self, key_node: yaml.ScalarNode) -> str:
        try:
            key = self.constructor.construct_object(key_node)
        except yaml.YAMLError:
            key = key_node.value
        if key is None or isinstance(key, bool):
            key = key_node.value
        return str(key)
