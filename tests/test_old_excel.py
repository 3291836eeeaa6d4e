"""Old Excel files (.xls) by the format's rules: a compound file's directory names are compared
case-insensitively (MS-CFB 2.6.4), so a workbook stream named ``BOOK``, ``WORKBOOK`` or
``workbook`` (other programs write them) is a workbook, measured by the guard and read like any
.xls; an XML file renamed .xls is named XML; every damaged compound file stays refused as
damaged, and no hostile one makes the classification crash, hang or eat memory.

The files are real: BIFF8/BIFF5 workbooks of tests/wild.py and a school's submission saved as
.xls by LibreOffice, whose directory entry is renamed in place (its UTF-16 name and length).
"""

from __future__ import annotations

import io
import json
import struct
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from giaouoc_xl.core.model import Compact, Period
from giaouoc_xl.core.simulate import clean_answers
from giaouoc_xl.workbooks.intake import formats
from giaouoc_xl.workbooks.intake.extents import DamagedWorkbook, xls_extents
from giaouoc_xl.workbooks.intake.formats import (
    DamagedCompoundFile,
    Format,
    canonical_stream_names,
    identify,
    open_compound_file,
)
from giaouoc_xl.workbooks.intake.guard import read_within_limits
from giaouoc_xl.workbooks.school.writer import render_school_workbook

from . import wild
from .conftest import run_cli
from .libreoffice import convert

_END, _FREE = 0xFFFFFFFE, 0xFFFFFFFF


def renamed(data: bytes, old: str, new: str) -> bytes:
    """The compound file with its root stream ``old`` renamed ``new`` in its directory entry
    (name and length; at most 31 characters). Found by scanning every 128-byte entry: the
    directory is not read through the code under test."""
    old_raw, new_raw = old.encode("utf-16-le"), new.encode("utf-16-le")
    out = bytearray(data)
    found = [
        at
        for at in range(512, len(data) - 127, 128)
        if data[at : at + 64] == old_raw + bytes(64 - len(old_raw))
        and struct.unpack_from("<H", data, at + 64)[0] == len(old_raw) + 2
        and data[at + 66] == 2
    ]
    assert len(found) == 1, (old, found)
    out[found[0] : found[0] + 66] = (
        new_raw + bytes(64 - len(new_raw)) + struct.pack("<H", len(new_raw) + 2)
    )
    return bytes(out)


def extents(data: bytes) -> list[tuple[str, int | None, int | None, int, int]]:
    return [(e.name, e.declared_rows, e.declared_cols, e.rows, e.cols) for e in xls_extents(data)]


def calamine_grids(data: bytes) -> dict[str, list[list[Any]]]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names}


BIFF8 = wild.xls_bytes()
BIFF5 = wild.cfb({"Book": wild.biff5_book()})
#: a Workbook stream of 8 KB: in the FAT's sectors, not the mini stream
BIFF8_LARGE = wild.xls_bytes(
    {wild.SHEET: wild.grid_cells(wild.ROWS) + [(r, 0, r) for r in range(3, 400)]}
)

#: (source, stream, renamed to, format): every spelling is the workbook by the format's rules
RENAMES = [
    ("biff8", "Workbook", "WORKBOOK", Format.XLS),
    ("biff8", "Workbook", "workbook", Format.XLS),
    ("biff8", "Workbook", "WorkBook", Format.XLS),
    ("biff8", "Workbook", "BOOK", Format.XLS95),  # name and length rewritten: calamine reads it
    ("biff8-large", "Workbook", "WORKBOOK", Format.XLS),
    ("biff8-large", "Workbook", "workbook", Format.XLS),
    ("biff5", "Book", "BOOK", Format.XLS95),
    ("biff5", "Book", "book", Format.XLS95),
]
SOURCES = {"biff8": BIFF8, "biff8-large": BIFF8_LARGE, "biff5": BIFF5}


@pytest.mark.parametrize(("source", "stream", "name", "found"), RENAMES)
def test_a_workbook_stream_in_any_case_is_a_workbook(
    source: str, stream: str, name: str, found: Format
) -> None:
    original = SOURCES[source]
    data = renamed(original, stream, name)
    assert identify(data) is found
    entries = open_compound_file(data).entries  # looked up in any case
    assert name.lower() in entries and name.upper() in entries and entries[name].name == name
    assert extents(data) == extents(original)  # measured by the guard, as the original


