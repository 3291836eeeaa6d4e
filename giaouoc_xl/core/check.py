"""The checker: every problem of a returned workbook against the compact's clauses, at once.

Pure: it takes the compact and a :class:`~giaouoc_xl.core.submission.Submission` and returns findings
(no file I/O). Each rule has a stable code, listed with its meaning in
:data:`giaouoc_xl.core.codes.SUBMISSION_CODES`.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

from .codes import SUBMISSION_CODES
from .expressions import ExpressionError, codes_in, evaluate
from .findings import Finding, Severity
from .model import (
    Compact,
    Comparison,
    CrossRule,
    Direction,
    Period,
    RuleField,
    School,
    Target,
    ValueKind,
    fold,
    label,
)
from .school_form import (
    COLUMN_HEADERS,
    FIELD_LABELS,
    HEADER_ROW,
    KIND,
    RESULT_HEADERS,
    RESULT_PERIODS,
    SCHOOL,
    SCHOOL_ROW,
    STAFF_NAMES,
    STAFF_PARTS,
    STAFF_ROW,
    TARGETS,
)
from .submission import CellValue, Submission, TargetRow, signed
from .thresholds import DIRECTION_SYMBOLS, satisfies, threshold_for
from .values import out_of_range, tidy_number

ERROR, WARNING = Severity.ERROR, Severity.WARNING


#: "kết quả học kỳ I", "kết quả cuối năm": a result period's column, inside a sentence.
_RESULT_WHAT = {period: text[0].lower() + text[1:] for period, text in RESULT_HEADERS.items()}

_DIRECTION_WORDS = {
    Direction.AT_LEAST: "không thấp hơn",
    Direction.AT_MOST: "không quá",
    Direction.EXACTLY: "đúng bằng",
    Direction.MUST_BE_YES: "phải là",
}
_COMPARE = {
    Comparison.LE: lambda a, b: a <= b + 1e-9,
    Comparison.GE: lambda a, b: a >= b - 1e-9,
    Comparison.EQ: lambda a, b: abs(a - b) <= 1e-9,
    Comparison.LT: lambda a, b: a < b - 1e-9,
    Comparison.GT: lambda a, b: a > b + 1e-9,
    Comparison.NE: lambda a, b: abs(a - b) > 1e-9,
}


def number(value: float) -> str:
    """95.5 -> '95,5' (Vietnamese decimal comma)."""
    return str(tidy_number(value)).replace(".", ",")


def show(target: Target, value: Any) -> str:
    """A value as a principal reads it: '6 %', '3 học sinh', 'Có', 'Mức độ 1'."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _shown(target.kind is ValueKind.PERCENT, target.unit, value)
    return str(value)


@lru_cache(maxsize=8192)  # the same thresholds and registrations recur across a batch
def _shown(percent: bool, unit: str, value: float) -> str:
    if percent:
        return f"{number(value)} %"
    return f"{number(value)} {unit}".strip()


def _name(target: Target) -> str:
    return _named(target.code, target.text)


@lru_cache(maxsize=4096)
def _named(code: str, text: str) -> str:
    shown = text if len(text) <= 80 else text[:77] + "…"
    return f"Chỉ tiêu {code} '{shown}'"


