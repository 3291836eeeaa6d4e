"""Writing the appraisal book (sổ thẩm định) from a merge; its sheets and columns are declared in
:mod:`.layout`.

Every sheet but the instructions and the hidden one is a table of the same shape (a title, a
line of help, the header, a row per record), written by one table writer (:class:`_Table`) over
the house's machinery (:mod:`giaouoc_xl.workbooks.table`): each cell put by its column (text
never a formula; a number rounded to its kind with the Vietnamese number format, what staff
typed as it was typed).

Writing the book again (after new or corrected submissions) reads the previous one first and
keeps every value staff typed, matched by school and target codes (never by row position:
:mod:`.typed`); a book of another compact or period is refused. The book is written atomically.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import xlsxwriter

from ...core.appraisal import Appraisal, Verification
from ...core.codes import SCHOOL_STATUS_WORDS, SchoolStatus
from ...core.columns import Column
from ...core.meetings import COUNCIL, COUNCIL_NAME, ROLES, Member
from ...core.model import NO, YES, Compact, Deferral, Period, Target, VotingBody, label, labels
from ...core.numbers import EXCEL_FORMATS, NumberKind
from ...core.results import MergeResult, SchoolRow
from ...core.version import __version__
from ..atomic import atomic_output
from ..documents.blocks import column_points
from ..documents.print_style import Styles, page_setup, workbook_options
from ..school.layout import height, lines, target_validation
from ..table import compact_meta, put, write_header, write_meta
from .layout import (
    DECISIONS,
    DECISIONS_SHEET,
    FREE_ROWS,
    HEADER_ROW,
    INSTRUCTIONS,
    KEPT,
    KEPT_SHEET,
    KIND,
    MEMBERS_SHEET,
    META,
    PEOPLE,
    REVIEW,
    REVIEW_SHEET,
    SCHOOLS,
    SCHOOLS_SHEET,
    TARGETS,
    TARGETS_SHEET,
    VOTE,
    VOTE_SHEET,
    Sheet,
    result_kind,
    vote_column,
)
from .reader import read_appraisal_book, same, shown
from .ties import decisions_sheet, pick
from .typed import Typed, bodies, kept_rows

__all__ = ["Written", "render_appraisal_book", "write_appraisal_book"]

#: The instructions' one column, as wide as an A4 portrait page holds (LibreOffice draws a
#: column about 5 % wider than Excel: both fit); each row as tall as its wrapped lines.
INSTRUCTION_WIDTH = 90


@dataclass(frozen=True)
class Written:
    """What writing the book did, for the message after it."""

    path: Path
    rows: int  # school × target rows
    schools: int  # the roster's schools (a row each on the sheet Trường)
    carried: int  # rows where a value staff typed was kept from the previous book
    changed: int  # rows whose reported value changed since the previous book
    kept: int  # rows kept on the sheet "Không còn khớp"
    restored: int = 0  # rows of "Không còn khớp" that matched again and went back
    submitted: int = 0  # schools whose file was read: the target rows are theirs
    unusable: int = 0  # schools that sent only files that could not be used
    missing: int = 0  # schools that sent nothing

    def to_json(self) -> dict[str, Any]:
        """What writing did, for ``giaouoc appraise --json``."""
        return {
            "appraisal": str(self.path),
            "rows": self.rows,
            "schools": self.schools,
            "carried": self.carried,
            "changed": self.changed,
            "kept": self.kept,
            "restored": self.restored,
            "submitted": self.submitted,
            "unusable": self.unusable,
            "missing": self.missing,
        }

    def lines(self) -> list[str]:
        """What writing did, in words, for the command line and the Excel button."""
        lines = [
            f"Sổ thẩm định: {self.path} — {self.rows} dòng chỉ tiêu của {self.submitted} trường "
            f"đã nộp bài (trong {self.schools} trường)."
        ]
        not_read = [
            f"{count} trường {words}"
            for count, words in (
                (self.missing, "chưa nộp"),
                (self.unusable, "gửi tệp không dùng được"),
            )
            if count
        ]
        if not_read:
            lines.append(
                f"Chưa có dòng chỉ tiêu: {', '.join(not_read)} (mỗi trường một dòng ở sheet "
                f"'{SCHOOLS_SHEET}')."
            )
        if self.carried:
            lines.append(f"Giữ nguyên {self.carried} dòng đã nhập ở lần trước.")
        if self.restored:
            lines.append(
                f"{self.restored} dòng ở sheet '{KEPT_SHEET}' đã khớp lại: đưa về đúng chỗ."
            )
        if self.changed:
            lines.append(
                f"{self.changed} dòng trường đã sửa số liệu từ lần ghi trước: xem cột "
                "'Thay đổi từ lần ghi trước'."
            )
        if self.kept:
            lines.append(f"{self.kept} dòng không còn khớp: giữ ở sheet '{KEPT_SHEET}'.")
        return lines


def render_appraisal_book(
    result: MergeResult,
    output: str | os.PathLike[str],
    previous: Appraisal | None,
    when: datetime,
) -> Written:
    """Write the appraisal book of ``result`` to ``output`` (not atomic: see
    :func:`write_appraisal_book`), keeping what staff typed in ``previous`` (none: a new book),
    written ``when``."""
    compact, period = result.compact, result.period
    wb = xlsxwriter.Workbook(str(output), workbook_options(constant_memory=False))
    wb.set_properties(
        {"title": f"Sổ thẩm định — {compact.title}", "author": compact.organizer.name}
    )
    f = _Formats(wb)
    _instructions(wb.add_worksheet(INSTRUCTIONS), f, result)
    typed = Typed.of(previous)
    rows, carried, changed, submitted = _targets_sheet(wb, f, result, typed, previous is not None)
    schools = _schools_sheet(wb, f, result, typed)
    if compact.awards:
        _review_sheet(wb, f, result, typed)
        _members_sheet(wb, f, result, typed)
        _vote_sheet(wb, f, result, typed)
        decisions_sheet(_Table(wb, f, DECISIONS), result, typed)
    kept = kept_rows(result, typed)
    _kept_sheet(wb, f, kept)
    _meta(wb.add_worksheet(META), compact, period, when)
    wb.close()
    missing = sum(row.status is SchoolStatus.MISSING for row in result.schools)
    return Written(
        Path(output), rows, schools, carried, changed, len(kept), typed.returned, submitted,
        unusable=len(result.schools) - submitted - missing, missing=missing,
    )  # fmt: skip


def write_appraisal_book(
    result: MergeResult,
    path: str | os.PathLike[str],
    when: datetime | None = None,
    previous: Appraisal | None = None,
) -> Written:
    """Write (or write again) the appraisal book at ``path``: what staff typed in the book
    already there (``previous``, read here when not given) is kept, matched by school and
    target; a book of another compact or period is refused and left as it is. Atomic."""
    target = Path(path)
    if previous is None and target.exists():
        previous = read_appraisal_book(target, result.compact, result.period)
    with atomic_output(target) as tmp:
        written = render_appraisal_book(result, tmp, previous, when or datetime.now())
    return replace(written, path=target)


# --------------------------------------------------------------------------- the table writer


class _Formats:
    """The book's formats. Every cell that can hold a number shows it by the Vietnamese rule:
    a column of a number kind with its kind's format; any other cell (what staff typed, what
    is kept word for word) with the locale's General, so a number typed there shows its
    decimal comma too."""

    def __init__(self, wb: Any) -> None:
        s = Styles(wb, {"valign": "top", "text_wrap": True}, border_color="#9BA7B4")
        general = EXCEL_FORMATS[NumberKind.POINTS]
        self.title = s.make(bold=True, font_size=14, text_wrap=False)
        self.note = s.make(italic=True, font_color="#555555", text_wrap=False)
        self.header = s.make(True, bold=True, bg_color="#DDEBF7", align="center", valign="vcenter")
        self.cell = s.make(True, num_format=general)
        self.center = s.make(True, align="center", num_format=general)
        self.numbers = {
            kind: s.make(True, align="center", num_format=fmt)
            for kind, fmt in EXCEL_FORMATS.items()
        }
        self.input = s.make(True, bg_color="#FFF2CC", locked=False, num_format=general)
        #: a date or a time typed in: shown as typed in Vietnam (12/06/2021, 14:00)
        self.typed_as = {
            fmt: s.make(True, bg_color="#FFF2CC", locked=False, num_format=fmt)
            for fmt in ("DD/MM/YYYY", "HH:MM")
        }
        self.changed = s.make(True, bg_color="#F8CBAD", num_format=general)
        self.text = s.make()

    def of(self, column: Column) -> Any:
        """A column's cells' format: typed in, a number of its kind, centred or plain."""
        if column.input:
            return self.typed_as.get(column.format, self.input)
        if column.number is not None:
            return self.numbers[column.number]
        return self.center if column.center else self.cell


class _Table:
    """One sheet's table: a title, a line of help, the header (at :data:`HEADER_ROW`), then a
    row per record, each cell put by its column (format, number kind; a column typed in is
    written as it was typed, never rounded)."""

    def __init__(
        self, wb: Any, f: _Formats, sheet: Sheet, extra: Sequence[Column] = (), **fill: str
    ) -> None:
        """The sheet's worksheet with its title and help (``fill`` their ``{…}``) and the
        header of its columns and ``extra`` ones."""
        self.ws = ws = wb.add_worksheet(sheet.name)
        self.f = f
        self.columns, self.row = (*sheet.columns, *extra), HEADER_ROW
        self.formats = [f.of(column) for column in self.columns]
        self.points = [column_points(column.width) for column in self.columns]
        ws.write_string(0, 0, sheet.title.format(**fill), f.title)
        ws.write_string(1, 0, sheet.help.format(**fill), f.note)
        header = max(
            lines(column.header, points, bold=True)
            for column, points in zip(self.columns, self.points, strict=True)
        )
        write_header(ws, HEADER_ROW - 1, self.columns, f.header, height=height(max(2, header)))
        ws.freeze_panes(HEADER_ROW, sheet.freeze)

    def add(
        self,
        values: Mapping[str, Any],
        kinds: Mapping[str, NumberKind] | None = None,
        formats: Mapping[str, Any] | None = None,
        checks: Mapping[str, dict[str, Any]] | None = None,
    ) -> None:
        """The next row: ``values`` by column key; ``kinds`` and ``formats`` override a
        column's number kind and format in this row; ``checks``: a column's validation."""
        r = self.row
        count = 1
        for c, column in enumerate(self.columns):
            key, value = column.key, values.get(column.key)
            if isinstance(value, str) and value:
                count = max(count, lines(value, self.points[c]))
            kind = (kinds or {}).get(key, column.number)
            fmt = (formats or {}).get(key, self.formats[c])
            if isinstance(value, (date, time)):  # a date or a time typed: kept a date, a time
                self.ws.write_datetime(r, c, value, fmt)
            else:
                put(self.ws, r, c, value, fmt, kind)
            if checks and key in checks:
                self.ws.data_validation(r, c, r, c, checks[key])
        if count > 1:  # no application grows a row of a file it opens: set for its lines
            self.ws.set_row(r, height(count))
        self.row += 1

    def free(self, checks: Mapping[str, dict[str, Any]]) -> None:
        """Rows below to type in freely: the columns typed in unlocked and highlighted, their
        drop-down lists (``checks``, by column key) down :data:`FREE_ROWS` rows."""
        first, last = HEADER_ROW, HEADER_ROW + FREE_ROWS
        for c, column in enumerate(self.columns):
            if column.input:
                self.ws.set_column(c, c, column.width, self.f.of(column))
                for r in range(HEADER_ROW - 1):  # where the title and help run: not yellow
                    if c:  # (column A holds them)
                        self.ws.write_blank(r, c, None, self.f.text)
            if column.key in checks:
                self.ws.data_validation(first, c, last, c, checks[column.key])

    def close(self, *, filtered: bool = False, protected: bool = True) -> int:
        """The sheet's filter, protection and page set up; returns the rows written."""
        if filtered:
            last = max(self.row - 1, HEADER_ROW)
            self.ws.autofilter(HEADER_ROW - 1, 0, last, len(self.columns) - 1)
        if protected:
            self.ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True,
                                 "autofilter": True, "format_columns": True,
                                 "format_rows": True})  # fmt: skip
        page_setup(self.ws, landscape=True, repeat_rows=HEADER_ROW - 1)
        return self.row - HEADER_ROW


