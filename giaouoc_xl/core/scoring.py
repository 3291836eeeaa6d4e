"""Scores, tiers and ranks (pure). One place for every scoring rule of docs/design.md ("Rules of the domain").

- The goal of a target is the school's registration (the checker compares it with the
  threshold); when the registration is missing or invalid, the threshold is the goal.
- A target is met when the result satisfies its direction against the goal.
- ``all_or_nothing``: the points when met, else 0. ``proportional``: points × min(1, result /
  goal) for "at least" (for "at most": points × min(1, goal / result), full points when the
  result is 0; "exactly" is all or nothing). ``deduct``: points − step × units short, not below 0.
- Bonus items (điểm cộng) add what they earn; deduction items (điểm trừ) subtract what they do
  not earn (points − earned). A missing result earns 0.
- Total → the best tier whose cut-off it reaches. A veto target not met does what the compact
  says for it (``Target.veto_outcome``): caps the tier at the compact's ``veto_cap_tier``, drops
  it one step (one step however many such targets are missed), or leaves it and excludes the
  school from awards. Ranks within a bloc by total, ties sharing a rank (1, 1, 3);
  schools not submitted or with errors are not ranked.
- In the registration period nothing is scored: the registration is compared with the
  threshold instead ("compliance").
- In a result period only the targets collected in that period are scored; when they are fewer
  than all, the standard points earned are scaled to the full total (a term-I score of 45 out of the
  50 points collected in term I counts as 90 out of 100), so the same tier cut-offs apply.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .model import (
    Category,
    Compact,
    Direction,
    Period,
    Scoring,
    Target,
    Tier,
    ValueKind,
    VetoOutcome,
    fold,
)
from .thresholds import satisfies


@dataclass(frozen=True, slots=True)
class TargetScore:
    code: str
    registration: Any
    result: Any
    goal: Any
    met: bool | None  # None: nothing to judge (no result; or, at registration, no registration)
    points: float  # earned (for a deduction item: minus the points deducted)


@dataclass(frozen=True, slots=True)
class SchoolScore:
    targets: tuple[TargetScore, ...]
    total: float | None  # None in the registration period
    tier: str
    veto_missed: tuple[str, ...]
    compliant: int  # registrations meeting the threshold
    applicable: int
    standard: float = 0.0  # the standard targets' points (scaled to the full total)
    bonus: float = 0.0  # added by bonus items
    deduction: float = 0.0  # taken by deduction items
    excluded: bool = False  # a missed veto target excludes the school from awards


def _share(target: Target, result: float, goal: float) -> float:
    if target.direction is Direction.AT_MOST:
        return 1.0 if result <= 0 else min(1.0, goal / result)
    if target.direction is Direction.AT_LEAST:
        return 1.0 if goal <= 0 else min(1.0, max(0.0, result / goal))
    return 1.0 if abs(result - goal) <= 1e-9 else 0.0


def _short(target: Target, result: float, goal: float) -> float:
    if target.direction is Direction.AT_MOST:
        return max(0.0, result - goal)
    if target.direction is Direction.AT_LEAST:
        return max(0.0, goal - result)
    return abs(result - goal)


def earned(target: Target, result: Any, goal: Any) -> tuple[bool | None, float]:
    """(met, points earned by the target's own rule) for a result against a goal."""
    if result is None:
        return None, 0.0
    met = satisfies(target, result, goal)
    numeric = target.kind in (ValueKind.PERCENT, ValueKind.COUNT)
    if target.scoring is Scoring.PROPORTIONAL and numeric and goal is not None:
        return met, round(target.points * _share(target, float(result), float(goal)), 4)
    if target.scoring is Scoring.DEDUCT and numeric and goal is not None:
        lost = (target.step or 0.0) * _short(target, float(result), float(goal))
        return met, round(max(0.0, target.points - lost), 4)
    return met, target.points if met else 0.0


def tier_for(tiers: Iterable[Tier], total: float) -> str:
    """The best tier whose cut-off ``total`` reaches (tiers listed best first); '' for none."""
    for tier in tiers:
        if total + 1e-9 >= tier.min_points:
            return tier.name
    return ""


def _cap(compact: Compact, tier: str) -> str:
    names = [fold(t.name) for t in compact.tiers]
    cap = fold(compact.veto_cap_tier)
    if not cap or cap not in names or fold(tier) not in names:
        return tier
    return tier if names.index(fold(tier)) >= names.index(cap) else compact.veto_cap_tier


def _drop(compact: Compact, tier: str) -> str:
    """One tier lower (the lowest stays the lowest)."""
    names = [fold(t.name) for t in compact.tiers]
    if fold(tier) not in names:
        return tier
    return compact.tiers[min(names.index(fold(tier)) + 1, len(names) - 1)].name


def veto_tier(compact: Compact, tier: str, missed: Iterable[Target]) -> tuple[str, bool]:
    """(the tier, excluded from awards) after the veto targets ``missed``."""
    outcomes = {target.veto_outcome for target in missed}
    if VetoOutcome.DROP in outcomes:
        tier = _drop(compact, tier)
    if VetoOutcome.CAP in outcomes:
        tier = _cap(compact, tier)
    return tier, VetoOutcome.EXCLUDE in outcomes


def score_school(
    compact: Compact,
    applicable: list[tuple[Target, Any]],
    registrations: dict[str, Any],
    results: dict[str, Any],
    period: Period,
) -> SchoolScore:
    """Score one school for ``period``. ``registrations``/``results`` hold parsed usable values by
    target code (missing or invalid values are absent)."""
    scored = period is not Period.REGISTRATION
    rows: list[TargetScore] = []
    standard = bonus = deduction = 0.0
    compliant = 0
    veto: list[Target] = []
    possible = sum(t.points for t, _ in applicable if t.category is Category.STANDARD)
    in_period = sum(
        t.points for t, _ in applicable if t.category is Category.STANDARD and period in t.periods
    )
    for target, threshold in applicable:
        registration = registrations.get(target.code)
        if registration is not None and satisfies(target, registration, threshold):
            compliant += 1
        goal = registration if registration is not None else threshold
        if not scored:
            met = None if registration is None else satisfies(target, registration, threshold)
            rows.append(TargetScore(target.code, registration, None, threshold, met, 0.0))
            continue
        if period not in target.periods:  # not collected in this period: shown, not scored
            rows.append(TargetScore(target.code, registration, None, goal, None, 0.0))
            continue
        result = results.get(target.code)
        met, points = earned(target, result, goal)
        if target.category is Category.BONUS:
            bonus += points
        elif target.category is Category.DEDUCTION:
            lost = target.points - points
            deduction += lost
            points = -lost
        else:
            standard += points
        if target.veto and not met:
            veto.append(target)
        rows.append(TargetScore(target.code, registration, result, goal, met, points))
    if not scored:
        return SchoolScore(tuple(rows), None, "", (), compliant, len(applicable))
    if 0 < in_period < possible:
        standard *= (
            possible / in_period
        )  # a term collecting fewer targets is scored on the same scale
    total = round(max(0.0, standard + bonus - deduction), 4)
    tier, excluded = veto_tier(compact, tier_for(compact.tiers, total), veto)
    parts = (round(standard, 4), round(bonus, 4), round(deduction, 4))
    codes = tuple(t.code for t in veto)
    return SchoolScore(
        tuple(rows), total, tier, codes, compliant, len(applicable), *parts, excluded=excluded
    )


def rank(totals: dict[str, float | None]) -> dict[str, int | None]:
    """Competition ranks by total, best first, ties sharing a rank (1, 1, 3); None unranked."""
    ranked = sorted((t, code) for code, t in totals.items() if t is not None)
    ranked.sort(key=lambda item: -item[0])
    ranks: dict[str, int | None] = dict.fromkeys(totals)
    previous: float | None = None
    current = 0
    for position, (total, code) in enumerate(ranked, start=1):
        if previous is None or abs(total - previous) > 1e-9:
            current = position
            previous = total
        ranks[code] = current
    return ranks
