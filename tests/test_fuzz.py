"""Fuzzing: valid submissions mutated cell by cell, structure by structure and byte by byte.

The reader may only refuse a file with the project's documented error (UnreadableWorkbook); the
checker never raises; the merge accounts for every file and every school whatever the bytes are.
"""

from __future__ import annotations

import io
import os
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from giaouoc_xl.core.check import check_submission
from giaouoc_xl.core.codes import FILE_CODES, FILE_STATUSES, SCHOOL_STATUSES
from giaouoc_xl.core.codes import SUBMISSION_CODES as CODES
from giaouoc_xl.core.errors import UnreadableWorkbook
from giaouoc_xl.core.model import Period
from giaouoc_xl.core.samples import sample
from giaouoc_xl.core.simulate import clean_answers
from giaouoc_xl.jobs.merge import merge
from giaouoc_xl.workbooks.school.reader import read_submission
from giaouoc_xl.workbooks.school.writer import render_school_workbook

pytestmark = pytest.mark.slow  # fuzzing with hypothesis

TB = sample("thanh-ba-2020-2021")
WHEN = datetime(2026, 1, 1, tzinfo=UTC)
#: More examples for a long local run: GIAOUOC_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py
EXAMPLES = int(os.environ.get("GIAOUOC_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class Valid:
    """A filled, clean year-end submission of the first school (its bytes, with a short repr
    for hypothesis' reports)."""

    def __init__(self) -> None:
        school = TB.schools[0]
        buffer = io.BytesIO()
        render_school_workbook(TB, school, buffer, WHEN, clean_answers(TB, school, Period.YEAR_END))
        self.data = buffer.getvalue()

    def __repr__(self) -> str:
        return f"<valid submission, {len(self.data)} bytes>"


@pytest.fixture(scope="module")
def valid() -> Valid:
    return Valid()


def read_and_check(path: Path) -> None:
    """What the batch does with one file, in this process: only documented outcomes allowed."""
    for engine in ("calamine", "openpyxl"):
        try:
            submission = read_submission(path, TB, engine=engine)
        except UnreadableWorkbook as error:
            assert str(error), "a refusal carries a message"
            continue
        for period in Period:
            for finding in check_submission(TB, submission, period):
                assert finding.code in CODES, finding.code
                assert finding.message


# --------------------------------------------------------------------------- cell by cell

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 1, 1)),
    st.text(max_size=40),
    st.sampled_from(
        [
            "95,5",
            "95 %",
            "≥ 98",
            "không",
            "Có",
            "1/0",
            "=1/0",
            "=A1",
            "=SUM(D:D)",
            '=HYPERLINK("http://x","y")',
            "=cmd|' /C calc'!A0",
            "#N/A",
            "1e308",
            "-0",
            "CT01",
            "",
            " ",
        ]
    ),
)
#: (sheet index, row, column, value); sheet indexes past the end wrap around.
CELL_EDITS = st.lists(
    st.tuples(st.integers(0, 3), st.integers(1, 70), st.integers(1, 20), VALUES),
    min_size=1,
    max_size=12,
)


def _illegal(value: Any) -> bool:
    """openpyxl refuses control characters in cell text; a school's spreadsheet does too."""
    return isinstance(value, str) and any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value)


@FUZZ
@given(edits=CELL_EDITS)
def test_cell_mutations(
    valid: Valid, tmp_path: Path, edits: list[tuple[int, int, int, Any]]
) -> None:
    wb = load_workbook(io.BytesIO(valid.data))
    for index, row, column, value in edits:
        if _illegal(value):
            continue
        ws = wb.worksheets[index % len(wb.worksheets)]
        cell = ws.cell(row=row, column=column)
        if type(cell).__name__ == "Cell":  # not the read-only part of a merged range
            cell.value = value
    path = tmp_path / "mutated.xlsx"
    wb.save(path)
    read_and_check(path)


# --------------------------------------------------------------------------- structure


