"""Scores, tiers and ranks (pure). One place for every scoring rule of docs/design.md ("Rules of the domain").

- The goal of a target is the school's registration (the checker compares it with the
  threshold); when the registration is missing or invalid, the threshold is the goal.
- A target is met when the result satisfies its direction against the goal.
- ``all_or_nothing``: the points when met, else 0. ``proportional``: points × min(1, result /
  goal) for "at least" (for "at most": points × min(1, goal / result), full points when the
  result is 0; "exactly" is all or nothing). ``deduct``: points − step × units short, not below 0.
- Bonus items (điểm cộng) add what they earn; deduction items (điểm trừ) subtract what they do
  not earn (points − earned). A missing result earns 0.
- Caps: a target group's standard points together are at most its ``max_points``, then a
  content's (its groups' and its own targets') at most its ``max_points``; what a cap takes is
  kept (``SchoolScore.caps``). Bonus and deduction items are never capped.
- Evidence per criterion: in a period whose ``missing_evidence`` is ``ZERO`` (with evidence
  required), a standard or bonus criterion whose result has no evidence earns 0 points, the
  reason on its row (``TargetScore.reason``); a deduction item needs none.
- Total → the best tier whose cut-off it reaches (the standard points alone when the compact
  says ``tiers_before_bonus``). A veto target not met does what the compact
  says for it (``Target.veto_outcome``): caps the tier at the compact's ``veto_cap_tier``, drops
  it one step (one step however many such targets are missed), or leaves it and excludes the
  school from awards. A floor (``Compact.floor_share``: no standard criterion below that share
  of its points) missed does the same with ``Compact.floor_outcome``. Ranks within a bloc by
  total, ties sharing a rank (1, 1, 3); schools not submitted or with errors are not ranked,
  and no school is in a compact that only recognises (``Ranking.RECOGNISE``).
- In the registration period nothing is scored: the registration is compared with the
  threshold instead ("compliance").
- In a result period only the targets collected in that period are scored; when they are fewer
  than all, the standard points earned are scaled to the full total (a term-I score of 45 out of the
  50 points collected in term I counts as 90 out of 100), so the same tier cut-offs apply.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .model import (
    Category,
    Compact,
    Direction,
    MissingEvidence,
    Period,
    Scoring,
    Target,
    Tier,
    ValueKind,
    VetoOutcome,
    fold,
    label,
)
from .points import by_level, partial_cap, round_to, with_sums
from .thresholds import satisfies


@dataclass(frozen=True, slots=True)
class TargetScore:
    code: str
    registration: Any
    result: Any
    goal: Any
    met: bool | None  # None: nothing to judge (no result; or, at registration, no registration)
    points: float  # earned (for a deduction item: minus the points deducted)
    reason: str = ""  # why it earned nothing whatever its result (NO_EVIDENCE)


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
    #: what each cap took: ("group", code, points taken) or ("content", number, points taken)
    caps: tuple[tuple[str, str, float], ...] = ()
    floor_missed: tuple[str, ...] = ()  # the standard criteria below the compact's floor


#: Why a criterion earned 0 points: its result came without evidence (MissingEvidence.ZERO).
NO_EVIDENCE = "Không có minh chứng: tiêu chí được 0 điểm"


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


def earned(
    target: Target, result: Any, goal: Any, rounding: float | None = None
) -> tuple[bool | None, float]:
    """(met, points earned) for a result against a goal: a criterion in points earns its
    points, a level list ``by_level`` its table's, any other its own rule's; then the partial
    rule and the compact's ``rounding`` (:mod:`giaouoc_xl.core.points`)."""
    if result is None:
        return None, 0.0
    met: bool | None
    if target.kind is ValueKind.POINTS:
        met = satisfies(target, result, goal)
        points = min(max(0.0, float(result)), target.points)
    elif target.scoring is Scoring.BY_LEVEL and target.kind is ValueKind.LEVEL:
        met = satisfies(target, result, goal)
        points = min(by_level(target, result), target.points)
    else:
        met, points = _earned_by_rule(target, result, goal)
    return met, round_to(round(partial_cap(target, points), 4), rounding)


def _earned_by_rule(target: Target, result: Any, goal: Any) -> tuple[bool | None, float]:
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


