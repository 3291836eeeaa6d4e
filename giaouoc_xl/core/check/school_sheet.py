"""The school sheet below the targets: the staff figures (whole numbers, each part at most the
total, all of them when the period requires them) and the signing."""

from __future__ import annotations

from ..school_form import SCHOOL, SCHOOL_ROW, STAFF_NAMES, STAFF_PARTS, STAFF_ROW
from ..submission import signed
from .base import ERROR, WARNING, Checker


class SchoolSheetChecks(Checker):
    """The staff figures and the signing."""

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
