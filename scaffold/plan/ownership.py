"""Plan stage: which item attribute names its owner, and how a route uses the caller's identity.

A table declares ``owner: <attribute>``: the attribute holding the Cognito ``sub`` of the
user an item belongs to. Decided here once, translated by the TypeScript and the Python
stubs alike (``docs/decisions/0015-ownership-from-the-caller.md``):

- a signed-in ``POST`` route that writes the table sets the owner attribute to the caller's
  ``sub``, after the body, so a body claiming another owner is overruled;
- a signed-in list route (a ``GET`` whose path does not name the table's partition key)
  Queries by the caller's ``sub``: the table itself when the owner is its partition key,
  else the first index whose partition key is the owner; with neither it Scans, and the
  stub says so in a comment;
- a ``public`` route never gets an owner (it has no caller identity).
"""

from __future__ import annotations

from dataclasses import dataclass

from scaffold.blueprint import model
from scaffold.blueprint.functions import FunctionUse
from scaffold.plan.access import function_access


@dataclass(frozen=True)
class OwnerQuery:
    """How a list route finds the caller's items: ``attr = sub`` on ``index`` (None: the table)."""

    attr: str
    index: str | None


def owner_index(table: model.TableSpec) -> OwnerQuery | None:
    """Where items of ``table`` can be Queried by owner: the table or an index, or None."""
    if table.owner is None:
        return None
    if table.key.name == table.owner:
        return OwnerQuery(table.owner, None)
    index = next((name for name, spec in table.indexes.items()
                  if spec.key.name == table.owner), None)
    return OwnerQuery(table.owner, index) if index is not None else None


def _signed_in(bp: model.Blueprint, use: FunctionUse) -> bool:
    access = function_access(bp, use)
    return access is not None and access.kind != "public" and use.trigger == "route"


def fills_owner(bp: model.Blueprint, use: FunctionUse, table: str, method: str) -> str | None:
    """The attribute a route creating an item of ``table`` sets to the caller's ``sub``.

    None unless the route is a signed-in ``POST`` and the table declares an ``owner``.
    """
    spec = bp.services[use.service].tables.get(table)
    if spec is None or method != "POST" or not _signed_in(bp, use):
        return None
    return spec.owner


def lists_by_owner(bp: model.Blueprint, use: FunctionUse, table: str) -> OwnerQuery | None:
    """How a signed-in list route of ``table`` Queries the caller's items, or None (it Scans)."""
    spec = bp.services[use.service].tables.get(table)
    if spec is None or not _signed_in(bp, use):
        return None
    return owner_index(spec)


def scan_note(bp: model.Blueprint, use: FunctionUse, table: str) -> str:
    """What a list stub that Scans ``table`` says about it, in both languages."""
    spec = bp.services[use.service].tables.get(table)
    if not _signed_in(bp, use):
        why = "a public route has no caller to own items"
    elif spec is None or spec.owner is None:
        why = f"table {table} declares no owner"
    else:
        why = f"no index of table {table} is keyed by its owner {spec.owner}"
    return f"Scans the whole table ({why})"
