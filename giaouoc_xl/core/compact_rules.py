"""Rules across the whole compact: every problem at once, as findings (no exceptions, no I/O).

Each rule has a stable code; ``loc`` points into the model (``("targets", 3, "thresholds",
"MN")``) and the compact book maps it to a sheet and cell.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .awards import AWARD_VARIABLES
from .codes import RULE_CODES
from .expressions import ExpressionError, codes_in, condition_calls, condition_names
from .findings import Finding, Severity
from .model import (
    NO,
    YES,
    Category,
    Compact,
    Direction,
    Level,
    Ranking,
    Scoring,
    Target,
    ValueKind,
    VetoOutcome,
    fold,
    label,
)
from .over_years import call_problem
from .scoring import TargetScore, capped
from .ties import tie_criteria

Loc = tuple[str | int, ...]

_NUMERIC = (ValueKind.PERCENT, ValueKind.COUNT)
#: What a list validation holds in Excel: its choices joined by commas, at most 255 characters.
LIST_LIMIT = 255

#: The finding of each part a compact cannot do without, when that part is empty.
_EMPTY: dict[str, tuple[str, str]] = {
    "periods": (
        "no-period",
        "Giao ước chưa có kỳ báo cáo nào; nhập ít nhất một kỳ ở sheet kỳ báo cáo",
    ),
    "targets": (
        "no-targets",
        "Giao ước chưa có chỉ tiêu nào: hãy nhập các chỉ tiêu vào sheet 'Chỉ tiêu'",
    ),
    "tiers": (
        "no-tiers",
        "Giao ước chưa có bảng xếp loại; nhập các mức xếp loại và điểm tối thiểu của từng mức",
    ),
    "schools": (
        "no-schools",
        "Giao ước chưa có trường nào: hãy nhập danh sách trường vào sheet 'Danh sách trường'",
    ),
}


def _finding(
    code: str,
    message: str,
    loc: Loc,
    *,
    target: str = "",
    value: Any = None,
    expected: Any = None,
    severity: Severity = Severity.ERROR,
) -> Finding:
    assert code in RULE_CODES, code
    return Finding(code, severity, message, target=target, value=value, expected=expected, loc=loc)


@dataclass(frozen=True)
class _At:
    """One item of the compact (a target, a tier, a school…): its findings point at its fields."""

    loc: Loc
    target: str = ""  # the target code the findings are about, if any

    def __call__(
        self, field: str, code: str, message: str, value: Any = None, **more: Any
    ) -> Finding:
        return _finding(code, message, (*self.loc, field), target=self.target, value=value, **more)


def _nothing(part: str) -> Finding:
    """The finding of a part the compact cannot do without, when it is empty."""
    code, message = _EMPTY[part]
    return _finding(code, message, (part,))


def _duplicates(
    items: Sequence[Any], key: Callable[[Any], Any], part: str, field: str, code: str, what: str
) -> Iterator[Finding]:
    counts = Counter(key(item) for item in items)
    seen: set[Any] = set()
    for index, item in enumerate(items):
        value = key(item)
        if counts[value] > 1:
            if value in seen:
                yield _finding(
                    code,
                    f"{what} '{value}' bị trùng (xuất hiện {counts[value]} lần); mỗi giá trị chỉ được dùng "
                    "một lần",
                    (part, index, field),
                    value=value,
                )
            seen.add(value)


def rule_findings(compact: Compact) -> list[Finding]:
    """Every problem of the compact, in sheet order. An empty list means it is valid."""
    if not compact.targets and not compact.target_groups and not compact.schools:
        return [empty_compact()]
    findings: list[Finding] = []
    findings += _check_settings(compact)
    findings += _check_contents_and_groups(compact)
    findings += _check_targets(compact)
    findings += _check_cross_rules(compact)
    findings += _check_tiers(compact)
    findings += _check_awards(compact)
    findings += _check_roster(compact)
    return findings


def empty_compact() -> Finding:
    """The one finding of a compact with nothing in it yet (a blank book)."""
    return _finding(
        "empty-compact",
        "Sổ giao ước chưa có chỉ tiêu nào: hãy nhập nhóm chỉ tiêu, chỉ tiêu và danh sách "
        "trường (xem sheet 'Hướng dẫn')",
        ("targets",),
    )


def _check_settings(compact: Compact) -> Iterator[Finding]:
    if not compact.periods:
        yield _nothing("periods")
    yield from _duplicates(
        compact.periods, lambda p: label(p.period), "periods", "period", "duplicate-period", "Kỳ"
    )
    collected = {spec.period for spec in compact.periods}
    if compact.periods and compact.current_period not in collected:
        yield _finding(
            "current-period-not-collected",
            f"Kỳ đang thu '{label(compact.current_period)}' không có trong các kỳ báo cáo của giao ước",
            ("settings", "current_period"),
            value=label(compact.current_period),
        )
    tier_names = {fold(t.name) for t in compact.tiers}
    if compact.veto_cap_tier and fold(compact.veto_cap_tier) not in tier_names:
        yield _finding(
            "unknown-veto-tier",
            f"Xếp loại tối đa khi không đạt chỉ tiêu phủ quyết '{compact.veto_cap_tier}' "
            "không có trong bảng xếp loại",
            ("settings", "veto_cap_tier"),
            value=compact.veto_cap_tier,
        )
    if (
        compact.floor_share
        and compact.floor_outcome is VetoOutcome.CAP
        and not compact.veto_cap_tier
    ):
        yield _finding(
            "floor-without-cap-tier",
            "Có tiêu chí dưới ngưỡng tối thiểu thì 'Giới hạn xếp loại', nhưng chưa ghi Xếp loại "
            "tối đa khi không đạt chỉ tiêu phủ quyết: ngưỡng không có tác dụng; ghi mức xếp loại "
            "tối đa, hoặc chọn hạ một bậc xếp loại hay không xét khen thưởng",
            ("settings", "floor_outcome"),
            value=label(compact.floor_outcome),
        )


def _check_contents_and_groups(compact: Compact) -> Iterator[Finding]:
    yield from _duplicates(
        compact.contents,
        lambda c: c.number,
        "contents",
        "number",
        "duplicate-content",
        "Nội dung số",
    )
    yield from _duplicates(
        compact.target_groups,
        lambda g: g.code,
        "target_groups",
        "code",
        "duplicate-group",
        "Mã nhóm chỉ tiêu",
    )
    numbers = {c.number for c in compact.contents}
    for index, group in enumerate(compact.target_groups):
        if group.content is not None and group.content not in numbers:
            yield _At(("target_groups", index))(
                "content",
                "unknown-content",
                f"Nhóm chỉ tiêu '{group.code}' thuộc nội dung số {group.content}, "
                "nhưng giao ước không có nội dung này",
                group.content,
            )


def _check_targets(compact: Compact) -> Iterator[Finding]:
    if not compact.targets:
        yield _nothing("targets")
    yield from _duplicates(
        compact.targets, lambda t: t.code, "targets", "code", "duplicate-target", "Mã chỉ tiêu"
    )
    groups = {g.code: g for g in compact.target_groups}
    numbers = {c.number for c in compact.contents}
    for index, target in enumerate(compact.targets):
        at = _At(("targets", index), target.code)
        if target.group not in groups:
            yield at(
                "group",
                "unknown-group",
                f"Chỉ tiêu {target.code}: nhóm '{target.group}' không có trong sheet nhóm chỉ tiêu",
                target.group,
            )
        if target.content is not None and target.content not in numbers:
            yield at(
                "content",
                "unknown-content",
                f"Chỉ tiêu {target.code} thuộc nội dung số {target.content}, "
                "nhưng giao ước không có nội dung này",
                target.content,
            )
        yield from _check_target(target, at)
    yield from _check_sub_items(compact)


def _check_target(target: Target, at: _At) -> Iterator[Finding]:
    """A target's own fields: direction and kind, list of levels, scoring, thresholds."""
    yield from _check_direction(target, at)
    yield from _check_choices(target, at)
    yield from _check_scoring(target, at)
    if not target.thresholds:
        yield at(
            "thresholds",
            "target-without-threshold",
            f"Chỉ tiêu {target.code} chưa có ngưỡng cho cấp học nào, nên không áp dụng cho trường nào",
        )
    for level, value in target.thresholds.items():
        problem = threshold_problem(target, value)
        if problem:
            yield _finding(
                "invalid-threshold",
                f"Chỉ tiêu {target.code}, ngưỡng cấp {level.value}: {problem}",
                (*at.loc, "thresholds", level.value),
                target=target.code,
                value=value,
            )