def veto_tier(
    compact: Compact, tier: str, missed: Iterable[Target], floor: bool = False
) -> tuple[str, bool]:
    """(the tier, excluded from awards) after the veto targets ``missed`` and, when ``floor``,
    the compact's floor missed."""
    outcomes = {target.veto_outcome for target in missed}
    if floor:
        outcomes.add(compact.floor_outcome)
    if VetoOutcome.DROP in outcomes:
        tier = _drop(compact, tier)
    if VetoOutcome.CAP in outcomes:
        tier = _cap(compact, tier)
    return tier, VetoOutcome.EXCLUDE in outcomes


def capped(
    compact: Compact, rows: Iterable[TargetScore]
) -> tuple[float, tuple[tuple[str, str, float], ...]]:
    """What the caps of the groups, then of the contents, take from the standard points of
    ``rows``: (points taken in all, each cap's take). A group's points count in its content
    (the group's, else the one its targets name)."""
    groups = {g.code: g.max_points for g in compact.target_groups if g.max_points is not None}
    contents = {c.number: c.max_points for c in compact.contents if c.max_points is not None}
    if not groups and not contents:
        return 0.0, ()
    by_group: dict[str, float] = {}
    by_content: dict[int, float] = {}
    for row in rows:
        target = compact.target(row.code)
        if target is None or target.category is not Category.STANDARD or target.parent:
            continue  # a sub-item's points are in its criterion's
        by_group[target.group] = by_group.get(target.group, 0.0) + row.points
    taken: list[tuple[str, str, float]] = []
    for code, points in by_group.items():
        cap = groups.get(code)
        if cap is not None and points > cap + 1e-9:
            taken.append(("group", code, round(points - cap, 4)))
            points = cap
        content = next((g.content for g in compact.target_groups if g.code == code), None)
        if content is None:  # a group of no content: the content its targets name
            content = next(
                (t.content for t in compact.targets if t.group == code and t.content), None
            )
        if content is not None:
            by_content[content] = by_content.get(content, 0.0) + points
    for number, points in by_content.items():
        cap = contents.get(number)
        if cap is not None and points > cap + 1e-9:
            taken.append(("content", str(number), round(points - cap, 4)))
    return sum(t[2] for t in taken), tuple(taken)


def below_floor(compact: Compact, target: Target, points: float) -> bool:
    """Whether a standard criterion's ``points`` are below the compact's floor (a sub-item is
    no criterion: its criterion's sum is judged)."""
    if not compact.floor_share or target.category is not Category.STANDARD or target.points <= 0:
        return False
    if target.parent:
        return False
    return points + 1e-9 < target.points * compact.floor_share / 100


def score_school(
    compact: Compact,
    applicable: list[tuple[Target, Any]],
    registrations: dict[str, Any],
    results: dict[str, Any],
    period: Period,
    evidence: Mapping[str, str] | None = None,
) -> SchoolScore:
    """Score one school for ``period``. ``registrations``/``results`` hold parsed usable values by
    target code (missing or invalid values are absent); ``evidence`` the school's evidence by
    target code (None: not known, nothing gated)."""
    gated = _evidence_gated(compact, period, evidence)
    # a criterion with sub-items holds their sum (a sub-item counts only there)
    targets = [target for target, _ in applicable]
    registrations, results = with_sums(targets, registrations), with_sums(targets, results)
    scored = period is not Period.REGISTRATION
    tally = _Tally()
    for target, threshold in applicable:
        registration = registrations.get(target.code)
        if registration is not None and satisfies(target, registration, threshold):
            tally.compliant += 1
        goal = registration if registration is not None else threshold
        if not scored:
            met = None if registration is None else satisfies(target, registration, threshold)
            tally.rows.append(TargetScore(target.code, registration, None, threshold, met, 0.0))
            continue
        if period not in target.periods:  # not collected in this period: shown, not scored
            tally.rows.append(TargetScore(target.code, registration, None, goal, None, 0.0))
            continue
        result = results.get(target.code)
        _score_target(compact, tally, target, registration, result, goal, gated, evidence)
    if not scored:
        return SchoolScore(tuple(tally.rows), None, "", (), tally.compliant, len(applicable))
    return _totals(compact, applicable, period, tally)


