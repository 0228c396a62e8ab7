"""Positions of every key and value of a loaded blueprint, keyed by path tuples."""

from __future__ import annotations

from dataclasses import dataclass, field

from scaffold.errors import Location

Path = tuple[str | int, ...]


@dataclass
class SourceMap:
    """Maps a path such as ``("services", "users", "routes")`` to where it is written.

    Keys map to the position of the key itself; values to the position of the value.
    A lookup of a path that was never written (a default, an expanded short form)
    falls back to its nearest written ancestor, so every diagnostic has a location.
    """

    file: str
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def key(self, path: Path) -> Location:
        """Where the key at ``path`` (or its nearest ancestor) is written."""
        return self._find(path, self.keys)

    def value(self, path: Path) -> Location:
        """Where the value at ``path`` (or its nearest ancestor) is written."""
        return self._find(path, self.values)

    def _find(self, path: Path, table: dict[Path, tuple[int, int]]) -> Location:
        probe = tuple(path)
        while True:
            pos = table.get(probe) or self.keys.get(probe)
            if pos is not None:
                return Location(self.file, pos[0], pos[1])
            if not probe:
                return Location(self.file, 1, 1)
            probe = probe[:-1]