@pytest.mark.parametrize(("source", "stream", "name", "found"), RENAMES)
def test_what_the_guard_passes_python_calamine_reads_alike(
    source: str, stream: str, name: str, found: Format
) -> None:
    original = SOURCES[source]
    data = renamed(original, stream, name)
    if name in formats.CALAMINE_STREAMS:  # the spellings python-calamine looks up
        assert canonical_stream_names(data) is data
        assert calamine_grids(data) == calamine_grids(original)
    else:  # python-calamine 0.9.1 finds no other: the canonical copy is the same file for it
        copy = canonical_stream_names(data)
        assert len(copy) == len(data) and identify(copy) is found
        assert calamine_grids(copy) == calamine_grids(original)
        assert extents(copy) == extents(original)


def test_the_encrypted_and_other_office_streams_are_found_in_any_case() -> None:
    encrypted = renamed(wild.encrypted_xls_bytes(), "Workbook", "WORKBOOK")
    assert identify(encrypted) is Format.ENCRYPTED_XLS
    package = wild.structural_encrypted_ooxml(wild.xlsx_bytes())
    package = renamed(
        renamed(package, "EncryptionInfo", "ENCRYPTIONINFO"), "EncryptedPackage", "encryptedpackage"
    )
    assert identify(package) is Format.ENCRYPTED_OOXML
    assert identify(renamed(wild.word_doc_bytes(), "WordDocument", "WORDDOCUMENT")) is Format.WORD


def test_the_stream_python_calamine_reads_is_the_one_measured() -> None:
    # the dual Excel 97/95 file holds both streams: python-calamine reads Workbook, and so do we
    dual = wild.cfb(
        {"Workbook": wild.biff8_workbook({wild.SHEET: [(0, 0, "97")]}), "Book": wild.biff5_book()}
    )
    assert identify(dual) is Format.XLS
    assert extents(dual) == [(wild.SHEET, 1, 1, 1, 1)]
    # python-calamine prefers "Book" to "WORKBOOK": what it reads is what is measured
    small = wild.biff8_workbook({wild.SHEET: [(0, 0, "nhỏ")]})
    far = wild.biff8_workbook({wild.SHEET: [(0, 0, "xa"), (30_000, 0, 1)]})
    both = wild.cfb({"WORKBOOK": small, "Book": far})
    assert calamine_grids(both)[wild.SHEET][-1] == [1.0]
    assert identify(both) is Format.XLS95 and extents(both)[0][3] == 30_001


def test_a_workbook_stream_the_tree_does_not_reach_is_damage() -> None:
    # the root's child pointer cut: python-calamine lists the whole directory and would read the
    # stream; the tree (the format) has none. Not "an Office file that is no spreadsheet".
    data = bytearray(BIFF8_LARGE)
    directory = struct.unpack_from("<I", data, 48)[0]
    struct.pack_into("<I", data, 512 + directory * 512 + 76, _FREE)  # root's child: NOSTREAM
    assert identify(bytes(data)) is Format.DAMAGED_CFB
    with pytest.raises(DamagedWorkbook):
        xls_extents(bytes(data))


# --------------------------------------------------------------------------- damaged and hostile


def _header(data: bytes, offset: int, value: int) -> bytes:
    """The file with the 32-bit number at ``offset`` replaced."""
    out = bytearray(data)
    struct.pack_into("<I", out, offset, value)
    return bytes(out)


def _fat_entry(data: bytes, sector: int, value: int) -> bytes:
    return _header(data, 512 + 4 * sector, value)  # the first FAT sector is sector 0


def _stream_chain(data: bytes, start: int) -> list[int]:
    fat = struct.unpack_from("<128I", data, 512)
    chain = [start]
    while fat[chain[-1]] != _END:
        chain.append(fat[chain[-1]])
    return chain


def _workbook_start(data: bytes) -> int:
    return int(
        struct.unpack_from("<I", data, wild._cfb_dir_entry_offset(data, "Workbook") + 116)[0]
    )


