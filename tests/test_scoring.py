"""Scores, tiers and ranks follow the rules exactly (scoring.py)."""

from __future__ import annotations

import pytest

from giaouoc_xl.core.model import (
    Category,
    Direction,
    Level,
    Period,
    Scoring,
    Target,
    Tier,
    ValueKind,
)
from giaouoc_xl.core.samples import sample
from giaouoc_xl.core.scoring import earned, rank, score_school, tier_for

TB = sample("thanh-ba-2020-2021")


def target(
    direction: Direction, scoring: Scoring = Scoring.ALL_OR_NOTHING, **extra: object
) -> Target:
    return Target(
        code="T",
        group="N",
        text="t",
        kind=ValueKind.PERCENT,
        direction=direction,
        thresholds={Level.TH: 90.0},
        points=10,
        scoring=scoring,
        **extra,
    )


@pytest.mark.parametrize(
    ("direction", "scoring", "result", "goal", "met", "points"),
    [
        (Direction.AT_LEAST, Scoring.ALL_OR_NOTHING, 95.0, 90.0, True, 10),
        (Direction.AT_LEAST, Scoring.ALL_OR_NOTHING, 89.0, 90.0, False, 0),
        (Direction.AT_LEAST, Scoring.PROPORTIONAL, 45.0, 90.0, False, 5),
        (Direction.AT_LEAST, Scoring.PROPORTIONAL, 99.0, 90.0, True, 10),  # capped at 1
        (Direction.AT_MOST, Scoring.PROPORTIONAL, 2.0, 1.0, False, 5),  # goal / result
        (Direction.AT_MOST, Scoring.PROPORTIONAL, 0.0, 1.0, True, 10),  # full when result is 0
        (Direction.AT_MOST, Scoring.ALL_OR_NOTHING, 1.0, 1.0, True, 10),
        (Direction.EXACTLY, Scoring.ALL_OR_NOTHING, 0.0, 0.0, True, 10),
        (Direction.EXACTLY, Scoring.ALL_OR_NOTHING, 1.0, 0.0, False, 0),
        (Direction.AT_LEAST, Scoring.DEDUCT, 87.0, 90.0, False, 4),  # 10 - 2 × 3
        (Direction.AT_LEAST, Scoring.DEDUCT, 80.0, 90.0, False, 0),  # not below 0
        (Direction.AT_MOST, Scoring.DEDUCT, 1.5, 1.0, False, 9),  # 10 - 2 × 0.5
    ],
)
def test_earned(
    direction: Direction, scoring: Scoring, result: float, goal: float, met: bool, points: float
) -> None:
    step = 2.0 if scoring is Scoring.DEDUCT else None
    assert earned(target(direction, scoring, step=step), result, goal) == (met, points)


def test_missing_result_earns_nothing() -> None:
    assert earned(target(Direction.AT_LEAST), None, 90.0) == (None, 0.0)


def test_tiers_by_cut_off() -> None:
    tiers = TB.tiers
    assert [tier_for(tiers, total) for total in (100, 90, 89.99, 80, 65, 64.5, 0)] == [
        "Hoàn thành xuất sắc nhiệm vụ",
        "Hoàn thành xuất sắc nhiệm vụ",
        "Hoàn thành tốt nhiệm vụ",
        "Hoàn thành tốt nhiệm vụ",
        "Hoàn thành nhiệm vụ",
        "Không hoàn thành nhiệm vụ",
        "Không hoàn thành nhiệm vụ",
    ]


def test_ranks_share_ties_and_skip() -> None:
    assert rank({"a": 95.0, "b": 95.0, "c": 90.0, "d": None, "e": 80.0}) == {
        "a": 1,
        "b": 1,
        "c": 3,
        "d": None,
        "e": 4,
    }


def test_all_targets_met_scores_100_plus_bonus() -> None:
    from giaouoc_xl.core.thresholds import school_targets

    applicable = school_targets(TB, TB.schools[25])
    values = {t.code: th for t, th in applicable}
    values["CT10.1"] = 1.0  # the bonus item met
    score = score_school(TB, applicable, values, values, period=Period.YEAR_END)
    assert (
        score.total == 102
        and score.tier == "Hoàn thành xuất sắc nhiệm vụ"
        and score.veto_missed == ()
    )
    by_code = {t.code: t for t in score.targets}
    assert by_code["CT10.2"].points == 0 and by_code["CT10.1"].points == 2


def test_deduction_item_subtracts_what_it_does_not_earn() -> None:
    from giaouoc_xl.core.thresholds import school_targets

    applicable = school_targets(TB, TB.schools[25])
    values = {t.code: th for t, th in applicable}
    results = {**values, "CT10.2": 3.0}  # three late reports: 1 point each
    score = score_school(TB, applicable, values, results, period=Period.YEAR_END)
    assert score.total == 100 + 2 - 3  # the bonus item is met (1 award), three points deducted
    assert {t.code: t.points for t in score.targets}["CT10.2"] == -3


def test_veto_target_not_met_caps_the_tier() -> None:
    from giaouoc_xl.core.thresholds import school_targets

    applicable = school_targets(TB, TB.schools[25])
    values = {t.code: th for t, th in applicable}
    results = {**values, "CT02.1": 1.0}  # one case of school violence: a veto target
    score = score_school(TB, applicable, values, results, period=Period.YEAR_END)
    assert score.total == 100 + 2 - 10
    assert score.veto_missed == ("CT02.1",)
    assert score.tier == "Hoàn thành nhiệm vụ"  # 92 would be the top tier; capped by the veto


def test_goal_is_the_registration() -> None:
    from giaouoc_xl.core.thresholds import school_targets

    applicable = school_targets(TB, TB.schools[25])
    thresholds = {t.code: th for t, th in applicable}
    registrations = {**thresholds, "CT07.1": 100.0}
    score = score_school(
        TB, applicable, registrations, {**thresholds, "CT07.1": 100.0}, period=Period.YEAR_END
    )
    assert {t.code: t.met for t in score.targets}["CT07.1"] is True
    lower = score_school(
        TB,
        applicable,
        {**thresholds, "CT06.3": 100.0},
        {**thresholds, "CT06.3": 99.9},
        period=Period.YEAR_END,
    )
    assert {t.code: (t.goal, t.met) for t in lower.targets}["CT06.3"] == (100.0, False)


def test_registration_period_has_no_score_but_compliance() -> None:
    from giaouoc_xl.core.thresholds import school_targets

    applicable = school_targets(TB, TB.schools[25])
    registrations = {t.code: th for t, th in applicable}
    registrations["CT06.2"] = 98.0  # below 99.5
    score = score_school(TB, applicable, registrations, {}, period=Period.REGISTRATION)
    assert score.total is None and score.tier == ""
    assert score.compliant == len(applicable) - 1 and score.applicable == len(applicable)


def test_bonus_and_deduction_are_outside_the_100_points() -> None:
    bonus = target(Direction.AT_LEAST, category=Category.BONUS)
    assert bonus.category is Category.BONUS
    tiers = (Tier(name="A", min_points=50), Tier(name="B", min_points=0))
    assert tier_for(tiers, 49.9999999999) == "A"  # rounding noise does not cost a tier


def test_no_tier_below_every_cut_off() -> None:
    tiers = (
        Tier(name="A", min_points=90),
        Tier(name="B", min_points=70),
        Tier(name="C", min_points=50),
    )
    assert tier_for(tiers, 30) == ""
