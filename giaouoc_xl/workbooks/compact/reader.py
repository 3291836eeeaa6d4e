"""The compact book read back into a validated model: every problem at once, each with its
sheet and cell and a Vietnamese message.

pydantic errors are translated here (see :mod:`giaouoc_xl.core.messages`), and the rules across
the compact (:mod:`giaouoc_xl.core.compact_rules`) are mapped from model paths to cells. The
values are read with python-calamine (openpyxl is the reference engine: the tests read every
book both ways), or from the value grids of a live workbook (the Excel buttons).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, ValidationError

from ...core.compact_rules import empty_compact, rule_findings
from ...core.errors import InvalidCompact, UnreadableWorkbook
from ...core.findings import Finding, Report, Severity
from ...core.messages import translate
from ...core.model import (
    NO,
    YES,
    Award,
    Bloc,
    Compact,
    Content,
    CrossRule,
    Period,
    PeriodSpec,
    School,
    Target,
    TargetGroup,
    Tier,
    ValueKind,
    fold,
    nfc,
    parse_choice,
    parse_yes_no,
)
from ...core.system_errors import system_detail, system_reason
from ...core.values import NotANumber, parse_number, tidy_number
from ..grid import GridWorkbook, calamine_grids
from ..intake.formats import DESCRIPTIONS, OOXML
from ..intake.guard import Guarded, read_within_limits
from ..table import detail, find_header, read_values
from .layout import (
    AWARDS,
    TABLE_BY_PART,
    TABLES,
    TARGETS,
    Column,
    TableSheet,
)
from .settings import SETTINGS

PART_MODELS: dict[str, type[BaseModel]] = {
    "periods": PeriodSpec,
    "contents": Content,
    "target_groups": TargetGroup,
    "targets": Target,
    "rules": CrossRule,
    "tiers": Tier,
    "awards": Award,
    "blocs": Bloc,
    "schools": School,
}


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    cells: dict[str, str]
    formats: dict[str, str]


@dataclass
class CompactBookResult:
    """What reading a compact book gives: the compact when valid, and every finding."""

    path: str
    compact: Compact | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def report(self) -> Report:
        """The findings and their counts."""
        return Report(self.findings)

    @property
    def valid(self) -> bool:
        return self.compact is not None and self.report.valid

    @property
    def exit_code(self) -> int:
        """0 a valid book, 1 a book with errors."""
        return 0 if self.valid else 1

    def to_json(self) -> dict[str, Any]:
        """The document ``giaouoc compact check --json`` prints."""
        return {
            "valid": self.valid,
            "file": self.path,
            "stats": self.report.stats,
            "findings": [f.to_json() for f in self.findings],
        }

    def require(self, how_to_see: str) -> Compact:
        """The compact, or :class:`InvalidCompact` with every finding (``how_to_see`` tells
        staff where to read them)."""
        if self.compact is None:
            errors = self.report.stats["errors"]
            raise InvalidCompact(
                f"Sổ giao ước '{Path(self.path).name}' có {errors} lỗi; {how_to_see}",
                self.findings,
            )
        return self.compact


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = path.name
        self.findings: list[Finding] = []
        self.rows: dict[str, list[_Row]] = {}  # part -> rows of the valid items, in order
        self.columns: dict[str, dict[str, str]] = {}  # part -> field -> column letter
        self.setting_cells: dict[str, str] = {}

    def add(self, code: str, message: str, sheet: str, cell: str = "", **extra: Any) -> None:
        self.findings.append(
            Finding(code=code, message=message, file=self.file, sheet=sheet, cell=cell, **extra)
        )

    # -- sheets

    def sheet(self, wb: Any, name: str, optional: bool = False) -> Worksheet | None:
        wanted = fold(name)
        for ws in wb.worksheets:
            if fold(ws.title) == wanted:
                return ws
        if optional:
            return None
        self.add(
            "missing-sheet", f"Không tìm thấy sheet '{name}' (có thể đã bị đổi tên hoặc xóa)", name
        )
        return None

    def settings(self, ws: Worksheet | None) -> dict[str, Any]:
        raw: dict[str, Any] = {}
        if ws is None:
            return raw
        by_label = {fold(s.label): s for s in SETTINGS.settings}
        for row in ws.iter_rows(min_row=2):
            key = row[0].value
            if not isinstance(key, str) or fold(key) not in by_label:
                continue
            setting = by_label[fold(key)]
            cell = row[1] if len(row) > 1 else ws.cell(row=row[0].row, column=2)
            self.setting_cells[setting.field] = cell.coordinate
            value = _clean(cell.value)
            if setting.field == "school_year" and isinstance(value, (int, float)):
                value = str(value)
            if value is not None:
                raw[setting.field] = value
        for setting in SETTINGS.settings:
            self.setting_cells.setdefault(setting.field, "")
        return raw

    def table(self, ws: Worksheet | None, sheet: TableSheet) -> list[_Row]:
        if ws is None:
            return []
        header = next(ws.iter_rows(min_row=1, max_row=1), ())
        _, found = find_header([[cell.value for cell in header]], sheet.columns, None, rows=1)
        letters = {key: header[index].column_letter for key, index in found.items()}
        self.columns[sheet.part] = letters
        for column in sheet.columns:
            if column.key not in letters and not column.optional:  # optional: added later
                self.add(
                    "missing-column",
                    f"Sheet '{sheet.name}' thiếu cột '{column.header}' (tiêu đề cột đã bị đổi hoặc xóa)",
                    sheet.name,
                    "A1",
                )
        rows: list[_Row] = []
        for cells in ws.iter_rows(min_row=2):
            by_letter = {c.column_letter: c for c in cells}
            values: dict[str, Any] = {}
            coords: dict[str, str] = {}
            formats: dict[str, str] = {}
            for name, letter in letters.items():
                c = by_letter.get(letter)
                coords[name] = f"{letter}{cells[0].row}"
                value = _clean(c.value) if c is not None else None
                if value is not None:
                    values[name] = value
                    formats[name] = c.number_format if c is not None else "General"
            if values:
                rows.append(_Row(cells[0].row, values, coords, formats))
        return rows

    # -- conversion of one row to model input

    def item(self, sheet: TableSheet, row: _Row) -> BaseModel | None:
        data = self.prepare(sheet, row)
        model = PART_MODELS[sheet.part]
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            reported: set[str] = set()
            for error in exc.errors():
                name = _field_of(error["loc"], row.cells)
                if name in reported:
                    continue  # one message per cell: the first is the one that explains
                reported.add(name)
                self.add(
                    _code_of(error),
                    f"{_column_header(sheet, name)}: {translate(error)}",
                    sheet.name,
                    row.cells.get(name, f"A{row.number}"),
                    value=_jsonable(error.get("input")),
                )
            return _without_errors(model, data, exc)

    def prepare(self, sheet: TableSheet, row: _Row) -> dict[str, Any]:
        values = dict(row.values)
        for name in ("code", "group", "bloc"):
            if name in values and isinstance(values[name], (int, float)):
                number = values[name]
                values[name] = str(tidy_number(float(number)))
                if sheet.part == "schools" and name == "code":
                    self.add(
                        "school-code-not-text",
                        f"Mã trường {values[name]} đang là số nên đã mất các số 0 ở đầu (nếu có). "
                        "Định dạng cột Mã trường là Văn bản (Text) rồi nhập lại mã đầy đủ, ví dụ 01234",
                        sheet.name,
                        row.cells["code"],
                        value=values[name],
                    )
        if sheet.part == "targets":
            return self.prepare_target(values, row)
        if sheet.part == "awards":
            for name in ("quota_share", "votes"):
                if name in values:
                    values[name] = _share(values[name], row.formats.get(name, "General"))
        if sheet.part == "periods" and isinstance(values.get("deadline"), str):
            values["deadline"] = _parse_date(values["deadline"])
        if isinstance(values.get("deadline"), datetime):
            values["deadline"] = values["deadline"].date()
        return values

    def prepare_target(self, values: dict[str, Any], row: _Row) -> dict[str, Any]:
        try:
            kind: ValueKind | None = parse_choice(ValueKind, values.get("kind"))
        except ValueError:
            kind = None
        thresholds: dict[str, Any] = {}
        periods: list[str] = []
        data: dict[str, Any] = {}
        for name, value in values.items():
            head, _, key = name.partition(".")
            if head == "thresholds":
                thresholds[key] = _threshold(value, kind, row.formats.get(name, ""))
            elif head == "periods":
                try:
                    wanted = parse_yes_no(value)
                except ValueError:
                    wanted = True
                    self.add(
                        "invalid-value",
                        f"{TARGETS.column(name).header}: '{value}' không hợp lệ; nhập 'Có' hoặc 'Không'",
                        TARGETS.name,
                        row.cells[name],
                        value=value,
                    )
                if wanted:
                    periods.append(key)
            elif name == "partial_max":  # "50%" typed in Excel is 0.5 in a %-formatted cell
                data[name] = _share(value, row.formats.get(name, "General"))
            else:
                data[name] = value
        for period in Period:
            if f"periods.{period.value}" not in values:
                periods.append(period.value)  # blank means "yes"
        data["thresholds"] = thresholds
        data["periods"] = periods
        return data

    # -- assembling the compact

    def compact(self, settings: dict[str, Any], parts: dict[str, list[Any]]) -> Compact | None:
        nested: dict[str, Any] = {}
        for name, value in settings.items():
            if name.startswith("excel."):
                continue  # the buttons' settings, not part of the compact
            head, _, key = name.partition(".")
            if key:
                nested.setdefault(head, {})[key] = value
            else:
                nested[name] = value
        data = {**nested, **parts}
        placeholders = {
            "id": "x",
            "title": "x",
            "organizer": {"name": "x"},
            "school_year": "2000-2001",
            "revision": 1,
            "current_period": Period.REGISTRATION,
            "signer": {},
            "veto_cap_tier": "",
        }
        reported = False
        for _ in range(len(placeholders) + 1):
            try:
                compact = Compact.model_validate(data)
            except ValidationError as exc:
                for error in exc.errors():
                    name = ".".join(str(part) for part in error["loc"][:2])
                    if name not in self.setting_cells:
                        name = str(error["loc"][0])
                    if not reported:
                        setting = next((s for s in SETTINGS.settings if s.field == name), None)
                        what = setting.label if setting else name
                        self.add(
                            _code_of(error),
                            f"{what}: {translate(error)}",
                            SETTINGS.name,
                            self.setting_cells.get(name, ""),
                            value=_jsonable(error.get("input")),
                        )
                    data[str(error["loc"][0])] = placeholders.get(str(error["loc"][0]))
                reported = True
                continue
            return None if reported else compact
        return None

    def map_rule_finding(self, finding: Finding) -> Finding:
        loc = finding.loc
        part = str(loc[0])
        if part == "settings":
            name = str(loc[1])
            return finding.replace(
                file=self.file, sheet=SETTINGS.name, cell=self.setting_cells.get(name, "")
            )
        sheet = TABLE_BY_PART[part]
        cell = ""
        if len(loc) >= 2:
            index = int(loc[1])
            row = self.rows[part][index]
            name = ".".join(str(p) for p in loc[2:4]) if len(loc) > 2 else ""
            letter = self.columns[part].get(name) or self.columns[part].get(name.split(".")[0])
            cell = f"{letter or 'A'}{row.number}"
        elif part in ("targets", "schools", "tiers", "periods"):
            cell = "A2"
        return finding.replace(file=self.file, sheet=sheet.name, cell=cell)


def _without_errors(model: type[BaseModel], data: dict[str, Any], exc: ValidationError) -> Any:
    """The item with its invalid fields left at their defaults, when that is valid: it keeps
    the rules across the compact from reporting consequences of an error already reported
    (a row dropped for a bad deadline would make its period look missing)."""
    data = {key: dict(value) if isinstance(value, dict) else value for key, value in data.items()}
    for error in exc.errors():
        loc = error["loc"]
        if len(loc) >= 2 and isinstance(data.get(str(loc[0])), dict):
            data[str(loc[0])].pop(str(loc[1]), None)
        else:
            data.pop(str(loc[0]), None)
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = nfc(value)
        return value or None
    return value


def _parse_date(text: str) -> Any:
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text.strip())
    if match:
        try:
            return date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            return text
    return text


def _share(value: Any, number_format: str) -> Any:
    """A percentage as its cell shows it: 1 in a %-formatted cell (what Excel stores for "100%")
    is 100; the rest (a fraction, "20 %" as text) is the model's to read."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in number_format:
        return float(tidy_number(value * 100))
    return value


