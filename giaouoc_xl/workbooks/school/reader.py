"""Read a returned school workbook into a :class:`~giaouoc_xl.core.submission.Submission`.

Two engines give the same grid of cell values, and one pure function turns the grid into the
submission:

- ``calamine`` (default): python-calamine, a Rust reader of .xlsx/.xlsm/.xls/.ods about 20-60×
  faster than openpyxl (bench/bench_school.py);
- ``openpyxl``: the reference, used by the benchmark and the tests to show identical results.

Neither engine says whether an empty cell is a formula without a cached value (a file written by
a program that does not calculate). For .xlsx/.xlsm the reader looks that up in the sheet's XML
for the few input cells that read empty, so such a cell is reported, not taken as blank.
"""

from __future__ import annotations

import io
import math
import os
import re
import zipfile
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import unescape as xml_unescape

from ...core.columns import headers as column_headers
from ...core.errors import LimitExceeded, UnreadableWorkbook, is_reader_panic
from ...core.model import Compact, Period, fold, nfc
from ...core.school_form import (
    HEADER_ROW,
    META,
    RESULT_PERIODS,
    SCHOOL,
    SCHOOL_FIELDS,
    SIGNING_KEYS,
    STAFF_FIELDS,
    TARGETS,
    target_columns,
)
from ...core.submission import CellValue, Submission, TargetRow, replace
from ...core.values import NotANumber, parse_cell, parse_number, tidy_number
from ..intake.formats import DESCRIPTIONS, OOXML, Format
from ..intake.guard import Guarded, read_within_limits
from ..table import detail, find_header, read_values

Grid = list[list[Any]]
SHEETS = (SCHOOL, TARGETS, META)
ENGINES = ("calamine", "openpyxl")

_HEADER_KEYS = column_headers(target_columns(list(Period)))
_SCHOOL_KEYS = {fold(f.label): f.key for f in (*SCHOOL_FIELDS, *STAFF_FIELDS)}
_STAFF_KEYS = frozenset(f.key for f in STAFF_FIELDS)
_INPUT_KEYS = ("registration", *(f"result:{p.value}" for p in RESULT_PERIODS))


def _letter(index: int) -> str:
    if index < len(_LETTERS):
        return _LETTERS[index]
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


_LETTERS = [chr(65 + i) for i in range(26)]
_CODE = re.compile(r"[A-Za-z]{1,4}[\w.\-]*\d")  # what a target code looks like


def _normalise(value: Any) -> Any:
    """One representation for both engines: blank is None, numbers are floats, dates ISO text."""
    kind = type(value)
    if kind is str:
        return value or None
    if kind is float:
        return None if value != value else value  # NaN is blank
    if value is None or kind is bool:
        return value
    if kind is int:
        return float(value)
    if isinstance(value, datetime):
        return (
            value.date().isoformat()
            if value.time() == time(0)
            else value.isoformat(timespec="seconds")
        )
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return None if isinstance(value, float) and math.isnan(value) else float(value)
    return str(value)


# --------------------------------------------------------------------------- engines


def _grids_calamine(path: Path, data: bytes) -> tuple[list[str], dict[str, Grid]]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        names = list(wb.sheet_names)
        grids = {}
        for name in names:
            if fold(name) in _WANTED:
                rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
                grids[_WANTED[fold(name)]] = rows
        return names, grids
    finally:
        wb.close()


