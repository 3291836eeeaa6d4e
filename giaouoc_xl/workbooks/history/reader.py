"""Reading the history book back: every row of its tables, found by each sheet's header
(whatever order, case or spacing the columns have now), into a
:class:`~giaouoc_xl.core.history.History`. The results are read from every sheet that has
their headers: the book's own (one, or one per span of years in a large book) and any sheet
staff added with the same headers (a year typed on a sheet of its own).

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
from dataclasses import replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_col_to_name

from ...core.codes import Severity
from ...core.findings import Finding
from ...core.history import (
    AWARD_DECIDED,
    AWARD_PENDING,
    AWARD_STATES,
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
from ..intake.guard import OWN_OUTPUT_CELLS, OWN_OUTPUT_ROWS, read_within_limits
from ..table import find_header, read_book, read_meta
from .layout import HEADER_SEARCH, INSTRUCTIONS, KIND, META, RENAMES, RESULTS, Sheet

__all__ = ["read_history_book", "split_awards", "text"]

Grid = Sequence[Sequence[Any]]


def read_history_book(path: str | os.PathLike[str]) -> History:
    """The history book at ``path``, every row read, what cannot be read a finding (and kept
    as typed). Raises :class:`WrongHistoryBook` for a file that is no history book,
    :class:`UnreadableWorkbook` for one that cannot be read."""
    source = Path(path)
    if not source.exists():
        raise WrongHistoryBook(f"Không tìm thấy sổ lịch sử '{source}'")
    # the program's own book (a province's 30,000 rows, or a sheet staff made longer)
    guarded = read_within_limits(source, max_rows=OWN_OUTPUT_ROWS, max_cells=OWN_OUTPUT_CELLS)
    grids = read_book(guarded.data, "sổ lịch sử", source.name)
    meta = read_meta(grids.get(META, []))
    if meta.get("kind") != KIND:
        raise WrongHistoryBook(
            f"Tệp '{source.name}' không phải sổ lịch sử của chương trình (thiếu sheet thông "
            "tin kỹ thuật); không dùng, không ghi đè: chọn đúng sổ hoặc ghi sổ mới ở tên khác"
        )
    reading = _Reading(source.name)
    records, extra = reading.results(grids)
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
    if type(value) is str:  # the most common: checked first
        return nfc(value)
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


@lru_cache(maxsize=1024)  # a province's rows repeat a few combinations
def _split(value: str) -> tuple[str, ...]:
    return tuple(part for part in (nfc(p) for p in _SEPARATORS.split(value)) if part)


def split_awards(value: Any) -> tuple[str, ...]:
    """The awards of a cell: codes or names separated by commas, semicolons or lines."""
    return _split(text(value)) if value is not None else ()


_SEPARATORS = re.compile(r"[,;\n]")


def _whole(value: Any) -> int | None:
    """A rank or a count as read: a whole number ≥ 1 (None: see :meth:`_Reading.whole`)."""
    return int(value) if type(value) is float and value >= 1 and value.is_integer() else None


#: The text columns of a results row, in the order the reader takes them.
_TEXTS = ("name", "bloc", "status", "tier", "veto", "decision", "note", "source", "since")


def _text(values: dict[str, Any], key: str) -> str:
    """A text column's value of a row ('' when empty), in NFC."""
    value = values.get(key)
    return nfc(value) if type(value) is str else text(value)


class _Row:
    """One row of a table as read: its non-empty values by column key, as read (text is
    put in NFC as it is taken: :func:`_text`)."""

    __slots__ = ("col", "r", "values")

    def __init__(self, r: int, values: dict[str, Any], col: dict[str, int]) -> None:
        self.r, self.values, self.col = r, values, col

    def value(self, key: str) -> Any:
        """The value under ``key`` (None: empty, or no such column); text in NFC."""
        value = self.values.get(key)
        return (nfc(value) or None) if type(value) is str else value

    def text(self, key: str) -> str:
        return _text(self.values, key)

    def cell(self, key: str) -> str:
        index = self.col.get(key)
        return f"{xl_col_to_name(index)}{self.r + 1}" if index is not None else ""


