"""The compact book (sổ giao ước): write it from a model, read it back into a validated model.

Reading reports every problem at once, each with its sheet and cell and a Vietnamese message:
pydantic errors are translated here (see :mod:`giaouoc_xl.core.messages`), and the rules across
the compact (:mod:`giaouoc_xl.core.compact_rules`) are mapped from model paths to cells.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, ValidationError

from ..core.compact_rules import check_compact, empty_compact
from ..core.errors import InvalidCompact, UnreadableWorkbook, is_reader_panic
from ..core.findings import Finding, Severity
from ..core.messages import translate
from ..core.model import (
    LABELS,
    NO,
    YES,
    Bloc,
    Compact,
    Content,
    CrossRule,
    Level,
    OrganizerKind,
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
from ..core.values import NotANumber, parse_number, tidy_number
from ..jobs.guard import check_limits
from .atomic import atomic_output
from .compact_layout import (
    INSTRUCTIONS,
    MAX_ROWS,
    SETTINGS,
    TABLE_BY_PART,
    TABLES,
    TARGETS,
    Column,
    TableSheet,
)
from .grid import GridWorkbook

FONT = "Times New Roman"
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_TITLE_FONT = Font(name=FONT, bold=True, size=14)
_HEADER_FONT = Font(name=FONT, bold=True)
_BODY_FONT = Font(name=FONT)
_THIN = Side(style="thin", color="9BA7B4")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

#: Codes the book reader reports, besides the rules of :mod:`giaouoc_xl.core.compact_rules`.
READER_CODES: dict[str, str] = {
    "missing-sheet": "Không tìm thấy một sheet của sổ (bị đổi tên hoặc xóa)",
    "missing-column": "Một cột bị đổi tiêu đề hoặc bị xóa",
    "missing-value": "Ô bắt buộc còn trống",
    "invalid-value": "Giá trị sai kiểu: chữ trong ô số, ngày không đúng, năm học sai dạng…",
    "unknown-choice": "Giá trị không có trong danh sách chọn (loại giá trị, chiều so sánh, cấp học…)",
    "school-code-not-text": "Mã trường nhập dạng số nên mất số 0 ở đầu",
}

PART_MODELS: dict[str, type[BaseModel]] = {
    "periods": PeriodSpec,
    "contents": Content,
    "target_groups": TargetGroup,
    "targets": Target,
    "rules": CrossRule,
    "tiers": Tier,
    "blocs": Bloc,
    "schools": School,
}


# --------------------------------------------------------------------------- writing


def set_text(cell: Cell, value: str) -> None:
    """Write ``value`` as a text cell, never as a formula, whatever it starts with."""
    cell.value = value
    cell.data_type = "s"


def _put(cell: Cell, value: Any) -> None:
    if isinstance(value, str):
        set_text(cell, value)
    else:
        cell.value = value


def _display(value: Any) -> Any:
    """A model value as staff see it in a cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, Level):
        return value.value
    for enum, names in LABELS.items():
        if isinstance(value, enum):
            return names[value]
    if isinstance(value, float):
        return tidy_number(value)
    return value


def _row_values(sheet: TableSheet, item: Any) -> list[Any]:
    values: list[Any] = []
    for column in sheet.columns:
        name, _, key = column.field.partition(".")
        if name == "thresholds":
            raw = item.thresholds.get(Level(key))
        elif name == "periods":
            raw = Period(key) in item.periods
        else:
            raw = getattr(item, name)
        if name == "choices":
            raw = "; ".join(raw) or None
        elif name == "levels":
            raw = "&".join(level.value for level in raw)
        values.append(_display(raw))
    return values


def _setting_value(compact: Compact, name: str) -> Any:
    if name.startswith("excel."):
        return None  # the buttons' own settings start blank
    value: Any = compact
    for part in name.split("."):
        value = getattr(value, part)
    return _display(value) if value != "" else None


def _title(text: str) -> str:
    """An input-message title within Excel's 32 characters, cut at a word."""
    if len(text) <= 32:
        return text
    return text[:31].rsplit(" ", 1)[0] + "…"