# --------------------------------------------------------------------------- the sheets


def _instructions(ws: Any, f: _Formats, result: MergeResult) -> None:
    compact = result.compact
    ws.set_column(0, 0, INSTRUCTION_WIDTH)
    texts = [
        (f"SỔ THẨM ĐỊNH KẾT QUẢ GIAO ƯỚC THI ĐUA NĂM HỌC {compact.school_year}", f.title),
        (f"{compact.organizer.name} — {label(result.period)}", f.note),
        ("", f.text),
        ("1. Sheet 'Thẩm định': mỗi dòng là một chỉ tiêu của một trường, với kết quả trường báo "
         "cáo, minh chứng và điểm tự chấm (không sửa được).", f.text),
        ("   Đối chiếu minh chứng; nếu kết quả đúng thì để trống cột 'Kết quả thẩm định'. Nếu "
         "khác, nhập kết quả đúng và ghi lý do ở cột 'Lý do điều chỉnh' (bắt buộc).", f.text),
        ("2. Sheet 'Trường': chọn lý do ở cột 'Tạm hoãn xét' nếu trường đang bị thanh tra, kiểm "
         "tra, xem xét kỷ luật hoặc có khiếu nại, tố cáo chưa giải quyết (Nghị định 98/2023/NĐ-CP"
         ", Điều 4); ghi chi tiết và ghi chú nếu cần.", f.text),
        ("3. Lưu tệp rồi tổng hợp với sổ này: giaouoc merge … --appraisal <tệp này>, hoặc nút "
         "'Tổng hợp' của sổ giao ước. Kết quả thẩm định được dùng để chấm điểm, xếp hạng.", f.text),
        ("4. Khi có bài nộp mới hoặc trường sửa bài, ghi lại sổ này (giaouoc appraise …): mọi ô "
         "đã nhập được giữ nguyên theo mã trường và mã chỉ tiêu; cột 'Thay đổi từ lần ghi "
         "trước' cho biết dòng nào trường đã sửa số liệu; dòng không còn khớp được chuyển sang "
         "sheet 'Không còn khớp', không mất, và tự về đúng chỗ khi khớp lại.", f.text),
    ]  # fmt: skip
    if compact.awards:
        texts += [
            ("", f.text),
            ("BÌNH XÉT KHEN THƯỞNG", f.title),
            (f"5. Sheet '{REVIEW_SHEET}': mỗi khối một dòng, và một dòng của Hội đồng Thi đua – "
             f"Khen thưởng ({COUNCIL}) khi thang khen thưởng có mức do hội đồng bình xét: số "
             "thành viên dự họp (người bỏ phiếu), chủ trì, thư ký, ngày, giờ, địa điểm họp, số "
             "phiếu phát ra, thu về, hợp lệ.", f.text),
            (f"6. Sheet '{MEMBERS_SHEET}': mỗi thành viên một dòng (mã khối hoặc {COUNCIL}, họ và "
             "tên, chức vụ và đơn vị, vai trò, có mặt hay vắng và lý do): in vào biên bản.",
             f.text),
            (f"7. Sheet '{VOTE_SHEET}': số phiếu đồng ý của từng trường cho từng mức; mức do hội "
             "đồng bình xét thì nhập số phiếu của hội đồng.", f.text),
            (f"8. Sheet '{DECISIONS_SHEET}': các trường bằng điểm mà tiêu chí của thang không "
             "phân định được (chương trình ghi sẵn): ghi trường được chọn, số phiếu lần hai và "
             "lý do, hoặc 'Để trống suất' và lý do. Chưa quyết định thì văn bản là DỰ THẢO.",
             f.text),
        ]  # fmt: skip
    room = column_points(INSTRUCTION_WIDTH)
    for row, (text, fmt) in enumerate(texts):
        ws.write_string(row, 0, text, fmt)
        size = 14.0 if fmt is f.title else 11.0
        ws.set_row(row, height(lines(text, room, size, bold=fmt is f.title), size))
    page_setup(ws)