def _threshold(value: Any, kind: ValueKind | None, number_format: str) -> Any:
    if kind in (ValueKind.PERCENT, ValueKind.COUNT, ValueKind.POINTS):
        try:
            number, _ = parse_number(value)
        except NotANumber:
            return value if isinstance(value, str) else str(value)
        if kind is ValueKind.PERCENT and isinstance(value, (int, float)) and "%" in number_format:
            number *= 100  # 0.98 shown as 98 % in a %-formatted cell
        return float(tidy_number(number))
    if kind is ValueKind.YES_NO:
        try:
            return YES if parse_yes_no(value) else NO
        except ValueError:
            return str(value)
    if isinstance(value, float):
        return str(tidy_number(value))
    return value if isinstance(value, str) else str(value)


def _field_of(loc: tuple[Any, ...], cells: dict[str, str]) -> str:
    joined = ".".join(str(part) for part in loc[:2])
    if joined in cells:
        return joined
    return str(loc[0]) if loc else ""


def _column_header(sheet: TableSheet, name: str) -> str:
    column: Column | None = next((c for c in sheet.columns if c.key == name), None)
    return column.header if column else name


def _code_of(error: Any) -> str:
    kind = error.get("type", "")
    if kind in ("missing", "string_too_short"):
        return "missing-value"
    if kind == "choice":
        return "unknown-choice"
    return "invalid-value"


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _guard(path: Path) -> Guarded:
    """The book's bytes, when it is an .xlsx/.xlsm workbook safe to read."""
    if not path.exists():
        raise UnreadableWorkbook(f"Không tìm thấy tệp '{path}'")
    try:
        guarded = read_within_limits(path)
    except OSError as exc:
        reason = system_reason(exc)
        raise UnreadableWorkbook(
            f"Không đọc được tệp '{path}': {reason}", system_detail(exc)
        ) from exc
    if guarded.format not in OOXML:
        raise UnreadableWorkbook(
            f"Tệp '{path.name}' là {DESCRIPTIONS[guarded.format]}; sổ giao ước phải là tệp Excel "
            ".xlsx: hãy mở bằng Excel hoặc LibreOffice và lưu lại dạng .xlsx",
            f"format={guarded.format.value}",
        )
    return guarded