def _validation(choices: list[str] | str, prompt: str, title: str, strict: bool) -> DataValidation:
    formula = choices if isinstance(choices, str) else '"' + ",".join(choices) + '"'
    dv = DataValidation(
        type="list",
        formula1=formula.lstrip("="),
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=bool(prompt),
        errorStyle="stop" if strict else "warning",
        errorTitle="Giá trị không hợp lệ",
        error="Hãy chọn một giá trị trong danh sách.",
        promptTitle=_title(title),
        prompt=prompt[:255] if prompt else None,
    )
    return dv


def _prompt(prompt: str, title: str) -> DataValidation:
    return DataValidation(
        type="custom",
        formula1="TRUE",
        allow_blank=True,
        showInputMessage=True,
        promptTitle=_title(title),
        prompt=prompt[:255],
    )


def _header(ws: Worksheet, headers: list[str], widths: list[float]) -> None:
    for index, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=1, column=index)
        set_text(cell, text)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = _BORDER
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.row_dimensions[1].height = 45


def _write_table(wb: Workbook, sheet: TableSheet, items: list[BaseModel]) -> None:
    ws = wb.create_sheet(sheet.name)
    _header(ws, [c.header for c in sheet.columns], [c.width for c in sheet.columns])
    ws.freeze_panes = sheet.freeze
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, item in enumerate(items, start=2):
        for col, value in enumerate(_row_values(sheet, item), start=1):
            cell = ws.cell(row=row, column=col)
            _put(cell, value)
            cell.font = _BODY_FONT
            cell.alignment = wrap
    for col, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(col)
        cells = f"{letter}2:{letter}{MAX_ROWS + 1}"
        if column.number_format != "General":
            for (cell,) in ws.iter_rows(min_row=2, max_row=MAX_ROWS + 1, min_col=col, max_col=col):
                cell.number_format = column.number_format
        if column.choices:
            dv = _validation(column.choices, column.help, column.header, column.strict)
        elif column.help:
            dv = _prompt(column.help, column.header)
        else:
            continue
        ws.add_data_validation(dv)
        dv.add(cells)
    if items:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{len(items) + 1}"


def _write_settings(wb: Workbook, compact: Compact | None) -> None:
    ws = wb.create_sheet(SETTINGS.name)
    _header(ws, ["Mục", "Giá trị", "Ghi chú"], [44, 60, 70])
    ws.freeze_panes = "A2"
    for row, setting in enumerate(SETTINGS.settings, start=2):
        set_text(ws.cell(row=row, column=1), setting.label)
        ws.cell(row=row, column=1).font = _HEADER_FONT
        value = (
            _setting_value(compact, setting.field)
            if compact
            else _BLANK_SETTINGS.get(setting.field)
        )
        cell = ws.cell(row=row, column=2)
        _put(cell, value)
        cell.font = _BODY_FONT
        cell.number_format = setting.number_format
        set_text(ws.cell(row=row, column=3), setting.help)
        ws.cell(row=row, column=3).font = Font(name=FONT, italic=True, color="555555")
        for col in (1, 2, 3):
            ws.cell(row=row, column=col).border = _BORDER
            ws.cell(row=row, column=col).alignment = Alignment(wrap_text=True, vertical="top")
        if setting.choices:
            dv = _validation(setting.choices, setting.help, setting.label, True)
            ws.add_data_validation(dv)
            dv.add(f"B{row}")


_BLANK_SETTINGS: dict[str, Any] = {
    "revision": 1,
    "organizer.kind": LABELS[OrganizerKind][OrganizerKind.DISTRICT_OFFICE],
    "current_period": LABELS[Period][Period.REGISTRATION],
}

_BLANK_PERIODS = [PeriodSpec(period=p) for p in Period]
_BLANK_TIERS = [
    Tier(name="Hoàn thành xuất sắc nhiệm vụ", min_points=90),
    Tier(name="Hoàn thành tốt nhiệm vụ", min_points=80),
    Tier(name="Hoàn thành nhiệm vụ", min_points=65),
    Tier(name="Không hoàn thành nhiệm vụ", min_points=0),
]

