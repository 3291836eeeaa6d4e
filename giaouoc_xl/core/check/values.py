"""Each value the school typed: readable, in range, given when the period requires it, with its
evidence; a registration at least as strict as the threshold, a result that reaches its goal."""

from __future__ import annotations

from typing import Any

from ..model import Category, Direction, MissingEvidence, Period, Target, ValueKind
from ..points import points_problem
from ..school_form import COLUMN_HEADERS, RESULT_HEADERS, RESULT_PERIODS, TARGETS
from ..submission import CellValue, TargetRow
from ..thresholds import satisfies
from ..values import out_of_range
from .base import ERROR, WARNING, Checker, Matched, name_of, number, show

#: "kết quả học kỳ I", "kết quả cuối năm": a result period's column, inside a sentence.
_RESULT_WHAT = {period: text[0].lower() + text[1:] for period, text in RESULT_HEADERS.items()}

_DIRECTION_WORDS = {
    Direction.AT_LEAST: "không thấp hơn",
    Direction.AT_MOST: "không quá",
    Direction.EXACTLY: "đúng bằng",
    Direction.MUST_BE_YES: "phải là",
}


class ValueChecks(Checker):
    """Each input cell, and each value against its goal."""

    def judge_values(self, matched: Matched) -> None:
        """Judge every input cell of the matched rows, then compare them with their goals."""
        collected = {spec.period for spec in self.compact.periods}
        registered = Period.REGISTRATION in collected
        for target, threshold, row in matched.values():
            registration = None
            if row.registration is not None:
                required = registered and Period.REGISTRATION in target.periods
                registration = self.judge_cell(target, "đăng ký", row.registration, required)
            results = [
                (
                    period,
                    cell,
                    self.judge_cell(
                        target,
                        _RESULT_WHAT[period],
                        cell,
                        period is self.period and period in target.periods,
                    ),
                )
                for period, cell in row.results.items()
            ]
            self.compare(target, threshold, row, registration, results)
            if row.formulas:
                self.kept_formulas(target, row)
        self.evidence(matched)

    def evidence(self, matched: Matched) -> None:
        """In a period that requires it, every result given has its evidence (minh chứng)."""
        spec = self.compact.period_spec(self.period)
        if spec is None or not spec.evidence_required or self.period not in RESULT_PERIODS:
            return
        column = self.sub.columns.get("evidence")
        if not column:
            self.add(
                "evidence-missing",
                ERROR,
                "Bảng chỉ tiêu không có cột 'Minh chứng' (mẫu cũ) mà kỳ này mỗi kết quả phải kèm "
                "minh chứng: hãy chép số liệu sang mẫu mới của giao ước",
                TARGETS,
            )
            return
        zero = spec.missing_evidence is MissingEvidence.ZERO  # 0 points, not an error
        for target, _, row in matched.values():
            cell = row.results.get(self.period)
            if self.period not in target.periods or cell is None or cell.blank or row.evidence:
                continue
            if zero and target.category is Category.DEDUCTION:
                continue  # a deduction item is scored without evidence
            self.add(
                "evidence-missing",
                WARNING if zero else ERROR,
                f"{name_of(target)}: chưa ghi minh chứng cho kết quả (số và ngày văn bản, đường dẫn "
                "hoặc tên tệp)" + ("; chỉ tiêu này được 0 điểm" if zero else ""),
                TARGETS,
                f"{column}{row.row}",
                target.code,
            )

    def kept_formulas(self, target: Target, row: TargetRow) -> None:
        """A note or comment typed as a formula and saved without a value: kept as the text
        typed (it is a school's word, never lost), and said."""
        for key in row.formulas:
            typed = getattr(row, key)  # the note, the comment or the evidence
            column = self.sub.columns.get(key, "")
            self.add(
                "formula-without-value",
                WARNING,
                f"{name_of(target)}: ô '{COLUMN_HEADERS[key]}' có công thức chưa có kết quả; "
                f"chương trình giữ nguyên nội dung đã gõ: {typed}",
                TARGETS,
                f"{column}{row.row}" if column else "",
                target.code,
                typed,
            )

    def judge_cell(self, target: Target, what: str, cell: CellValue, required: bool) -> Any:
        """Report what is wrong with one input cell; return its value when it can be compared
        (see :func:`usable`), so each cell is judged once."""
        value = cell.value
        if not cell.problem and not cell.notes:  # the common case: nothing to report
            if value is None:
                if not required:
                    return None
            elif target.kind is ValueKind.PERCENT:
                if 0 <= value <= 100:
                    return value
            elif target.kind is ValueKind.COUNT:
                if value >= 0 and value == int(value):
                    return value
            elif target.kind is ValueKind.POINTS:
                if not points_problem(target, value)[0]:
                    return value
            else:
                return value
        self._report_value(target, what, cell, required)
        return usable(target, cell)

    def _report_value(self, target: Target, what: str, cell: CellValue, required: bool) -> None:
        add = lambda code, severity, message: self.add(  # noqa: E731
            code,
            severity,
            f"{name_of(target)}: {message}",
            TARGETS,
            cell.cell,
            target.code,
            cell.raw,
        )
        if cell.problem == "formula-without-value":
            add(
                "formula-without-value",
                ERROR,
                f"ô {what} có công thức nhưng chưa có kết quả; mở tệp bằng Excel/LibreOffice, lưu lại rồi gửi",
            )
        elif cell.problem == "not-in-list":
            add(
                "not-in-list",
                ERROR,
                f"{what} '{cell.raw}' không có trong danh sách: {'; '.join(target.choices)}",
            )
        elif cell.problem:
            kind = {
                ValueKind.PERCENT: "một tỷ lệ (số từ 0 đến 100)",
                ValueKind.COUNT: "một số nguyên",
                ValueKind.POINTS: "một số điểm",
                ValueKind.YES_NO: "Có hoặc Không",
            }
            add(
                "invalid-value",
                ERROR,
                f"{what} '{cell.raw}' không hợp lệ; cần nhập {kind.get(target.kind, 'giá trị hợp lệ')}",
            )
        elif cell.value is None:
            if required:
                add("missing-value", ERROR, f"chưa nhập {what}")
        elif (points := points_problem(target, cell.value))[0]:
            add(points[0], ERROR, f"{what} {number(cell.value)} điểm {points[1]}")
        elif wrong := out_of_range(target, cell.value):
            add("out-of-range", ERROR, f"{what} {show(target, cell.value)} {wrong}")
        elif "number-as-text" in cell.notes:
            add(
                "number-as-text",
                WARNING,
                f"{what} nhập dạng chữ '{cell.raw}', chương trình hiểu là {show(target, cell.value)}; "
                "hãy nhập số để công thức đánh giá trong tệp tính đúng",
            )
        elif "percent-fraction" in cell.notes:
            add(
                "percent-as-fraction",
                WARNING,
                f"{what} nhập {number(cell.raw)} trong ô định dạng %, đã hiểu là {show(target, cell.value)}",
            )

    def compare(
        self,
        target: Target,
        threshold: Any,
        row: TargetRow,
        registration: Any,
        results: list[tuple[Period, CellValue, Any]],
    ) -> None:
        """The registration against the threshold, each result against the registration."""
        if target.kind is ValueKind.POINTS:
            return  # a score in points below its maximum is no shortfall (core.points)
        if registration is not None and not satisfies(target, registration, threshold):
            rule = _DIRECTION_WORDS[target.direction or Direction.EXACTLY]
            assert row.registration is not None
            self.add(
                "below-threshold",
                ERROR,
                f"{name_of(target)}: trường đăng ký {show(target, registration)}, giao ước yêu cầu {rule} {show(target, threshold)}",
                TARGETS,
                row.registration.cell,
                target.code,
                row.registration.raw,
                threshold,
            )
        goal = registration if registration is not None else threshold
        for period, cell, result in results:
            if result is None or satisfies(target, result, goal):
                continue
            due = period is self.period
            whose = "mức đã đăng ký" if registration is not None else "ngưỡng giao ước"
            self.add(
                "result-below-registration",
                WARNING,
                f"{name_of(target)}: {_RESULT_WHAT[period]} là {show(target, result)}, chưa đạt "
                f"{whose} {show(target, goal)}",
                TARGETS,
                cell.cell,
                target.code,
                cell.raw,
                goal,
                period,  # another period's shortfall: kept in the JSON, marked with its period
            )
            if target.veto and due:
                self.add(
                    "veto-not-met",
                    WARNING,
                    f"{name_of(target)} là chỉ tiêu phủ quyết và chưa đạt ({show(target, result)}); xếp loại của trường "
                    f"không vượt quá '{self.compact.veto_cap_tier or 'mức thấp'}'",
                    TARGETS,
                    cell.cell,
                    target.code,
                    cell.raw,
                    goal,
                )


def usable(target: Target, cell: CellValue | None) -> Any:
    """The parsed value of a cell when it can be compared (valid and in range)."""
    if cell is None or cell.problem or cell.value is None or out_of_range(target, cell.value):
        return None
    return cell.value