def _unreadable_book(path: Path, exc: BaseException, printed: str = "") -> UnreadableWorkbook:
    return UnreadableWorkbook(
        f"Tệp '{path.name}' không phải là sổ giao ước dạng .xlsx hoặc đã bị hỏng",
        detail(exc, printed),
    )


def _open(path: Path) -> Any:
    _guard(path)
    try:
        return load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise _unreadable_book(path, exc) from exc


def _open_grids(path: Path) -> GridWorkbook:
    """The book's values read by python-calamine (about 20× faster than openpyxl on a book of
    thousands of schools, read at every merge), with the number formats the reader needs (the
    percent thresholds of the targets sheet) from openpyxl's read-only mode."""
    guarded = _guard(path)
    book: GridWorkbook = read_values(guarded.data, partial(_unreadable_book, path), _grids)
    return book


def _grids(data: bytes) -> GridWorkbook:
    """Every sheet's values, and the number formats of the targets' and awards' cells."""
    grids = calamine_grids(data)
    formats: dict[str, dict[tuple[int, int], str]] = {}
    styled_sheets = [name for name in (TARGETS.name, AWARDS.name) if name in grids]
    if styled_sheets:
        styled = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for name in styled_sheets:
                rows = styled[name].iter_rows(max_row=len(grids[name]))  # not the empty ones
                formats[name] = {
                    (cell.row, cell.column): cell.number_format
                    for row in rows
                    for cell in row
                    if cell.value is not None
                    and getattr(cell, "number_format", "General") != "General"
                }
        finally:
            styled.close()
    return GridWorkbook(grids, formats)


