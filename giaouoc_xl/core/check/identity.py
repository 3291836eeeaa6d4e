"""What the file is: a workbook of this compact and revision, for a school on the roster, under a
name that does not point at another school, with the school's identity as the roster has it."""

from __future__ import annotations

import re

from ..model import fold
from ..school_form import FIELD_LABELS, KIND, SCHOOL, SCHOOL_ROW, TARGETS
from .base import ERROR, WARNING, Checker


class IdentityChecks(Checker):
    """What the file is, and whose."""

    def identity(self) -> bool:
        """Checks of what the file is; False when nothing more can be checked."""
        meta = self.sub.meta
        known = self.tagged() if meta and meta.get("kind") == KIND else self.untagged()
        if known:
            self.file_name()
            self.identity_fields()
        return known

    def untagged(self) -> bool:
        """A file without our metadata: a school workbook whose hidden sheet was deleted (known
        by its school sheet), or no workbook of ours at all."""
        sub, compact = self.sub, self.compact
        code = sub.identity.get("code", "")
        if not sub.meta and TARGETS not in sub.missing_sheets and compact.school(code) is not None:
            self.school = compact.school(code)
            self.add(
                "missing-metadata",
                WARNING,
                "Sheet thông tin mẫu (ẩn) đã bị xóa; chương trình nhận diện trường theo sheet 'Trường'",
            )
            return True
        self.add(
            "not-a-submission",
            ERROR,
            "Tệp không phải là mẫu giao ước do chương trình tạo ra (không có thông tin mẫu); "
            "hãy dùng đúng mẫu đã được gửi",
        )
        return False

    def tagged(self) -> bool:
        """A workbook of ours: of this compact, of a revision that judges as this one does, for
        a school on the roster."""
        sub, compact = self.sub, self.compact
        if sub.compact_id != compact.id:
            self.add(
                "other-compact",
                ERROR,
                f"Tệp là mẫu của giao ước '{sub.compact_id}', không phải giao ước '{compact.id}'",
                value=sub.compact_id,
                expected=compact.id,
            )
            return False
        other = sub.revision != compact.revision or sub.fingerprint != compact.fingerprint
        if other and not self.other_revision():
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
        return True

    def other_revision(self) -> bool:
        """A template of another revision: usable when its targets, thresholds and points are
        the same (the same fingerprint), stale otherwise."""
        sub, compact = self.sub, self.compact
        if sub.fingerprint == compact.fingerprint:
            self.add(
                "older-revision",
                WARNING,
                f"Tệp là mẫu của lần sửa đổi {sub.meta.get('compact_revision')}, giao ước hiện là lần "
                f"{compact.revision}; các chỉ tiêu, ngưỡng và điểm không đổi nên vẫn dùng được",
                value=sub.revision,
                expected=compact.revision,
            )
            return True
        self.add(
            "stale-template",
            ERROR,
            f"Tệp là mẫu cũ (lần sửa đổi {sub.meta.get('compact_revision')}) có chỉ tiêu, ngưỡng hoặc "
            f"điểm khác giao ước hiện hành (lần {compact.revision}); trường cần điền lại vào mẫu mới",
            value=sub.revision,
            expected=compact.revision,
        )
        return False

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
