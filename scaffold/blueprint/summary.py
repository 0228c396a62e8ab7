"""A one-line count of what a blueprint declares."""

from __future__ import annotations

from scaffold.blueprint.functions import iter_functions
from scaffold.blueprint.model import Blueprint


def summarize(bp: Blueprint) -> str:
    """``3 services, 12 routes, 4 events, 20 functions``."""
    services = len(bp.services)
    routes = sum(len(s.routes) + len(s.uploads) for s in bp.services.values())
    events = sum(len(s.events) for s in bp.services.values())
    functions = sum(len({u.handler for u in iter_functions(n, s)})
                    for n, s in bp.services.items())

    def n(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    return ", ".join([n(services, "service"), n(routes, "route"), n(events, "event"),
                      n(functions, "function")])
