"""Issue #18's targets as ratios measured in one run, and the rule that says met or missed.

Pure functions only (no timing, no processes): ``tests/unit/test_bench_targets.py`` checks
them. run.py feeds them medians of interleaved runs.
"""

from __future__ import annotations

from dataclasses import dataclass

MET, MISSED, NOT_MEASURED, NOT_BUILT = "met", "missed", "not measured", "not built yet"


@dataclass(frozen=True)
class Target:
    """One row of the targets table.

    ``value`` is the compared quantity (a ratio, ms per function, MiB, seconds or a count);
    ``limit`` what the issue allows; ``strict`` means ``<`` (the memory target) instead of
    ``<=``. ``value=None`` is a figure this run could not measure: it never passes.
    ``cpu_value`` is the same quantity on CPU seconds (user + system) where it has a meaning.
    """

    label: str
    measured: str
    value: float | None
    limit: float | None
    unit: str
    strict: bool = False
    status: str = ""
    cpu_value: float | None = None

    @property
    def verdict(self) -> str:
        """``met``, ``missed``, ``not measured`` (or the fixed ``status`` given)."""
        if self.status:
            return self.status
        return verdict(self.value, self.limit, strict=self.strict)

    @property
    def cpu_verdict(self) -> str:
        """The same rule on CPU seconds (steadier than wall time on a loaded machine)."""
        if self.status:
            return self.status
        return verdict(self.cpu_value, self.limit, strict=self.strict)

    @property
    def target(self) -> str:
        """The target as the table prints it (``≤ 2.5×``, ``< 100 MiB``)."""
        if self.limit is None:
            return "–"
        sign = "<" if self.strict else "≤"
        return f"{sign} {self.limit:g}{self.unit}" if self.unit == "×" else \
            f"{sign} {self.limit:g} {self.unit}"


def verdict(value: float | None, limit: float | None, *, strict: bool = False) -> str:
    """Met when ``value`` is within ``limit``; a missing value or limit is not measured."""
    if value is None or limit is None:
        return NOT_MEASURED
    ok = value < limit if strict else value <= limit
    return MET if ok else MISSED


def ratio(value: float | None, floor: float | None) -> float | None:
    """``value / floor``, or None when either is missing or the floor is not positive."""
    if value is None or floor is None or floor <= 0:
        return None
    return value / floor


def growth_ms(small_s: float, big_s: float, small_functions: int,
              big_functions: int) -> float | None:
    """Milliseconds per extra function between two workloads (None if they do not grow)."""
    extra = big_functions - small_functions
    if extra <= 0:
        return None
    return (big_s - small_s) / extra * 1000
