"""Ownership from the caller's identity: decided once in the plan, translated by both stubs.

The generated tests of each language prove the behaviour against the code (a body claiming
another owner stores the caller's sub; a list answers only the caller's items); these tests
pin the plan's rule and that both languages follow it.
"""

from __future__ import annotations

from scaffold.blueprint.advice import blueprint_warnings
from scaffold.blueprint.functions import FunctionUse, iter_functions
from scaffold.blueprint.load import load_text
from scaffold.blueprint.validate import validate
from scaffold.plan.ownership import OwnerQuery, fills_owner, lists_by_owner, scan_note
from tests.helpers import render_files

SERVICE = """\
    tables:
      projects:
        key: id
        owner: ownerId
        indexes:
          byOwner: {key: ownerId, sort: createdAt}
      profiles: {key: userId, owner: userId}
      notes: {key: id}
    routes:
      GET /projects: {handler: listProjects, reads: [projects]}
      POST /projects: {handler: createProject, writes: [projects]}
      PUT /projects/{id}: {handler: putProject, writes: [projects]}
      GET /shared: {handler: listShared, auth: public, reads: [projects]}
      POST /shared: {handler: createShared, auth: public, writes: [projects]}
      GET /me: {handler: getMe, reads: [profiles]}
      GET /notes: {handler: listNotes, reads: [notes]}
"""


def _text(runtime: str) -> str:
    return (f"blueprint: 1\nname: acme\nregion: eu-west-1\nauth: {{}}\n"
            f"defaults: {{runtime: {runtime}}}\nservices:\n  app:\n" + SERVICE)


def _uses(runtime: str = "nodejs22.x") -> tuple[object, dict[str, FunctionUse]]:
    bp = validate(load_text(_text(runtime)))
    return bp, {u.handler: u for u in iter_functions("app", bp.services["app"])}


def test_signed_in_creates_take_the_owner_from_the_caller() -> None:
    bp, uses = _uses()
    assert fills_owner(bp, uses["createProject"], "projects", "POST") == "ownerId"  # type: ignore[arg-type]
    assert fills_owner(bp, uses["putProject"], "projects", "PUT") is None  # type: ignore[arg-type]
    assert fills_owner(bp, uses["createShared"], "projects", "POST") is None  # type: ignore[arg-type]
    assert fills_owner(bp, uses["createProject"], "notes", "POST") is None  # type: ignore[arg-type]


def test_signed_in_lists_query_the_owner_index_or_the_table() -> None:
    bp, uses = _uses()
    assert lists_by_owner(bp, uses["listProjects"], "projects") == OwnerQuery(  # type: ignore[arg-type]
        "ownerId", "byOwner")
    assert lists_by_owner(bp, uses["getMe"], "profiles") == OwnerQuery(  # type: ignore[arg-type]
        "userId", None)
    assert lists_by_owner(bp, uses["listShared"], "projects") is None  # type: ignore[arg-type]
    assert lists_by_owner(bp, uses["listNotes"], "notes") is None  # type: ignore[arg-type]
    assert "declares no owner" in scan_note(bp, uses["listNotes"], "notes")  # type: ignore[arg-type]
    assert "public" in scan_note(bp, uses["listShared"], "projects")  # type: ignore[arg-type]


def test_both_languages_translate_the_same_rule() -> None:
    ts = {f.path: f.content.decode() for f in render_files(_text("nodejs22.x"))}
    py = {f.path: f.content.decode() for f in render_files(_text("python3.13"))}
    ts_list = ts["services/app/src/handlers/listProjects.ts"]
    assert 'IndexName: "byOwner"' in ts_list and "callerId(event)" in ts_list
    assert "ScanCommand" not in ts_list
    assert "ownerId: owner }" in ts["services/app/src/handlers/createProject.ts"]
    assert "callerId" not in ts["services/app/src/handlers/putProject.ts"]
    assert "// Scans the whole table (table notes declares no owner)" in ts[
        "services/app/src/handlers/listNotes.ts"]
    assert "Scans the whole table (a public route" in ts["services/app/src/handlers/listShared.ts"]
    py_list = py["services/app/src/app/handlers/list_projects.py"]
    assert "IndexName=OWNER_INDEX" in py_list and 'OWNER_INDEX = "byOwner"' in py_list
    assert ".scan(" not in py_list
    assert "item[OWNER] = owner" in py["services/app/src/app/handlers/create_project.py"]
    assert "user_id" not in py["services/app/src/app/handlers/create_shared.py"]
    assert "# Scans the whole table (table notes declares no owner)." in py[
        "services/app/src/app/handlers/list_notes.py"]
    for files, test in ((ts, "services/app/test/createProject.test.ts"),
                        (py, "services/app/tests/test_create_project.py")):
        assert "someone-else" in files[test]  # the generated test claims another owner


def _codes(text: str) -> list[str]:
    doc = load_text(text)
    return [d.code for d in blueprint_warnings(validate(doc), doc.source_map)
            if d.code in ("W012", "W013")]


def test_owner_warnings() -> None:
    head = "blueprint: 1\nname: acme\nregion: eu-west-1\nservices:\n  app:\n    tables:\n"
    assert _codes(head + "      t: {key: id, owner: ownerId}\n") == ["W012"]
    assert _codes(head + "      t: {key: id, indexes: {byUser: {key: userId}}}\n") == ["W013"]
    assert _codes(head + "      t: {key: id, owner: userId, indexes: {byUser: {key: userId}}}\n"
                  ) == []
    assert _codes(head + "      t: {key: userId, owner: userId}\n") == []
