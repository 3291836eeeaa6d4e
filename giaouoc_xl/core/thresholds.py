"""Which threshold binds a school, and how a value compares with a goal. Pure functions.

A target applies to the levels that have a threshold for it; a two-level school takes the
stricter threshold of its levels (docs/design.md, "Rules of the domain").
"""

from __future__ import annotations

from typing import Any

from .model import NO, YES, Compact, Direction, Level, School, Target, ValueKind, fold

DIRECTION_SYMBOLS = {
    Direction.AT_LEAST: "≥",
    Direction.AT_MOST: "≤",
    Direction.EXACTLY: "=",
    Direction.MUST_BE_YES: "Có",
}


def rank(target: Target, value: Any) -> int | None:
    """The position of a level value in the target's list (lowest first), or None."""
    key = fold(str(value))
    for index, choice in enumerate(target.choices):
        if fold(choice) == key:
            return index
    return None


def stricter(target: Target, a: Any, b: Any) -> Any:
    """The stricter of two thresholds of ``target``, in its direction."""
    if (
        target.kind in (ValueKind.PERCENT, ValueKind.COUNT)
        and isinstance(a, float)
        and isinstance(b, float)
    ):
        if target.direction is Direction.AT_MOST:
            return min(a, b)
        return max(a, b)
    if target.kind is ValueKind.LEVEL:
        ra, rb = rank(target, a), rank(target, b)
        if ra is not None and rb is not None and target.direction is not Direction.AT_MOST:
            return a if ra >= rb else b
        if ra is not None and rb is not None:
            return a if ra <= rb else b
    return a


def threshold_for(target: Target, levels: tuple[Level, ...] | list[Level]) -> Any:
    """The threshold that binds a school of these levels (None when the target does not apply)."""
    found = [target.thresholds[level] for level in levels if level in target.thresholds]
    if not found:
        return None
    result = found[0]
    for other in found[1:]:
        result = stricter(target, result, other)
    return result


def school_targets(compact: Compact, school: School) -> list[tuple[Target, Any]]:
    """The targets that apply to ``school`` with the threshold that binds it, in compact order."""
    return [(t, threshold_for(t, school.levels)) for t in compact.targets_for(school.levels)]


def satisfies(target: Target, value: Any, goal: Any) -> bool:
    """Whether a parsed ``value`` meets ``goal`` in the target's direction."""
    if value is None or goal is None:
        return False
    kind, direction = target.kind, target.direction
    if type(value) is float and type(goal) is float:  # the common case: two numbers
        if direction is Direction.AT_MOST:
            return value <= goal + 1e-9
        if direction is Direction.EXACTLY:
            return abs(value - goal) <= 1e-9
        return value >= goal - 1e-9
    if kind is ValueKind.TEXT:
        return bool(str(value).strip())
    if kind is ValueKind.YES_NO:
        wanted = YES if direction is Direction.MUST_BE_YES else goal
        return bool(
            value == wanted
            or (value is True and wanted == YES)
            or (value is False and wanted == NO)
        )
    if kind is ValueKind.LEVEL:
        rv, rg = rank(target, value), rank(target, goal)
        if rv is None or rg is None:
            return False
        a, b = float(rv), float(rg)
    else:
        try:
            a, b = float(value), float(goal)
        except (TypeError, ValueError):
            return False
    if direction is Direction.AT_MOST:
        return a <= b + 1e-9
    if direction is Direction.EXACTLY:
        return abs(a - b) <= 1e-9
    return a >= b - 1e-9
