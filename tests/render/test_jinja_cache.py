"""Compiled stub templates are kept between runs, and never served stale or shared wrongly."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from scaffold.render import jinja_cache
from scaffold.render.python import env as py_env
from scaffold.render.typescript import env as ts_env
from tests.helpers import REPO, render_files


def _fresh_environments() -> None:
    py_env._environment.cache_clear()
    py_env._text_environment.cache_clear()
    ts_env._ENV = None


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SCAFFOLD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv(jinja_cache.NO_CACHE_ENV, raising=False)
    _fresh_environments()
    yield tmp_path / "cache"
    _fresh_environments()


def test_a_second_process_renders_the_same_files_without_compiling(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blueprint = REPO / "blueprints" / "kitchen-sink.yaml"
    first = {f.path: f.content for f in render_files(blueprint)}
    stored = list((cache / "jinja").rglob("*.cache"))
    assert len(stored) > 50  # both languages' stub templates
    assert len({p.parent for p in stored}) >= 2  # one folder per environment
    _fresh_environments()  # as a new process starts
    compiled: list[str] = []
    real = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: str | None = None,
                 *args: object, **kwargs: object) -> object:
        compiled.append(name or "?")
        return real(self, source, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    again = {f.path: f.content for f in render_files(blueprint)}
    assert again == first
    assert [n for n in compiled if n != "?"] == []  # every named template came from the cache


def test_an_edited_template_is_compiled_again(cache: Path) -> None:
    def env(source: str) -> jinja2.Environment:
        return jinja2.Environment(loader=jinja2.DictLoader({"t": source}),
                                  bytecode_cache=jinja_cache.bytecode_cache())

    assert env("one {{ 1 }}").get_template("t").render() == "one 1"
    assert env("two {{ 2 }}").get_template("t").render() == "two 2"


def test_options_that_change_the_code_name_another_folder(cache: Path) -> None:
    plain, trimmed = jinja_cache.bytecode_cache(), jinja_cache.bytecode_cache(trim_blocks=True)
    assert isinstance(plain, jinja2.FileSystemBytecodeCache)
    assert isinstance(trimmed, jinja2.FileSystemBytecodeCache)
    assert plain.directory != trimmed.directory
    finalized = jinja_cache.bytecode_cache(finalize=str)
    assert finalized is not None and finalized.directory != plain.directory
    source = "{% if x %}\n{{ x }}\n{% endif %}\n"
    renders = [jinja2.Environment(loader=jinja2.DictLoader({"t": source}), bytecode_cache=c,
                                  **opts).get_template("t").render(x="a")
               for c, opts in ((plain, {}), (trimmed, {"trim_blocks": True}))]
    assert renders == ["\na\n", "a\n"]


def test_an_unusable_cache_folder_only_costs_time(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("SCAFFOLD_CACHE_DIR", str(blocked))
    _fresh_environments()
    try:
        assert render_files(REPO / "blueprints" / "minimal.yaml")
    finally:
        _fresh_environments()
    monkeypatch.setenv(jinja_cache.NO_CACHE_ENV, "1")
    assert jinja_cache.bytecode_cache() is None