def _row_cells(
    row: SchoolRow, compact: Compact, period: Period
) -> Iterable[tuple[Target, dict[str, Any]]]:
    """The school's targets collected in ``period``, with what it reported."""
    outcome = row.outcome.unpacked() if row.outcome else None
    score = row.score
    points = {t.code: t.points for t in score.targets} if score else {}
    for change in row.changes:  # the school's own points, before the appraisal
        points[change.target] = change.points_before
    if outcome is None:
        return
    for target in compact.targets_for(row.school.levels):
        if period not in target.periods:
            continue
        raw = outcome.raw.get(target.code, (None, None))
        reported = outcome.results.get(target.code, raw[1])
        registration = outcome.registrations.get(target.code, raw[0])
        yield (
            target,
            {
                "registration": registration,
                "reported": reported,
                "evidence": outcome.evidence.get(target.code, ""),
                "points": points.get(target.code),
            },
        )


def _targets_sheet(
    wb: Any, f: _Formats, result: MergeResult, typed: Typed, rewriting: bool
) -> tuple[int, int, int, int]:
    """The school × target rows, the sheet the book opens on; returns (rows, carried,
    changed, the schools that have rows). Matched entries are taken out of ``typed`` (what is
    left no longer matches)."""
    table = _Table(wb, f, TARGETS, period=label(result.period).upper())
    table.ws.activate()
    carried = changed = 0
    with_rows: set[str] = set()
    for bloc in result.compact.blocs:
        for school_row in result.members(bloc):
            if school_row.status is SchoolStatus.MISSING:
                continue
            school = school_row.school
            for target, values in _row_cells(school_row, result.compact, result.period):
                key = (school.code, target.code)
                old = typed.take(TARGETS_SHEET, typed.entries, key)
                back = typed.back(TARGETS_SHEET, key)
                since, differs = _since(old, values["reported"], result_kind(target), back)
                changed += differs
                if old is None and rewriting:
                    since.append("Dòng mới: bài nộp mới hoặc trường mới từ lần ghi trước")
                carried += bool(old is not None and old.typed and not back)
                _target_line(table, f, school_row, target, values, old, "; ".join(since))
                with_rows.add(school.code)
    return table.close(filtered=True), carried, changed, len(with_rows)


