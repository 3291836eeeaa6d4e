"""Each validation rule of the compact, by name, on the model (no files)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import ValidationError

from giaouoc_xl.core.codes import RULE_CODES as CODES
from giaouoc_xl.core.compact_rules import rule_findings
from giaouoc_xl.core.model import (
    Compact,
    Direction,
    Level,
    Period,
    PeriodSpec,
    School,
    Scoring,
    Target,
    Tier,
    ValueKind,
)
from giaouoc_xl.core.samples import sample

BASE = sample("thanh-ba-2020-2021")


def _targets(compact: Compact, index: int, **update: object) -> Compact:
    targets = list(compact.targets)
    targets[index] = targets[index].model_copy(update=update)
    return compact.model_copy(update={"targets": tuple(targets)})


def _schools(compact: Compact, index: int, **update: object) -> Compact:
    schools = list(compact.schools)
    schools[index] = schools[index].model_copy(update=update)
    return compact.model_copy(update={"schools": tuple(schools)})


def _append(part: str, item: object) -> Callable[[Compact], Compact]:
    return lambda c: c.model_copy(update={part: (*getattr(c, part), item)})


T0 = BASE.targets[0]  # CT01.1, percent, at least 100 for every level
LEVEL_TARGET = next(i for i, t in enumerate(BASE.targets) if t.kind is ValueKind.LEVEL)
YES_NO_TARGET = next(i for i, t in enumerate(BASE.targets) if t.kind is ValueKind.YES_NO)
COUNT_TARGET = next(i for i, t in enumerate(BASE.targets) if t.kind is ValueKind.COUNT)
N = len(BASE.targets)


def _awards(compact: Compact, index: int, **update: object) -> Compact:
    awards = list(compact.awards)
    awards[index] = awards[index].model_copy(update=update)
    return compact.model_copy(update={"awards": tuple(awards)})


A = len(BASE.awards)


def _points(code: str, most: float, **update: object) -> Target:
    """A criterion scored in points, for every level."""
    thresholds = dict.fromkeys(Level, most)
    fields = {"code": code, "kind": ValueKind.POINTS, "direction": None, "points": most}
    return T0.model_copy(update={**fields, "thresholds": thresholds, **update})


CASES: dict[str, tuple[Callable[[Compact], Compact], tuple[object, ...]]] = {
    "duplicate-target": (_append("targets", T0), ("targets", N, "code")),
    "duplicate-group": (
        _append("target_groups", BASE.target_groups[0]),
        ("target_groups", len(BASE.target_groups), "code"),
    ),
    "duplicate-content": (
        _append("contents", BASE.contents[0]),
        ("contents", len(BASE.contents), "number"),
    ),
    "duplicate-school": (
        _append("schools", BASE.schools[3]),
        ("schools", len(BASE.schools), "code"),
    ),
    "duplicate-bloc": (_append("blocs", BASE.blocs[0]), ("blocs", len(BASE.blocs), "code")),
    "duplicate-tier": (
        lambda c: c.model_copy(
            update={"tiers": (*c.tiers, Tier(name="hoàn thành xuất sắc  nhiệm vụ", min_points=0))}
        ),
        ("tiers", 4, "name"),
    ),
    "duplicate-period": (
        _append("periods", PeriodSpec(period=Period.TERM1)),
        ("periods", 3, "period"),
    ),
    "unknown-group": (lambda c: _targets(c, 0, group="N99"), ("targets", 0, "group")),
    "unknown-content": (lambda c: _targets(c, 1, content=9), ("targets", 1, "content")),
    "unknown-bloc": (lambda c: _schools(c, 5, bloc="K-XYZ"), ("schools", 5, "bloc")),
    "missing-direction": (lambda c: _targets(c, 0, direction=None), ("targets", 0, "direction")),
    "direction-kind-mismatch": (
        lambda c: _targets(c, 0, direction=Direction.MUST_BE_YES),
        ("targets", 0, "direction"),
    ),
    "missing-choices": (
        lambda c: _targets(c, LEVEL_TARGET, choices=()),
        ("targets", LEVEL_TARGET, "choices"),
    ),
    "unusable-choices": (
        lambda c: _targets(c, LEVEL_TARGET, choices=("Chưa đạt", "Đạt, có minh chứng", "Tốt")),
        ("targets", LEVEL_TARGET, "choices"),
    ),
    "deduct-without-step": (
        lambda c: _targets(c, 0, scoring=Scoring.DEDUCT, step=None),
        ("targets", 0, "step"),
    ),
    "scoring-kind-mismatch": (
        lambda c: _targets(c, YES_NO_TARGET, scoring=Scoring.PROPORTIONAL),
        ("targets", YES_NO_TARGET, "scoring"),
    ),
    "target-without-threshold": (
        lambda c: _targets(c, 0, thresholds={}),
        ("targets", 0, "thresholds"),
    ),
    "invalid-threshold": (
        lambda c: _targets(c, 0, thresholds={**T0.thresholds, Level.TH: 150.0}),
        ("targets", 0, "thresholds", "TH"),
    ),
    "no-targets": (
        lambda c: c.model_copy(update={"targets": ()}),
        ("targets",),
    ),
    "no-schools": (lambda c: c.model_copy(update={"schools": ()}), ("schools",)),
    "no-tiers": (lambda c: c.model_copy(update={"tiers": ()}), ("tiers",)),
    "tiers-not-ordered": (
        lambda c: c.model_copy(update={"tiers": (c.tiers[0], c.tiers[2], c.tiers[1], c.tiers[3])}),
        ("tiers", 2, "min_points"),
    ),
    "tier-above-total": (
        lambda c: c.model_copy(
            update={"tiers": (Tier(name="Xuất sắc", min_points=120), *c.tiers[1:])}
        ),
        ("tiers", 0, "min_points"),
    ),
    "duplicate-award": (_append("awards", BASE.awards[2]), ("awards", A, "code")),
    "unknown-award-tier": (
        lambda c: _awards(c, 1, min_tier="Xuất sắc nhất"),
        ("awards", 1, "min_tier"),
    ),
    "invalid-award-condition": (
        lambda c: _awards(c, 4, condition="LDTT / TONG > 0.5 and SO_HOC_SINH > 100"),
        ("awards", 4, "condition"),
    ),
    "award-above-total": (lambda c: _awards(c, 1, min_total=500), ("awards", 1, "min_total")),
    "award-without-quota": (
        lambda c: _awards(c, 2, quota_share=None, quota_count=None),
        ("awards", 2, "quota_count"),
    ),
    "invalid-tie-break": (
        lambda c: _awards(c, 2, tie_breaks="phiếu; nội dung 9"),
        ("awards", 2, "tie_breaks"),
    ),
    "level-points-mismatch": (
        lambda c: _targets(c, LEVEL_TARGET, scoring=Scoring.BY_LEVEL, level_points=(0.0,)),
        ("targets", LEVEL_TARGET, "level_points"),
    ),
    "unknown-parent": (_append("targets", _points("X1", 1, parent="X9")), ("targets", N, "parent")),
    "parent-not-points": (
        _append("targets", T0.model_copy(update={"code": "X1", "parent": T0.code})),
        ("targets", N, "parent"),
    ),
    "parts-points-mismatch": (
        lambda c: _append("targets", _points("X2", 1, parent="X1"))(
            _append("targets", _points("X1", 2))(c)
        ),
        ("targets", N, "points"),
    ),
    "duplicate-level": (
        lambda c: _schools(c, 0, levels=(Level.MN, Level.MN)),
        ("schools", 0, "levels"),
    ),
    "level-without-targets": (
        lambda c: _schools(c, 0, levels=(Level.MN, Level.THPT)),
        ("schools", 0, "levels"),
    ),
    "no-period": (lambda c: c.model_copy(update={"periods": ()}), ("periods",)),
    "current-period-not-collected": (
        lambda c: c.model_copy(
            update={"periods": c.periods[:1], "current_period": Period.YEAR_END}
        ),
        ("settings", "current_period"),
    ),
    "unknown-veto-tier": (
        lambda c: c.model_copy(update={"veto_cap_tier": "Loại khác"}),
        ("settings", "veto_cap_tier"),
    ),
    "floor-without-cap-tier": (
        lambda c: c.model_copy(update={"floor_share": 50.0, "veto_cap_tier": ""}),
        ("settings", "floor_outcome"),
    ),
    "duplicate-rule": (_append("rules", BASE.rules[0]), ("rules", len(BASE.rules), "code")),
    "invalid-expression": (
        lambda c: c.model_copy(
            update={"rules": (c.rules[0].model_copy(update={"left": "CT04.3 +"}),)}
        ),
        ("rules", 0, "left"),
    ),
    "rule-unknown-target": (
        lambda c: c.model_copy(
            update={"rules": (c.rules[0].model_copy(update={"right": "CT99.9"}),)}
        ),
        ("rules", 0, "right"),
    ),
    "rule-text-target": (
        lambda c: c.model_copy(
            update={"rules": (c.rules[0].model_copy(update={"right": "CT07.4"}),)}
        ),
        ("rules", 0, "right"),
    ),
    "empty-compact": (
        lambda c: c.model_copy(update={"targets": (), "target_groups": (), "schools": ()}),
        ("targets",),
    ),
}


def test_samples_are_valid() -> None:
    assert rule_findings(BASE) == []
    assert rule_findings(sample("thpt-vung-kho-2022-2023")) == []


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule(code: str) -> None:
    mutate, loc = CASES[code]
    findings = rule_findings(mutate(BASE))
    matching = [f for f in findings if f.code == code]
    assert matching, f"{code} not found in {[f.code for f in findings]}"
    assert matching[0].loc == loc
    assert matching[0].message and matching[0].message == matching[0].message.strip()


def test_an_award_condition_that_does_not_parse_is_said() -> None:
    found = rule_findings(_awards(BASE, 0, condition="LDTT / TONG >> 0.5"))
    (finding,) = [f for f in found if f.code == "invalid-award-condition"]
    assert finding.loc == ("awards", 0, "condition") and "điều kiện" in finding.message


def test_every_rule_has_a_case() -> None:
    assert set(CODES) == set(CASES), set(CODES) ^ set(CASES)
    core = Path(__file__).parent.parent / "giaouoc_xl" / "core"
    rules = ("compact_rules.py", "compact_findings.py", "ladder_rules.py")
    source = "".join((core / name).read_text("utf-8") for name in rules)
    for code in CODES:  # every documented code (core/codes.py) is really emitted by the rules
        assert f'"{code}"' in source, code


@pytest.mark.parametrize(
    ("kind", "value", "problem"),
    [
        (ValueKind.PERCENT, 150.0, "0–100"),
        (ValueKind.PERCENT, -1.0, "0–100"),
        (ValueKind.PERCENT, "nhiều", "không phải là số"),
        (ValueKind.COUNT, -2.0, "không được âm"),
        (ValueKind.COUNT, 2.5, "số nguyên"),
        (ValueKind.YES_NO, "Chắc chắn", "'Có' hoặc 'Không'"),
        (ValueKind.LEVEL, "Mức độ 5", "không có trong danh sách"),
    ],
)
def test_invalid_threshold_by_kind(kind: ValueKind, value: object, problem: str) -> None:
    index = {
        ValueKind.LEVEL: LEVEL_TARGET,
        ValueKind.YES_NO: YES_NO_TARGET,
        ValueKind.COUNT: COUNT_TARGET,
    }.get(kind, 0)
    target = BASE.targets[index]
    compact = _targets(BASE, index, thresholds={**target.thresholds, Level.MN: value})
    findings = [f for f in rule_findings(compact) if f.code == "invalid-threshold"]
    assert len(findings) == 1
    assert problem in findings[0].message
    assert findings[0].loc == ("targets", index, "thresholds", "MN")


def test_every_problem_is_reported_at_once() -> None:
    compact = _schools(_targets(_append("targets", T0)(BASE), 0, group="N99"), 0, bloc="X")
    codes = {f.code for f in rule_findings(compact)}
    assert {"duplicate-target", "unknown-group", "unknown-bloc"} <= codes


def test_a_two_level_school_takes_targets_of_both_levels() -> None:
    thpt = sample("thpt-vung-kho-2022-2023")
    two_level = [s for s in thpt.schools if len(s.levels) == 2]
    assert two_level and two_level[0].name == "Trường THCS&THPT Tả Sìn Thàng"
    assert thpt.max_points(two_level[0].levels) == 100


class TestFieldValidation:
    """Rules checked by pydantic on one item, translated later by the compact book."""

    def test_school_code_stays_text(self) -> None:
        school = School(code="01001", name="Trường Mầm non A", levels="MN", bloc="K-MN")
        assert school.code == "01001"

    def test_two_levels_are_parsed(self) -> None:
        school = School(code="1", name="Trường A", levels="THCS&THPT", bloc="K")
        assert school.levels == (Level.THCS, Level.THPT)

    def test_unknown_level(self) -> None:
        with pytest.raises(ValidationError) as info:
            School(code="1", name="Trường A", levels="PTDTBT", bloc="K")
        assert info.value.errors()[0]["type"] == "choice"

    def test_three_levels_are_too_many(self) -> None:
        with pytest.raises(ValidationError) as info:
            School(code="1", name="Trường A", levels="TH&THCS&THPT", bloc="K")
        assert info.value.errors()[0]["type"] == "too_long"

    def test_labels_and_codes_are_both_accepted(self) -> None:
        a = Target(code="A", group="N", text="x", kind="Tỷ lệ %", direction="Không vượt quá (≤)")
        b = Target(code="A", group="N", text="x", kind="percent", direction="at_most")
        c = Target(code="A", group="N", text="x", kind="tỷ lệ  %", direction="không vượt quá")
        assert a == b == c

    @pytest.mark.parametrize("year", ["2020-2022", "2020", "20-21", "năm nay"])
    def test_school_year(self, year: str) -> None:
        with pytest.raises(ValidationError) as info:
            BASE.model_validate({**BASE.model_dump(), "school_year": year})
        assert info.value.errors()[0]["type"] == "school_year"

    def test_school_year_is_normalised(self) -> None:
        assert (
            BASE.model_validate({**BASE.model_dump(), "school_year": "2020 – 2021"}).school_year
            == "2020-2021"
        )

    def test_codes_cannot_start_a_formula(self) -> None:
        with pytest.raises(ValidationError):
            School(code="=1+1", name="Trường A", levels="TH", bloc="K")


def test_fingerprint_follows_normative_content_only() -> None:
    renamed = _targets(BASE, 0, text="Một cách diễn đạt khác")
    stricter = _targets(BASE, 0, thresholds={**T0.thresholds, Level.MN: 99.0})
    assert renamed.fingerprint == BASE.fingerprint
    assert stricter.fingerprint != BASE.fingerprint
    assert BASE.model_copy(update={"revision": 2}).fingerprint == BASE.fingerprint


def test_level_threshold_matches_its_list_ignoring_case() -> None:
    target = BASE.targets[LEVEL_TARGET]
    compact = _targets(BASE, LEVEL_TARGET, thresholds={**target.thresholds, Level.MN: "mức độ 1"})
    assert [f for f in rule_findings(compact) if f.code == "invalid-threshold"] == []


def test_periods_are_part_of_the_fingerprint() -> None:
    fewer = BASE.model_copy(update={"periods": BASE.periods[:2]})
    assert (
        fewer.fingerprint != BASE.fingerprint
    )  # templates of another period set have other columns
