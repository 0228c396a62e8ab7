"""Checks of what is shared or owned: a table's ``owner`` and the platform's shared secrets.

Errors (``check_ownership_and_shared_secrets``) fail validation; ``sharing_warnings``
(W012, W013) point at list routes that will Scan although an owner could be Queried.
"""

from __future__ import annotations

from collections.abc import Iterator

from scaffold.blueprint import model
from scaffold.blueprint.source_map import SourceMap
from scaffold.errors import Diagnostic


def _owner_keys(table: model.TableSpec) -> Iterator[tuple[tuple[str, ...], model.KeySpec]]:
    """Every key of the table and its indexes, with its path below the table."""
    yield ("key",), table.key
    if table.sort:
        yield ("sort",), table.sort
    for name, index in table.indexes.items():
        yield ("indexes", name, "key"), index.key
        if index.sort:
            yield ("indexes", name, "sort"), index.sort


def check_ownership_and_shared_secrets(bp: model.Blueprint,
                                       sm: SourceMap) -> Iterator[Diagnostic]:
    """C230: an owner is a string (a Cognito sub); C231: a shared secret's name is its own."""
    for sname, svc in bp.services.items():
        for tname, table in svc.tables.items():
            if table.owner is None:
                continue
            for path, key in _owner_keys(table):
                if key.name == table.owner and key.type != "string":
                    yield Diagnostic(sm.value(("services", sname, "tables", tname, "owner")),
                                     "C230", f"owner '{table.owner}' of table '{tname}' is a "
                                     f"{key.type} ({'.'.join(path)}), but it holds the "
                                     "caller's Cognito sub, a string",
                                     f"make {'.'.join(path)} `{{name: {key.name}, type: "
                                     "string}`, or name another attribute as owner")
                    break
        for secret in svc.secrets:
            if secret in bp.secrets:
                yield Diagnostic(sm.key(("services", sname, "secrets", secret)), "C231",
                                 f"service '{sname}' declares secret '{secret}', which the "
                                 "platform already shares (top-level `secrets:`)",
                                 "drop the service's declaration to read the shared one, or "
                                 "rename it: a function's `secrets: [" + secret + "]` must "
                                 "name one parameter")


def sharing_warnings(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """W012: an owner nothing is keyed by; W013: an index by an owner-like attribute, no owner."""
    for sname, svc in bp.services.items():
        for tname, table in svc.tables.items():
            base = ("services", sname, "tables", tname)
            partition = [table.key.name, *(i.key.name for i in table.indexes.values())]
            if table.owner is not None and table.owner not in partition:
                yield Diagnostic(sm.value((*base, "owner")), "W012",
                                 f"table '{tname}' declares owner '{table.owner}', but neither "
                                 "the table nor any of its indexes is keyed by it: signed-in "
                                 "list routes Scan the whole table",
                                 f"add an index `by{table.owner[:1].upper()}{table.owner[1:]}: "
                                 f"{{key: {table.owner}}}` so they Query the caller's items",
                                 severity="warning")
            if table.owner is not None:
                continue
            index = next((n for n, i in table.indexes.items()
                          if i.key.name in model.OWNER_NAMES and i.key.type == "string"), None)
            if index is not None:
                attr = table.indexes[index].key.name
                yield Diagnostic(sm.key((*base, "indexes", index)), "W013",
                                 f"index '{index}' of table '{tname}' is keyed by '{attr}', "
                                 "but the table declares no owner: create routes store the "
                                 "owner the client sends and list routes Scan",
                                 f"add `owner: {attr}` to table '{tname}' so signed-in routes "
                                 "fill it from the caller's sub and Query this index",
                                 severity="warning")