def _since(
    old: Verification | None, reported: Any, kind: NumberKind, back: bool
) -> tuple[list[str], bool]:
    """What the column 'Thay đổi từ lần ghi trước' says of a row, and whether the school changed
    its reported value since the book was last written."""
    notes = [f"Đưa về từ sheet '{KEPT_SHEET}'"] if back else []
    if old is None or same(old.reported, reported, kind):
        return notes, False
    notes.append(
        f"Trường đã sửa kết quả: {shown(old.reported, kind) or '(trống)'} → "
        f"{shown(reported, kind) or '(trống)'}; xem lại"
    )
    return notes, True


def _target_line(
    table: _Table, f: _Formats, school_row: SchoolRow, target: Target, values: dict[str, Any],
    old: Verification | None, since: str,
) -> None:  # fmt: skip
    school, kind = school_row.school, result_kind(target)
    row = {
        "school": school.code,
        "name": school.name,
        "bloc": school.bloc,
        "target": target.code,
        "text": target.text,
        **values,
        **_as_typed(old, verified="raw", reason="reason"),
        "since": since,
    }
    table.add(
        row,
        kinds={"registration": kind, "reported": kind},
        formats={"since": f.changed} if since else None,
        checks={"verified": target_validation(target)},
    )


def _as_typed(old: Any, **fields: str) -> dict[str, Any]:
    """What staff typed in the previous book's record ``old`` (None: nothing typed), by column
    key: ``key=attribute`` of ``old``."""
    return {key: getattr(old, name) if old is not None else None for key, name in fields.items()}


