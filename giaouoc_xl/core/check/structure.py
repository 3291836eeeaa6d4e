"""How the targets table is laid out: its sheets and columns, one row per target of the school,
and the cells the school may not change (threshold, text, direction) as the compact has them."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..model import Compact, Target, fold
from ..school_form import COLUMN_HEADERS, HEADER_ROW, SCHOOL, TARGETS
from ..submission import TargetRow
from ..thresholds import DIRECTION_SYMBOLS, threshold_for
from .base import ERROR, WARNING, Checker, Matched, name_of, show


class StructureChecks(Checker):
    """The targets table's sheets, columns and rows."""

    def structure(self) -> Matched:
        """Rows matched to the school's targets by code (the first of duplicates)."""
        sub = self.sub
        for sheet in (SCHOOL, TARGETS):
            if sheet in sub.missing_sheets:
                self.add(
                    "missing-sheet",
                    ERROR,
                    f"Không tìm thấy sheet '{sheet}' (đã bị đổi tên hoặc xóa)",
                    sheet=sheet,
                )
        if TARGETS in sub.missing_sheets:
            return {}
        for key in sub.missing_columns:
            self.add(
                "missing-column",
                ERROR,
                f"Bảng chỉ tiêu thiếu cột '{COLUMN_HEADERS.get(key, key)}' (tiêu đề cột bị sửa hoặc cột bị xóa)",
                sheet=TARGETS,
                cell=f"A{HEADER_ROW}",
            )
        matched = self.matched_rows()
        for row_number in sub.stray_rows:
            self.add(
                "stray-row",
                WARNING,
                f"Dòng {row_number} có số liệu nhưng không có mã chỉ tiêu; số liệu này không được tính",
                TARGETS,
                f"A{row_number}",
            )
        for target, threshold, row in matched.values():
            self.locked(target, threshold, row)
        return matched

    def matched_rows(self) -> Matched:
        """Each row by its target code: a code of no target of the school, a target twice, a
        target without its row."""
        sub = self.sub
        assert self.school is not None
        expected = _expected(self.compact, self.school.levels)
        counts = Counter(r.code for r in sub.rows)
        matched: Matched = {}
        code_col = sub.columns.get("code", "B")
        for row in sub.rows:
            cell = f"{code_col}{row.row}"
            if row.code not in expected:
                known = self.compact.target(row.code)
                why = "không áp dụng cho cấp học của trường" if known else "không có trong giao ước"
                self.add(
                    "unknown-target",
                    ERROR,
                    f"Dòng {row.row} có mã chỉ tiêu '{row.code}' {why}",
                    TARGETS,
                    cell,
                    row.code,
                )
            elif row.code in matched:
                self.add(
                    "duplicate-target",
                    ERROR,
                    f"Chỉ tiêu {row.code} xuất hiện {counts[row.code]} lần (dòng {matched[row.code][2].row} và dòng {row.row})",
                    TARGETS,
                    cell,
                    row.code,
                )
            else:
                matched[row.code] = (*expected[row.code], row)
        for code, (target, _) in expected.items():
            if code not in matched:
                self.add(
                    "missing-target",
                    ERROR,
                    f"{name_of(target)}: thiếu dòng của chỉ tiêu này trong bảng",
                    TARGETS,
                    "",
                    code,
                )
        return matched

    def locked(self, target: Target, threshold: Any, row: TargetRow) -> None:
        found = row.threshold
        shown = found.value if found.value is not None else found.raw
        if shown != threshold and not _same(shown, threshold):
            self.add(
                "threshold-changed",
                ERROR,
                f"{name_of(target)}: ngưỡng giao ước trong tệp bị sửa thành {show(target, found.raw)}, giao ước quy "
                f"định {show(target, threshold)}; ngưỡng luôn lấy theo sổ giao ước",
                TARGETS,
                found.cell,
                target.code,
                found.raw,
                threshold,
            )
        direction = DIRECTION_SYMBOLS.get(target.direction, "") if target.direction else ""
        if row.text == target.text and row.direction == direction:
            return  # the common case
        text_col = self.sub.columns.get("text")
        changed_text = bool(row.text) and fold(row.text) != fold(target.text)
        if changed_text or ("direction" in self.sub.columns and row.direction != direction):
            column = text_col if changed_text else self.sub.columns.get("direction", "")
            self.add(
                "locked-cell-changed",
                WARNING,
                f"{name_of(target)}: nội dung hoặc yêu cầu của chỉ tiêu trong tệp đã bị sửa; chương trình dùng "
                "nội dung trong sổ giao ước",
                TARGETS,
                f"{column}{row.row}" if column else "",
                target.code,
                row.text if changed_text else row.direction,
                target.text if changed_text else direction,
            )


def _expected(compact: Compact, levels: tuple[Any, ...]) -> dict[str, tuple[Target, Any]]:
    """The targets that apply to a school of these levels, with the threshold that binds it."""
    return compact.memo(
        ("expected", levels),
        lambda: {t.code: (t, threshold) for t, threshold in _school_targets(compact, levels)},
    )


def _school_targets(compact: Compact, levels: tuple[Any, ...]) -> list[tuple[Target, Any]]:
    return [(t, threshold_for(t, levels)) for t in compact.targets_for(levels)]


def _same(found: Any, expected: Any) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return (
            isinstance(found, (int, float))
            and not isinstance(found, bool)
            and abs(found - expected) <= 1e-9
        )
    return fold(str(found or "")) == fold(str(expected))
