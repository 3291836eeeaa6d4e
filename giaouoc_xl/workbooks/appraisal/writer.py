"""The appraisal book (sổ thẩm định): written from a merge, filled in by staff, read back.

Sheets:

- *Thẩm định*: one row per school and target, what the school reported (registration, result,
  evidence, its own points) locked; unlocked, with the target's native validation, the verified
  result and the reason of a change; a column saying what changed since the book was last
  written;
- *Trường*: one row per school: its status and own total, locked; unlocked, the deferral (tạm
  hoãn xét, a list), its particulars and a note;
- *Không còn khớp*: every row staff typed in that no longer matches a school or a target of the
  merge (a school left the roster, a file is no longer usable…), kept word for word;
- a hidden sheet naming the compact, its revision and the period.

Writing the book again (after new or corrected submissions) reads the previous one first and
keeps every value staff typed, matched by school and target codes (never by row position); a
book of another compact or period is refused. The book is written atomically.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from ...core.appraisal import (
    KEPT_SHEET,
    REVIEW_SHEET,
    SCHOOLS_SHEET,
    TARGETS_SHEET,
    VOTE_SHEET,
    Appraisal,
    SchoolAppraisal,
    Verification,
)
from ...core.awards import BlocReview
from ...core.codes import SCHOOL_STATUS_WORDS, SchoolStatus, Severity
from ...core.errors import UnreadableWorkbook, WrongAppraisalBook, is_reader_panic
from ...core.findings import Finding
from ...core.model import Compact, Deferral, Period, Target, fold, label, labels, nfc, parse_choice
from ...core.results import MergeResult, SchoolRow
from ...core.values import out_of_range, parse_cell, tidy_number
from ...core.version import __version__
from ..atomic import atomic_output, lock_file
from ..documents.layout import number_text
from ..documents.print_style import Styles, page_setup, workbook_options
from ..grid import calamine_grids
from ..intake.guard import read_within_limits
from ..intake.native import Captured, captured
from ..school.writer import target_validation

KIND = "giaouoc-appraisal-book"
META = "_giaouoc"
INSTRUCTIONS = "Hướng dẫn"
HEADER_ROW = 3  # 1-based: title, a line of help, then the header


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    width: float
    input: bool = False


#: The columns of each sheet, declared once (the reader finds them by their header).
TARGET_COLUMNS = (
    Col("school", "Mã trường", 10),
    Col("name", "Tên trường", 30),
    Col("bloc", "Khối", 9),
    Col("target", "Mã chỉ tiêu", 10),
    Col("text", "Nội dung chỉ tiêu", 44),
    Col("registration", "Đăng ký", 10),
    Col("reported", "Kết quả trường báo cáo", 12),
    Col("evidence", "Minh chứng", 28),
    Col("points", "Điểm tự chấm", 9),
    Col("verified", "Kết quả thẩm định", 12, input=True),
    Col("reason", "Lý do điều chỉnh", 36, input=True),
    Col("since", "Thay đổi từ lần ghi trước", 30),
)
SCHOOL_COLUMNS = (
    Col("school", "Mã trường", 10),
    Col("name", "Tên trường", 34),
    Col("bloc", "Khối", 9),
    Col("status", "Tình trạng bài nộp", 14),
    Col("self_total", "Tổng điểm tự chấm", 11),
    Col("deferral", "Tạm hoãn xét", 30, input=True),
    Col("detail", "Chi tiết lý do tạm hoãn", 36, input=True),
    Col("note", "Ghi chú của đơn vị", 36, input=True),
)
#: The bloc's review meeting (with an award ladder): who came, who chairs, who writes.
REVIEW_COLUMNS = (
    Col("bloc", "Mã khối", 10),
    Col("name", "Tên khối thi đua", 34),
    Col("schools", "Số trường", 9),
    Col("members", "Thành viên dự họp", 11, input=True),
    Col("chair", "Chủ trì (họ và tên)", 28, input=True),
    Col("secretary", "Thư ký (họ và tên)", 28, input=True),
)
#: The vote: one row per school, a column of votes in favour per award of the ladder.
VOTE_COLUMNS = (
    Col("bloc", "Khối", 9),
    Col("school", "Mã trường", 10),
    Col("name", "Tên trường", 34),
    Col("rank", "Xếp thứ", 8),
    Col("total", "Tổng điểm", 9),
    Col("tier", "Xếp loại", 26),
)
VOTE_PREFIX = "Phiếu đồng ý: "
#: Whatever was typed on any sheet and no longer has a row there, kept word for word; written
#: again, a row goes back to its sheet as soon as its school (target, award, bloc) is there.
KEPT_COLUMNS = (
    Col("sheet", "Từ sheet", 12),
    Col("school", "Mã trường", 10),
    Col("target", "Mã chỉ tiêu", 10),
    Col("reported", "Kết quả trường báo cáo", 12),
    Col("verified", "Kết quả thẩm định", 12),
    Col("reason", "Lý do điều chỉnh", 30),
    Col("deferral", "Tạm hoãn xét", 24),
    Col("detail", "Chi tiết lý do tạm hoãn", 30),
    Col("note", "Ghi chú của đơn vị", 30),
    Col("bloc", "Mã khối", 10),
    Col("members", "Thành viên dự họp", 11),
    Col("chair", "Chủ trì (họ và tên)", 24),
    Col("secretary", "Thư ký (họ và tên)", 24),
    Col("award", "Mức khen", 10),
    Col("votes", "Phiếu đồng ý", 10),
    Col("why", "Vì sao không còn khớp", 44),
)
_HEADERS = {
    sheet: {fold(c.header): c.key for c in columns}
    for sheet, columns in (
        (TARGETS_SHEET, TARGET_COLUMNS),
        (SCHOOLS_SHEET, SCHOOL_COLUMNS),
        (KEPT_SHEET, KEPT_COLUMNS),
        (REVIEW_SHEET, REVIEW_COLUMNS),
        (VOTE_SHEET, VOTE_COLUMNS),
    )
}


# --------------------------------------------------------------------------- what is written


@dataclass(frozen=True)
class Written:
    """What writing the book did, for the message after it."""

    path: Path
    rows: int  # school × target rows
    schools: int
    carried: int  # rows where a value staff typed was kept from the previous book
    changed: int  # rows whose reported value changed since the previous book
    kept: int  # rows kept on the sheet "Không còn khớp"
    restored: int = 0  # rows of "Không còn khớp" that matched again and went back

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
        }

    def lines(self) -> list[str]:
        """What writing did, in words, for the command line and the Excel button."""
        lines = [
            f"Sổ thẩm định: {self.path} — {self.rows} dòng chỉ tiêu của {self.schools} trường."
        ]
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


@dataclass
class _Typed:
    """What staff typed in the previous book, by key. Rows of *Không còn khớp* go back under
    their key unless the same key was typed again on its own sheet. Each sheet takes out what it
    writes; what is left is kept on *Không còn khớp*."""

    entries: dict[tuple[str, str], Verification]
    decided: dict[str, SchoolAppraisal]
    reviews: dict[str, BlocReview]
    votes: dict[tuple[str, str], Any]  # (school, award) -> as typed
    restored: set[tuple[str, str, str]]  # (sheet, *key) brought back from Không còn khớp
    kept: list[dict[str, Any]]  # earlier kept rows that cannot go back
    returned: int = 0  # rows brought back and written on their sheet

    @classmethod
    def of(cls, previous: Appraisal | None) -> _Typed:
        if previous is None:
            return cls({}, {}, {}, {}, set(), [])
        typed = cls(
            dict(previous.entries),  # untyped rows too: they show what changed since
            dict(previous.schools),
            dict(previous.reviews),
            dict(previous.typed_votes),
            set(),
            [],
        )
        for row in previous.kept:
            if not typed.restore(row):
                typed.kept.append(row)
        return typed

    def restore(self, row: dict[str, Any]) -> bool:
        """Put a kept row back under its key; False when its key is typed again already."""
        sheet, school = row.get("sheet"), _text(row.get("school"))
        key: tuple[str, str]
        if sheet == TARGETS_SHEET and school and row.get("target") is not None:
            key = (school, _text(row.get("target")))
            if key in self.entries and self.entries[key].typed:
                return False
            self.entries[key] = Verification(
                school, key[1], raw=row.get("verified"), reason=_text(row.get("reason")),
                reported=row.get("reported"),
            )  # fmt: skip
        elif sheet == SCHOOLS_SHEET and school:
            key = (school, "")
            if school in self.decided and self.decided[school].typed:
                return False
            self.decided[school] = SchoolAppraisal(
                school, detail=_text(row.get("detail")), note=_text(row.get("note")),
                raw_deferral=row.get("deferral"),
            )  # fmt: skip
        elif sheet == REVIEW_SHEET and row.get("bloc") is not None:
            key = (_text(row.get("bloc")), "")
            if key[0] in self.reviews and self.reviews[key[0]].typed:
                return False
            self.reviews[key[0]] = BlocReview(
                key[0], _count(row.get("members")), _text(row.get("chair")),
                _text(row.get("secretary")), raw_members=row.get("members"),
            )  # fmt: skip
        elif sheet == VOTE_SHEET and school and row.get("award") is not None:
            key = (school, _text(row.get("award")))
            if key in self.votes:
                return False
            self.votes[key] = row.get("votes")
        else:
            return False  # a row this version does not know: kept as it is
        self.restored.add((str(sheet), *key))
        return True

    def back(self, sheet: str, key: tuple[str, str]) -> bool:
        """Whether the row written under ``key`` came back from Không còn khớp."""
        return (sheet, *key) in self.restored

    def take(self, sheet: str, store: dict[Any, Any], key: Any) -> Any:
        """What was typed under ``key`` (None: nothing), taken out of ``store`` as its sheet
        writes it: what no sheet takes is kept on Không còn khớp."""
        value = store.pop(key, None)
        if value is not None and self.back(sheet, key if isinstance(key, tuple) else (key, "")):
            self.returned += 1
        return value


def canon(value: Any) -> str:
    """A value as one text, to tell whether a school's reported value changed."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (int, float)):
        return str(tidy_number(float(value)))
    return nfc(str(value))