#: The deferral's drop-down list (Nghị định 98/2023, Điều 4).
_DEFERRAL_CHOICES = {
    "validate": "list",
    "source": labels(Deferral),
    "input_title": "Tạm hoãn xét",
    "input_message": "Chọn lý do nếu trường chưa được xét (Nghị định 98/2023, Điều 4).",
    "error_title": "Lý do không có trong danh sách",
    "error_message": "Chọn một lý do trong danh sách, hoặc để trống.",
}


def _schools_sheet(wb: Any, f: _Formats, result: MergeResult, typed: Typed) -> int:
    """One row per school of the roster; matched rows are taken out of ``typed``."""
    table, checks = _Table(wb, f, SCHOOLS), {"deferral": _DEFERRAL_CHOICES}
    for bloc in result.compact.blocs:
        for school_row in result.members(bloc):
            school = school_row.school
            old = typed.take(SCHOOLS_SHEET, typed.decided, school.code)
            own = school_row.self_summary or school_row.summary
            deferral = old and (label(old.deferral) if old.deferral else old.raw_deferral)
            row = {"school": school.code, "name": school.name, "bloc": school.bloc,
                   "status": SCHOOL_STATUS_WORDS[school_row.status],
                   "self_total": own.total if own else None, "deferral": deferral,
                   **_as_typed(old, detail="detail", note="note")}  # fmt: skip
            table.add(row, checks=checks)
    return table.close(filtered=True)