def _grids_openpyxl(path: Path, data: bytes) -> tuple[list[str], dict[str, Grid]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        names = list(wb.sheetnames)
        grids = {}
        for name in names:
            if fold(name) in _WANTED:
                ws = wb[name]
                grids[_WANTED[fold(name)]] = [list(row) for row in ws.iter_rows(values_only=True)]
        return names, grids
    finally:
        wb.close()


_WANTED = {fold(name): name for name in SHEETS}
_ENGINES = {"calamine": _grids_calamine, "openpyxl": _grids_openpyxl}


def read_grids(
    path: str | os.PathLike[str], engine: str = "calamine", data: bytes | None = None
) -> tuple[list[str], dict[str, Grid]]:
    """Sheet names and the value grids of our sheets (``data``: the file's bytes, when the
    caller has read them already). Raises :class:`UnreadableWorkbook`."""
    path = Path(path)
    return _read(path, engine, read_within_limits(path, data))


def _read(path: Path, engine: str, guarded: Guarded) -> tuple[list[str], dict[str, Grid]]:
    """The grids of a guarded file; a reader's failure (an error, a Rust panic) is one clear
    reason, and what the reader printed is kept as the detail, off the terminal."""

    def failed(exc: BaseException, printed: str) -> UnreadableWorkbook:
        # a MemoryError, or one inside the Rust call (a panic that says so)
        if isinstance(exc, MemoryError) or (
            is_reader_panic(exc) and "PyObject pointer is null" in str(exc)
        ):
            return out_of_memory(path.name, detail(exc, printed))
        return damaged(path.name, guarded.format, detail(exc, printed))

    grids: tuple[list[str], dict[str, Grid]] = read_values(
        guarded.data, failed, lambda data: _ENGINES[engine](path, data)
    )
    return grids


def damaged(name: str, found: Format, detail: str) -> UnreadableWorkbook:
    """A file of a format we read whose content the reader could not read."""
    return UnreadableWorkbook(
        f"Tệp '{name}' là {DESCRIPTIONS[found]} nhưng bị hỏng, không đọc được nội dung; hãy đề "
        "nghị trường mở tệp, lưu lại rồi gửi lại",
        detail,
    )


def out_of_memory(name: str, detail: str) -> LimitExceeded:
    return LimitExceeded(
        f"Tệp '{name}' cần quá nhiều bộ nhớ để đọc (vượt giới hạn bộ nhớ cho mỗi tệp); không "
        "đọc để tránh làm treo máy",
        detail,
    )


# --------------------------------------------------------------------------- formulas without values


_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_REL = re.compile(rb"<Relationship\b([^>]*)/?>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')


def _attrs(text: bytes) -> dict[str, str]:
    return {
        k.decode().rsplit(":", 1)[-1] if k != b"r:id" else "rid": xml_unescape(v.decode())
        for k, v in _ATTR.findall(text)
    }


def _sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its XML part, from workbook.xml and its relationships (read with regular
    expressions over two small files: several times faster than an XML parser here)."""
    rels = {}
    for match in _REL.finditer(package.read("xl/_rels/workbook.xml.rels")):
        attrs = _attrs(match[1])
        rels[attrs.get("Id", "")] = attrs.get("Target", "")
    parts = {}
    for match in _SHEET.finditer(package.read("xl/workbook.xml")):
        attrs = _attrs(match[1])
        target = rels.get(attrs.get("rid", ""), "")
        parts[attrs.get("name", "")] = (
            target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        )
    return parts


def _formulas_without_values(xml: bytes) -> dict[str, str]:
    """Cell references whose formula has no cached value, with the formula's text, found from
    each ``<f`` backwards to its cell and forwards to its end (a handful of formulas in a sheet
    of hundreds of cells)."""
    found = {}
    data_end = xml.find(b"</sheetData>")
    position = xml.find(b"<f", 0, data_end)
    while position != -1:
        end = xml.find(b"</c>", position, data_end)
        if end == -1:
            break
        start = xml.rfind(b"<c ", 0, position)
        ref_at = xml.find(b' r="', start, position) if start != -1 else -1
        if ref_at != -1 and xml[position + 2 : position + 3] in (b">", b" ", b"/"):
            ref = xml[ref_at + 4 : xml.find(b'"', ref_at + 4)]
            cached = xml.find(b"<v", position, end)  # <v>95</v>, or empty: <v/>, <v />, <v></v>
            if cached == -1 or xml[cached + 2 : cached + 4] in (b"/>", b" /", b"><"):
                found[ref.decode()] = _formula_text(xml[position:end])
        position = xml.find(b"<f", end, data_end)
    return found


def _formula_text(element: bytes) -> str:
    """The text of the ``<f>`` element at the start of ``element``."""
    start = element.find(b">") + 1
    end = element.find(b"</f>", start)
    if start <= 0 or end == -1 or element[start - 2 : start] == b"/>":
        return ""
    return xml_unescape(element[start:end].decode("utf-8", "replace"))


def formulas_without_values(
    data: bytes, cells: Mapping[str, Iterable[str]]
) -> dict[str, dict[str, str]]:
    """Of the given (empty-reading) cells per sheet of an .xlsx package, those holding a formula
    with no cached value, with the formula's text."""
    found: dict[str, dict[str, str]] = {}
    if not any(cells.values()):
        return found
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            # Formulas without values are rare: find them in every worksheet first, and map
            # worksheet parts to sheet names only when there are some.
            without: dict[str, dict[str, str]] = {}
            for part in package.namelist():
                if part.startswith("xl/worksheets/") and part.endswith(".xml"):
                    xml = package.read(part)
                    refs_without = _formulas_without_values(xml) if b"<f" in xml else {}
                    if refs_without:
                        without[part] = refs_without
            if not without:
                return found
            parts = _sheet_parts(package)
            for sheet, refs in cells.items():
                in_sheet = without.get(parts.get(sheet, ""), {})
                hits = {ref: in_sheet[ref] for ref in refs if ref in in_sheet}
                if hits:
                    found[sheet] = hits
    except (zipfile.BadZipFile, KeyError, OSError, UnicodeDecodeError):
        return {}
    return found


# --------------------------------------------------------------------------- grid -> submission


def _text(value: Any) -> str:
    if value is None:
        return ""
    if type(value) is str:
        return nfc(value)
    if isinstance(value, float):
        return str(tidy_number(value))
    return nfc(str(value))


def _cell(grid: Grid, row: int, col: int) -> Any:
    """A cell's value in one representation for both engines (see ``_normalise``)."""
    try:
        return _normalise(grid[row][col])
    except IndexError:
        return None


def parse_submission(
    file: str, sheet_names: list[str], grids: dict[str, Grid], compact: Compact, engine: str = ""
) -> tuple[Submission, dict[str, list[str]]]:
    """The submission in ``grids``, and the empty input cells per sheet (to look for formulas)."""
    empty_inputs: dict[str, list[str]] = {}
    meta = _meta(grids.get(META, []))
    identity, identity_cells, signing, staff = _school_sheet(grids.get(SCHOOL, []), empty_inputs)
    grid = grids.get(TARGETS, [])
    header_row, columns = find_header(grid, _HEADER_KEYS, "code", rows=HEADER_ROW + 6)
    periods = [p for p in Period if p.value in meta.get("periods", "").split(",")] or list(Period)
    expected = [c.key for c in target_columns(periods) if not c.optional]
    missing_columns = (
        tuple(key for key in expected if key not in columns) if header_row >= 0 else tuple(expected)
    )
    rows: list[TargetRow] = []
    stray: list[int] = []
    if header_row >= 0:
        empty = empty_inputs.setdefault(TARGETS, [])
        rows, stray = _target_rows(grid, header_row, columns, compact, empty)
    submission = Submission(
        file=file,
        engine=engine,
        sheets=tuple(sheet_names),
        missing_sheets=tuple(name for name in SHEETS if name not in grids),
        missing_columns=missing_columns,
        columns={key: _letter(index) for key, index in columns.items()},
        meta=meta,
        identity=identity,
        identity_cells=identity_cells,
        signing=signing,
        staff=staff,
        rows=tuple(rows),
        stray_rows=tuple(stray),
    )
    return submission, empty_inputs


def _meta(grid: Grid) -> dict[str, str]:
    """The hidden metadata sheet: key in column A, value in column B."""
    meta: dict[str, str] = {}
    for r in range(len(grid)):
        key, value = _cell(grid, r, 0), _cell(grid, r, 1)
        if isinstance(key, str) and value is not None:
            meta[key.strip()] = _text(value)
    return meta


def _school_sheet(
    grid: Grid, empty_inputs: dict[str, list[str]]
) -> tuple[dict[str, str], dict[str, str], dict[str, CellValue], dict[str, CellValue]]:
    """(identity, its cells, the signing fields, the staff figures) from the school sheet's
    labelled rows."""
    identity: dict[str, str] = {}
    identity_cells: dict[str, str] = {}
    signing: dict[str, CellValue] = {}
    staff: dict[str, CellValue] = {}
    for r in range(len(grid)):
        label = _cell(grid, r, 0)
        if not isinstance(label, str) or fold(label) not in _SCHOOL_KEYS:
            continue
        key = _SCHOOL_KEYS[fold(label)]
        raw = _cell(grid, r, 1)
        ref = f"B{r + 1}"
        if key in _STAFF_KEYS:
            staff[key] = _staff_cell(ref, raw)
            if raw is None:
                empty_inputs.setdefault(SCHOOL, []).append(ref)
        elif key in SIGNING_KEYS:
            signing[key] = CellValue(
                cell=ref, raw=raw, value=_text(raw) or None, problem="", notes=()
            )
            if raw is None:
                empty_inputs.setdefault(SCHOOL, []).append(ref)
        else:
            identity[key] = _text(raw)
            identity_cells[key] = ref
    return identity, identity_cells, signing, staff


def _staff_cell(ref: str, raw: Any) -> CellValue:
    """A staff figure: a whole number of people, or why it is not one."""
    if raw is None:
        return CellValue(ref)
    try:
        number, _ = parse_number(raw)
    except NotANumber:
        return CellValue(ref, raw, None, "not-a-number")
    if number < 0 or number != int(number):
        return CellValue(ref, raw, None, "not-a-count")
    return CellValue(ref, raw, int(number))


def _target_rows(
    grid: Grid, header_row: int, columns: dict[str, int], compact: Compact, empty: list[str]
) -> tuple[list[TargetRow], list[int]]:
    """The rows of the targets table found by their code, and the rows with input but none."""
    targets = {t.code: t for t in compact.targets}
    rows: list[TargetRow] = []
    stray: list[int] = []
    last_target_row = header_row
    code_col = columns["code"]
    plan = _RowPlan(columns)
    input_cols = [columns[k] for k in _INPUT_KEYS if k in columns]
    for r in range(header_row + 1, len(grid)):
        cells = grid[r]
        width = len(cells)
        raw_code = cells[code_col] if code_col < width else None
        code = nfc(raw_code) if type(raw_code) is str else _text(_normalise(raw_code))
        if code and (code in targets or _CODE.fullmatch(code)):
            last_target_row = r
            rows.append(_target_row(cells, r, code, plan, targets.get(code), empty))
        elif not code:
            for c in input_cols:
                if c < width and _normalise(cells[c]) is not None:
                    stray.append(r + 1)
                    break
    return rows, [r for r in stray if r <= last_target_row + 1]  # not the signature block below


class _RowPlan:
    """Where each field of a target row is, worked out once per sheet (a batch reads thousands)."""

    __slots__ = ("comment", "direction", "evidence", "inputs", "letters", "note", "raw_fields",
                 "registration", "result_periods", "results", "status_reg", "status_res", "text",
                 "threshold", "unit")  # fmt: skip

    def __init__(self, columns: dict[str, int]) -> None:
        get = columns.get
        self.text, self.unit, self.direction = get("text"), get("unit"), get("direction")
        self.threshold, self.registration = get("threshold"), get("registration")
        self.results = [(period, columns[key]) for period, key in _RESULT_KEYS if key in columns]
        self.note, self.comment, self.evidence = get("note"), get("comment"), get("evidence")
        self.status_reg, self.status_res = get("status_registration"), get("status_result")
        self.letters = {index: _letter(index) for index in columns.values()}
        self.raw_fields = (self.threshold, self.text, self.unit, self.direction, self.note,
                           self.comment, self.status_reg, self.status_res,
                           self.evidence)  # fmt: skip
        self.inputs = (self.registration, *(index for _, index in self.results))
        self.result_periods = tuple(period for period, _ in self.results)


def _target_row(
    cells: list[Any], r: int, code: str, plan: _RowPlan, target: Any, empty: list[str]
) -> TargetRow:
    # The hot loop of a batch (every target row of every file): no closures, no re-lookups.
    width = len(cells)
    number = str(r + 1)
    letters = plan.letters
    fields: list[Any] = []
    for index in plan.raw_fields:  # threshold, text, unit, direction, note, comment, statuses
        fields.append(_normalise(cells[index]) if index is not None and index < width else None)
    threshold_raw, text, unit, direction, note, comment, status_reg, status_res, evidence = fields
    for index, typed in ((plan.note, note), (plan.comment, comment), (plan.evidence, evidence)):
        if typed is None and index is not None:  # a formula there would be lost: look it up
            empty.append(letters[index] + number)
    inputs: list[CellValue | None] = []
    for index in plan.inputs:  # the registration, then each result period's
        if index is None:
            inputs.append(None)
            continue
        ref = letters[index] + number
        content = _normalise(cells[index]) if index < width else None
        if content is None:
            empty.append(ref)
            inputs.append(CellValue(ref))
        elif target is None:
            inputs.append(CellValue(ref, content, content))
        else:
            parsed, problem, notes = parse_cell(target, content, threshold_raw)
            inputs.append(CellValue(ref, content, parsed, problem, notes))
    if target is not None:
        t_value, t_problem, _ = parse_cell(target, threshold_raw)
    else:
        t_value, t_problem = threshold_raw, ""
    threshold_ref = letters[plan.threshold] + number if plan.threshold is not None else ""
    return TargetRow(
        code,
        r + 1,
        CellValue(threshold_ref, threshold_raw, t_value, t_problem),
        _text(text),
        _text(unit),
        _text(direction),
        inputs[0],
        {
            period: cell
            for period, cell in zip(plan.result_periods, inputs[1:], strict=True)
            if cell is not None
        },
        _text(note),
        _text(comment),
        status_reg,
        status_res,
        (),
        _text(evidence),
    )


_RESULT_KEYS = [(period, f"result:{period.value}") for period in RESULT_PERIODS]


def _mark_formulas(submission: Submission, found: dict[str, dict[str, str]]) -> Submission:
    """Input cells holding a formula without a value are reported, not taken as blank; a note
    or comment typed as a formula is kept as the text typed (never lost, never a formula)."""
    if not found:
        return submission
    in_targets = found.get(TARGETS, {})
    in_school = found.get(SCHOOL, {})
    columns = submission.columns

    def mark(cell: CellValue | None, refs: dict[str, str]) -> CellValue | None:
        if cell is not None and cell.cell in refs:
            return replace(cell, problem="formula-without-value", value=None)
        return cell

    rows = []
    for row in submission.rows:
        results = {p: mark(c, in_targets) for p, c in row.results.items()}
        kept = {}
        for key in ("note", "comment", "evidence"):
            ref = f"{columns.get(key, '')}{row.row}"
            if key in columns and ref in in_targets and in_targets[ref]:
                kept[key] = "=" + in_targets[ref]
        typed = tuple(kept)
        rows.append(
            replace(
                row,
                registration=mark(row.registration, in_targets),
                results=results,
                formulas=typed,
                **kept,
            )
        )
    signing = {k: mark(v, in_school) for k, v in submission.signing.items()}
    staff = {k: mark(v, in_school) for k, v in submission.staff.items()}
    return replace(submission, rows=tuple(rows), signing=signing, staff=staff)


def read_submission(
    path: str | os.PathLike[str],
    compact: Compact,
    engine: str = "calamine",
    data: bytes | None = None,
) -> Submission:
    """Read one returned school workbook. Raises :class:`UnreadableWorkbook` for a file that is
    not a readable spreadsheet; everything else is data for the checker."""
    path = Path(path)
    guarded = read_within_limits(path, data)
    names, grids = _read(path, engine, guarded)
    submission, empty = parse_submission(path.name, names, grids, compact, engine)
    if _calculated(submission) or guarded.format not in OOXML:
        return submission
    return _mark_formulas(submission, formulas_without_values(guarded.data, empty))


def _calculated(submission: Submission) -> bool:
    """Whether the file was last saved by an application that stores formula results.

    Excel, LibreOffice, WPS, Google Sheets and our own writer store the result of every formula;
    programs that do not calculate store none. The status formulas of the targets sheet tell
    which it was, so the sheet's XML is searched for formulas without values only when needed.
    """
    has_status = [
        r
        for r in submission.rows
        if r.status_registration is not None or r.status_result is not None
    ]
    return bool(submission.rows) and len(has_status) == len(submission.rows)