def _check_direction(target: Target, at: _At) -> Iterator[Finding]:
    """A direction for every kind but text, and one that fits the kind."""
    if target.direction is None and target.kind not in (ValueKind.TEXT, ValueKind.POINTS):
        yield at(
            "direction",
            "missing-direction",
            f"Chỉ tiêu {target.code}: chưa chọn chiều so sánh (≥, ≤, =, Phải đạt)",
        )
    elif target.direction is Direction.MUST_BE_YES and target.kind is not ValueKind.YES_NO:
        yield at(
            "direction",
            "direction-kind-mismatch",
            f"Chỉ tiêu {target.code}: chiều 'Phải đạt (Có)' chỉ dùng cho loại giá trị 'Có/Không'",
            label(target.direction),
        )
    elif target.kind is ValueKind.YES_NO and target.direction not in (
        Direction.MUST_BE_YES,
        Direction.EXACTLY,
    ):
        yield at(
            "direction",
            "direction-kind-mismatch",
            f"Chỉ tiêu {target.code}: loại 'Có/Không' chỉ so sánh được theo 'Phải đạt (Có)' hoặc 'Đúng bằng (=)'",
        )


def _check_choices(target: Target, at: _At) -> Iterator[Finding]:
    """A target of levels has a list of them that a list validation can hold."""
    if target.kind is not ValueKind.LEVEL:
        return
    if len(target.choices) < 2:
        yield at(
            "choices",
            "missing-choices",
            f"Chỉ tiêu {target.code}: loại 'Mức theo danh sách' cần danh sách mức, từ thấp đến cao, "
            "cách nhau bởi dấu chấm phẩy (ví dụ: Chưa đạt; Mức 1; Mức 2)",
        )
    if (
        any("," in choice for choice in target.choices)
        or len(",".join(target.choices)) > LIST_LIMIT
    ):
        yield at(
            "choices",
            "unusable-choices",
            f"Chỉ tiêu {target.code}: danh sách mức không làm được danh sách chọn trong mẫu của trường: "
            f"Excel tách mức tại dấu phẩy và chỉ nhận tổng cộng {LIST_LIMIT} ký tự; bỏ dấu phẩy "
            "trong tên mức hoặc rút gọn",
            "; ".join(target.choices),
        )