class _Reading:
    """One book's reading: the findings, by sheet and cell."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.findings: list[Finding] = []
        self.sheet = RESULTS  # the results sheet being read

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

        columns = list(col.items())

        def each() -> Iterator[tuple[_Row, dict[str, Any]]]:
            for r in range(header + 1, len(grid)):
                cells = grid[r]
                width = len(cells)
                values = {
                    key: value
                    for key, c in columns
                    if c < width and (value := cells[c]) != "" and value is not None
                }
                extra = {
                    name: value
                    for c, name in added.items()
                    if c < width and (value := cells[c]) not in (None, "")
                }
                if not extra and all(type(x) is str and not x.strip() for x in values.values()):
                    continue  # nothing, or only spaces
                yield _Row(r, values, col), extra

        return each(), tuple(added.values())

    def year(self, sheet: Sheet, row: _Row, raw: dict[str, Any], school: str) -> str:
        """The school year of a row that cannot be read (an error; kept as typed)."""
        key = "year"
        value = row.value(key)
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

    def results(self, grids: dict[str, Grid]) -> tuple[list[Record], tuple[str, ...]]:
        """The rows of every results sheet: the book's own (one, or one per span of years in a
        large book), and any sheet staff added with the same headers."""
        records: list[Record] = []
        extra: dict[str, None] = {}
        seen: dict[tuple[str, str], tuple[str, int]] = {}
        for name, grid in grids.items():
            if name in (META, INSTRUCTIONS, RENAMES.name):
                continue
            header, col = find_header(grid, RESULTS.columns, RESULTS.anchor, rows=HEADER_SEARCH)
            if header < 0 or "year" not in col:
                continue
            added = self.sheet_results(grid, replace(RESULTS, name=name), records, seen)
            extra.update(dict.fromkeys(added))
        return records, tuple(extra)

    def sheet_results(
        self,
        grid: Grid,
        sheet: Sheet,
        records: list[Record],
        seen: dict[tuple[str, str], tuple[str, int]],
    ) -> tuple[str, ...]:
        """One results sheet's rows into ``records``; returns the headers staff added. The
        usual cell (text, a number where one belongs) is taken as it is; anything else goes
        through the checks that say what cannot be read (a province's history is 30,000
        rows, read for every merge)."""
        rows, extra = self.rows(grid, sheet)
        self.sheet = sheet
        for row, added in rows:
            v, raw = row.values, {}  # type: dict[str, Any], dict[str, Any]
            code = v.get("code")
            code = nfc(code) if type(code) is str else self.code(sheet, row, "code")
            if not code:
                raw["code"] = None
                self.invalid("history-missing-key", sheet, row, "code",
                             "thiếu mã trường (dòng này chưa được dùng)")  # fmt: skip
            year = v.get("year")
            start = year_start(year)
            year = year_text(start) if start is not None else self.year(sheet, row, raw, code)
            total = v.get("total")
            if total is not None and type(total) is not float:
                total = self.total(row, raw, code)
            name, bloc, status, tier, veto, decision, note, source, since = [
                "" if x is None else nfc(x) if type(x) is str else text(x)
                for x in map(v.get, _TEXTS)
            ]
            rank, size = v.get("rank"), v.get("bloc_size")
            if rank is not None:
                rank = _whole(rank) or self.whole(row, "rank", raw, code, "thứ hạng")
            if size is not None:
                size = _whole(size) or self.whole(row, "bloc_size", raw, code, "số trường của khối")
            state = v.get("award_status")
            if state is not None:
                state = self.award_state(row, raw, code)
            awards = v.get("awards")
            record = Record(
                code, year, name, bloc, status, total, tier, rank, size, veto,
                () if awards is None else split_awards(awards), state or "", decision, note,
                source, since, raw, added, row.r + 1,
            )  # fmt: skip
            records.append(record)
            if start is not None and code:
                key = (code, year)
                if key in seen:
                    where = f"sheet {seen[key][0]}, dòng {seen[key][1]}"
                    self.invalid(
                        "history-duplicate-row", sheet, row, "code",
                        f"trường {code} đã có dòng năm học {year} ({where}); giữ cả hai, điều "
                        "kiện xét cả hai dòng: xóa dòng thừa nếu nhập nhầm", code,
                        Severity.WARNING,
                    )  # fmt: skip
                else:
                    seen[key] = (sheet.name, row.r + 1)
        return extra

    def total(self, row: _Row, raw: dict[str, Any], code: str) -> float | None:
        value = row.value("total")
        if value is None:
            return None
        number = _number(value)
        if number is None:
            raw["total"] = value
            self.invalid("history-invalid-total", self.sheet, row, "total",
                         f"tổng điểm '{_shown(value)}' không phải là số", code)  # fmt: skip
        return number

    def whole(self, row: _Row, key: str, raw: dict[str, Any], code: str, what: str) -> int | None:
        value = row.values.get(key)
        if value is None:
            return None
        if type(value) is float and value >= 1 and value.is_integer():
            return int(value)
        number = _number(value)
        if number is not None and number >= 1 and number.is_integer():
            return int(number)
        raw[key] = value
        self.invalid("history-invalid-rank", self.sheet, row, key,
                     f"{what} '{_shown(value)}' không phải số nguyên dương", code)  # fmt: skip
        return None

    def award_state(self, row: _Row, raw: dict[str, Any], code: str) -> str:
        value = row.values.get("award_status")
        if value is None:
            return ""
        if value in AWARD_STATES:
            return str(value)
        for state in (AWARD_DECIDED, AWARD_PENDING):
            if fold(text(value)) == fold(state):
                return state
        raw["award_status"] = value
        self.invalid(
            "history-invalid-choice", self.sheet, row, "award_status",
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