INSTRUCTION_LINES = [
    ("SỔ GIAO ƯỚC THI ĐUA", "title"),
    (
        "Sổ này là nguồn gốc của giao ước: mọi mẫu gửi trường và mọi bảng tổng hợp đều lấy từ đây.",
        "",
    ),
    ("Các bước", "head"),
    ("1. Sheet 'Thiết lập': mã giao ước, đơn vị tổ chức, năm học, kỳ đang thu, người ký.", ""),
    ("2. Sheet 'Kỳ báo cáo': các kỳ cần thu (đăng ký đầu năm, học kỳ I, cuối năm) và hạn nộp.", ""),
    ("3. Sheet 'Nội dung': các nội dung giao ước, đánh số 1, 2, 3...", ""),
    ("4. Sheet 'Nhóm chỉ tiêu': mã nhóm (ví dụ N01), tên nhóm, nội dung mà nhóm thuộc về.", ""),
    (
        "5. Sheet 'Chỉ tiêu': mỗi dòng một chỉ tiêu; ngưỡng theo từng cấp học (để trống nếu không áp dụng).",
        "",
    ),
    (
        "   Tỷ lệ nhập số từ 0 đến 100 (98 nghĩa là 98 %). Bỏ học, suy dinh dưỡng: chọn 'Không vượt quá (≤)'.",
        "",
    ),
    ("   Số vụ bạo lực, mất an toàn: loại 'Số lượng', chiều 'Đúng bằng (=)', ngưỡng 0.", ""),
    ("   Chuẩn quốc gia, kiểm định: loại 'Mức theo danh sách', danh sách mức từ thấp đến cao.", ""),
    (
        "6. Sheet 'Quy tắc kiểm tra' (không bắt buộc): quy tắc giữa các chỉ tiêu, ví dụ CT04.3 + CT06.2 ≤ 100.",
        "",
    ),
    (
        "   Mỗi vế là số, mã chỉ tiêu và + - * / ( ); quy tắc nào có chỉ tiêu không áp dụng cho trường thì bỏ qua.",
        "",
    ),
    ("7. Sheet 'Xếp loại': từ mức cao nhất xuống, điểm tối thiểu giảm dần.", ""),
    (
        "7. Sheet 'Khối thi đua' và 'Danh sách trường': mỗi trường một dòng, mã trường dạng văn bản.",
        "",
    ),
    ("Kiểm tra", "head"),
    (
        "Chạy: giaouoc compact check <tệp sổ giao ước>. Mọi lỗi được báo cùng lúc, kèm sheet và ô cần sửa.",
        "",
    ),
    ("Lưu ý", "head"),
    ("Không đổi tên sheet và tiêu đề cột. Có thể thêm dòng; dòng trống được bỏ qua.", ""),
    ("Khi sửa giao ước sau khi đã gửi mẫu cho trường, tăng 'Lần sửa đổi' ở sheet Thiết lập.", ""),
]


def _write_instructions(wb: Workbook) -> None:
    ws = wb.active
    assert ws is not None
    ws.title = INSTRUCTIONS
    ws.column_dimensions["A"].width = 120
    for row, (text, style) in enumerate(INSTRUCTION_LINES, start=1):
        cell = ws.cell(row=row, column=1)
        set_text(cell, text)
        cell.font = (
            _TITLE_FONT if style == "title" else _HEADER_FONT if style == "head" else _BODY_FONT
        )
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def build_compact_workbook(compact: Compact | None) -> Workbook:
    """The compact book as an openpyxl workbook (blank when ``compact`` is None)."""
    wb = Workbook()
    _write_instructions(wb)
    _write_settings(wb, compact)
    for sheet in TABLES:
        if compact is None:
            items: list[BaseModel] = {"periods": _BLANK_PERIODS, "tiers": _BLANK_TIERS}.get(
                sheet.part, []
            )  # type: ignore[assignment]
        else:
            items = list(getattr(compact, sheet.part))
        _write_table(wb, sheet, items)
    wb.active = 1 if compact is None else 0
    return wb


