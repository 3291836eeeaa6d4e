"""Reading the history book back: every row of both tables, found by its sheet's header
(whatever order, case or spacing the columns have now), into a
:class:`~giaouoc_xl.core.history.History`.

Nothing typed is dropped: a value that cannot be read (a school year not "YYYY-YYYY", a rank
that is no whole number…) is an error naming its sheet and cell, and is kept as typed in the
record's ``raw`` (written back as it is); a column staff added is kept by its header. A file
that is no history book is refused (:class:`WrongHistoryBook`); a file that cannot be read is
:class:`UnreadableWorkbook`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_col_to_name

from ...core.codes import Severity
from ...core.errors import UnreadableWorkbook
from ...core.findings import Finding
from ...core.history import (
    AWARD_DECIDED,
    AWARD_PENDING,
    History,
    Record,
    Rename,
    WrongHistoryBook,
    year_start,
    year_text,
)
from ...core.model import fold, nfc
from ...core.numbers import vn
from ..atomic import lock_file
from ..intake.guard import read_within_limits
from ..table import detail, find_header, read_values
from .layout import HEADER_SEARCH, KIND, META, RENAMES, RESULTS, Sheet

__all__ = ["read_history_book", "split_awards", "text"]

Grid = Sequence[Sequence[Any]]


def read_history_book(path: str | os.PathLike[str]) -> History:
    """The history book at ``path``, every row read, what cannot be read a finding (and kept
    as typed). Raises :class:`WrongHistoryBook` for a file that is no history book,
    :class:`UnreadableWorkbook` for one that cannot be read."""
    source = Path(path)
    if not source.exists():
        raise WrongHistoryBook(f"Không tìm thấy sổ lịch sử '{source}'")
    guarded = read_within_limits(source)

    def failed(error: BaseException, printed: str) -> UnreadableWorkbook:
        return UnreadableWorkbook(
            f"Không đọc được sổ lịch sử '{source.name}' (tệp hỏng hoặc không phải bảng tính)",
            detail(error, printed),
        )

    grids = read_values(guarded.data, failed)
    meta = {
        str(row[0]).strip(): str(row[1]).strip()
        for row in grids.get(META, [])
        if len(row) > 1 and row[0] not in (None, "") and row[1] not in (None, "")
    }
    if meta.get("kind") != KIND:
        raise WrongHistoryBook(
            f"Tệp '{source.name}' không phải sổ lịch sử của chương trình (thiếu sheet thông "
            "tin kỹ thuật); không dùng, không ghi đè: chọn đúng sổ hoặc ghi sổ mới ở tên khác"
        )
    reading = _Reading(source.name)
    records, extra = reading.results(grids.get(RESULTS.name, []))
    renames, renames_extra = reading.renames(grids.get(RENAMES.name, []))
    lock = lock_file(source)
    if lock is not None:
        message = (
            f"Sổ lịch sử '{source.name}' đang mở trong Excel hoặc LibreOffice (có tệp khóa "
            f"'{lock.name}'): đã dùng bản đã lưu; điều vừa nhập mà chưa lưu thì chưa được tính."
        )
        reading.findings.append(
            Finding("history-book-open", Severity.WARNING, message, file=source.name)
        )
    return History(
        records,
        renames,
        reading.findings,
        name=source.name,
        organizer=meta.get("organizer", ""),
        extra=extra,
        renames_extra=renames_extra,
    )


# --------------------------------------------------------------------------- values as read


def text(value: Any) -> str:
    """A cell's value as text ('' for an empty cell): a whole number without ".0"."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value))