def _apply(wb: Any, op: str, index: int, a: int, b: int) -> None:
    ws = wb.worksheets[index % len(wb.worksheets)]
    if op == "delete_rows":
        ws.delete_rows(a, b % 4 + 1)
    elif op == "insert_rows":
        ws.insert_rows(a, b % 4 + 1)
    elif op == "delete_cols":
        ws.delete_cols(a % 20 + 1, b % 3 + 1)
    elif op == "insert_cols":
        ws.insert_cols(a % 20 + 1, b % 3 + 1)
    elif op == "move_range":
        ws.move_range(f"C{a}:M{a + b % 10}", rows=max(1 - a, b % 7 - 3), cols=a % 5 - 2)
    elif op == "merge_cells":
        ws.merge_cells(start_row=a, start_column=b % 12 + 1, end_row=a + 2, end_column=b % 12 + 3)
    elif op == "rename_sheet":
        ws.title = f"Sheet {a}"
    elif op == "remove_sheet" and len(wb.worksheets) > 1:
        wb.remove(ws)
    elif op == "add_sheet":
        extra = wb.create_sheet(f"Thêm {a}", index=b % (len(wb.worksheets) + 1))
        extra["A1"] = "Mã"
    elif op == "move_sheet":
        wb.move_sheet(ws, offset=b % 5 - 2)
    elif op == "hide_sheet":
        ws.sheet_state = "hidden"
    elif op == "copy_sheet":
        wb.copy_worksheet(ws)
    elif op == "clear_sheet":
        for row in ws.iter_rows():
            for cell in row:
                if type(cell).__name__ == "Cell":
                    cell.value = None


OPS = st.sampled_from(
    [
        "delete_rows",
        "insert_rows",
        "delete_cols",
        "insert_cols",
        "move_range",
        "merge_cells",
        "rename_sheet",
        "remove_sheet",
        "add_sheet",
        "move_sheet",
        "hide_sheet",
        "copy_sheet",
        "clear_sheet",
    ]
)
STRUCTURE_EDITS = st.lists(
    st.tuples(OPS, st.integers(0, 3), st.integers(1, 60), st.integers(0, 30)),
    min_size=1,
    max_size=5,
)


@FUZZ
@given(edits=STRUCTURE_EDITS)
def test_structure_mutations(
    valid: Valid, tmp_path: Path, edits: list[tuple[str, int, int, int]]
) -> None:
    wb = load_workbook(io.BytesIO(valid.data))
    for op, index, a, b in edits:
        _apply(wb, op, index, a, b)
    if all(ws.sheet_state != "visible" for ws in wb.worksheets):
        wb.worksheets[0].sheet_state = "visible"  # no application saves a book with none shown
    path = tmp_path / "mutated.xlsx"
    wb.save(path)
    read_and_check(path)


# --------------------------------------------------------------------------- bytes, through the merge


def _mutate_bytes(data: bytes, kind: str, position: int, payload: bytes) -> bytes:
    at = position % max(1, len(data))
    if kind == "flip":
        return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
    if kind == "truncate":
        return data[:at]
    if kind == "insert":
        return data[:at] + payload + data[at:]
    return data[:at] + payload + data[at + len(payload) :]  # overwrite


def _mutate_part(data: bytes, part_index: int, kind: str, position: int, payload: bytes) -> bytes:
    """Mutate one XML part inside a well-formed zip (so the XML parsers see it, not zlib)."""
    with zipfile.ZipFile(io.BytesIO(data)) as old:
        infos = old.infolist()
        target = infos[part_index % len(infos)].filename
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
            for info in infos:
                content = old.read(info)
                if info.filename == target:
                    content = _mutate_bytes(content, kind, position, payload)
                new.writestr(info.filename, content)
    return out.getvalue()


BYTE_EDITS = st.lists(
    st.tuples(
        st.booleans(),  # inside an XML part, or the raw package
        st.integers(0, 30),
        st.sampled_from(["flip", "truncate", "insert", "overwrite"]),
        st.integers(0, 200_000),
        st.binary(min_size=1, max_size=16)
        | st.sampled_from([b"<", b"&lol;", b'"', b"</row>", b"<c r='XFD1048576'><v>1</v></c>"]),
    ),
    min_size=3,
    max_size=6,
)


@settings(
    max_examples=max(6, EXAMPLES // 4),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=BYTE_EDITS)
def test_byte_mutations_are_accounted_for(
    valid: Valid, tmp_path_factory: pytest.TempPathFactory, edits: list[Any]
) -> None:
    folder = tmp_path_factory.mktemp("bytes")
    names = []
    for number, (inside, part, kind, position, payload) in enumerate(edits):
        data = (
            _mutate_part(valid.data, part, kind, position, payload)
            if inside
            else _mutate_bytes(valid.data, kind, position, payload)
        )
        name = f"tep-{number}.xlsx"
        (folder / name).write_bytes(data)
        names.append(name)
    result = merge(TB, folder, Period.YEAR_END, jobs=2)
    assert sorted(o.name for o in result.files) == names
    for outcome in result.files:
        assert outcome.status in FILE_STATUSES, outcome.status
        assert outcome.reason
        for finding in outcome.findings:
            assert finding.code in {**CODES, **FILE_CODES}, finding.code
    assert sorted(s.school.code for s in result.schools) == sorted(s.code for s in TB.schools)
    assert all(s.status in SCHOOL_STATUSES for s in result.schools)
