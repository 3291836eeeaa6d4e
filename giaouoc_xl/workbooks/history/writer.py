"""Writing the history book (sổ lịch sử thi đua) from a
:class:`~giaouoc_xl.core.history.History`; its sheets and columns are declared in
:mod:`.layout`.

The book is for people: staff read it, type the years before the program was used, and correct
it. Its two tables are therefore left unprotected (every cell can be typed, rows inserted,
sorted, filtered), each column formatted as a whole (new rows typed below take the column's
format: a code or a school year as text, a total with the decimal comma, a rank whole), the
columns only the office types in yellow, with drop-downs and input messages where a value is
a choice or has a form. Numbers follow the one Vietnamese number rule: what the program wrote
rounded to its kind, what staff typed as typed; a value that could not be read is written back
exactly as it was typed, and so is every column staff added.

Rows are written by school year, then bloc, then rank (rows whose year cannot be read last).
The book is written atomically (:func:`write_history_book`); a job that records a year reads
the book first and keeps what was typed (:func:`giaouoc_xl.core.history.put_year`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from math import ceil
from pathlib import Path
from typing import Any

import xlsxwriter

from ...core.columns import Column
from ...core.history import History, Origin, Record, Rename, sorted_records
from ...core.numbers import EXCEL_FORMATS, NumberKind
from ...core.version import __version__
from ..atomic import atomic_output
from ..documents.print_style import Styles, page_setup, workbook_options
from ..table import put, write_header, write_meta
from .layout import HEADER_ROW, INSTRUCTIONS, KIND, META, RENAMES, RESULTS, Sheet

__all__ = ["ROWS_PER_SHEET", "render_history_book", "result_sheets", "write_history_book"]

#: The last row a column's validation covers (0-based): rows typed below the table get it too.
LAST_ROW = 1_048_575
#: The rows a results sheet holds at most: a book is read through the guard, which refuses a
#: sheet longer than 20,000 rows (workbooks/intake/guard.MAX_ROWS); room is left for rows
#: typed below. A province's history (3,000 schools × 10 years) takes two sheets.
ROWS_PER_SHEET = 15_000
#: Columns kept on one line (technical and long: what wrote the row, what the last write did).
UNWRAPPED = frozenset({"source", "since"})
#: Characters of Times New Roman 11 that a column of width 1 holds (Vietnamese text, about),
#: and the height of a line in points: a wrapped cell's row is made tall enough to show it.
CHARACTERS_PER_WIDTH = 1.15
LINE_HEIGHT = 15.0
EXTRA_WIDTH = 18


def write_history_book(
    history: History, path: str | os.PathLike[str], when: datetime | None = None
) -> Path:
    """Write the history book at ``path`` atomically (an interrupted write leaves the previous
    book)."""
    with atomic_output(path) as tmp:
        render_history_book(history, tmp, when)
    return Path(path)


def render_history_book(
    history: History, output: str | os.PathLike[str], when: datetime | None = None
) -> None:
    """Write the history book to ``output`` (not atomic: see :func:`write_history_book`)."""
    when = when or datetime.now()
    wb = xlsxwriter.Workbook(str(output), workbook_options(constant_memory=True))
    title = (
        f"Sổ lịch sử thi đua — {history.organizer}" if history.organizer else "Sổ lịch sử thi đua"
    )
    wb.set_properties({"title": title, "author": history.organizer})
    f = _Formats(wb)
    _instructions(wb.add_worksheet(INSTRUCTIONS), f, history)
    for number, (name, records) in enumerate(result_sheets(history.records)):
        results = _Table(wb, f, replace(RESULTS, name=name), history.extra)
        if number == 0:
            results.ws.activate()
        for record in records:
            results.add(_record_values(record), record.extra, typed=record.origin is Origin.TYPED)
        results.close()
    renames = _Table(wb, f, RENAMES, history.renames_extra)
    for rename in history.renames:
        renames.add(_rename_values(rename), rename.extra, typed=True)
    renames.close()
    values = {
        "kind": KIND,
        "organizer": history.organizer,
        "written_at": when.strftime("%Y-%m-%d %H:%M:%S"),
        "tool_version": __version__,
    }
    write_meta(wb.add_worksheet(META), "Thông tin kỹ thuật của sổ: không sửa, không xóa.", values)
    wb.close()


def result_sheets(records: Sequence[Record]) -> list[tuple[str, list[Record]]]:
    """The results sheets and their rows: one sheet (:data:`RESULTS`) while the rows fit
    :data:`ROWS_PER_SHEET`; else one per span of whole school years, named by it ("Kết quả
    2015-2016 đến 2019-2020"; a year too large for a sheet alone split in parts)."""
    ordered = sorted_records(records)
    if len(ordered) <= ROWS_PER_SHEET:
        return [(RESULTS.name, ordered)]
    years: list[list[Record]] = []
    for record in ordered:
        if years and years[-1][0].year == record.year:
            years[-1].append(record)
        else:
            years.append([record])
    chunks: list[list[Record]] = []
    for rows in years:
        for at in range(0, len(rows), ROWS_PER_SHEET):
            part = rows[at : at + ROWS_PER_SHEET]
            if chunks and len(chunks[-1]) + len(part) <= ROWS_PER_SHEET:
                chunks[-1] += part
            else:
                chunks.append(part)
    named: list[tuple[str, list[Record]]] = []
    for rows in chunks:
        first, last = rows[0].year, rows[-1].year
        name = f"Kết quả {first}" if first == last else f"Kết quả {first} đến {last}"
        name = name[:31]
        taken = {n for n, _ in named}
        number = 2
        while name in taken:
            name = f"Kết quả {first} ({number})"[:31]
            number += 1
        named.append((name, rows))
    return named


def _record_values(record: Record) -> dict[str, Any]:
    values: dict[str, Any] = {
        "year": record.year,
        "code": record.code,
        "name": record.name,
        "bloc": record.bloc,
        "status": record.status,
        "total": record.total,
        "tier": record.tier,
        "rank": record.rank,
        "bloc_size": record.bloc_size,
        "veto": record.veto,
        "awards": ", ".join(record.awards),
        "award_status": record.award_state,
        "decision": record.decision,
        "note": record.note,
        "source": record.source,
        "since": record.since,
    }
    return {**values, **record.raw}  # what cannot be read, as typed


def _rename_values(rename: Rename) -> dict[str, Any]:
    values = {
        "old": rename.old,
        "old_name": rename.old_name,
        "new": rename.new,
        "since": rename.since,
        "note": rename.note,
    }
    return {**values, **rename.raw}


class _Formats:
    """The book's formats: every cell unlocked (the sheets are left unprotected; a sheet
    protected later still lets its table be typed), what only the office types in yellow, a
    number by its kind's Vietnamese format, a code or a year as text."""

    def __init__(self, wb: Any) -> None:
        s = Styles(wb, {"valign": "top", "text_wrap": True}, border_color="#9BA7B4")
        self.title = s.make(bold=True, font_size=14, text_wrap=False)
        self.note = s.make(italic=True, font_color="#555555", text_wrap=False)
        self.header = s.make(True, bold=True, bg_color="#DDEBF7", align="center", valign="vcenter")
        self.text = s.make()
        self._styles = s
        self._made: dict[tuple[Any, ...], Any] = {}

    def of(self, column: Column, table: bool = True) -> Any:
        """A column's format: in the table (``table``), bordered, typed in (yellow) or not,
        wrapped unless the column is one line (:data:`UNWRAPPED`); below it (the column's own
        format, which rows typed there take), its number format only."""
        key = (table, column.input, column.cell_format, column.center, column.key in UNWRAPPED)
        if key not in self._made:
            props: dict[str, Any] = {"locked": False, "num_format": self.number_format(column)}
            if column.input and table:
                props["bg_color"] = "#FFF2CC"
            if column.center or column.number is not None:
                props["align"] = "center"
            if column.key in UNWRAPPED or not table:
                props["text_wrap"] = False
            self._made[key] = self._styles.make(table, **props)
        return self._made[key]

    @staticmethod
    def number_format(column: Column) -> str:
        # a text column still shows a number typed into it with the decimal comma
        return (
            column.cell_format
            if column.cell_format != "General"
            else EXCEL_FORMATS[NumberKind.POINTS]
        )


def _validation(column: Column) -> dict[str, Any] | None:
    """A column's data validation: a drop-down for a choice, whole numbers for a rank, a
    message for a form (a school year); None for free text."""
    help_text = {"input_title": column.header[:32], "input_message": column.help[:255]}
    if column.choices:
        choices = list(column.choices) if not isinstance(column.choices, str) else column.choices
        return {"validate": "list", "source": choices, **(help_text if column.help else {}),
                "error_title": "Không có trong danh sách",
                "error_message": "Chọn trong danh sách, hoặc để trống."}  # fmt: skip
    if column.number is NumberKind.COUNT:
        return {"validate": "integer", "criteria": ">=", "value": 1,
                "input_title": column.header[:32], "input_message": "Số nguyên dương.",
                "error_title": "Không hợp lệ", "error_message": "Nhập một số nguyên dương."}  # fmt: skip
    if column.number is not None:
        return {"validate": "decimal", "criteria": "between", "minimum": -100000,
                "maximum": 100000, "error_title": "Không hợp lệ",
                "error_message": "Nhập một số (dấu phẩy thập phân), ví dụ 95,5."}  # fmt: skip
    if column.help:
        return {"validate": "any", **help_text}
    return None


class _Table:
    """One table sheet: a title, a line of help, the header (at :data:`HEADER_ROW`), then a row
    per record; the columns staff added after the declared ones, by their headers."""

    def __init__(self, wb: Any, f: _Formats, sheet: Sheet, extra: Sequence[str]) -> None:
        self.ws = ws = wb.add_worksheet(sheet.name)
        self.sheet, self.extra, self.row = sheet, tuple(extra), HEADER_ROW
        added = tuple(Column(f"+{name}", name, EXTRA_WIDTH) for name in self.extra)
        self.columns = (*sheet.columns, *added)
        self.formats = [f.of(column) for column in self.columns]
        ws.write_string(0, 0, sheet.title, f.title)
        ws.write_string(1, 0, sheet.help, f.note)
        write_header(ws, HEADER_ROW - 1, self.columns, f.header)
        self.wrapped = [
            (c, column.width * CHARACTERS_PER_WIDTH)
            for c, column in enumerate(self.columns)
            if column.number is None and column.key not in UNWRAPPED
        ]
        for col, column in enumerate(self.columns):
            ws.set_column(col, col, column.width, f.of(column, table=False))  # rows typed below
            check = _validation(column)
            if check is not None:
                ws.data_validation(HEADER_ROW, col, LAST_ROW, col, check)
        ws.freeze_panes(HEADER_ROW, sheet.freeze)

    def add(self, values: dict[str, Any], extra: Any, typed: bool) -> None:
        """The next row: ``values`` by column key, ``extra`` by added header; numbers the
        program wrote rounded to their kind, what staff typed as typed."""
        r = self.row
        cells = [
            extra.get(column.header) if column.key.startswith("+") else values.get(column.key)
            for column in self.columns
        ]
        lines = max(
            (
                sum(ceil(max(len(part), 1) / room) for part in value.split("\n"))
                for c, room in self.wrapped
                if isinstance(value := cells[c], str) and (len(value) > room or "\n" in value)
            ),
            default=1,
        )
        if lines > 1:  # a wrapped text's lines, estimated (no application measures them here)
            self.ws.set_row(r, LINE_HEIGHT * lines)
        for c, column in enumerate(self.columns):
            put(self.ws, r, c, cells[c], self.formats[c], None if typed else column.number)
        self.row += 1

    def close(self) -> None:
        last = max(self.row - 1, HEADER_ROW)
        self.ws.autofilter(HEADER_ROW - 1, 0, last, len(self.columns) - 1)
        page_setup(self.ws, landscape=True, repeat_rows=HEADER_ROW - 1)


def _instructions(ws: Any, f: _Formats, history: History) -> None:
    ws.set_column(0, 0, 110)
    lines = [
        ("SỔ LỊCH SỬ THI ĐUA CỦA CÁC TRƯỜNG QUA CÁC NĂM HỌC", f.title),
        (history.organizer, f.note),
        ("", f.text),
        (f"1. Sheet '{RESULTS.name}': mỗi dòng là kết quả một năm học của một trường: tổng điểm, "
         "xếp loại, thứ hạng trong khối (và số trường của khối), phủ quyết, danh hiệu và hình "
         "thức khen thưởng nhận được.", f.text),
        ("   Sau khi tổng hợp cuối năm (không còn lỗi), ghi năm học vào sổ: giaouoc history "
         "record … --history <tệp này>. Bảng tổng hợp cuối năm của các năm trước (do chương "
         "trình ghi) nhập bằng: giaouoc history import <bảng tổng hợp> --history <tệp này>.", f.text),
        ("   Các năm trước khi dùng chương trình: nhập thêm dòng (năm học dạng 2020-2021, mã "
         "trường như năm đó, tổng điểm, xếp loại như năm đó xếp, thứ hạng…); để trống cột "
         "'Nguồn'. Sửa được mọi ô.", f.text),
        ("2. Khen thưởng: chương trình ghi các đề nghị của năm và chọn 'Chờ quyết định'. Khi có "
         "quyết định, sửa cột 'Danh hiệu, khen thưởng' cho đúng quyết định (mã hoặc tên, cách "
         "nhau bởi dấu phẩy), chọn 'Đã có quyết định', ghi số, ngày quyết định. Khen thưởng còn "
         "'Chờ quyết định' chưa được tính khi xét điều kiện nhiều năm.", f.text),
        ("3. Ghi lại một năm học đã có (sau khi tổng hợp lại): chương trình chỉ thay các cột nó "
         "ghi (tên, khối, tình trạng, tổng điểm, xếp loại, thứ hạng, số trường, phủ quyết, "
         "nguồn; và đề nghị khen thưởng còn 'Chờ quyết định'); giữ nguyên ghi chú, quyết định, "
         "khen thưởng đã có quyết định, các cột đơn vị tự thêm, và dòng của trường đã rời danh "
         "sách. Cột 'Lần ghi gần nhất' cho biết lần ghi sổ gần nhất đã làm gì với mỗi dòng.", f.text),
        (f"4. Sheet '{RENAMES.name}': trường đổi mã hoặc sáp nhập. Mỗi dòng: mã cũ, tên cũ, mã "
         "mới, năm học đầu tiên dùng mã mới. Kết quả các năm trước của mã cũ được tính là của "
         "trường mang mã mới. Nhiều trường sáp nhập thành một: mỗi mã cũ một dòng, cùng mã mới; "
         "khi xét điều kiện nhiều năm, một năm chỉ đạt khi mọi trường sáp nhập đều đạt năm đó.", f.text),
        ("5. Năm không có dòng nào của trường là năm chưa có dữ liệu: điều kiện cần năm đó không "
         "được coi là đạt hay không đạt, mà ghi 'chưa có dữ liệu năm …' để đơn vị bổ sung.", f.text),
    ]  # fmt: skip
    for row, (line, fmt) in enumerate(lines):
        ws.write_string(row, 0, line, fmt)
    page_setup(ws)
