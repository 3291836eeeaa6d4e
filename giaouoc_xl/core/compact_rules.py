"""Rules across the whole compact: every problem at once, as findings (no exceptions, no I/O).

Each rule has a stable code; ``loc`` points into the model (``("targets", 3, "thresholds",
"MN")``) and the compact book maps it to a sheet and cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .compact_findings import At, duplicates, nothing, rule_finding
from .expressions import ExpressionError, codes_in
from .findings import Finding
from .ladder_rules import check_awards, check_tiers
from .model import (
    NO,
    YES,
    Compact,
    Direction,
    Scoring,
    Target,
    ValueKind,
    VetoOutcome,
    fold,
    label,
)

_NUMERIC = (ValueKind.PERCENT, ValueKind.COUNT)
#: What a list validation holds in Excel: its choices joined by commas, at most 255 characters.
LIST_LIMIT = 255


def rule_findings(compact: Compact) -> list[Finding]:
    """Every problem of the compact, in sheet order. An empty list means it is valid."""
    if not compact.targets and not compact.target_groups and not compact.schools:
        return [empty_compact()]
    findings: list[Finding] = []
    findings += _check_settings(compact)
    findings += _check_contents_and_groups(compact)
    findings += _check_targets(compact)
    findings += _check_cross_rules(compact)
    findings += check_tiers(compact)
    findings += check_awards(compact)
    findings += _check_roster(compact)
    return findings


def empty_compact() -> Finding:
    """The one finding of a compact with nothing in it yet (a blank book)."""
    return rule_finding(
        "empty-compact",
        "Sổ giao ước chưa có chỉ tiêu nào: hãy nhập nhóm chỉ tiêu, chỉ tiêu và danh sách "
        "trường (xem sheet 'Hướng dẫn')",
        ("targets",),
    )


def _check_settings(compact: Compact) -> Iterator[Finding]:
    if not compact.periods:
        yield nothing("periods")
    yield from duplicates(
        compact.periods, lambda p: label(p.period), "periods", "period", "duplicate-period", "Kỳ"
    )
    collected = {spec.period for spec in compact.periods}
    if compact.periods and compact.current_period not in collected:
        yield rule_finding(
            "current-period-not-collected",
            f"Kỳ đang thu '{label(compact.current_period)}' không có trong các kỳ báo cáo của giao ước",
            ("settings", "current_period"),
            value=label(compact.current_period),
        )
    tier_names = {fold(t.name) for t in compact.tiers}
    if compact.veto_cap_tier and fold(compact.veto_cap_tier) not in tier_names:
        yield rule_finding(
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
        yield rule_finding(
            "floor-without-cap-tier",
            "Có tiêu chí dưới ngưỡng tối thiểu thì 'Giới hạn xếp loại', nhưng chưa ghi Xếp loại "
            "tối đa khi không đạt chỉ tiêu phủ quyết: ngưỡng không có tác dụng; ghi mức xếp loại "
            "tối đa, hoặc chọn hạ một bậc xếp loại hay không xét khen thưởng",
            ("settings", "floor_outcome"),
            value=label(compact.floor_outcome),
        )


def _check_contents_and_groups(compact: Compact) -> Iterator[Finding]:
    yield from duplicates(
        compact.contents,
        lambda c: c.number,
        "contents",
        "number",
        "duplicate-content",
        "Nội dung số",
    )
    yield from duplicates(
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
            yield At(("target_groups", index))(
                "content",
                "unknown-content",
                f"Nhóm chỉ tiêu '{group.code}' thuộc nội dung số {group.content}, "
                "nhưng giao ước không có nội dung này",
                group.content,
            )


def _check_targets(compact: Compact) -> Iterator[Finding]:
    if not compact.targets:
        yield nothing("targets")
    yield from duplicates(
        compact.targets, lambda t: t.code, "targets", "code", "duplicate-target", "Mã chỉ tiêu"
    )
    groups = {g.code: g for g in compact.target_groups}
    numbers = {c.number for c in compact.contents}
    for index, target in enumerate(compact.targets):
        at = At(("targets", index), target.code)
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


def _check_target(target: Target, at: At) -> Iterator[Finding]:
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
            yield rule_finding(
                "invalid-threshold",
                f"Chỉ tiêu {target.code}, ngưỡng cấp {level.value}: {problem}",
                (*at.loc, "thresholds", level.value),
                target=target.code,
                value=value,
            )


def _check_direction(target: Target, at: At) -> Iterator[Finding]:
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


def _check_choices(target: Target, at: At) -> Iterator[Finding]:
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


def _check_scoring(target: Target, at: At) -> Iterator[Finding]:
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


def _check_level_points(target: Target, at: At) -> Iterator[Finding]:
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
        at = At(("targets", index), target.code)
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
            yield At(("targets", index), target.code)(
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
    yield from duplicates(
        compact.rules, lambda r: r.code, "rules", "code", "duplicate-rule", "Mã quy tắc"
    )
    codes = {t.code for t in compact.targets}
    for index, rule in enumerate(compact.rules):
        at = At(("rules", index))
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


def _check_roster(compact: Compact) -> Iterator[Finding]:
    if not compact.schools:
        yield nothing("schools")
    yield from duplicates(
        compact.blocs, lambda b: b.code, "blocs", "code", "duplicate-bloc", "Mã khối thi đua"
    )
    yield from duplicates(
        compact.schools, lambda s: s.code, "schools", "code", "duplicate-school", "Mã trường"
    )
    blocs = {b.code for b in compact.blocs}
    for index, school in enumerate(compact.schools):
        at = At(("schools", index))
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