def read_compact_book(path: str | os.PathLike[str], engine: str = "calamine") -> CompactBookResult:
    """Read and validate a compact book. Raises :class:`UnreadableWorkbook` only when the
    file cannot be opened at all; every other problem is a finding with sheet and cell.
    ``engine``: "calamine" (fast, the default) or "openpyxl" (the reference; same result)."""
    path = Path(path)
    wb = _open_grids(path) if engine == "calamine" else _open(path)
    try:
        return read_compact_workbook(wb, path)
    finally:
        wb.close()


def read_compact_workbook(wb: Any, path: str | os.PathLike[str]) -> CompactBookResult:
    """Read and validate an open compact book: an openpyxl workbook, or any object with
    ``worksheets`` that behave alike (see :mod:`giaouoc_xl.workbooks.grid`, used by the Excel buttons)."""
    path = Path(path)
    reader = _Reader(path)
    settings = reader.settings(reader.sheet(wb, SETTINGS.name))
    parts: dict[str, list[Any]] = {}
    row_counts: dict[str, int] = {}
    for sheet in TABLES:
        rows = reader.table(reader.sheet(wb, sheet.name, sheet.optional), sheet)
        row_counts[sheet.part] = len(rows)
        items = []
        kept = []
        for row in rows:
            item = reader.item(sheet, row)
            if item is not None:
                items.append(item)
                kept.append(row)
        parts[sheet.part] = items
        reader.rows[sheet.part] = kept
    if not any(row_counts[part] for part in ("targets", "target_groups", "schools")):
        empty = reader.map_rule_finding(empty_compact())
        return CompactBookResult(str(path), None, [*reader.findings, empty])
    compact = reader.compact(settings, parts)
    fallback: dict[str, Any] = {
        "id": settings.get("id", ""),
        "revision": 1,
        "title": "",
        "school_year": "",
        "current_period": _safe_period(settings.get("current_period")),
        "veto_cap_tier": settings.get("veto_cap_tier", "") or "",
        "periods": tuple(parts["periods"]),
        "contents": tuple(parts["contents"]),
        "target_groups": tuple(parts["target_groups"]),
        "targets": tuple(parts["targets"]),
        "tiers": tuple(parts["tiers"]),
        "blocs": tuple(parts["blocs"]),
        "schools": tuple(parts["schools"]),
        "rules": tuple(parts["rules"]),  # so that their own checks run too
        "awards": tuple(parts["awards"]),
    }
    probe = compact or Compact.model_construct(**fallback)
    found = rule_findings(probe)
    if compact is None or any(f.severity is Severity.ERROR for f in reader.findings):
        # a cell could not be read: totals over every target would only echo it
        found = [f for f in found if f.code not in ("tier-above-total", "award-above-total")]
    reader.findings += [reader.map_rule_finding(f) for f in found]
    valid = compact is not None and not any(f.severity is Severity.ERROR for f in reader.findings)
    return CompactBookResult(str(path), compact if valid else None, reader.findings)


def _safe_period(value: Any) -> Period:
    try:
        return parse_choice(Period, value)
    except ValueError:
        return Period.REGISTRATION


def load_compact(path: str | os.PathLike[str]) -> Compact:
    """The validated compact of a book, or :class:`InvalidCompact` with every finding."""
    return read_compact_book(path).require("chạy 'giaouoc compact check' để xem")
