"""The loader: plain data plus the position of every key and value, problems as diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.blueprint.load import MAX_DEPTH, MAX_NODES, load_blueprint, load_text
from scaffold.blueprint.source_map import SourceMap
from scaffold.errors import BlueprintError, Location

TEXT = """\
# comment
blueprint: 1
name: acme
region: eu-west-1
services:
  users:
    routes:
      GET /me: {handler: getMe, reads: [profiles, sessions]}
    tables:
      profiles:
        key: userId
"""


def _codes(text: str | bytes) -> list[tuple[str, int, int]]:
    with pytest.raises(BlueprintError) as info:
        load_text(text, "b.yaml")
    return [(d.code, d.location.line, d.location.col) for d in info.value.diagnostics]


def test_plain_data() -> None:
    doc = load_text(TEXT, "b.yaml")
    assert doc.file == "b.yaml"
    assert doc.data["blueprint"] == 1
    route = doc.data["services"]["users"]["routes"]["GET /me"]
    assert route == {"handler": "getMe", "reads": ["profiles", "sessions"]}


def test_positions_of_keys_and_values() -> None:
    sm = load_text(TEXT, "b.yaml").source_map
    assert sm.key(("name",)) == Location("b.yaml", 3, 1)
    assert sm.value(("name",)) == Location("b.yaml", 3, 7)
    route = ("services", "users", "routes", "GET /me")
    assert sm.key(route) == Location("b.yaml", 8, 7)
    assert sm.value(route) == Location("b.yaml", 8, 16)
    assert sm.value((*route, "handler")) == Location("b.yaml", 8, 26)
    assert sm.value((*route, "reads", 1)) == Location("b.yaml", 8, 51)
    assert sm.value(("services", "users", "tables", "profiles", "key")) == Location(
        "b.yaml", 11, 14)


def test_root_position_is_the_first_key_not_the_comment() -> None:
    sm = load_text(TEXT, "b.yaml").source_map
    assert sm.value(()) == Location("b.yaml", 2, 1)


def test_unwritten_paths_fall_back_to_the_nearest_ancestor() -> None:
    sm = load_text(TEXT, "b.yaml").source_map
    route = ("services", "users", "routes", "GET /me")
    assert sm.value((*route, "auth")) == sm.value(route)
    assert sm.key(("services", "nothing", "here")) == sm.key(("services",))
    assert SourceMap("x.yaml").value(("a",)) == Location("x.yaml", 1, 1)


def test_load_blueprint_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "blueprint.yaml"
    path.write_text(TEXT, encoding="utf-8")
    doc = load_blueprint(path)
    assert doc.file == str(path)
    assert doc.data["name"] == "acme"


def test_byte_order_mark_is_accepted() -> None:
    doc = load_text(b"\xef\xbb\xbf" + TEXT.encode(), "b.yaml")
    assert doc.data["name"] == "acme"


def test_duplicate_keys_are_reported_with_the_first_line() -> None:
    with pytest.raises(BlueprintError) as info:
        load_text("a: 1\nb: 2\na: 3\nc: {x: 1, x: 2}\n", "b.yaml")
    found = [(d.code, d.location.line, d.location.col, d.message, d.hint)
             for d in info.value.diagnostics]
    assert found[0][:4] == ("L008", 3, 1, "duplicate key 'a'")
    assert "line 1" in (found[0][4] or "")
    assert found[1][:3] == ("L008", 4, 11)


def test_every_duplicate_is_reported() -> None:
    assert [c for c, *_ in _codes("a: 1\na: 2\nb: 1\nb: 2\n")] == ["L008", "L008"]


def test_merge_keys_follow_yaml_rules_without_false_duplicates() -> None:
    doc = load_text("base: &base {memory: 128, timeout: 3}\n"
                    "x:\n  <<: *base\n  memory: 256\n"
                    "y:\n  <<: [{a: 1}, {a: 2, b: 2}]\n", "b.yaml")
    assert doc.data["x"] == {"memory": 256, "timeout": 3}
    assert doc.data["y"] == {"a": 1, "b": 2}
    # a merged key is located where it is written (in the anchor)
    assert doc.source_map.key(("x", "timeout")) == Location("b.yaml", 1, 27)
    assert doc.source_map.key(("x", "memory")) == Location("b.yaml", 4, 3)


def test_merge_of_a_scalar_is_an_error() -> None:
    assert _codes("a: &s 5\nb: {<<: *s}\n")[0][0] == "L003"


def test_aliases_share_values() -> None:
    doc = load_text("a: &x [1, 2]\nb: *x\n", "b.yaml")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}


@pytest.mark.parametrize(("text", "expected"), [
    ("1: a\n", "1"), ("null: a\n", "null"), ("~: a\n", "~"), ("true: a\n", "true"),
    ("1.5: a\n", "1.5"),
])
def test_scalar_keys_become_strings(text: str, expected: str) -> None:
    assert list(load_text(text, "b.yaml").data) == [expected]


def test_collection_keys_are_errors() -> None:
    assert _codes("? [a, b]\n: 1\nok: 2\n") == [("L007", 1, 3)]


@pytest.mark.parametrize("text", [
    "a: !!python/object/apply:os.system ['true']\n",
    "a: !!python/name:os.system\n",
    "a: !Ref Something\n",
    "a: !!set {x, y}\n",
])
def test_tags_are_refused(text: str) -> None:
    with pytest.raises(BlueprintError) as info:
        load_text(text, "b.yaml")
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.code == "L003"
    assert "unsupported YAML tag" in diagnostic.message
    assert "\n" not in diagnostic.message


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "\t\n", "# only a comment\n", "---\n"])
def test_empty_documents(text: str) -> None:
    assert _codes(text)[0][0] == "L005"


def test_binary_and_encoding() -> None:
    assert _codes(b"a: \x00\x01")[0][0] == "L002"
    assert _codes(b"a: 1\nb: caf\xe9\n") == [("L002", 2, 1)]


def test_syntax_error_points_at_the_problem_and_hints_at_the_start() -> None:
    with pytest.raises(BlueprintError) as info:
        load_text('a: 1\nb: "open\nc: 3\n', "b.yaml")
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.code == "L003"
    assert "quoted scalar" in diagnostic.message
    assert diagnostic.hint == "a quoted scalar starts at line 2, column 4"


def test_syntax_error_at_the_end_of_a_file_without_newline_stays_in_the_file() -> None:
    assert _codes("{") == [("L003", 1, 2)]


def test_second_document_is_an_error() -> None:
    with pytest.raises(BlueprintError) as info:
        load_text("a: 1\n---\nb: 2\n", "b.yaml")
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.message.startswith("invalid YAML: expected a single document")
    assert "---" in (diagnostic.hint or "")


def test_tab_indentation_hint() -> None:
    with pytest.raises(BlueprintError) as info:
        load_text("a:\n\tb: 1\n", "b.yaml")
    assert "tab" in (info.value.diagnostics[0].hint or "")


def test_depth_limit() -> None:
    ok = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    load_text(ok, "b.yaml")
    code, line, col = _codes("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))[0]
    assert (code, line, col) == ("L006", 1, MAX_DEPTH + 1)


def test_value_limit_without_aliases() -> None:
    with pytest.raises(BlueprintError) as info:
        load_text("- x\n" * (MAX_NODES + 1), "b.yaml")
    assert info.value.diagnostics[0].code == "L006"
    assert "more than" in info.value.diagnostics[0].message


def test_alias_expansion_limit() -> None:
    lines = ["a0: &a0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]"]
    for i in range(1, 8):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    with pytest.raises(BlueprintError) as info:
        load_text("\n".join(lines) + "\n", "b.yaml")
    assert info.value.diagnostics[0].code == "L006"
    assert "aliases" in info.value.diagnostics[0].message


def test_many_aliases_to_a_small_anchor_are_fine() -> None:
    text = "x: &x {memory: 128}\n" + "".join(f"s{i}: *x\n" for i in range(500))
    assert len(load_text(text, "b.yaml").data) == 501


@pytest.mark.parametrize("text", ["a: &r [*r]\n", "a: &r {b: *r}\n", "a: &r {<<: *r}\n",
                                  "a: &r\n  b: 1\n  <<: *r\n"])
def test_recursive_structures(text: str) -> None:
    assert _codes(text)[0][0] == "L006"


def test_file_errors(tmp_path: Path) -> None:
    for path, words in [(tmp_path / "missing.yaml", "not found"),
                        (tmp_path, "directory")]:
        with pytest.raises(BlueprintError) as info:
            load_blueprint(path)
        assert info.value.diagnostics[0].code == "L001"
        assert words in info.value.diagnostics[0].message


def test_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(3 * 1024 * 1024)
    with pytest.raises(BlueprintError) as info:
        load_blueprint(path)
    assert info.value.diagnostics[0].code == "L004"
    assert "MB" in info.value.diagnostics[0].message


def test_error_format() -> None:
    with pytest.raises(BlueprintError) as info:
        load_text("a: 1\na: 2\n", "dir/b.yaml")
    assert info.value.format() == (
        "dir/b.yaml:2:1: error[L008]: duplicate key 'a'\n"
        "    hint: 'a' is already set at line 1; YAML keeps only one of them\n"
        "found 1 error in blueprint")