def _check_scoring(target: Target, at: _At) -> Iterator[Finding]:
    """Deducting needs its step; anything but all-or-nothing needs a number."""
    if target.scoring is Scoring.DEDUCT and target.step is None:
        yield at(
            "step",
            "deduct-without-step",
            f"Chỉ tiêu {target.code}: cách tính 'Trừ theo mức thiếu' cần số điểm trừ cho mỗi đơn vị thiếu",
        )
    if target.scoring is Scoring.BY_LEVEL and target.kind is ValueKind.LEVEL:
        yield from _check_level_points(target, at)
    elif target.scoring is not Scoring.ALL_OR_NOTHING and target.kind not in _NUMERIC:
        scoring = label(target.scoring)
        yield at(
            "scoring",
            "scoring-kind-mismatch",
            f"Chỉ tiêu {target.code}: cách tính '{scoring}' chỉ dùng cho tỷ lệ % hoặc số lượng",
            scoring,
        )


def _check_level_points(target: Target, at: _At) -> Iterator[Finding]:
    """A level list scored by its table: one number of points per level, none above the
    criterion's points."""
    table = target.level_points
    if len(table) != len(target.choices) or any(p < 0 or p > target.points + 1e-9 for p in table):
        yield at(
            "level_points",
            "level-points-mismatch",
            f"Chỉ tiêu {target.code}: cách tính 'Theo bảng điểm từng mức' cần đúng "
            f"{len(target.choices)} số điểm (mỗi mức một số, từ mức thấp đến cao, cách nhau bởi "
            f"dấu ;, mỗi số từ 0 đến {target.points:g}), ví dụ 0; 2,5; 5 hoặc 0%; 50%; 100%",
            "; ".join(f"{p:g}" for p in table),
        )


