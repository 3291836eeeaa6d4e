"""Answers a school could give: clean ones that satisfy the compact, and realistic random ones.

Used by ``giaouoc demo`` (simulated returns), the benchmarks and the tests. Pure data, no I/O.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from .expressions import codes_in, evaluate
from .model import NO, YES, Compact, Comparison, Direction, Period, School, Target, ValueKind
from .school_form import RESULT_PERIODS, Answers, collected
from .thresholds import school_targets
from .values import rule_number

PRINCIPALS = [
    "Nguyễn Thị Hoa",
    "Trần Văn Minh",
    "Lê Thị Thu",
    "Phạm Văn Hùng",
    "Hoàng Thị Lan",
    "Đỗ Văn Nam",
]


def _better(target: Target, threshold: Any, rng: random.Random | None) -> Any:
    """A value at least as good as ``threshold`` in the target's direction."""
    kind, direction = target.kind, target.direction
    if kind is ValueKind.YES_NO:
        return YES if direction is Direction.MUST_BE_YES else threshold
    if kind is ValueKind.LEVEL:
        if direction is Direction.AT_LEAST and rng is not None:
            start = target.choices.index(threshold)
            return rng.choice(target.choices[start:])
        return threshold
    if kind is ValueKind.TEXT:
        return "Đổi mới sinh hoạt chuyên môn theo nghiên cứu bài học"
    if kind is ValueKind.POINTS:
        return float(threshold)  # the maximum: a full score (a criterion's sub-items' too)
    value = float(threshold)
    if rng is None or direction is Direction.EXACTLY:
        return value
    ceiling = 100.0 if kind is ValueKind.PERCENT else value + 5
    step = rng.choice([0, 0, 0.5, 1]) if kind is ValueKind.PERCENT else rng.choice([0, 0, 1, 2])
    if direction is Direction.AT_MOST:
        return max(0.0, value - step)
    return min(ceiling, value + step)


def clean_answers(
    compact: Compact, school: School, period: Period | None = None, seed: int | None = None
) -> Answers:
    """Answers that meet every clause: registration at least as strict as the threshold, results
    meeting the registration with their evidence, the staff figures once results are due,
    signed. ``seed`` varies the values (still clean)."""
    rng = random.Random(seed) if seed is not None else None
    period = period or compact.current_period
    periods = collected(compact)
    targets: dict[str, dict[str, Any]] = {}
    end_year = int(compact.school_year[-4:])
    for number, (target, threshold) in enumerate(school_targets(compact, school), start=1):
        registration = _better(target, threshold, rng)
        typed: dict[str, Any] = {}
        if Period.REGISTRATION in periods:
            typed["registration"] = registration
        for result_period in RESULT_PERIODS:
            due = list(Period).index(result_period) <= list(Period).index(period)
            if result_period in periods and due and result_period in target.periods:
                typed[f"result:{result_period.value}"] = _better(target, registration, rng)
                typed["evidence"] = f"Báo cáo số {number}/BC-{school.code} ngày 20/5/{end_year}"
        targets[target.code] = typed
    _respect_rules(compact, school, targets)
    principal = PRINCIPALS[sum(map(ord, school.code)) % len(PRINCIPALS)]
    results_due = period in RESULT_PERIODS and any(p in periods for p in RESULT_PERIODS)
    return Answers(
        staff=_staff(school, rng) if results_due else {},
        targets=targets,
        signing={
            "principal": principal,
            "phone": "0210 3" + school.code[-5:].rjust(5, "0"),
            "email": f"c{school.code}@example.edu.vn",
            "date": date(int(compact.school_year[:4]), 10, 12),
            "commitment": YES,
        },
    )


def _respect_rules(compact: Compact, school: School, targets: dict[str, dict[str, Any]]) -> None:
    """Put the targets of a cross-field rule the answers break back at their thresholds
    (a rate of promotion improved to 100 % plus a dropout rate of 0.5 % would break one)."""
    thresholds = dict((t.code, th) for t, th in school_targets(compact, school))
    for rule in compact.rules:
        codes = [c for c in codes_in(rule.left) + codes_in(rule.right) if c in targets]
        values_keys = {k for code in codes for k in targets[code] if k != "evidence"}
        for key in values_keys:
            values = {c: _rule_number(compact, c, targets[c].get(key)) for c in codes}
            left, right = evaluate(rule.left, values), evaluate(rule.right, values)
            if left is not None and right is not None and not _holds(rule.operator, left, right):
                for code in codes:  # registration and results alike, so results still meet it
                    for value_key in values_keys & set(targets[code]):
                        targets[code][value_key] = thresholds[code]


def _rule_number(compact: Compact, code: str, value: Any) -> float | None:
    target = compact.target(code)
    return rule_number(target, value) if target is not None else None


def _holds(operator: Comparison, left: float, right: float) -> bool:
    return {
        Comparison.LE: left <= right,
        Comparison.GE: left >= right,
        Comparison.EQ: left == right,
        Comparison.LT: left < right,
        Comparison.GT: left > right,
        Comparison.NE: left != right,
    }[operator]


__all__ = ["NO", "YES", "clean_answers"]


def _staff(school: School, rng: random.Random | None) -> dict[str, int]:
    """Staff figures that add up: every part within the total, nobody disciplined."""
    pick = rng or random.Random(school.code)
    total = pick.randint(18, 80)
    return {
        "staff_total": total,
        "staff_completed": total - pick.randint(0, 2),
        "staff_ldtt": round(total * pick.uniform(0.55, 0.8)),
        "staff_cstdcs": round(total * pick.uniform(0.08, 0.2)),
        "staff_disciplined": 0,
    }


def self_scored(compact: Compact, school: School, answers: Answers, seed: int) -> Answers:
    """``answers`` with plausible self scores (tự chấm) on the criteria scored in points that
    the period collects: each sub-item (or criterion without sub-items) on its step, from 0 to
    its maximum, most in full, some half done, a few not done (how well depends on the school);
    a criterion with sub-items their sum, as its locked cell computes it."""
    rng = random.Random(seed)
    quality = rng.uniform(0.65, 0.95)  # the share of what a school does in full
    parents = {t.parent for t in compact.targets if t.parent}
    sums: dict[str, float] = {}
    for target, _threshold in school_targets(compact, school):
        typed = answers.targets.get(target.code, {})
        keys = [k for k in typed if k.startswith("result:")]
        if target.kind is not ValueKind.POINTS or target.code in parents or not keys:
            continue
        draw = rng.random()
        share = 1.0 if draw < quality else 0.5 if draw < quality + (1 - quality) * 0.7 else 0.0
        step = target.point_step  # none: any value from 0 to the maximum
        value = target.points * share
        value = min(target.points, round(value / step) * step) if step else value
        for key in keys:
            typed[key] = value
        if target.parent:
            sums[target.parent] = sums.get(target.parent, 0.0) + value
    for code, total in sums.items():
        for key in [k for k in answers.targets.get(code, {}) if k.startswith("result:")]:
            answers.targets[code][key] = total
    return answers