class _Checker:
    def __init__(self, compact: Compact, submission: Submission, period: Period) -> None:
        self.compact = compact
        self.sub = submission
        self.period = period
        self.findings: list[Finding] = []
        self.school: School | None = None

    def add(
        self,
        code: str,
        severity: Severity,
        message: str,
        sheet: str = "",
        cell: str = "",
        target: str = "",
        value: Any = None,
        expected: Any = None,
    ) -> None:
        assert code in SUBMISSION_CODES, code
        self.findings.append(
            Finding(
                code=code,
                severity=severity,
                message=message,
                file=self.sub.file,
                school=self.school.code if self.school else self.sub.school_code,
                sheet=sheet,
                cell=cell,
                target=target,
                value=value,
                expected=expected,
            )
        )

    # -- identity and template

    def identity(self) -> bool:
        """Checks of what the file is; False when nothing more can be checked."""
        sub, compact = self.sub, self.compact
        meta = sub.meta
        if not meta or meta.get("kind") != KIND:
            code = sub.identity.get("code", "")
            if not meta and TARGETS not in sub.missing_sheets and compact.school(code) is not None:
                self.school = compact.school(code)
                self.add(
                    "missing-metadata",
                    WARNING,
                    "Sheet thông tin mẫu (ẩn) đã bị xóa; chương trình nhận diện trường theo sheet 'Trường'",
                )
            else:
                self.add(
                    "not-a-submission",
                    ERROR,
                    "Tệp không phải là mẫu giao ước do chương trình tạo ra (không có thông tin mẫu); "
                    "hãy dùng đúng mẫu đã được gửi",
                )
                return False
        else:
            if sub.compact_id != compact.id:
                self.add(
                    "other-compact",
                    ERROR,
                    f"Tệp là mẫu của giao ước '{sub.compact_id}', không phải giao ước '{compact.id}'",
                    value=sub.compact_id,
                    expected=compact.id,
                )
                return False
            if sub.revision != compact.revision or sub.fingerprint != compact.fingerprint:
                if sub.fingerprint == compact.fingerprint:
                    self.add(
                        "older-revision",
                        WARNING,
                        f"Tệp là mẫu của lần sửa đổi {sub.meta.get('compact_revision')}, giao ước hiện là lần "
                        f"{compact.revision}; các chỉ tiêu, ngưỡng và điểm không đổi nên vẫn dùng được",
                        value=sub.revision,
                        expected=compact.revision,
                    )
                else:
                    self.add(
                        "stale-template",
                        ERROR,
                        f"Tệp là mẫu cũ (lần sửa đổi {sub.meta.get('compact_revision')}) có chỉ tiêu, ngưỡng hoặc "
                        f"điểm khác giao ước hiện hành (lần {compact.revision}); trường cần điền lại vào mẫu mới",
                        value=sub.revision,
                        expected=compact.revision,
                    )
                    return False
            self.school = compact.school(sub.school_code)
            if self.school is None:
                self.add(
                    "unknown-school",
                    ERROR,
                    f"Mã trường '{sub.school_code}' không có trong danh sách trường của giao ước",
                    sheet=SCHOOL,
                    cell=sub.identity_cells.get("code", ""),
                    value=sub.school_code,
                )
                return False
        self.file_name()
        self.identity_fields()
        return True

    def file_name(self) -> None:
        school = self.school
        assert school is not None
        stem = fold(self.sub.file.rsplit(".", 1)[0])
        prefix = re.split(r"[_\s-]", stem, maxsplit=1)[0]
        other = self.compact.school_by_folded_code(prefix)
        if other is not None and other.code != school.code:
            self.add(
                "file-name-mismatch",
                WARNING,
                f"Tên tệp '{self.sub.file}' là của {other.name} ({other.code}), nhưng trong tệp là "
                f"{school.name} ({school.code}); kiểm tra xem trường có gửi nhầm tệp không",
                value=self.sub.file,
                expected=school.code,
            )

    def identity_fields(self) -> None:
        school = self.school
        assert school is not None
        found = self.sub.identity
        expected = {
            "code": school.code,
            "name": school.name,
            "levels": school.levels_label,
            "bloc": school.bloc,
        }
        for key, value in expected.items():
            if key in found and fold(found[key]) != fold(value):
                severity = ERROR if key in ("code", "levels") else WARNING
                self.add(
                    "identity-changed",
                    severity,
                    f"{FIELD_LABELS[key]} trong tệp là '{found[key]}', danh sách trường của giao ước ghi '{value}'",
                    sheet=SCHOOL,
                    cell=self.sub.identity_cells.get(key, f"B{SCHOOL_ROW[key]}"),
                    value=found[key],
                    expected=value,
                )

    # -- structure

    def structure(self) -> dict[str, tuple[Target, Any, TargetRow]]:
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
        assert self.school is not None
        expected = _expected(self.compact, self.school.levels)
        counts = Counter(r.code for r in sub.rows)
        matched: dict[str, tuple[Target, Any, TargetRow]] = {}
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
                    f"{_name(target)}: thiếu dòng của chỉ tiêu này trong bảng",
                    TARGETS,
                    "",
                    code,
                )
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

    def locked(self, target: Target, threshold: Any, row: TargetRow) -> None:
        found = row.threshold
        shown = found.value if found.value is not None else found.raw
        if shown != threshold and not _same(shown, threshold):
            self.add(
                "threshold-changed",
                ERROR,
                f"{_name(target)}: ngưỡng giao ước trong tệp bị sửa thành {show(target, found.raw)}, giao ước quy "
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
                f"{_name(target)}: nội dung hoặc yêu cầu của chỉ tiêu trong tệp đã bị sửa; chương trình dùng "
                "nội dung trong sổ giao ước",
                TARGETS,
                f"{column}{row.row}" if column else "",
                target.code,
                row.text if changed_text else row.direction,
                target.text if changed_text else direction,
            )

    # -- values

    def judge_values(self, matched: dict[str, tuple[Target, Any, TargetRow]]) -> None:
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

    def evidence(self, matched: dict[str, tuple[Target, Any, TargetRow]]) -> None:
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
        for target, _, row in matched.values():
            cell = row.results.get(self.period)
            if self.period not in target.periods or cell is None or cell.blank or row.evidence:
                continue
            self.add(
                "evidence-missing",
                ERROR,
                f"{_name(target)}: chưa ghi minh chứng cho kết quả (số và ngày văn bản, đường dẫn "
                "hoặc tên tệp)",
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
                f"{_name(target)}: ô '{COLUMN_HEADERS[key]}' có công thức chưa có kết quả; "
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
            else:
                return value
        self._report_value(target, what, cell, required)
        return usable(target, cell)

    def _report_value(self, target: Target, what: str, cell: CellValue, required: bool) -> None:
        add = lambda code, severity, message: self.add(  # noqa: E731
            code, severity, f"{_name(target)}: {message}", TARGETS, cell.cell, target.code, cell.raw
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
        if registration is not None and not satisfies(target, registration, threshold):
            rule = _DIRECTION_WORDS[target.direction or Direction.EXACTLY]
            assert row.registration is not None
            self.add(
                "below-threshold",
                ERROR,
                f"{_name(target)}: trường đăng ký {show(target, registration)}, giao ước yêu cầu {rule} {show(target, threshold)}",
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
                f"{_name(target)}: {label(period).lower()} là {show(target, result)}, chưa đạt {whose} "
                f"{show(target, goal)}",
                TARGETS,
                cell.cell,
                target.code,
                cell.raw,
                goal,
            )
            if target.veto and due:
                self.add(
                    "veto-not-met",
                    WARNING,
                    f"{_name(target)} là chỉ tiêu phủ quyết và chưa đạt ({show(target, result)}); xếp loại của trường "
                    f"không vượt quá '{self.compact.veto_cap_tier or 'mức thấp'}'",
                    TARGETS,
                    cell.cell,
                    target.code,
                    cell.raw,
                    goal,
                )

    # -- cross-field rules

    def cross_rules(self, matched: dict[str, tuple[Target, Any, TargetRow]]) -> None:
        if not self.compact.rules:
            return
        fields: list[Period | None] = [None]  # None: the registration
        if self.period in RESULT_PERIODS:
            fields.append(self.period)
        for field in fields:
            values: dict[str, float | None] = {}
            cells: dict[str, str] = {}
            for code in _rule_codes(self.compact):
                if code not in matched:
                    continue  # the rule does not apply to this school
                target, _, row = matched[code]
                cell = row.registration if field is None else row.results.get(field)
                value = usable(target, cell)
                numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
                values[code] = float(value) if numeric else None
                if cell is not None:
                    cells[code] = cell.cell
            wanted = RuleField.REGISTRATION if field is None else RuleField.RESULT
            for rule in self.compact.rules:
                if rule.applies_to in (wanted, RuleField.BOTH):
                    self.cross_rule(
                        rule, "registration" if field is None else field.value, values, cells
                    )

    def cross_rule(
        self, rule: CrossRule, field: str, values: dict[str, float | None], cells: dict[str, str]
    ) -> None:
        try:
            left, right = evaluate(rule.left, values), evaluate(rule.right, values)
        except ExpressionError:
            return  # reported when the compact book was checked
        if left is None or right is None or _COMPARE[rule.operator](left, right):
            return  # a target missing or not applicable: the rule does not apply
        codes = [c for c in codes_in(rule.left) + codes_in(rule.right) if c in values]
        what = "đăng ký" if field == "registration" else "kết quả"
        self.add(
            "rule-failed",
            rule.severity,
            f"Quy tắc {rule.code} ({what}): {rule.message} ({rule.left} = {number(left)}, yêu cầu "
            f"{label(rule.operator)} {rule.right} = {number(right)})",
            TARGETS,
            cells.get(codes[0], "") if codes else "",
            ", ".join(codes),
            left,
            right,
        )

    # -- staff figures

    def staff(self) -> None:
        """Whole numbers, each part at most the total; all of them in a period requiring them."""
        if SCHOOL in self.sub.missing_sheets:
            return
        figures = self.sub.staff
        for key, cell in figures.items():
            if cell.problem:
                self.add(
                    "invalid-staff-figure",
                    ERROR,
                    f"Sheet Trường, {STAFF_NAMES[key]}: '{cell.raw}' không phải số người "
                    "(nhập số nguyên không âm)",
                    SCHOOL,
                    cell.cell,
                    value=cell.raw,
                )
        total = figures.get("staff_total")
        if total is not None and total.value is not None:
            for key in STAFF_PARTS:
                part = figures.get(key)
                if part is not None and part.value is not None and part.value > total.value:
                    self.add(
                        "staff-figures-inconsistent",
                        ERROR,
                        f"Sheet Trường: {STAFF_NAMES[key]} ({part.value}) lớn hơn tổng "
                        f"số cán bộ, giáo viên, nhân viên ({total.value})",
                        SCHOOL,
                        part.cell,
                        value=part.value,
                        expected=total.value,
                    )
        spec = self.compact.period_spec(self.period)
        if spec is None or not spec.staff_required:
            return
        if not figures:
            self.add(
                "staff-figures-missing",
                ERROR,
                "Sheet Trường không có phần số liệu cán bộ (mẫu cũ) mà kỳ này bắt buộc: hãy chép "
                "số liệu sang mẫu mới của giao ước",
                SCHOOL,
            )
            return
        for key, label_text in STAFF_NAMES.items():
            found = figures.get(key)
            if found is None or (found.value is None and not found.problem):
                self.add(
                    "staff-figures-missing",
                    ERROR,
                    f"Sheet Trường: chưa nhập {label_text}",
                    SCHOOL,
                    found.cell if found else f"B{STAFF_ROW[key]}",
                )

    # -- signing

    def signing(self) -> None:
        if SCHOOL in self.sub.missing_sheets:
            return
        fields = {
            "commitment": "chưa chọn 'Có' ở ô Cam kết thực hiện",
            "principal": "chưa nhập họ tên hiệu trưởng",
            "date": "chưa nhập ngày ký",
        }
        for key, message in fields.items():
            cell = self.sub.signing.get(key)
            value = cell.value if cell else None
            missing = value is None or (key == "commitment" and not signed(cell))
            if missing:
                self.add(
                    "signing-incomplete",
                    WARNING,
                    f"Sheet Trường: {message}",
                    SCHOOL,
                    cell.cell if cell else f"B{SCHOOL_ROW[key]}",
                    "",
                    cell.raw if cell else None,
                )


def _expected(compact: Compact, levels: tuple[Any, ...]) -> dict[str, tuple[Target, Any]]:
    """The targets that apply to a school of these levels, with the threshold that binds it."""
    return compact.memo(
        ("expected", levels),
        lambda: {t.code: (t, threshold) for t, threshold in _school_targets(compact, levels)},
    )


def _school_targets(compact: Compact, levels: tuple[Any, ...]) -> list[tuple[Target, Any]]:
    return [(t, threshold_for(t, levels)) for t in compact.targets_for(levels)]


def _rule_codes(compact: Compact) -> list[str]:
    """Every target code the cross-field rules use."""

    def make() -> list[str]:
        codes: list[str] = []
        for rule in compact.rules:
            for side in (rule.left, rule.right):
                try:
                    codes += [c for c in codes_in(side) if c not in codes]
                except ExpressionError:
                    continue
        return codes

    return compact.memo("rule codes", make)


def usable(target: Target, cell: CellValue | None) -> Any:
    """The parsed value of a cell when it can be compared (valid and in range)."""
    if cell is None or cell.problem or cell.value is None or out_of_range(target, cell.value):
        return None
    return cell.value


def _same(found: Any, expected: Any) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return (
            isinstance(found, (int, float))
            and not isinstance(found, bool)
            and abs(found - expected) <= 1e-9
        )
    return fold(str(found or "")) == fold(str(expected))


def check_submission(
    compact: Compact, submission: Submission, period: Period | None = None
) -> list[Finding]:
    """Every finding of one submission for ``period`` (default: the compact's current period)."""
    checker = _Checker(compact, submission, period or compact.current_period)
    if checker.identity():
        matched = checker.structure()
        checker.judge_values(matched)
        checker.cross_rules(matched)
        checker.staff()
        checker.signing()
    return checker.findings
