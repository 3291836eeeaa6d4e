"""Fill a school workbook the way a school would, with openpyxl (cells found by target code)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from giaouoc_xl.core.model import Period
from giaouoc_xl.core.school_form import HEADER_ROW, SCHOOL, SCHOOL_ROW, TARGETS, target_columns


def columns(ws: Any) -> dict[str, str]:
    """key -> column letter, from the header row."""
    by_header = {c.header: c.key for c in target_columns(list(Period))}
    return {by_header[c.value]: c.column_letter for c in ws[HEADER_ROW] if c.value in by_header}


def target_rows(ws: Any) -> dict[str, int]:
    letter = columns(ws)["code"]
    return {
        ws[f"{letter}{r}"].value: r
        for r in range(HEADER_ROW + 1, ws.max_row + 1)
        if isinstance(ws[f"{letter}{r}"].value, str) and ws[f"{letter}{r}"].value.startswith("CT")
    }


def cell_of(path: Path, code: str, key: str) -> str:
    wb = load_workbook(path, read_only=False)
    ws = wb[TARGETS]
    return f"{columns(ws)[key]}{target_rows(ws)[code]}"


def fill(
    src: Path,
    dest: Path,
    values: dict[tuple[str, str], Any] | None = None,
    signing: dict[str, Any] | None = None,
    number_formats: dict[tuple[str, str], str] | None = None,
) -> Path:
    """Copy ``src`` to ``dest`` with target cells {(code, key): value} and signing fields set."""
    wb = load_workbook(src)
    ws = wb[TARGETS]
    cols, rows = columns(ws), target_rows(ws)
    for (code, key), value in (values or {}).items():
        ws[f"{cols[key]}{rows[code]}"] = value
    for (code, key), fmt in (number_formats or {}).items():
        ws[f"{cols[key]}{rows[code]}"].number_format = fmt
    for key, value in (signing or {}).items():
        wb[SCHOOL][f"B{SCHOOL_ROW[key]}"] = value
    wb.save(dest)
    return dest
