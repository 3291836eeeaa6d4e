"""Score sheets as offices write them (issue 24, points 4–7), on a hand-made compact whose totals
are computed by hand: a maximum per content and per target group, a floor per criterion with each
veto outcome, yes/no and level values in the cross-field rules, evidence per criterion (an error
of the file, or 0 points for that criterion), tiers before or after the bonus, and a compact that
only recognises (no rank in the result table, the slip or the proposals).

The compact (level TH, year-end results, evidence required):

======  =====  ======================================  ======  ===========================
code    group  kind                                    points  notes
======  =====  ======================================  ======  ===========================
CT1.1   N1     percent ≥ 90                            5       N1 at most 8 points
CT1.2   N1     percent ≥ 90                            5
CT1.3   N2     yes/no, must be yes                     4       content 1 (N1, N2) at most 10
CT2.1   N3     level ≥ Mức 1 (Chưa đạt; Mức 1; 2; 3)   6
CT2.2   N3     percent ≥ 80, proportional              10      goal: the registration, 80
CT9.1   N3     bonus, count ≥ 1                        2
======  =====  ======================================  ======  ===========================

Tiers: Tốt ≥ 22, Khá ≥ 18, Đạt ≥ 12, Chưa đạt ≥ 0. A school meeting everything: N1 10 → 8 (the
group's cap takes 2), content 1: 8 + 4 = 12 → 10 (the content's cap takes 2), content 2: 6 + 10
= 16; standard 26, bonus 2, total 28.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from giaouoc_xl import api
from giaouoc_xl.core.codes import SchoolStatus
from giaouoc_xl.core.compact_rules import rule_findings
from giaouoc_xl.core.model import (
    NO,
    YES,
    Award,
    Bloc,
    Category,
    Compact,
    Comparison,
    Content,
    CrossRule,
    Direction,
    Level,
    MissingEvidence,
    Organizer,
    Period,
    PeriodSpec,
    Ranking,
    School,
    Scoring,
    Target,
    TargetGroup,
    Tier,
    ValueKind,
    VetoOutcome,
)
from giaouoc_xl.core.results import MergeResult
from giaouoc_xl.core.school_form import school_file_name
from giaouoc_xl.core.scoring import NO_EVIDENCE, score_school
from giaouoc_xl.core.simulate import clean_answers
from giaouoc_xl.core.thresholds import school_targets
from giaouoc_xl.core.values import rule_number
from giaouoc_xl.workbooks.compact.reader import read_compact_book
from giaouoc_xl.workbooks.compact.writer import write_compact_book
from giaouoc_xl.workbooks.documents.blocks import Lines, Table
from giaouoc_xl.workbooks.documents.slip import slip_document
from giaouoc_xl.workbooks.school.writer import render_school_workbook
from giaouoc_xl.workbooks.summary.annex import _grid as annex_grid
from giaouoc_xl.workbooks.summary.minutes import minutes_document
from giaouoc_xl.workbooks.summary.proposals import proposals_document
from giaouoc_xl.workbooks.summary.result_table import result_document

WHEN = datetime(2025, 5, 20, tzinfo=UTC)
YE = Period.YEAR_END
LEVELS = ("Chưa đạt", "Mức 1", "Mức 2", "Mức 3")
#: Every criterion met (CT2.2 above its goal of 80: full points).
FULL: dict[str, Any] = {
    "CT1.1": 95.0,
    "CT1.2": 95.0,
    "CT1.3": YES,
    "CT2.1": "Mức 2",
    "CT2.2": 85.0,
    "CT9.1": 1.0,
}


def _target(
    code: str,
    group: str,
    kind: ValueKind,
    direction: Direction,
    threshold: Any,
    points: float,
    **more: Any,
) -> Target:
    return Target(
        code=code,
        group=group,
        text=f"Chỉ tiêu {code} của giao ước thử",
        kind=kind,
        direction=direction,
        thresholds={Level.TH: threshold},
        points=points,
        **more,
    )


def handmade(**update: Any) -> Compact:
    """The compact of the module's docstring, with ``update`` applied."""
    base = Compact(
        id="tu-cham-2024-2025",
        title="Giao ước thi đua thử",
        school_year="2024-2025",
        organizer=Organizer(name="Phòng Giáo dục và Đào tạo Thử", place="Thử"),
        periods=(PeriodSpec(period=YE, evidence_required=True),),
        current_period=YE,
        awards_need_registration=False,
        contents=(
            Content(number=1, title="Dạy và học", max_points=10),
            Content(number=2, title="Cơ sở vật chất"),
        ),
        target_groups=(
            TargetGroup(code="N1", title="Chất lượng", content=1, max_points=8),
            TargetGroup(code="N2", title="Kế hoạch", content=1),
            TargetGroup(code="N3", title="Trường lớp", content=2),
        ),
        targets=(
            _target("CT1.1", "N1", ValueKind.PERCENT, Direction.AT_LEAST, 90.0, 5),
            _target("CT1.2", "N1", ValueKind.PERCENT, Direction.AT_LEAST, 90.0, 5),
            _target("CT1.3", "N2", ValueKind.YES_NO, Direction.MUST_BE_YES, YES, 4),
            _target("CT2.1", "N3", ValueKind.LEVEL, Direction.AT_LEAST, "Mức 1", 6, choices=LEVELS),
            _target(
                "CT2.2",
                "N3",
                ValueKind.PERCENT,
                Direction.AT_LEAST,
                80.0,
                10,
                scoring=Scoring.PROPORTIONAL,
            ),
            _target(
                "CT9.1", "N3", ValueKind.COUNT, Direction.AT_LEAST, 1.0, 2, category=Category.BONUS
            ),
        ),
        tiers=(
            Tier(name="Tốt", min_points=22),
            Tier(name="Khá", min_points=18),
            Tier(name="Đạt", min_points=12),
            Tier(name="Chưa đạt", min_points=0),
        ),
        blocs=(Bloc(code="K1", name="Khối Tiểu học"),),
        schools=tuple(
            School(code=f"0{n}", name=f"Trường Tiểu học {name}", levels=("TH",), bloc="K1")
            for n, name in enumerate(("An Bình", "Bình Minh", "Cao Sơn"), start=1)
        ),
    )
    return Compact.model_validate({**base.model_dump(), **update})  # validated, as a book is


