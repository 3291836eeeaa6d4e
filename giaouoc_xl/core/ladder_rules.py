"""The compact's rules on its tiers and its award ladder (:func:`check_tiers`,
:func:`check_awards`; all the rules run from :func:`giaouoc_xl.core.compact_rules.rule_findings`):
tiers in order and within reach of the points a school can earn, awards coded and ordered once
each, their tiers, totals, quotas, conditions and tie-break criteria.
"""

from __future__ import annotations

from collections.abc import Iterator

from .award_conditions import AWARD_VARIABLES
from .compact_findings import At, duplicates, nothing
from .expressions import ExpressionError, condition_calls, condition_names
from .findings import Finding, Severity
from .model import Category, Compact, Level, Ranking, fold
from .over_years import call_problem
from .scoring import TargetScore, capped
from .ties import tie_criteria

__all__ = ["check_awards", "check_tiers"]


def check_tiers(compact: Compact) -> Iterator[Finding]:
    if not compact.tiers:
        yield nothing("tiers")
        return
    yield from duplicates(
        compact.tiers, lambda t: fold(t.name), "tiers", "name", "duplicate-tier", "Xếp loại"
    )
    for index in range(1, len(compact.tiers)):
        above, tier = compact.tiers[index - 1], compact.tiers[index]
        if tier.min_points >= above.min_points:
            yield At(("tiers", index))(
                "min_points",
                "tiers-not-ordered",
                f"Xếp loại '{tier.name}' cần {tier.min_points:g} điểm, không ít hơn mức trên nó "
                f"'{above.name}' ({above.min_points:g}); nhập từ mức cao nhất xuống, điểm giảm dần",
                tier.min_points,
            )
    totals = _level_totals(compact)
    if not totals:
        return
    level, lowest = min(totals.items(), key=lambda item: item[1])
    for index, tier in enumerate(compact.tiers):
        if tier.min_points > lowest:
            yield At(("tiers", index))(
                "min_points",
                "tier-above-total",
                f"Xếp loại '{tier.name}' cần {tier.min_points:g} điểm, nhưng trường cấp {level.value} "
                f"chỉ có thể đạt tối đa {lowest:g} điểm từ các chỉ tiêu",
                tier.min_points,
                expected=lowest,
            )


def _level_totals(compact: Compact) -> dict[Level, float]:
    """The standard points a school of each level in use can earn (levels with targets), under
    the maximum points of the groups and contents."""
    levels_in_use = sorted({lv for s in compact.schools for lv in s.levels} or set(Level))
    return {lv: _reachable(compact, lv) for lv in levels_in_use if compact.targets_for([lv])}


def _reachable(compact: Compact, level: Level) -> float:
    """Every standard criterion of ``level`` at its points, less what the caps take."""
    full = [
        TargetScore(t.code, None, None, None, True, t.points)
        for t in compact.targets_for([level])
        if t.category is Category.STANDARD and not t.parent
    ]
    return compact.max_points([level]) - capped(compact, full)[0]


def check_awards(compact: Compact) -> Iterator[Finding]:
    """The award ladder: codes and orders once each, tiers that exist, conditions that parse
    and use known figures, a quota for each award."""
    awards = compact.awards
    yield from duplicates(
        awards, lambda a: a.code, "awards", "code", "duplicate-award", "Mã khen thưởng"
    )
    yield from duplicates(
        awards, lambda a: a.order, "awards", "order", "duplicate-award", "Thứ tự khen thưởng"
    )
    tiers = {fold(t.name) for t in compact.tiers}
    bonus = sum(t.points for t in compact.targets if t.category is Category.BONUS)
    most = max(_level_totals(compact).values(), default=0.0) + bonus
    for index, award in enumerate(awards):
        at = At(("awards", index))
        if award.min_tier and fold(award.min_tier) not in tiers:
            yield at(
                "min_tier",
                "unknown-award-tier",
                f"Khen thưởng '{award.name}': xếp loại tối thiểu '{award.min_tier}' không có ở "
                "sheet Xếp loại",
                award.min_tier,
            )
        if award.condition:
            yield from _check_condition(compact, award.name, award.condition, at)
        if award.min_total is not None and award.min_total > most:
            yield at(
                "min_total",
                "award-above-total",
                f"Khen thưởng '{award.name}' cần tổng điểm {award.min_total:g}, nhưng trường cấp "
                f"nào cũng chỉ đạt tối đa {most:g} điểm (kể cả điểm cộng)",
                award.min_total,
                expected=most,
                severity=Severity.WARNING,
            )
        recognised = compact.ranking is Ranking.RECOGNISE  # no ranks: a quota does not apply
        if award.quota_count is None and award.quota_share is None and not recognised:
            yield at(
                "quota_count",
                "award-without-quota",
                f"Khen thưởng '{award.name}' chưa có chỉ tiêu mỗi khối: ghi số trường hoặc phần "
                "trăm số trường (100 nếu không giới hạn)",
            )
        if award.tie_breaks:
            yield from _check_tie_breaks(compact, award.name, award.tie_breaks, at)


def _check_tie_breaks(compact: Compact, name: str, text: str, at: At) -> Iterator[Finding]:
    """An award's tie-break criteria are each understood, and a content named exists."""
    criteria, unknown = tie_criteria(text)
    for part in unknown:
        yield at(
            "tie_breaks",
            "invalid-tie-break",
            f"Khen thưởng '{name}': tiêu chí khi bằng điểm '{part}' không hiểu được; dùng "
            "theo thứ tự, cách nhau bằng dấu ';': phiếu; nội dung N (số thứ tự nội dung); "
            "điểm trừ; điểm cộng",
            text,
        )
    contents = sorted(c.number for c in compact.contents)
    for criterion in criteria:
        if criterion.content is not None and criterion.content not in contents:
            have = ", ".join(str(n) for n in contents) or "chưa có nội dung nào"
            yield at(
                "tie_breaks",
                "invalid-tie-break",
                f"Khen thưởng '{name}': tiêu chí khi bằng điểm 'nội dung {criterion.content}' "
                f"nhắc một nội dung không có ở sheet nội dung (các nội dung: {have})",
                text,
            )


def _check_condition(compact: Compact, name: str, condition: str, at: At) -> Iterator[Finding]:
    """An award's condition parses, uses only the staff figures and calls only the functions
    over years, each as it must be (:mod:`giaouoc_xl.core.over_years`)."""
    try:
        names = condition_names(condition)
        calls = condition_calls(condition)
    except ExpressionError as error:
        yield at(
            "condition", "invalid-award-condition", f"Khen thưởng '{name}': {error}", condition
        )
        return
    unknown = [n for n in names if n not in AWARD_VARIABLES]
    if unknown:
        yield at(
            "condition",
            "invalid-award-condition",
            f"Khen thưởng '{name}': điều kiện dùng '{', '.join(unknown)}' không "
            f"phải số liệu cán bộ; chỉ dùng {', '.join(AWARD_VARIABLES)}",
            condition,
        )
    for call in calls:
        problem = call_problem(compact, call)
        if problem:
            yield at(
                "condition",
                "invalid-award-condition",
                f"Khen thưởng '{name}': {problem}",
                condition,
            )