def _whole_number(minimum: int, title: str, message: str, error: str) -> dict[str, Any]:
    """The validation of a whole number typed in (members, votes)."""
    return {"validate": "integer", "criteria": ">=", "value": minimum, "input_title": title,
            "input_message": message, "error_title": "Không hợp lệ",
            "error_message": error}  # fmt: skip


_MEMBERS = _whole_number(1, "Thành viên dự họp", "Số thành viên dự họp bình xét (số người bỏ "
                         "phiếu).", "Nhập một số nguyên dương.")  # fmt: skip
_VOTES = _whole_number(0, "Phiếu đồng ý", "Số phiếu đồng ý (không lớn hơn số thành viên dự họp "
                       "của khối).", "Nhập một số nguyên không âm.")  # fmt: skip


_BALLOTS = _whole_number(0, "Số phiếu", "Số phiếu (phát ra, thu về, hợp lệ) của cuộc họp.",
                         "Nhập một số nguyên không âm.")  # fmt: skip
_DAY = {"validate": "date", "criteria": "between", "minimum": date(2000, 1, 1),
        "maximum": date(2100, 12, 31), "input_title": "Ngày họp",
        "input_message": "Ngày/tháng/năm, ví dụ 12/06/2021.", "error_title": "Không hợp lệ",
        "error_message": "Nhập một ngày, ví dụ 12/06/2021."}  # fmt: skip
_START = {"validate": "time", "criteria": "between", "minimum": time(0, 0),
          "maximum": time(23, 59), "input_title": "Giờ bắt đầu",
          "input_message": "Giờ:phút, ví dụ 14:00.", "error_title": "Không hợp lệ",
          "error_message": "Nhập giờ:phút, ví dụ 14:00."}  # fmt: skip
_MEETING_CHECKS = {"members": _MEMBERS, "day": _DAY, "start": _START, "issued": _BALLOTS,
                   "returned": _BALLOTS, "valid": _BALLOTS}  # fmt: skip