def _shown(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_text(value)
    return canon(value)


class _Formats:
    def __init__(self, wb: Any) -> None:
        s = Styles(wb, {"valign": "top", "text_wrap": True}, border_color="#9BA7B4")
        self.title = s.make(bold=True, font_size=14, text_wrap=False)
        self.note = s.make(italic=True, font_color="#555555", text_wrap=False)
        self.header = s.make(True, bold=True, bg_color="#DDEBF7", align="center", valign="vcenter")
        self.cell = s.make(True)
        self.center = s.make(True, align="center")
        self.number = s.make(True, align="center", num_format="0.0#")
        self.input = s.make(True, bg_color="#FFF2CC", locked=False)
        self.changed = s.make(True, bg_color="#F8CBAD")
        self.text = s.make()


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


def render_appraisal_book(
    result: MergeResult,
    output: str | os.PathLike[str],
    previous: Appraisal | None = None,
    when: datetime | None = None,
) -> Written:
    """Write the appraisal book of ``result`` to ``output`` (not atomic: see
    :func:`write_appraisal_book`), keeping what staff typed in ``previous``."""
    when = when or datetime.now()
    compact, period = result.compact, result.period
    wb = xlsxwriter.Workbook(str(output), workbook_options(constant_memory=False))
    wb.set_properties(
        {"title": f"Sổ thẩm định — {compact.title}", "author": compact.organizer.name}
    )
    f = _Formats(wb)
    _instructions(wb.add_worksheet(INSTRUCTIONS), f, result)
    typed = _Typed.of(previous)
    targets_ws = wb.add_worksheet(TARGETS_SHEET)
    rows, carried, changed = _targets_sheet(targets_ws, f, result, typed, previous is not None)
    schools = _schools_sheet(wb.add_worksheet(SCHOOLS_SHEET), f, result, typed)
    if compact.awards:
        _review_sheet(wb.add_worksheet(REVIEW_SHEET), f, result, typed)
        _vote_sheet(wb.add_worksheet(VOTE_SHEET), f, result, typed)
    kept = _kept_rows(result, typed)
    _kept_sheet(wb.add_worksheet(KEPT_SHEET), f, kept)
    _meta(wb.add_worksheet(META), compact, period, when)
    targets_ws.activate()
    wb.close()
    return Written(Path(output), rows, schools, carried, changed, len(kept), typed.returned)


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
        written = render_appraisal_book(result, tmp, previous, when)
    return replace(written, path=target)


def _instructions(ws: Any, f: _Formats, result: MergeResult) -> None:
    compact = result.compact
    ws.set_column(0, 0, 110)
    lines = [
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
    for row, (text, fmt) in enumerate(lines):
        ws.write_string(row, 0, text, fmt)
    page_setup(ws)


def _header(ws: Any, f: _Formats, columns: Sequence[Col], title: str, help_text: str) -> None:
    ws.write_string(0, 0, title, f.title)
    ws.write_string(1, 0, help_text, f.note)
    for col, column in enumerate(columns):
        ws.set_column(col, col, column.width)
        ws.write_string(HEADER_ROW - 1, col, column.header, f.header)
    ws.set_row(HEADER_ROW - 1, 32)
    ws.freeze_panes(HEADER_ROW, 4 if columns is TARGET_COLUMNS else 2)


def _put(ws: Any, row: int, col: int, value: Any, fmt: Any) -> None:
    """A value as it was (number, text, Có/Không), never a formula."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(row, col, "Có" if value else "Không", fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _targets_sheet(
    ws: Any,
    f: _Formats,
    result: MergeResult,
    typed: _Typed,
    rewriting: bool,
) -> tuple[int, int, int]:
    """The school × target rows; returns (rows, carried, changed). Matched entries are taken
    out of ``typed`` (what is left no longer matches)."""
    compact = result.compact
    _header(ws, f, TARGET_COLUMNS, f"THẨM ĐỊNH KẾT QUẢ — {label(result.period).upper()}",
            "Chỉ nhập vào các ô nền vàng: kết quả thẩm định (khi khác kết quả trường báo cáo) "
            "và lý do.")  # fmt: skip
    col = {c.key: i for i, c in enumerate(TARGET_COLUMNS)}
    r = HEADER_ROW
    carried = changed = 0
    for bloc in compact.blocs:
        for school_row in result.members(bloc):
            if school_row.status is SchoolStatus.MISSING:
                continue
            school = school_row.school
            for target, values in _row_cells(school_row, compact, result.period):
                key = (school.code, target.code)
                old = typed.take(TARGETS_SHEET, typed.entries, key)
                notes = (
                    [f"Đưa về từ sheet '{KEPT_SHEET}'"] if typed.back(TARGETS_SHEET, key) else []
                )
                if old is not None and canon(old.reported) != canon(values["reported"]):
                    notes.append(
                        f"Trường đã sửa kết quả: {_shown(old.reported) or '(trống)'} → "
                        f"{_shown(values['reported']) or '(trống)'}; xem lại"
                    )
                    changed += 1
                elif old is None and rewriting:
                    notes.append("Dòng mới: bài nộp mới hoặc trường mới từ lần ghi trước")
                carried += bool(
                    old is not None and old.typed and not typed.back(TARGETS_SHEET, key)
                )
                _target_line(ws, f, r, col, school_row, target, values, old, "; ".join(notes))
                r += 1
    last = max(r - 1, HEADER_ROW)
    ws.autofilter(HEADER_ROW - 1, 0, last, len(TARGET_COLUMNS) - 1)
    _protect(ws)
    page_setup(ws, landscape=True, repeat_rows=HEADER_ROW - 1)
    return r - HEADER_ROW, carried, changed


def _target_line(
    ws: Any, f: _Formats, r: int, col: dict[str, int], school_row: SchoolRow, target: Target,
    values: dict[str, Any], old: Verification | None, since: str,
) -> None:  # fmt: skip
    school = school_row.school
    ws.write_string(r, col["school"], school.code, f.center)
    ws.write_string(r, col["name"], school.name, f.cell)
    ws.write_string(r, col["bloc"], school.bloc, f.center)
    ws.write_string(r, col["target"], target.code, f.center)
    ws.write_string(r, col["text"], target.text, f.cell)
    _put(ws, r, col["registration"], values["registration"], f.number)
    _put(ws, r, col["reported"], values["reported"], f.number)
    _put(ws, r, col["evidence"], values["evidence"], f.cell)
    _put(ws, r, col["points"], values["points"], f.number)
    _put(ws, r, col["verified"], old.raw if old else None, f.input)
    ws.data_validation(r, col["verified"], r, col["verified"], target_validation(target))
    _put(ws, r, col["reason"], old.reason if old else None, f.input)
    _put(ws, r, col["since"], since, f.changed if since else f.cell)


def _schools_sheet(ws: Any, f: _Formats, result: MergeResult, typed: _Typed) -> int:
    """One row per school of the roster; matched rows are taken out of ``typed``."""
    _header(ws, f, SCHOOL_COLUMNS, "TẠM HOÃN XÉT VÀ GHI CHÚ THEO TRƯỜNG",
            "Chỉ nhập vào các ô nền vàng: chọn lý do tạm hoãn xét (nếu có), ghi chi tiết, "
            "ghi chú.")  # fmt: skip
    col = {c.key: i for i, c in enumerate(SCHOOL_COLUMNS)}
    choices = {
        "validate": "list",
        "source": labels(Deferral),
        "input_title": "Tạm hoãn xét",
        "input_message": "Chọn lý do nếu trường chưa được xét (Nghị định 98/2023, Điều 4).",
        "error_title": "Lý do không có trong danh sách",
        "error_message": "Chọn một lý do trong danh sách, hoặc để trống.",
    }
    r = HEADER_ROW
    for bloc in result.compact.blocs:
        for school_row in result.members(bloc):
            school = school_row.school
            old = typed.take(SCHOOLS_SHEET, typed.decided, school.code)
            ws.write_string(r, col["school"], school.code, f.center)
            ws.write_string(r, col["name"], school.name, f.cell)
            ws.write_string(r, col["bloc"], school.bloc, f.center)
            ws.write_string(r, col["status"], SCHOOL_STATUS_WORDS[school_row.status], f.center)
            own = school_row.self_summary or school_row.summary
            _put(ws, r, col["self_total"], own.total if own else None, f.number)
            deferral = (
                label(old.deferral) if old and old.deferral else old.raw_deferral if old else None
            )
            _put(ws, r, col["deferral"], deferral, f.input)
            ws.data_validation(r, col["deferral"], r, col["deferral"], choices)
            _put(ws, r, col["detail"], old.detail if old else None, f.input)
            _put(ws, r, col["note"], old.note if old else None, f.input)
            r += 1
    ws.autofilter(HEADER_ROW - 1, 0, max(r - 1, HEADER_ROW), len(SCHOOL_COLUMNS) - 1)
    _protect(ws)
    page_setup(ws, landscape=True, repeat_rows=HEADER_ROW - 1)
    return r - HEADER_ROW


def _review_sheet(ws: Any, f: _Formats, result: MergeResult, typed: _Typed) -> None:
    _header(ws, f, REVIEW_COLUMNS, "HỌP BÌNH XÉT CỦA TỪNG KHỐI",
            "Nhập số thành viên dự họp (người bỏ phiếu), họ tên chủ trì và thư ký: dùng cho biên "
            "bản bình xét.")  # fmt: skip
    count = {
        "validate": "integer",
        "criteria": ">=",
        "value": 1,
        "input_title": "Thành viên dự họp",
        "input_message": "Số thành viên dự họp bình xét (số người bỏ phiếu).",
        "error_title": "Không hợp lệ",
        "error_message": "Nhập một số nguyên dương.",
    }
    for r, bloc in enumerate(result.compact.blocs, start=HEADER_ROW):
        old = typed.take(REVIEW_SHEET, typed.reviews, bloc.code)
        ws.write_string(r, 0, bloc.code, f.center)
        ws.write_string(r, 1, bloc.name, f.cell)
        ws.write_number(r, 2, len(result.members(bloc)), f.center)
        _put(ws, r, 3, old.raw_members if old else None, f.input)
        ws.data_validation(r, 3, r, 3, count)
        _put(ws, r, 4, old.chair if old else None, f.input)
        _put(ws, r, 5, old.secretary if old else None, f.input)
    _protect(ws)
    page_setup(ws, landscape=True, repeat_rows=HEADER_ROW - 1)


def _vote_sheet(ws: Any, f: _Formats, result: MergeResult, typed: _Typed) -> None:
    awards = sorted(result.compact.awards, key=lambda a: a.order)
    columns = (*VOTE_COLUMNS, *(Col(f"vote:{a.code}", f"{VOTE_PREFIX}{a.code}", 12, True)
                                for a in awards))  # fmt: skip
    _header(ws, f, columns, "BÌNH XÉT: SỐ PHIẾU ĐỒNG Ý",
            "Với mỗi trường được đưa ra bình xét một mức khen thưởng, nhập số phiếu đồng ý. "
            + "; ".join(f"{a.code} = {a.name} (cần {a.votes_text()})" for a in awards))  # fmt: skip
    count = {
        "validate": "integer",
        "criteria": ">=",
        "value": 0,
        "input_title": "Phiếu đồng ý",
        "input_message": "Số phiếu đồng ý (không lớn hơn số thành viên dự họp của khối).",
        "error_title": "Không hợp lệ",
        "error_message": "Nhập một số nguyên không âm.",
    }
    r = HEADER_ROW
    for bloc in result.compact.blocs:
        members = sorted(
            (m for m in result.members(bloc) if m.status is not SchoolStatus.MISSING),
            key=lambda m: (m.rank is None, m.rank or 0),
        )
        for row in members:
            score = row.summary
            ws.write_string(r, 0, bloc.code, f.center)
            ws.write_string(r, 1, row.school.code, f.center)
            ws.write_string(r, 2, row.school.name, f.cell)
            _put(ws, r, 3, row.rank, f.center)
            _put(ws, r, 4, row.total, f.number)
            _put(ws, r, 5, score.tier if score and row.rank is not None else None, f.cell)
            for offset, award in enumerate(awards, start=len(VOTE_COLUMNS)):
                vote = typed.take(VOTE_SHEET, typed.votes, (row.school.code, award.code))
                _put(ws, r, offset, vote, f.input)
                ws.data_validation(r, offset, r, offset, count)
            r += 1
    _protect(ws)
    page_setup(ws, landscape=True, repeat_rows=HEADER_ROW - 1)


def _kept_rows(result: MergeResult, typed: _Typed) -> list[dict[str, Any]]:
    """What staff typed that has no row in this book, with why; and what an earlier write kept
    that cannot go back."""
    compact = result.compact
    used = {r.school.code for r in result.schools if r.outcome is not None}
    ladder = {a.code for a in compact.awards}
    blocs = {b.code for b in compact.blocs}

    def why_school(code: str, otherwise: str) -> str:
        if compact.school(code) is None:
            return "Mã trường không có trong danh sách trường của sổ giao ước"
        return "Trường hiện chưa có bài nộp dùng được" if code not in used else otherwise

    rows: list[dict[str, Any]] = []
    for (school, target), entry in typed.entries.items():
        if entry.typed:
            why = why_school(
                school, "Chỉ tiêu không còn thuộc giao ước hoặc không áp dụng cho trường ở kỳ này"
            )
            rows.append({"sheet": TARGETS_SHEET, "school": school, "target": target,
                         "reported": entry.reported, "verified": entry.raw,
                         "reason": entry.reason, "why": why})  # fmt: skip
    for school, decided in typed.decided.items():
        if decided.typed:
            rows.append({"sheet": SCHOOLS_SHEET, "school": school, "deferral": decided.raw_deferral,
                         "detail": decided.detail, "note": decided.note,
                         "why": why_school(school, "")})  # fmt: skip
    no_ladder = "Sổ giao ước không còn thang khen thưởng"
    for bloc, review in typed.reviews.items():
        if review.typed:
            why = (
                no_ladder
                if not ladder
                else "Khối không còn trong sổ giao ước"
                if bloc not in blocs
                else ""
            )
            rows.append({"sheet": REVIEW_SHEET, "bloc": bloc, "members": review.raw_members,
                         "chair": review.chair, "secretary": review.secretary,
                         "why": why})  # fmt: skip
    for (school, award), votes in typed.votes.items():
        if not ladder:
            why = no_ladder
        elif award not in ladder:
            why = "Mức khen không còn trong thang khen thưởng của sổ giao ước"
        else:
            why = why_school(school, "")
        rows.append({"sheet": VOTE_SHEET, "school": school, "award": award, "votes": votes,
                     "why": why})  # fmt: skip
    return rows + typed.kept


def _kept_sheet(ws: Any, f: _Formats, rows: list[dict[str, Any]]) -> None:
    _header(ws, f, KEPT_COLUMNS, "CÁC DÒNG ĐÃ NHẬP NHƯNG KHÔNG CÒN KHỚP",
            "Giữ nguyên để không mất gì đã nhập; lần ghi sổ sau, dòng nào khớp lại (trường, chỉ "
            "tiêu, mức khen, khối có lại) tự về đúng sheet.")  # fmt: skip
    for r, values in enumerate(rows, start=HEADER_ROW):
        for c, column in enumerate(KEPT_COLUMNS):
            _put(ws, r, c, values.get(column.key), f.cell)
    page_setup(ws, landscape=True, repeat_rows=HEADER_ROW - 1)


def _protect(ws: Any) -> None:
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True,
                    "autofilter": True, "format_columns": True, "format_rows": True})  # fmt: skip


def _meta(ws: Any, compact: Compact, period: Period, when: datetime) -> None:
    values = {
        "kind": KIND,
        "compact_id": compact.id,
        "compact_revision": str(compact.revision),
        "compact_fingerprint": compact.fingerprint,
        "period": period.value,
        "written_at": when.strftime("%Y-%m-%d %H:%M:%S"),
        "tool_version": __version__,
    }
    ws.write_string(0, 0, "Thông tin kỹ thuật của sổ: không sửa, không xóa.")
    for row, (key, value) in enumerate(values.items(), start=1):
        ws.write_string(row, 0, key)
        ws.write_string(row, 1, value)
    ws.hide()
    ws.protect("")


# --------------------------------------------------------------------------- reading it back


def read_appraisal_book(
    path: str | os.PathLike[str], compact: Compact, period: Period
) -> Appraisal:
    """The appraisal book at ``path``: every row, its verified values parsed for their targets.
    Raises :class:`WrongAppraisalBook` for a book of another compact or period (or a file that
    is no appraisal book), :class:`UnreadableWorkbook` for a file that cannot be read."""
    source = Path(path)
    if not source.exists():
        raise WrongAppraisalBook(f"Không tìm thấy sổ thẩm định '{source}'")
    guarded = read_within_limits(source)
    native = Captured()
    try:
        with captured() as native:
            grids = calamine_grids(guarded.data)
    except BaseException as exc:  # one clear message for any reader failure
        if not isinstance(exc, Exception) and not is_reader_panic(exc):
            raise
        raise UnreadableWorkbook(
            f"Không đọc được sổ thẩm định '{source.name}' (tệp hỏng hoặc không phải bảng tính)",
            f"{type(exc).__name__}: {exc}\n{native.text}",
        ) from exc
    meta = {
        str(row[0]).strip(): str(row[1]).strip()
        for row in grids.get(META, [])
        if len(row) > 1 and row[0] not in (None, "") and row[1] not in (None, "")
    }
    _check_meta(source.name, meta, compact, period)
    appraisal = Appraisal(source.name, hashlib.sha256(guarded.data).hexdigest(), compact.id, period)
    _read_targets(grids.get(TARGETS_SHEET, []), compact, appraisal)
    _read_schools(grids.get(SCHOOLS_SHEET, []), appraisal)
    _read_reviews(grids.get(REVIEW_SHEET, []), appraisal)
    _read_votes(grids.get(VOTE_SHEET, []), appraisal)
    appraisal.kept = _read_kept(grids.get(KEPT_SHEET, []))
    lock = lock_file(source)
    if lock is not None:
        appraisal.findings.append(
            Finding(
                code="appraisal-book-open",
                severity=Severity.WARNING,
                message=f"Sổ thẩm định '{source.name}' đang mở trong Excel hoặc LibreOffice (có "
                f"tệp khóa '{lock.name}'): đã dùng bản đã lưu; điều vừa nhập mà chưa lưu thì "
                "chưa được tính. Lưu sổ (Ctrl+S) rồi chạy lại.",
                file=source.name,
            )
        )
    return appraisal


def _check_meta(name: str, meta: dict[str, str], compact: Compact, period: Period) -> None:
    if meta.get("kind") != KIND:
        raise WrongAppraisalBook(
            f"Tệp '{name}' không phải sổ thẩm định của chương trình (thiếu sheet thông tin "
            "kỹ thuật); không dùng, không ghi đè"
        )
    if meta.get("compact_id") != compact.id:
        raise WrongAppraisalBook(
            f"Sổ thẩm định '{name}' là của giao ước '{meta.get('compact_id')}', không phải "
            f"'{compact.id}'; không dùng, không ghi đè: chọn đúng sổ hoặc ghi sổ mới ở tên khác"
        )
    if meta.get("period") != period.value:
        try:
            book_period = label(Period(meta.get("period", "")))
        except ValueError:
            book_period = meta.get("period", "?")
        raise WrongAppraisalBook(
            f"Sổ thẩm định '{name}' là của kỳ '{book_period}', không phải '{label(period)}'; "
            "không dùng, không ghi đè: chọn đúng sổ hoặc ghi sổ mới ở tên khác"
        )


def _columns(
    grid: list[list[Any]], sheet: str, anchor: str = "school"
) -> tuple[int, dict[str, int]]:
    """The header row (0-based) and key -> column of a sheet, found by header text."""
    known = _HEADERS[sheet]
    for r in range(min(len(grid), HEADER_ROW + 5)):
        keys = {
            known[fold(value)]: c
            for c, value in enumerate(grid[r])
            if isinstance(value, str) and fold(value) in known
        }
        if anchor in keys:
            return r, keys
    return -1, {}


def _value(cells: list[Any], col: dict[str, int], key: str) -> Any:
    index = col.get(key)
    if index is None or index >= len(cells):
        return None
    value = cells[index]
    if isinstance(value, str):
        return nfc(value) or None
    if isinstance(value, float) and value != value:
        return None
    return value


def _text(value: Any) -> str:
    return "" if value is None else canon(value)


def _letter(index: int) -> str:
    return xlsxwriter.utility.xl_col_to_name(index)


def _read_targets(grid: list[list[Any]], compact: Compact, appraisal: Appraisal) -> None:
    header, col = _columns(grid, TARGETS_SHEET)
    if header < 0:
        return
    targets = {t.code: t for t in compact.targets}
    verified_col = col.get("verified")
    for r in range(header + 1, len(grid)):
        cells = grid[r]
        school, code = _text(_value(cells, col, "school")), _text(_value(cells, col, "target"))
        if not school or not code:
            continue
        raw = _value(cells, col, "verified")
        value, problem = None, ""
        target = targets.get(code)
        if raw is not None and target is not None:
            value, problem, _ = parse_cell(target, raw)
            if not problem and out_of_range(target, value):
                value, problem = None, "out-of-range"  # said by the merge, never scored
        appraisal.entries[(school, code)] = Verification(
            school=school,
            target=code,
            value=value,
            raw=raw,
            reason=_text(_value(cells, col, "reason")),
            reported=_value(cells, col, "reported"),
            cell=f"{_letter(verified_col)}{r + 1}" if verified_col is not None else "",
            row=r + 1,
            problem=problem,
        )


def _read_schools(grid: list[list[Any]], appraisal: Appraisal) -> None:
    header, col = _columns(grid, SCHOOLS_SHEET)
    if header < 0:
        return
    deferral_col = col.get("deferral")
    for r in range(header + 1, len(grid)):
        cells = grid[r]
        school = _text(_value(cells, col, "school"))
        if not school:
            continue
        raw = _value(cells, col, "deferral")
        cell = f"{_letter(deferral_col)}{r + 1}" if deferral_col is not None else ""
        deferral = None
        if raw is not None:
            try:
                deferral = parse_choice(Deferral, raw)
            except ValueError:
                _invalid(
                    appraisal,
                    SCHOOLS_SHEET,
                    cell,
                    raw,
                    f"Sổ thẩm định, sheet Trường, dòng {r + 1}: '{_shown(raw)}' không phải "
                    f"một lý do tạm hoãn xét; chọn trong danh sách: {'; '.join(labels(Deferral))}",
                    school=school,
                )
        appraisal.schools[school] = SchoolAppraisal(
            school=school,
            deferral=deferral,
            detail=_text(_value(cells, col, "detail")),
            note=_text(_value(cells, col, "note")),
            cell=cell,
            row=r + 1,
            raw_deferral=raw,
        )


def _invalid(
    appraisal: Appraisal, sheet: str, cell: str, value: Any, message: str, school: str = ""
) -> None:
    """A value typed in the book that cannot be used: an error naming its sheet and cell."""
    appraisal.findings.append(
        Finding(code="appraisal-invalid-value", severity=Severity.ERROR, message=message,
                file=appraisal.name, school=school, sheet=sheet, cell=cell, value=value)
    )  # fmt: skip


def _count(value: Any) -> int | None:
    """A whole number typed (votes, members), or None."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except ValueError:
        return None
    return int(number) if number >= 0 and number == int(number) else None


def _read_reviews(grid: list[list[Any]], appraisal: Appraisal) -> None:
    header, col = _columns(grid, REVIEW_SHEET, "bloc")
    if header < 0:
        return
    for r in range(header + 1, len(grid)):
        cells = grid[r]
        bloc = _text(_value(cells, col, "bloc"))
        if not bloc:
            continue
        raw = _value(cells, col, "members")
        members = _count(raw)
        cell = f"{_letter(col['members'])}{r + 1}" if "members" in col else ""
        if raw is not None and (members is None or members == 0):
            _invalid(
                appraisal,
                REVIEW_SHEET,
                cell,
                raw,
                f"Sổ thẩm định, sheet Khối, dòng {r + 1}: số thành viên dự họp "
                f"'{_shown(raw)}' không phải số nguyên dương",
            )
        appraisal.reviews[bloc] = BlocReview(
            bloc,
            members or None,
            _text(_value(cells, col, "chair")),
            _text(_value(cells, col, "secretary")),
            cell,
            raw,
        )


def _read_votes(grid: list[list[Any]], appraisal: Appraisal) -> None:
    header, col = _columns(grid, VOTE_SHEET)
    if header < 0:
        return
    awards = {
        c: nfc(str(value))[len(VOTE_PREFIX) :].strip()
        for c, value in enumerate(grid[header])
        if isinstance(value, str) and nfc(value).startswith(VOTE_PREFIX)
    }
    for r in range(header + 1, len(grid)):
        cells = grid[r]
        school = _text(_value(cells, col, "school"))
        if not school:
            continue
        for c, award in awards.items():
            raw = cells[c] if c < len(cells) else None
            if raw is None or raw == "":
                continue
            appraisal.typed_votes[(school, award)] = raw
            appraisal.vote_cells[(school, award)] = f"{_letter(c)}{r + 1}"
            count = _count(raw)
            review = appraisal.reviews.get(_text(_value(cells, col, "bloc")))
            members = review.members if review else None
            if count is not None and members is not None and count > members:
                _invalid(
                    appraisal,
                    VOTE_SHEET,
                    f"{_letter(c)}{r + 1}",
                    raw,
                    f"Sổ thẩm định, sheet Bình xét, dòng {r + 1}: {count} phiếu đồng ý "
                    f"{award} nhiều hơn {members} thành viên dự họp (sheet Khối); chưa được "
                    "dùng",
                    school=school,
                )
                continue
            if count is None:
                _invalid(
                    appraisal,
                    VOTE_SHEET,
                    f"{_letter(c)}{r + 1}",
                    raw,
                    f"Sổ thẩm định, sheet Bình xét, dòng {r + 1}: số phiếu '{_shown(raw)}' "
                    f"của {award} không phải số nguyên không âm",
                    school=school,
                )
                continue
            appraisal.votes[(school, award)] = count


def _read_kept(grid: list[list[Any]]) -> list[dict[str, Any]]:
    header, col = _columns(grid, KEPT_SHEET)
    if header < 0:
        return []
    rows = []
    for r in range(header + 1, len(grid)):
        values = {key: _value(grid[r], col, key) for key in col}
        if any(v is not None for v in values.values()):
            rows.append(values)
    return rows