def _damaged_cases() -> dict[str, bytes]:
    large_chain = _stream_chain(BIFF8_LARGE, _workbook_start(BIFF8_LARGE))
    root_start = struct.unpack_from(
        "<I", BIFF8, 512 + struct.unpack_from("<I", BIFF8, 48)[0] * 512 + 116
    )[0]
    # 200 FAT sectors for a file of 5 (olefile would copy its FAT 200 times over)
    fat_count = _header(_header(_header(BIFF8, 44, 200), 68, 0), 72, 1)
    return {
        "fat-loop (directory)": wild.cfb_fat_loop(BIFF8),
        "fat-loop (workbook stream)": _fat_entry(BIFF8_LARGE, large_chain[3], large_chain[0]),
        "bad-difat (FATSECT)": wild.cfb_bad_difat(BIFF8),
        "bad-difat (sector past the end)": _header(BIFF8, 80, 0x00FFFFF0),
        "difat chain looping, not counted": _fat_entry(_header(BIFF8, 68, 0), 127, 0),
        "more FAT sectors than the file holds": fat_count,
        "bad start sector": wild.cfb_bad_start_sector(BIFF8_LARGE),
        "directory past the end": _header(BIFF8, 48, 0x0000FFFF),
        "no root": _no_root(BIFF8),
        "mini stream past its container": _header(
            BIFF8, 512 + struct.unpack_from("<I", BIFF8, 48)[0] * 512 + 120, 64
        ),
        "mini fat past the end": _header(BIFF8, 60, 0x0000FFFF),
        "container chain looping": _fat_entry(BIFF8, root_start, root_start),
        "sector size": _header(BIFF8, 28, 0x0010FFFE),
        **{f"truncated at {f:.0%}": wild.truncated(BIFF8_LARGE, f) for f in (0.3, 0.5, 0.75, 0.9)},
    }


def _no_root(data: bytes) -> bytes:
    out = bytearray(data)
    directory = struct.unpack_from("<I", data, 48)[0]
    out[512 + directory * 512 + 66] = 1  # the root entry made a storage
    return bytes(out)


DAMAGED = _damaged_cases()


def test_the_work_on_a_hostile_file_is_bounded_by_its_size() -> None:
    # a 2 MB workbook whose directory's FAT chain loops: olefile reads the directory as far as
    # the FAT goes (the file's size), the loop is found, nothing more is read
    data = wild.cfb_fat_loop(wild.builders()["xls-40000-rows"][1]())
    tracemalloc.start()
    started = time.perf_counter()
    try:
        assert identify(data) is Format.DAMAGED_CFB
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * len(data) and time.perf_counter() - started < 2


@pytest.mark.parametrize("case", list(DAMAGED))
def test_every_damaged_compound_file_is_refused_as_damaged(case: str, tmp_path: Path) -> None:
    data = DAMAGED[case]
    started = time.perf_counter()
    assert identify(data) is Format.DAMAGED_CFB, case
    with pytest.raises(DamagedCompoundFile):
        open_compound_file(data).read("Workbook")
    assert canonical_stream_names(data) is data
    path = tmp_path / "hong.xls"
    path.write_bytes(data)
    with pytest.raises(Exception) as refused:
        read_within_limits(path)
    assert "hỏng" in str(refused.value) and "Error" not in str(refused.value)
    assert time.perf_counter() - started < 2


def _linear_tree(count: int) -> bytes:
    """A directory of ``count`` streams whose tree is a list (each entry's right sibling the
    next): no red-black tree, and thousands of levels deep."""
    data = bytearray(wild.cfb({f"s{i}": b"x" for i in range(count)}))
    base = 512 + struct.unpack_from("<I", data, 48)[0] * 512
    struct.pack_into("<I", data, base + 76, 1)  # the root's child
    for sid in range(1, count + 1):
        struct.pack_into(
            "<II", data, base + sid * 128 + 68, _FREE, sid + 1 if sid < count else _FREE
        )
    return bytes(data)