def _shown(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return vn(value)
    return text(value)


def _number(value: Any) -> float | None:
    """A number typed (95,5 · "95.5" · 95), or None when it is none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if value == value else None
    if isinstance(value, str):
        cleaned = nfc(value).replace(" ", "")
        if re.fullmatch(r"[+-]?\d+([.,]\d+)?", cleaned):
            return float(cleaned.replace(",", "."))
    return None


def split_awards(value: Any) -> tuple[str, ...]:
    """The awards of a cell: codes or names separated by commas, semicolons or lines."""
    return tuple(part for part in (nfc(p) for p in re.split(r"[,;\n]", text(value))) if part)


class _Row:
    """One row of a table as read: its values by column key, and the columns staff added."""

    __slots__ = ("cells", "col", "r")

    def __init__(self, r: int, cells: Sequence[Any], col: dict[str, int]) -> None:
        self.r, self.cells, self.col = r, cells, col

    def value(self, key: str) -> Any:
        index = self.col.get(key)
        if index is None or index >= len(self.cells):
            return None
        value = self.cells[index]
        if value == "" or (isinstance(value, float) and value != value):
            return None
        return (nfc(value) or None) if isinstance(value, str) else value

    def text(self, key: str) -> str:
        return text(self.value(key))

    def cell(self, key: str) -> str:
        index = self.col.get(key)
        return f"{xl_col_to_name(index)}{self.r + 1}" if index is not None else ""


class _Reading:
    """One book's reading: the findings, by sheet and cell."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.findings: list[Finding] = []

    def invalid(
        self, code: str, sheet: Sheet, row: _Row, key: str, why: str, school: str = "",
        severity: Severity = Severity.ERROR,
    ) -> None:  # fmt: skip
        message = f"Sổ lịch sử, sheet {sheet.name}, dòng {row.r + 1}: {why}"
        self.findings.append(
            Finding(code, severity, message, self.name, school, sheet.name, row.cell(key),
                    value=row.value(key))
        )  # fmt: skip

    def rows(
        self, grid: Grid, sheet: Sheet
    ) -> tuple[Iterator[tuple[_Row, dict[str, Any]]], tuple[str, ...]]:
        """Each row below the header with anything in it, with the values of the columns
        staff added (by header); and those headers."""
        header, col = find_header(grid, sheet.columns, sheet.anchor, rows=HEADER_SEARCH)
        if header < 0:
            return iter(()), ()
        known = set(col.values())
        added = {
            c: nfc(value)
            for c, value in enumerate(grid[header])
            if c not in known and isinstance(value, str) and nfc(value)
        }

        def each() -> Iterator[tuple[_Row, dict[str, Any]]]:
            for r in range(header + 1, len(grid)):
                row = _Row(r, grid[r], col)
                extra = {
                    name: value
                    for c, name in added.items()
                    if c < len(grid[r]) and (value := grid[r][c]) not in (None, "")
                }
                if extra or any(row.value(key) is not None for key in col):
                    yield row, extra

        return each(), tuple(added.values())

    def year(self, sheet: Sheet, row: _Row, key: str, raw: dict[str, Any], school: str) -> str:
        """The school year of a row, "2020-2021"; as typed (and an error) when it cannot be
        read."""
        value = row.value(key)
        start = year_start(value) if isinstance(value, str) else None
        if start is not None:
            return year_text(start)
        raw[key] = value
        shown = _shown(value)
        what = f"năm học '{shown}' không đúng dạng" if shown else "thiếu năm học"
        self.invalid(
            "history-invalid-year" if shown else "history-missing-key", sheet, row, key,
            f"{what}; nhập hai năm liền nhau, ví dụ 2020-2021 (dòng này chưa được dùng)", school,
        )  # fmt: skip
        return shown

    def code(self, sheet: Sheet, row: _Row, key: str) -> str:
        value = row.value(key)
        if isinstance(value, float) and value.is_integer():
            self.invalid(
                "history-code-not-text", sheet, row, key,
                f"mã '{int(value)}' nhập dạng số nên có thể đã mất số 0 ở đầu; định dạng ô là "
                "Văn bản (Text) rồi nhập lại đúng mã", text(value), Severity.WARNING,
            )  # fmt: skip
        return text(value)

    def results(self, grid: Grid) -> tuple[list[Record], tuple[str, ...]]:
        rows, extra = self.rows(grid, RESULTS)
        records: list[Record] = []
        seen: dict[tuple[str, str], int] = {}
        for row, added in rows:
            raw: dict[str, Any] = {}
            code = self.code(RESULTS, row, "code")
            if not code:
                raw["code"] = None
                self.invalid("history-missing-key", RESULTS, row, "code",
                             "thiếu mã trường (dòng này chưa được dùng)")  # fmt: skip
            year = self.year(RESULTS, row, "year", raw, code)
            record = Record(
                code=code,
                year=year,
                name=row.text("name"),
                bloc=row.text("bloc"),
                status=row.text("status"),
                total=self.total(row, raw, code),
                tier=row.text("tier"),
                rank=self.whole(row, "rank", raw, code, "thứ hạng"),
                bloc_size=self.whole(row, "bloc_size", raw, code, "số trường của khối"),
                veto=row.text("veto"),
                awards=split_awards(row.value("awards")),
                award_state=self.award_state(row, raw, code),
                decision=row.text("decision"),
                note=row.text("note"),
                source=row.text("source"),
                since=row.text("since"),
                raw=raw,
                extra=added,
                row=row.r + 1,
            )
            records.append(record)
            if record.usable:
                key = (record.code, record.year)
                if key in seen:
                    self.invalid(
                        "history-duplicate-row", RESULTS, row, "code",
                        f"trường {code} đã có dòng năm học {year} (dòng {seen[key]}); giữ cả "
                        "hai, điều kiện xét cả hai dòng: xóa dòng thừa nếu nhập nhầm", code,
                        Severity.WARNING,
                    )  # fmt: skip
                else:
                    seen[key] = row.r + 1
        return records, extra

    def total(self, row: _Row, raw: dict[str, Any], code: str) -> float | None:
        value = row.value("total")
        if value is None:
            return None
        number = _number(value)
        if number is None:
            raw["total"] = value
            self.invalid("history-invalid-total", RESULTS, row, "total",
                         f"tổng điểm '{_shown(value)}' không phải là số", code)  # fmt: skip
        return number

    def whole(self, row: _Row, key: str, raw: dict[str, Any], code: str, what: str) -> int | None:
        value = row.value(key)
        if value is None:
            return None
        number = _number(value)
        if number is not None and number >= 1 and number.is_integer():
            return int(number)
        raw[key] = value
        self.invalid("history-invalid-rank", RESULTS, row, key,
                     f"{what} '{_shown(value)}' không phải số nguyên dương", code)  # fmt: skip
        return None

    def award_state(self, row: _Row, raw: dict[str, Any], code: str) -> str:
        value = row.value("award_status")
        if value is None:
            return ""
        for state in (AWARD_DECIDED, AWARD_PENDING):
            if fold(text(value)) == fold(state):
                return state
        raw["award_status"] = value
        self.invalid(
            "history-invalid-choice", RESULTS, row, "award_status",
            f"tình trạng khen thưởng '{_shown(value)}' không có trong danh sách "
            f"('{AWARD_DECIDED}', '{AWARD_PENDING}'); khen thưởng năm này chưa được tính", code,
        )  # fmt: skip
        return ""

    def renames(self, grid: Grid) -> tuple[list[Rename], tuple[str, ...]]:
        rows, extra = self.rows(grid, RENAMES)
        found: list[Rename] = []
        for row, added in rows:
            raw: dict[str, Any] = {}
            old, new = self.code(RENAMES, row, "old"), self.code(RENAMES, row, "new")
            value = row.value("since")
            start = year_start(value) if isinstance(value, str) else None
            since = year_text(start) if start is not None else _shown(value)
            if start is None:
                raw["since"] = value
            rename = Rename(old, new, since, row.text("old_name"), row.text("note"), raw, added,
                            row.r + 1, row.cell("old"))  # fmt: skip
            found.append(rename)
            if not rename.usable:
                missing = [
                    what
                    for what, gone in (("mã cũ", not old), ("mã mới", not new),
                                       ("năm học bắt đầu đúng dạng (ví dụ 2025-2026)", start is None))
                    if gone
                ]  # fmt: skip
                key = "old" if not old else "new" if not new else "since"
                self.invalid("history-invalid-mapping", RENAMES, row, key,
                             f"thiếu {', '.join(missing)}; dòng này chưa được dùng", old)  # fmt: skip
        return found, extra