def _score(compact: Compact, results: dict[str, Any], evidence: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    applicable = school_targets(compact, compact.schools[0])
    registrations = {t.code: th for t, th in applicable}
    return score_school(compact, applicable, registrations, results, YE, evidence)


# ----------------------------------------------------------------------------- caps


def test_a_group_cap_then_a_content_cap() -> None:
    score = _score(handmade(), FULL)
    assert score.caps == (("group", "N1", 2.0), ("content", "1", 2.0))
    assert (score.standard, score.bonus, score.total, score.tier) == (26.0, 2.0, 28.0, "Tốt")
    # the points of each criterion stay as earned: the caps take from the sum
    assert [t.points for t in score.targets] == [5, 5, 4, 6, 10, 2]


def test_a_content_cap_alone() -> None:
    compact = handmade(
        target_groups=tuple(
            g.model_copy(update={"max_points": None}) for g in handmade().target_groups
        )
    )
    score = _score(compact, FULL)  # content 1: 5 + 5 + 4 = 14 → 10; content 2: 16
    assert score.caps == (("content", "1", 4.0),)
    assert (score.standard, score.total) == (26.0, 28.0)


def test_under_its_caps_nothing_is_taken() -> None:
    score = _score(handmade(), {**FULL, "CT1.2": 80.0, "CT1.3": NO})  # N1 5, N2 0: content 1 5
    assert score.caps == ()
    assert (score.standard, score.total) == (21.0, 23.0)


def test_without_caps_the_sum() -> None:
    compact = handmade(
        contents=tuple(c.model_copy(update={"max_points": None}) for c in handmade().contents),
        target_groups=tuple(
            g.model_copy(update={"max_points": None}) for g in handmade().target_groups
        ),
    )
    score = _score(compact, FULL)
    assert (score.caps, score.standard, score.total) == ((), 30.0, 32.0)


def test_a_tier_out_of_reach_under_the_caps_is_said() -> None:
    """30 points of criteria, 26 under the caps: a tier of 27 cannot be reached."""
    tiers = (Tier(name="Xuất sắc", min_points=27), *handmade().tiers)
    found = [f for f in rule_findings(handmade(tiers=tiers)) if f.code == "tier-above-total"]
    assert [(f.value, f.expected) for f in found] == [(27.0, 26.0)]
    assert not rule_findings(handmade())


# ----------------------------------------------------------------------------- floor

#: CT2.2 at 39 against its goal 80: 10 × 39 / 80 = 4,875 points, below 50 % of its 10.
#: Standard 10 + 6 + 4,875 = 20,875, bonus 2: total 22,875, Tốt before the floor.
LOW = {**FULL, "CT2.2": 39.0}


def test_no_floor_no_outcome() -> None:
    score = _score(handmade(), LOW)
    assert (score.total, score.tier, score.floor_missed, score.excluded) == (
        22.875,
        "Tốt",
        (),
        False,
    )


@pytest.mark.parametrize(
    ("outcome", "tier", "excluded"),
    [
        (VetoOutcome.CAP, "Đạt", False),  # at best the compact's veto_cap_tier, Đạt
        (VetoOutcome.DROP, "Khá", False),  # one step down from Tốt
        (VetoOutcome.EXCLUDE, "Tốt", True),  # the tier stands, no award
    ],
)
def test_a_floor_missed_does_its_outcome(outcome: VetoOutcome, tier: str, excluded: bool) -> None:
    compact = handmade(floor_share=50, floor_outcome=outcome, veto_cap_tier="Đạt")
    score = _score(compact, LOW)
    assert score.floor_missed == ("CT2.2",)
    assert (score.total, score.tier, score.excluded) == (22.875, tier, excluded)


def test_a_floor_that_caps_needs_its_tier() -> None:
    (found,) = rule_findings(handmade(floor_share=50))  # to cap, but at no tier
    assert found.code == "floor-without-cap-tier" and found.loc == ("settings", "floor_outcome")
    assert not rule_findings(handmade(floor_share=50, veto_cap_tier="Đạt"))
    assert not rule_findings(handmade(floor_share=50, floor_outcome=VetoOutcome.DROP))


def test_at_the_floor_is_not_below_it() -> None:
    compact = handmade(floor_share=50, floor_outcome=VetoOutcome.DROP)
    score = _score(compact, {**FULL, "CT2.2": 40.0})  # 10 × 40 / 80 = 5: 50 % exactly
    assert (score.floor_missed, score.tier) == ((), "Tốt")
    # an all-or-nothing criterion missed earns 0: below any floor; the bonus item has none
    score = _score(compact, {**FULL, "CT1.3": NO, "CT9.1": 0.0})
    assert score.floor_missed == ("CT1.3",)
    assert (score.total, score.tier) == (24.0, "Khá")  # 8 + 0 + 16; Tốt dropped a step


def test_a_floor_typed_as_a_percent_reads_as_a_percent() -> None:
    data = handmade().model_dump()
    assert Compact.model_validate({**data, "floor_share": 0.5}).floor_share == 50  # "50%" in Excel
    assert Compact.model_validate({**data, "floor_share": "50 %"}).floor_share == 50


def test_a_criterion_in_points_counts_once_under_caps_and_floor() -> None:
    """A criterion in points (CT3, 4 points, scored by its two sub-items of 2) in group N2:
    its sub-items count in it alone, for the caps and the floor."""

    def scored(code: str, most: float, parent: str = "") -> Target:
        return _target(code, "N2", ValueKind.POINTS, Direction.AT_LEAST, most, most,
                       parent=parent, point_step=0.5)  # fmt: skip

    base = handmade()
    compact = handmade(
        targets=(
            *base.targets,
            scored("CT3", 4),
            scored("CT3.a", 2, "CT3"),
            scored("CT3.b", 2, "CT3"),
        ),
        floor_share=50,
        floor_outcome=VetoOutcome.DROP,
    )
    # CT3 = 0,5 + 1 = 1,5 of 4: below 50 %; content 1: N1 8 + N2 (4 + 1,5) = 13,5 → 10
    score = _score(compact, {**FULL, "CT3.a": 0.5, "CT3.b": 1.0})
    assert score.floor_missed == ("CT3",)
    assert score.caps == (("group", "N1", 2.0), ("content", "1", 3.5))
    assert (score.standard, score.total, score.tier) == (26.0, 28.0, "Khá")  # Tốt dropped


# ----------------------------------------------------------------------------- tiers


def test_tiers_after_the_bonus_by_default_or_before_it() -> None:
    results = {**FULL, "CT2.2": 40.0}  # standard 10 + 6 + 5 = 21, bonus 2: total 23
    after = _score(handmade(), results)
    before = _score(handmade(tiers_before_bonus=True), results)
    assert (after.standard, after.total, after.tier) == (21.0, 23.0, "Tốt")  # 23 ≥ 22
    assert (before.standard, before.total, before.tier) == (21.0, 23.0, "Khá")  # 21 < 22


# ----------------------------------------------------------------------------- fingerprint


def test_the_new_settings_at_their_defaults_keep_the_fingerprint() -> None:
    plain = handmade(
        contents=tuple(c.model_copy(update={"max_points": None}) for c in handmade().contents),
        target_groups=tuple(
            g.model_copy(update={"max_points": None}) for g in handmade().target_groups
        ),
    )
    same = plain.model_copy(
        update={
            "floor_outcome": VetoOutcome.CAP,
            "tiers_before_bonus": False,
            "ranking": Ranking.RANK,
            "periods": (PeriodSpec(period=YE, evidence_required=True),),
        }
    )
    assert same.fingerprint == plain.fingerprint
    changed = [
        handmade(),  # the caps
        plain.model_copy(update={"floor_share": 50.0}),
        plain.model_copy(update={"tiers_before_bonus": True}),
        plain.model_copy(update={"ranking": Ranking.RECOGNISE}),
        plain.model_copy(
            update={
                "periods": (
                    PeriodSpec(
                        period=YE, evidence_required=True, missing_evidence=MissingEvidence.ZERO
                    ),
                )
            }
        ),
    ]
    assert len({c.fingerprint for c in changed} | {plain.fingerprint}) == len(changed) + 1


# ----------------------------------------------------------------------------- rules


def test_yes_no_and_levels_count_in_rules() -> None:
    compact = handmade()
    yes_no, level, percent = (compact.target(c) for c in ("CT1.3", "CT2.1", "CT1.1"))
    assert yes_no is not None and level is not None and percent is not None
    assert [rule_number(yes_no, v) for v in (YES, NO, None)] == [1.0, 0.0, None]
    assert [rule_number(level, v) for v in LEVELS] == [1.0, 2.0, 3.0, 4.0]  # 1 the lowest
    assert rule_number(level, "mức 2") == 3.0  # as typed, any case
    assert rule_number(percent, 95.5) == 95.5


def _send(
    compact: Compact,
    folder: Path,
    index: int,
    results: dict[str, Any],
    evidence: dict[str, str | None] | None = None,
) -> Path:
    """School ``index``'s year-end workbook: clean answers, CT2.2 registered at 80, then
    ``results`` and ``evidence`` typed."""
    school = compact.schools[index]
    answers = clean_answers(compact, school, YE, seed=index)
    answers.targets["CT2.2"]["registration"] = 80.0  # the proportional target's goal
    for code, value in results.items():
        answers.targets[code]["result:cuoi-nam"] = value
    for code, text in (evidence or {}).items():
        answers.targets[code]["evidence"] = text
    folder.mkdir(exist_ok=True)
    path = folder / school_file_name(school.code, school.name)
    render_school_workbook(compact, school, path, WHEN, answers)
    return path


def test_a_rule_over_a_yes_no_and_a_level(tmp_path: Path) -> None:
    """CT1.3 + CT2.1 ≥ 3: Có (1) with Mức 1 (2) holds; Không (0) with Mức 1 (2) does not."""
    rule = CrossRule(
        code="R1",
        left="CT1.3 + CT2.1",
        operator=Comparison.GE,
        right="3",
        message="Có kế hoạch và đạt ít nhất Mức 1",
        applies_to="ket-qua",
    )
    compact = handmade(rules=(rule,))
    holds = _send(compact, tmp_path / "a", 0, {"CT1.3": YES, "CT2.1": "Mức 1"})
    fails = _send(compact, tmp_path / "b", 0, {"CT1.3": NO, "CT2.1": "Mức 1"})
    assert not [f for f in api.check_file(compact, holds, YE).findings if f.code == "rule-failed"]
    (failed,) = [f for f in api.check_file(compact, fails, YE).findings if f.code == "rule-failed"]
    assert (failed.value, failed.expected) == (2.0, 3.0)
    assert "CT1.3 + CT2.1 = 2" in failed.message


# ----------------------------------------------------------------------------- evidence


def _evidence_compact(missing: MissingEvidence) -> Compact:
    spec = PeriodSpec(period=YE, evidence_required=True, missing_evidence=missing)
    return handmade(periods=(spec,))


def test_evidence_missing_is_an_error_of_the_file_by_default(tmp_path: Path) -> None:
    compact = _evidence_compact(MissingEvidence.ERROR)
    _send(compact, tmp_path / "in", 0, FULL, {"CT1.3": None})
    result, _ = api.merge_folder(compact, tmp_path / "in", None, YE)
    row = result.schools[0]
    assert row.status is SchoolStatus.WITH_ERRORS and row.rank is None
    (found,) = [f for f in row.outcome.findings if f.code == "evidence-missing"]  # type: ignore[union-attr]
    assert found.severity == "error" and found.target == "CT1.3"
    score = row.score
    assert score is not None and score.total == 28.0  # scored (provisionally) in full
    assert all(not t.reason for t in score.targets)


def test_evidence_missing_gives_the_criterion_0_points(tmp_path: Path) -> None:
    compact = _evidence_compact(MissingEvidence.ZERO)
    # CT1.3 without evidence: 0 of its 4 (content 1: 8 + 0 = 8, under its cap of 10);
    # CT9.1, a bonus, without evidence: 0 of its 2. Standard 8 + 16 = 24, total 24.
    _send(compact, tmp_path / "in", 0, FULL, {"CT1.3": None, "CT9.1": None})
    _send(compact, tmp_path / "in", 1, FULL)
    result, _ = api.merge_folder(compact, tmp_path / "in", None, YE)
    row, full = result.schools[0], result.schools[1]
    assert row.status is SchoolStatus.VALID and row.rank == 2 and full.rank == 1
    warnings = [f for f in row.outcome.findings if f.code == "evidence-missing"]  # type: ignore[union-attr]
    assert [(f.severity, f.target) for f in warnings] == [
        ("warning", "CT1.3"),
        ("warning", "CT9.1"),
    ]
    assert "được 0 điểm" in warnings[0].message
    score = row.score
    assert score is not None and (score.standard, score.bonus, score.total) == (24.0, 0.0, 24.0)
    by_code = {t.code: t for t in score.targets}
    assert (by_code["CT1.3"].met, by_code["CT1.3"].points, by_code["CT1.3"].reason) == (
        True,
        0.0,
        NO_EVIDENCE,
    )
    assert full.total == 28.0
    # the reason in --json, on the criterion
    document = result.to_json()
    targets = {t["code"]: t for t in document["schools"][0]["targets"]}
    assert targets["CT1.3"]["reason"] == NO_EVIDENCE and "reason" not in targets["CT1.1"]
    # and on the slip, in the row of the criterion
    slip = slip_document(result, row, WHEN)
    (table,) = [b for b in slip.blocks if isinstance(b, Table)]
    reasons = {r["code"]: (r["points"], r["reason"]) for r in table.rows}
    assert reasons["CT1.3"] == (0.0, NO_EVIDENCE) and reasons["CT1.1"] == (5, "")


# ----------------------------------------------------------------------------- recognition


def _lines(document: Any) -> list[str]:
    return [line for block in document.blocks if isinstance(block, Lines) for line in block.texts]


def _recognition(tmp_path: Path, ranking: Ranking) -> MergeResult:
    """Two tiers, Đạt ≥ 22 and Chưa đạt; an award for every school Đạt with a quota of one.
    School 01 scores 20 (Chưa đạt), 02 28 (Đạt), 03 24 (Đạt)."""
    compact = handmade(
        tiers=(Tier(name="Đạt", min_points=22), Tier(name="Chưa đạt", min_points=0)),
        ranking=ranking,
        awards=(
            Award(
                order=1, code="CN", name="Công nhận đơn vị đạt chuẩn", min_tier="Đạt", quota_count=1
            ),
        ),
    )
    folder = tmp_path / ranking.value
    _send(compact, folder, 0, {**FULL, "CT1.3": NO, "CT2.1": "Chưa đạt"})  # 8 + 0 + 10, + 2
    _send(compact, folder, 1, FULL)  # 28
    _send(compact, folder, 2, {**FULL, "CT1.3": NO, "CT9.1": 0.0})  # 8 + 16 = 24
    result, _ = api.merge_folder(compact, folder, None, YE)
    assert [r.total for r in result.schools] == [20.0, 28.0, 24.0]
    return result


def test_a_ranked_compact_ranks_and_takes_its_quota(tmp_path: Path) -> None:
    result = _recognition(tmp_path, Ranking.RANK)
    assert [r.rank for r in result.schools] == [3, 1, 2]
    # before the bloc votes, the schools it would propose are candidates
    assert [r.proposal.candidates for r in result.schools] == [[], ["CN"], []]  # type: ignore[union-attr]


def test_a_recognition_compact_has_no_rank_anywhere(tmp_path: Path) -> None:
    result = _recognition(tmp_path, Ranking.RECOGNISE)
    schools = result.schools
    assert [r.rank for r in schools] == [None, None, None]
    assert [r.summary.tier for r in schools] == ["Chưa đạt", "Đạt", "Đạt"]  # type: ignore[union-attr]
    # no quota by rank: both schools Đạt are proposed, the one Chưa đạt is not
    assert [r.proposal.candidates for r in schools] == [[], ["CN"], ["CN"]]  # type: ignore[union-attr]
    assert "xếp loại" in schools[0].proposal.reasons["CN"]  # type: ignore[union-attr]
    assert [s["rank"] for s in result.to_json()["schools"]] == [None, None, None]
    # the result table: no column of ranks, the schools by tier (Đạt first, in roster order)
    table_document = result_document(result, result.compact.blocs[0], "K1", WHEN)
    (table,) = [b for b in table_document.blocks if isinstance(b, Table)]
    assert "rank" not in [c.key for c in table.columns]
    assert "Xếp thứ" not in [c.header for c in table.columns]
    assert [(r["name"], r["tier"]) for r in table.rows] == [
        ("Trường Tiểu học Bình Minh", "Đạt"),
        ("Trường Tiểu học Cao Sơn", "Đạt"),
        ("Trường Tiểu học An Bình", "Chưa đạt"),
    ]
    assert all("rank" not in r for r in table.rows)
    assert any("không xếp thứ" in line for line in _lines(table_document))
    # the slips: the tier, never a rank ("Chưa đạt" is never "xếp thứ 1")
    for row in schools:
        lines = _lines(slip_document(result, row, WHEN))
        assert not any("Xếp thứ" in line or "xếp hạng" in line.lower() for line in lines), lines
        assert f"Xếp loại: {row.summary.tier}." in " ".join(lines)  # type: ignore[union-attr]
    # the list of proposals: both schools recognised, no rank
    proposals = proposals_document(result)
    (listed,) = [b for b in proposals.blocks if isinstance(b, Table)]
    assert [r["name"] for r in listed.rows] == [
        "Trường Tiểu học Bình Minh",
        "Trường Tiểu học Cao Sơn",
    ]
    assert all("rank" not in c.key for c in listed.columns)
    # the annex of the summary: no column of ranks either
    grid, _ = annex_grid(result.compact, result.schools, scored=True)
    assert "rank" not in [key for key, _, _ in grid.fixed]
    # the bloc's minutes: the schools voted on, without a column of ranks
    minutes = minutes_document(result, result.compact.blocs[0], "BB", WHEN)
    tables = [b for b in minutes.blocks if isinstance(b, Table)]
    assert tables and all("rank" not in [c.key for c in t.columns] for t in tables)


def test_a_recognition_slip_with_errors_is_not_yet_recognised(tmp_path: Path) -> None:
    compact = handmade(ranking=Ranking.RECOGNISE)
    _send(compact, tmp_path / "in", 0, {**FULL, "CT1.1": 150.0})  # a percent out of range
    result, _ = api.merge_folder(compact, tmp_path / "in", None, YE)
    row = result.schools[0]
    assert row.status is SchoolStatus.WITH_ERRORS
    lines = " ".join(_lines(slip_document(result, row, WHEN)))
    assert "Chưa công nhận: bài nộp có 1 lỗi cần sửa." in lines and "xếp hạng" not in lines


# ----------------------------------------------------------------------------- the compact book


def test_the_compact_book_keeps_every_setting(tmp_path: Path) -> None:
    spec = PeriodSpec(period=YE, evidence_required=True, missing_evidence=MissingEvidence.ZERO)
    compact = handmade(
        periods=(spec,),
        floor_share=50.0,
        floor_outcome=VetoOutcome.DROP,
        tiers_before_bonus=True,
        ranking=Ranking.RECOGNISE,
    )
    book = write_compact_book(compact, tmp_path / "so.xlsx")
    read = read_compact_book(book)
    assert read.valid, [f.message for f in read.findings]
    assert read.compact == compact
    assert json.dumps(read.compact.to_json(), ensure_ascii=False)  # exports as JSON


def test_a_book_without_the_new_columns_reads_with_defaults(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from giaouoc_xl.workbooks.compact.layout import CONTENTS, GROUPS, PERIODS
    from giaouoc_xl.workbooks.compact.settings import SETTINGS

    plain = handmade(
        contents=tuple(c.model_copy(update={"max_points": None}) for c in handmade().contents),
        target_groups=tuple(
            g.model_copy(update={"max_points": None}) for g in handmade().target_groups
        ),
    )
    book = write_compact_book(plain, tmp_path / "so.xlsx")
    wb = load_workbook(book)
    for sheet in (CONTENTS, GROUPS, PERIODS):  # an older book: without the columns
        ws = wb[sheet.name]
        for column in [c for c in sheet.columns if c.key in ("max_points", "missing_evidence")]:
            index = [c.value for c in ws[1]].index(column.header) + 1
            ws.delete_cols(index)
    ws = wb[SETTINGS.name]
    labels = {
        SETTINGS.setting(n).label
        for n in ("floor_share", "floor_outcome", "tiers_before_bonus", "ranking")
    }
    for row in reversed(range(2, ws.max_row + 1)):
        if ws.cell(row=row, column=1).value in labels:
            ws.delete_rows(row)
    wb.save(book)
    read = read_compact_book(book)
    assert read.valid, [f.message for f in read.findings]
    assert read.compact == plain and read.compact.fingerprint == plain.fingerprint


# ----------------------------------------------------------------------------- printed


@pytest.mark.slow
def test_the_documents_print_clean(tmp_path: Path) -> None:
    """A recognition compact with a floor, tiers before the bonus and evidence per criterion:
    the documents to sign, each slip and the compact book, rendered by LibreOffice, no line
    over another, no word past the page's edge; no rank printed."""
    from .libreoffice import convert
    from .printing import collapse, overlaps, pages_text

    compact = handmade(
        tiers=(Tier(name="Đạt", min_points=22), Tier(name="Chưa đạt", min_points=0)),
        ranking=Ranking.RECOGNISE,
        floor_share=50,
        floor_outcome=VetoOutcome.EXCLUDE,
        tiers_before_bonus=True,
        periods=(
            PeriodSpec(period=YE, evidence_required=True, missing_evidence=MissingEvidence.ZERO),
        ),
        awards=(Award(order=1, code="CN", name="Công nhận đơn vị đạt chuẩn", min_tier="Đạt"),),
    )
    folder = tmp_path / "in"
    _send(compact, folder, 0, {**FULL, "CT1.3": NO, "CT2.1": "Chưa đạt"})
    _send(compact, folder, 1, FULL, {"CT1.1": None})  # 0 points without evidence: below floor
    _send(compact, folder, 2, {**FULL, "CT2.2": 39.0})  # 4,875 of 10: below the floor
    pdf, slips = tmp_path / "van_ban.pdf", tmp_path / "phieu"
    report = api.merge(compact, folder, out=tmp_path / "tong_hop.xlsx", pdf=pdf, slips=slips)
    assert not report.failures
    assert not overlaps(pdf)
    text = collapse(" ".join(pages_text(pdf, layout=False)))  # a wrapped cell's lines together
    assert "Xếp thứ" not in text and "không xếp thứ" in text
    assert "Dưới ngưỡng tối thiểu CT2.2: không xét khen thưởng" in text
    for slip in sorted(slips.glob("*.xlsx")):
        (printed,) = convert(slip, tmp_path / "pdf", "pdf")
        assert not overlaps(printed), slip.name
        assert "Xếp thứ" not in " ".join(pages_text(printed))
    book = write_compact_book(compact, tmp_path / "so.xlsx")
    assert not overlaps(convert(book, tmp_path / "book", "pdf")[0])
    # the school's workbook says what a result without evidence earns
    school = tmp_path / "mau.xlsx"
    render_school_workbook(compact, compact.schools[0], school, WHEN)
    (printed,) = convert(school, tmp_path / "school", "pdf")
    assert not overlaps(printed)
    assert "thiếu thì chỉ tiêu đó được 0 điểm" in collapse(" ".join(pages_text(printed, False)))