@dataclass
class _Tally:
    """What a school's targets add up to, target by target (:func:`score_school`)."""

    rows: list[TargetScore] = field(default_factory=list)
    standard: float = 0.0
    bonus: float = 0.0
    deduction: float = 0.0
    compliant: int = 0
    veto: list[Target] = field(default_factory=list)
    floor: list[str] = field(default_factory=list)


def _evidence_gated(compact: Compact, period: Period, evidence: Mapping[str, str] | None) -> bool:
    """Whether a result without its evidence earns nothing in ``period``."""
    spec = compact.period_spec(period)
    return (
        evidence is not None
        and spec is not None
        and spec.evidence_required
        and spec.missing_evidence is MissingEvidence.ZERO
    )


def _score_target(
    compact: Compact,
    tally: _Tally,
    target: Target,
    registration: Any,
    result: Any,
    goal: Any,
    gated: bool,
    evidence: Mapping[str, str] | None,
) -> None:
    """Score one target collected in the period into ``tally``."""
    met, points = earned(target, result, goal, compact.point_rounding)
    reason = ""
    needs = gated and result is not None and target.category is not Category.DEDUCTION
    if needs and not (evidence or {}).get(target.code):
        points, reason = 0.0, NO_EVIDENCE
    if target.category is Category.BONUS:
        tally.bonus += points
    elif target.category is Category.DEDUCTION:
        lost = target.points - points
        tally.deduction += lost
        points = -lost
    elif not target.parent:  # a sub-item's points count in its criterion's
        tally.standard += points
    if target.veto and not met:
        tally.veto.append(target)
    tally.rows.append(TargetScore(target.code, registration, result, goal, met, points, reason))
    if target.category is Category.STANDARD and below_floor(compact, target, points):
        tally.floor.append(target.code)


def _totals(
    compact: Compact, applicable: list[tuple[Target, Any]], period: Period, tally: _Tally
) -> SchoolScore:
    """The school's score from its scored targets: the caps, the scale of a term collecting
    fewer targets, the rounding, the tier (and what a veto target does to it)."""
    possible = sum(
        t.points for t, _ in applicable if t.category is Category.STANDARD and not t.parent
    )
    in_period = sum(
        t.points
        for t, _ in applicable
        if t.category is Category.STANDARD and period in t.periods and not t.parent
    )
    rows, bonus, deduction, veto, floor = (
        tally.rows, tally.bonus, tally.deduction, tally.veto, tally.floor
    )  # fmt: skip
    taken, caps = capped(compact, rows)
    standard = tally.standard - taken
    if 0 < in_period < possible:
        standard *= (
            possible / in_period
        )  # a term collecting fewer targets is scored on the same scale
    standard = round_to(standard, compact.point_rounding)  # "điểm lẻ đến 0,5"
    total = round_to(round(max(0.0, standard + bonus - deduction), 4), compact.point_rounding)
    basis = round(standard, 4) if compact.tiers_before_bonus else total
    tier, excluded = veto_tier(compact, tier_for(compact.tiers, basis), veto, bool(floor))
    parts = (round(standard, 4), round(bonus, 4), round(deduction, 4))
    codes = tuple(t.code for t in veto)
    return SchoolScore(
        tuple(rows),
        total,
        tier,
        codes,
        tally.compliant,
        len(applicable),
        *parts,
        excluded=excluded,
        caps=caps,
        floor_missed=tuple(floor),
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


def veto_text(compact: Compact, missed: Iterable[str]) -> str:
    """What missing the veto targets ``missed`` does, as the documents say it: "Không đạt chỉ
    tiêu phủ quyết CT02.1: hạ một bậc xếp loại"."""
    parts = []
    for code in missed:
        target = compact.target(code)
        outcome = target.veto_outcome if target else VetoOutcome.CAP
        if outcome is VetoOutcome.CAP:
            what = f"xếp loại tối đa {compact.veto_cap_tier}" if compact.veto_cap_tier else ""
        else:
            what = label(outcome).lower()
        parts.append(code + (f": {what}" if what else ""))
    return "Không đạt chỉ tiêu phủ quyết " + "; ".join(parts)