def _check_sub_items(compact: Compact) -> Iterator[Finding]:
    """Sub-items: of a criterion that exists and has no criterion above it, both scored in
    points, their maxima adding up to the criterion's."""
    by_code = {t.code: t for t in compact.targets}
    sums: dict[str, float] = {}
    for index, target in enumerate(compact.targets):
        if not target.parent:
            continue
        at = _At(("targets", index), target.code)
        parent = by_code.get(target.parent)
        if parent is None or parent.parent or parent.code == target.code:
            yield at(
                "parent",
                "unknown-parent",
                f"Chỉ tiêu {target.code} là tiêu chí con của '{target.parent}', nhưng "
                + (
                    "không có chỉ tiêu mã này"
                    if parent is None
                    else "tiêu chí con không thể thuộc chính nó hay một tiêu chí con khác"
                ),
                target.parent,
            )
            continue
        if ValueKind.POINTS not in (target.kind, parent.kind) or target.kind is not parent.kind:
            yield at(
                "parent",
                "parent-not-points",
                f"Chỉ tiêu {target.code} là tiêu chí con của {parent.code}: cả hai phải có loại "
                f"giá trị '{label(ValueKind.POINTS)}'",
                target.parent,
            )
            continue
        sums[parent.code] = sums.get(parent.code, 0.0) + target.points
    for index, target in enumerate(compact.targets):
        if target.code in sums and abs(sums[target.code] - target.points) > 1e-6:
            yield _At(("targets", index), target.code)(
                "points",
                "parts-points-mismatch",
                f"Chỉ tiêu {target.code} có điểm tối đa {target.points:g} nhưng các tiêu chí con "
                f"của nó cộng lại {sums[target.code]:g} điểm",
                target.points,
                expected=sums[target.code],
            )


def threshold_problem(target: Target, value: Any) -> str:
    """Why ``value`` is not a valid threshold for ``target`` (empty when it is)."""
    kind = target.kind
    if kind is ValueKind.POINTS:  # the criterion's maximum, typed for each level it applies to
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"'{value}' không phải là số; với loại điểm tự chấm, ghi điểm tối đa"
        if abs(value - target.points) > 1e-9:
            return f"với loại điểm tự chấm, ghi điểm tối đa của tiêu chí ({target.points:g})"
        return ""
    if kind in _NUMERIC:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"'{value}' không phải là số"
        if kind is ValueKind.PERCENT and not 0 <= value <= 100:
            return f"tỷ lệ {value:g} % nằm ngoài khoảng 0–100"
        if kind is ValueKind.COUNT and value < 0:
            return f"số lượng {value:g} không được âm"
        if kind is ValueKind.COUNT and value != int(value):
            return f"số lượng {value:g} phải là số nguyên"
        return ""
    if kind is ValueKind.YES_NO:
        if not isinstance(value, str) or value not in (YES, NO):
            return f"'{value}' không hợp lệ; nhập 'Có' hoặc 'Không'"
        return ""
    if kind is ValueKind.LEVEL:
        if target.choices and fold(str(value)) not in {fold(c) for c in target.choices}:
            return f"'{value}' không có trong danh sách mức: {'; '.join(target.choices)}"
        return ""
    return ""


