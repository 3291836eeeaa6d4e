"""Small helpers to write sample compacts as readable tables."""

from __future__ import annotations

from typing import Any

from ..model import (
    Category,
    Compact,
    Content,
    CrossRule,
    Direction,
    Level,
    Period,
    Scoring,
    Target,
    TargetGroup,
    Tier,
    ValueKind,
)

PCT, CNT, YN, LVL, TXT = (
    ValueKind.PERCENT,
    ValueKind.COUNT,
    ValueKind.YES_NO,
    ValueKind.LEVEL,
    ValueKind.TEXT,
)
GE, LE, EQ, YES_ = Direction.AT_LEAST, Direction.AT_MOST, Direction.EXACTLY, Direction.MUST_BE_YES
REG_YE = frozenset({Period.REGISTRATION, Period.YEAR_END})
ALL = frozenset(Period)

STANDARD_LEVELS_CHOICES = ("Chưa đạt", "Mức độ 1", "Mức độ 2")
ACCREDITATION_CHOICES = ("Chưa đạt", "Cấp độ 1", "Cấp độ 2", "Cấp độ 3", "Cấp độ 4")


def target(
    code: str,
    text: str,
    unit: str,
    kind: ValueKind,
    direction: Direction | None,
    thresholds: dict[str, Any],
    points: float,
    *,
    periods: frozenset[Period] = REG_YE,
    **extra: Any,
) -> Target:
    """A target whose group and content are derived from its code: CT04.2 -> group N04."""
    group = "N" + code[2:4]
    return Target(
        code=code,
        group=group,
        text=text,
        unit=unit,
        kind=kind,
        direction=direction,
        thresholds={Level(k): v for k, v in thresholds.items()},
        points=points,
        periods=periods,
        **extra,
    )


def bonus(
    code: str, text: str, unit: str, thresholds: dict[str, Any], points: float, **extra: Any
) -> Target:
    return target(code, text, unit, CNT, GE, thresholds, points, category=Category.BONUS, **extra)


def deduction(
    code: str, text: str, unit: str, thresholds: dict[str, Any], points: float, step: float
) -> Target:
    return target(
        code,
        text,
        unit,
        CNT,
        LE,
        thresholds,
        points,
        category=Category.DEDUCTION,
        scoring=Scoring.DEDUCT,
        step=step,
    )


XS, TOT = "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ"

#: The four tiers of Vietnamese emulation (xếp loại), used by both samples.
TIERS = (
    Tier(name="Hoàn thành xuất sắc nhiệm vụ", min_points=90),
    Tier(name="Hoàn thành tốt nhiệm vụ", min_points=80),
    Tier(name="Hoàn thành nhiệm vụ", min_points=65),
    Tier(name="Không hoàn thành nhiệm vụ", min_points=0),
)


def assemble(
    contents: list[str],
    groups: list[tuple[str, str, int]],
    targets: list[Target],
    rules: list[CrossRule],
    **settings: Any,
) -> Compact:
    """A sample compact: numbered contents, groups, targets taking their group's content, the
    four usual tiers (a missed veto target caps at "Hoàn thành nhiệm vụ"), and ``settings``."""
    group_content = {code: content for code, _, content in groups}
    return Compact(
        revision=1,
        current_period=Period.REGISTRATION,
        veto_cap_tier="Hoàn thành nhiệm vụ",
        contents=tuple(Content(number=i, title=t) for i, t in enumerate(contents, start=1)),
        target_groups=tuple(TargetGroup(code=c, title=t, content=n) for c, t, n in groups),
        targets=tuple(t.model_copy(update={"content": group_content[t.group]}) for t in targets),
        tiers=TIERS,
        rules=tuple(rules),
        **settings,
    )