def write_compact_book(compact: Compact | None, path: str | os.PathLike[str]) -> Path:
    """Write the compact book to ``path`` atomically."""
    wb = build_compact_workbook(compact)
    with atomic_output(path) as tmp:
        wb.save(tmp)
    return Path(path)


# --------------------------------------------------------------------------- reading


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
    def valid(self) -> bool:
        return self.compact is not None and not any(
            f.severity is Severity.ERROR for f in self.findings
        )

    def require(self, how_to_see: str) -> Compact:
        """The compact, or :class:`InvalidCompact` with every finding (``how_to_see`` tells
        staff where to read them)."""
        if self.compact is None:
            errors = [f for f in self.findings if f.severity is Severity.ERROR]
            raise InvalidCompact(
                f"Sổ giao ước '{Path(self.path).name}' có {len(errors)} lỗi; {how_to_see}",
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

    def sheet(self, wb: Any, name: str) -> Worksheet | None:
        wanted = fold(name)
        for ws in wb.worksheets:
            if fold(ws.title) == wanted:
                return ws
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
        wanted = {fold(c.header): c for c in sheet.columns}
        letters: dict[str, str] = {}
        for cell in header:
            if isinstance(cell.value, str) and fold(cell.value) in wanted:
                letters[wanted[fold(cell.value)].field] = cell.column_letter
        self.columns[sheet.part] = letters
        for column in sheet.columns:
            if column.field not in letters:
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


def _threshold(value: Any, kind: ValueKind | None, number_format: str) -> Any:
    if kind in (ValueKind.PERCENT, ValueKind.COUNT):
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
    column: Column | None = next((c for c in sheet.columns if c.field == name), None)
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


def _open(path: Path) -> Any:
    _open_check(path)
    try:
        return load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise UnreadableWorkbook(
            f"Tệp '{path.name}' không phải là sổ giao ước dạng .xlsx hoặc đã bị hỏng ({type(exc).__name__})"
        ) from exc


def _open_check(path: Path) -> None:
    """What can be told before opening: missing, or an old .xls / encrypted package."""
    if not path.exists():
        raise UnreadableWorkbook(f"Không tìm thấy tệp '{path}'")
    try:
        with path.open("rb") as handle:
            magic = handle.read(8)
    except OSError as exc:
        raise UnreadableWorkbook(f"Không đọc được tệp '{path}': {exc.strerror}") from exc
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableWorkbook(
            f"Tệp '{path.name}' là tệp Excel cũ (.xls) hoặc đã đặt mật khẩu; "
            "hãy mở bằng Excel, bỏ mật khẩu và lưu lại dạng .xlsx"
        )


def _open_grids(path: Path) -> GridWorkbook:
    """The book's values read by python-calamine (about 20× faster than openpyxl on a book of
    thousands of schools, read at every merge), with the number formats the reader needs (the
    percent thresholds of the targets sheet) from openpyxl's read-only mode."""
    from python_calamine import CalamineWorkbook

    _open_check(path)
    check_limits(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
        try:
            grids = {
                name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
                for name in book.sheet_names
            }
        finally:
            book.close()
        formats: dict[str, dict[tuple[int, int], str]] = {}
        if TARGETS.name in grids:
            styled = load_workbook(path, read_only=True, data_only=True)
            try:
                formats[TARGETS.name] = {
                    (cell.row, cell.column): cell.number_format
                    for row in styled[TARGETS.name].iter_rows()
                    for cell in row
                    if getattr(cell, "number_format", "General") != "General"
                    and cell.value is not None
                }
            finally:
                styled.close()
    except BaseException as exc:  # any reader failure on a bad file is one clear message
        if not isinstance(exc, Exception) and not is_reader_panic(exc):
            raise  # Ctrl-C, exit
        raise UnreadableWorkbook(
            f"Tệp '{path.name}' không phải là sổ giao ước dạng .xlsx hoặc đã bị hỏng ({type(exc).__name__})"
        ) from exc
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
        rows = reader.table(reader.sheet(wb, sheet.name), sheet)
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
    }
    probe = compact or Compact.model_construct(**fallback)
    reader.findings += [reader.map_rule_finding(f) for f in check_compact(probe)]
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