def _check_cross_rules(compact: Compact) -> Iterator[Finding]:
    yield from _duplicates(
        compact.rules, lambda r: r.code, "rules", "code", "duplicate-rule", "Mã quy tắc"
    )
    codes = {t.code for t in compact.targets}
    for index, rule in enumerate(compact.rules):
        at = _At(("rules", index))
        kinds = {t.code: t.kind for t in compact.targets}
        for side in ("left", "right"):
            expression = getattr(rule, side)
            try:
                used = codes_in(expression)
            except ExpressionError as error:
                yield at(side, "invalid-expression", f"Quy tắc {rule.code}: {error}", expression)
                continue
            for code in used:
                if code not in codes:
                    yield at(
                        side,
                        "rule-unknown-target",
                        f"Quy tắc {rule.code} dùng mã chỉ tiêu '{code}' không có trong sheet 'Chỉ tiêu'",
                        code,
                    )
                elif kinds[code] is ValueKind.TEXT:  # Có/Không counts 1/0, a level its order
                    yield at(
                        side,
                        "rule-text-target",
                        f"Quy tắc {rule.code} dùng chỉ tiêu '{code}' loại Văn bản, không có giá "
                        "trị để tính (chỉ tiêu Có/Không được tính là 1 hoặc 0, chỉ tiêu mức theo "
                        "thứ tự của mức, mức thấp nhất là 1)",
                        code,
                    )


def _check_tiers(compact: Compact) -> Iterator[Finding]:
    if not compact.tiers:
        yield _nothing("tiers")
        return
    yield from _duplicates(
        compact.tiers, lambda t: fold(t.name), "tiers", "name", "duplicate-tier", "Xếp loại"
    )
    for index in range(1, len(compact.tiers)):
        above, tier = compact.tiers[index - 1], compact.tiers[index]
        if tier.min_points >= above.min_points:
            yield _At(("tiers", index))(
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
            yield _At(("tiers", index))(
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


def _check_awards(compact: Compact) -> Iterator[Finding]:
    """The award ladder: codes and orders once each, tiers that exist, conditions that parse
    and use known figures, a quota for each award."""
    awards = compact.awards
    yield from _duplicates(
        awards, lambda a: a.code, "awards", "code", "duplicate-award", "Mã khen thưởng"
    )
    yield from _duplicates(
        awards, lambda a: a.order, "awards", "order", "duplicate-award", "Thứ tự khen thưởng"
    )
    tiers = {fold(t.name) for t in compact.tiers}
    bonus = sum(t.points for t in compact.targets if t.category is Category.BONUS)
    most = max(_level_totals(compact).values(), default=0.0) + bonus
    for index, award in enumerate(awards):
        at = _At(("awards", index))
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


def _check_tie_breaks(compact: Compact, name: str, text: str, at: _At) -> Iterator[Finding]:
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


def _check_condition(compact: Compact, name: str, condition: str, at: _At) -> Iterator[Finding]:
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


def _check_roster(compact: Compact) -> Iterator[Finding]:
    if not compact.schools:
        yield _nothing("schools")
    yield from _duplicates(
        compact.blocs, lambda b: b.code, "blocs", "code", "duplicate-bloc", "Mã khối thi đua"
    )
    yield from _duplicates(
        compact.schools, lambda s: s.code, "schools", "code", "duplicate-school", "Mã trường"
    )
    blocs = {b.code for b in compact.blocs}
    for index, school in enumerate(compact.schools):
        at = _At(("schools", index))
        if school.bloc not in blocs:
            yield at(
                "bloc",
                "unknown-bloc",
                f"Trường {school.code} ({school.name}) thuộc khối '{school.bloc}', "
                "nhưng khối này không có trong sheet khối thi đua",
                school.bloc,
            )
        if len(set(school.levels)) != len(school.levels):
            yield at(
                "levels",
                "duplicate-level",
                f"Trường {school.code}: cấp học '{school.levels_label}' bị lặp",
                school.levels_label,
            )
        for level in school.levels:
            if compact.targets and not compact.targets_for([level]):
                yield at(
                    "levels",
                    "level-without-targets",
                    f"Trường {school.code} ({school.name}) có cấp {level.value}, nhưng không chỉ tiêu "
                    f"nào có ngưỡng cho cấp {level.value}",
                    level.value,
                )