def test_olefile_errors_never_escape() -> None:
    # whatever olefile raises on a file it cannot parse is a damaged compound file
    cases = (
        wild.CFB_MAGIC + bytes(1016),
        wild.CFB_MAGIC + b"\xff" * 2000,
        BIFF8[:1024],
        _linear_tree(3000),  # olefile walks the tree recursively: RecursionError
    )
    for data in cases:
        with pytest.raises(DamagedCompoundFile):
            open_compound_file(data)
        assert identify(data) is Format.DAMAGED_CFB
    assert len(open_compound_file(_linear_tree(40)).entries) == 40  # a shallow list is read


# --------------------------------------------------------------------------- XML renamed .xls


def test_xml_renamed_xls_is_named_xml(books: dict[str, Path], tmp_path: Path) -> None:
    data = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<DanhSach>\n'
        '  <Truong ma="01001" ten="Trường Tiểu học Đông Lĩnh, Thanh Ba"/>\n'
        '  <Truong ma="01002" ten="Trường Mầm non Thanh Hà, Thanh Ba"/>\n</DanhSach>\n'
    ).encode()
    assert identify(data) is Format.XML
    assert identify(b"<root>\n<a>1,2</a>\n<a>3,4</a>\n</root>\n") is Format.XML
    assert identify(wild.xml2003_bytes()) is Format.XML2003  # Excel 2003's own XML stays so
    path = tmp_path / "danh_sach.xls"
    path.write_bytes(data)
    done = run_cli("check", books["thanh-ba-2020-2021"], path, "--period", "cuoi-nam", "--json")
    (entry,) = done.json()["files"]
    assert entry["status"] == "not-a-spreadsheet"
    assert "tệp dữ liệu XML" in entry["reason"] and "CSV" not in entry["reason"]
    assert "chỉ mang đuôi .xls" in entry["reason"] and "format=xml" in entry["detail"]


# --------------------------------------------------------------------------- a real submission


@pytest.fixture(scope="module")
def submission_xls(tmp_path_factory: pytest.TempPathFactory, compacts: dict[str, Compact]) -> Path:
    """A school's submission with findings (a result left out, one typed as words), saved as
    .xls by LibreOffice (a real BIFF8 file: Workbook in the FAT's sectors, mini stream, summary
    information streams)."""
    compact = compacts["thanh-ba-2020-2021"]
    school = compact.schools[4]
    answers = clean_answers(compact, school, Period.YEAR_END)
    codes = list(answers.targets)
    answers.targets[codes[0]].pop("result:cuoi-nam", None)
    answers.targets[codes[1]]["result:cuoi-nam"] = "chưa có số liệu"
    folder = tmp_path_factory.mktemp("xls")
    source = folder / "in" / f"{school.code}.xlsx"
    source.parent.mkdir()
    render_school_workbook(compact, school, source, datetime(2021, 5, 20, tzinfo=UTC), answers)
    (saved,) = convert(source, folder / "out", "xls")
    return saved


def _check(book: Path, path: Path) -> dict[str, Any]:
    done = run_cli("check", book, path, "--period", "cuoi-nam", "--json")
    (entry,) = json.loads(done.out)["files"]
    return {key: entry[key] for key in ("school", "valid", "status", "findings")}


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    [
        "WORKBOOK",
        "BOOK",
        "workbook",  # python-calamine 0.9.1 reads it as the guard respells it (Workbook)
    ],
)
def test_a_submission_with_its_stream_renamed_is_checked_as_the_original(
    books: dict[str, Path], submission_xls: Path, tmp_path: Path, name: str
) -> None:
    data = submission_xls.read_bytes()
    assert open_compound_file(data).workbook().name == "Workbook"  # type: ignore[union-attr]
    path = tmp_path / submission_xls.name
    path.write_bytes(renamed(data, "Workbook", name))
    book = books["thanh-ba-2020-2021"]
    original = _check(book, submission_xls)
    assert original["status"] == "used" and original["findings"], original
    assert _check(book, path) == original


@pytest.mark.slow
def test_a_submission_saved_by_libreoffice_is_parsed_like_before(submission_xls: Path) -> None:
    data = submission_xls.read_bytes()
    compound = open_compound_file(data)
    assert {"Workbook", "\x05SummaryInformation"} <= set(compound.entries)
    assert identify(data) is Format.XLS
    assert [e[0] for e in extents(data)] == list(calamine_grids(data))