def _review_sheet(wb: Any, f: _Formats, result: MergeResult, typed: Typed) -> None:
    """One row per body that meets: each bloc, and the council when it votes on an award."""
    table = _Table(wb, f, REVIEW)
    names = {b.code: b.name for b in result.compact.blocs}
    for code in bodies(result.compact):
        old = typed.take(REVIEW_SHEET, typed.reviews, code)
        schools = len(result.compact.schools) if code == COUNCIL else len(
            result.members(next(b for b in result.compact.blocs if b.code == code))
        )  # fmt: skip
        row = {"bloc": code, "name": names.get(code, COUNCIL_NAME), "schools": schools,
               **_as_typed(old, members="raw_members", chair="chair", secretary="secretary",
                           place="place"),
               **(old.raw if old is not None else {})}  # fmt: skip
        table.add({k: (v or None) if k == "place" else v for k, v in row.items()},
                  checks=_MEETING_CHECKS)  # fmt: skip
    table.close()


def _members_sheet(wb: Any, f: _Formats, result: MergeResult, typed: Typed) -> None:
    """The members of each body, as typed, by body in the book's order; rows below to type
    in, with the bodies, the roles and Có/Không to pick."""
    table = _Table(wb, f, PEOPLE)
    order = bodies(result.compact)
    for member in sorted(
        (m for m in typed.people if m.body in order), key=lambda m: order.index(m.body)
    ):
        typed.returned += id(member) in typed.back_rows
        table.add(_member_row(member))
    table.free({"bloc": pick("Mã khối", order), "role": pick("Vai trò", list(ROLES)),
                "present": pick("Có mặt", [YES, NO])})  # fmt: skip
    table.close(protected=False)


def _member_row(member: Member) -> dict[str, Any]:
    present = member.raw_present
    if member.present is not None:
        present = YES if member.present else NO
    return {"bloc": member.body, "person": member.name or None,
            "position": member.position or None, "role": member.role or None,
            "present": present, "absence": member.note or None}  # fmt: skip


def _vote_sheet(wb: Any, f: _Formats, result: MergeResult, typed: Typed) -> None:
    """One row per school whose file is used, by rank in its bloc; a column per award."""
    awards = sorted(result.compact.awards, key=lambda a: a.order)
    votes = {award.code: vote_column(award) for award in awards}
    ladder = "; ".join(
        f"{a.code} = {a.name} ({'hội đồng' if a.body is VotingBody.COUNCIL else 'khối'} bình "
        f"xét, cần {a.votes_text()})"
        for a in awards
    )
    table = _Table(wb, f, VOTE, tuple(votes.values()), awards=ladder)
    checks = {column.key: _VOTES for column in votes.values()}
    for bloc in result.compact.blocs:
        members = sorted(
            (m for m in result.members(bloc) if m.outcome is not None),  # a file used
            key=lambda m: (m.rank is None, m.rank or 0),
        )
        for member in members:
            code, score = member.school.code, member.summary
            tier = score.tier if score and member.status is SchoolStatus.VALID else None
            row = {"bloc": bloc.code, "school": code, "name": member.school.name,
                   "rank": member.rank, "total": member.total, "tier": tier}  # fmt: skip
            for award, column in votes.items():
                row[column.key] = typed.take(VOTE_SHEET, typed.votes, (code, award))
            table.add(row, checks=checks)
    table.close()


def _kept_sheet(wb: Any, f: _Formats, rows: list[dict[str, Any]]) -> None:
    """Whatever was typed and no longer has a row on its sheet, word for word."""
    table = _Table(wb, f, KEPT)
    for values in rows:
        table.add(values)
    table.close(protected=False)


def _meta(ws: Any, compact: Compact, period: Period, when: datetime) -> None:
    values = {
        **compact_meta(KIND, compact),
        "period": period.value,
        "written_at": when.strftime("%Y-%m-%d %H:%M:%S"),
        "tool_version": __version__,
    }
    write_meta(ws, "Thông tin kỹ thuật của sổ: không sửa, không xóa.", values)
