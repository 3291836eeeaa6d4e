"""A sheet's size before python-calamine allocates it, for .xls, .xlsb and .ods.

python-calamine builds a dense rectangle from A1 to the last cell it stored, whatever the file
declares (one cell at IV65536 costs over a gigabyte), and it has no cheap way to tell a sheet's
size first. Here the cell records are scanned without building any cell: each sheet's extent
is what the reader will allocate ("one past the last": rows = last row + 1, columns likewise).
For .xls the declared DIMENSIONS matter too: the reader reserves 40 bytes of address space per
declared cell before reading any.

Structures that make python-calamine panic or abort are refused here
(:class:`DamagedWorkbook`): an .xls sheet offset past the end of its stream, DIMENSIONS whose
first row is after its last, a damaged compound file; an .xlsb relationship that is missing or
a shared-string index past the table. (Measured with python-calamine 0.9.1 / calamine 0.37.)
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .formats import DamagedCompoundFile, open_compound_file


class DamagedWorkbook(ValueError):
    """A structure the reader would crash on; the message is technical (for the log)."""


class EncryptedContent(ValueError):
    """The workbook is encrypted (an .xls FILEPASS record, an .ods manifest's encryption)."""


@dataclass(frozen=True)
class Extent:
    """One sheet's size: declared (None when the format declares none) and as stored."""

    name: str
    declared_rows: int | None
    declared_cols: int | None
    rows: int
    cols: int

    @property
    def cells(self) -> int:
        return self.rows * self.cols

    @property
    def declared_cells(self) -> int:
        return (self.declared_rows or 0) * (self.declared_cols or 0)


# --------------------------------------------------------------------------- .xls (BIFF8/BIFF5)

#: Records python-calamine turns into cells (row and column are their first 4 bytes). BLANK,
#: MULBLANK and ROW are ignored by it, so formatting alone does not count.
_XLS_CELLS = frozenset({0x0006, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E})
_MULRK, _BOF, _EOF, _FILEPASS, _BOUNDSHEET, _DIMENSIONS = 0x00BD, 0x0809, 0x000A, 0x2F, 0x85, 0x200


def xls_extents(data: bytes) -> list[Extent]:
    """Every sheet of an .xls (the "Workbook" stream of BIFF8, "Book" of BIFF5, named in any
    case): python-calamine builds them all when it opens the file, hidden ones included."""
    try:
        compound = open_compound_file(data)
        workbook = compound.workbook()  # in any case (BOOK, WORKBOOK), what python-calamine reads
        if workbook is None:
            raise DamagedWorkbook("no Workbook stream")
        stream = compound.read(workbook.name)
    except DamagedCompoundFile as exc:
        raise DamagedWorkbook(f"compound file: {exc}") from exc
    return [_xls_sheet(stream, name, offset) for name, offset in _xls_sheets(stream)]


def _xls_sheets(stream: bytes) -> list[tuple[str, int]]:
    """(name, offset of its BOF) of each sheet, from the BoundSheet records of the globals."""
    sheets = []
    biff8 = True
    for kind, at, size in _records(stream, 0):
        if kind == _BOF:
            biff8 = struct.unpack_from("<H", stream, at)[0] in (0x0600, 0)
        elif kind == _FILEPASS:
            raise EncryptedContent("FILEPASS")
        elif kind == _BOUNDSHEET and size >= 8:
            offset, length = struct.unpack_from("<I", stream, at)[0], stream[at + 6]
            if biff8:
                wide = stream[at + 7] & 1
                raw = stream[at + 8 : at + 8 + length * (2 if wide else 1)]
                sheets.append((raw.decode("utf-16-le" if wide else "latin-1", "replace"), offset))
            else:
                sheets.append(
                    (stream[at + 7 : at + 7 + length].decode("cp1258", "replace"), offset)
                )
        elif kind == _EOF:
            break
    return sheets


def _xls_sheet(stream: bytes, name: str, offset: int) -> Extent:
    if offset + 4 > len(stream):  # python-calamine panics here (a slice out of range)
        raise DamagedWorkbook(f"sheet {name!r} starts past the end of the stream")
    if struct.unpack_from("<H", stream, offset)[0] != _BOF:
        raise DamagedWorkbook(f"sheet {name!r} does not start with a BOF record")
    declared_rows: int | None = None
    declared_cols: int | None = None
    for kind, at, size in _records(stream, offset):
        if kind == _DIMENSIONS:
            if size == 14:
                first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", stream, at)
            elif size == 10:
                first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", stream, at)
            else:
                raise DamagedWorkbook(f"sheet {name!r}: DIMENSIONS of {size} bytes")
            if (last_row and first_row > last_row - 1) or (last_col and first_col > last_col - 1):
                raise DamagedWorkbook(f"sheet {name!r}: DIMENSIONS first > last")  # u32 wrap
            declared_rows = last_row - first_row if last_row else 0
            declared_cols = last_col - first_col if last_col else 0
            break
        if kind == _EOF:
            break
    rows, cols = _xls_cells(stream, offset)
    return Extent(name, declared_rows, declared_cols, rows, cols)


def _xls_cells(stream: bytes, position: int) -> tuple[int, int]:
    """Last row + 1 and last column + 1 over the cell records of one sheet substream."""
    rows = cols = 0
    end = len(stream)
    unpack = struct.unpack_from
    while position + 4 <= end:
        kind, size = unpack("<HH", stream, position)
        at = position + 4
        position = at + size
        if kind in _XLS_CELLS:
            if size >= 4 and position <= end:
                row, col = unpack("<HH", stream, at)
                rows, cols = max(rows, row + 1), max(cols, col + 1)
        elif kind == _MULRK:
            if size >= 6 and position <= end:
                row, col = unpack("<H", stream, at)[0], unpack("<H", stream, position - 2)[0]
                rows, cols = max(rows, row + 1), max(cols, col + 1)
        elif kind == _EOF:
            break
    return rows, cols


def _records(stream: bytes, position: int) -> Iterator[tuple[int, int, int]]:
    """(type, offset of its data, size) of each BIFF record from ``position`` on."""
    end = len(stream)
    while position + 4 <= end:
        kind, size = struct.unpack_from("<HH", stream, position)
        yield kind, position + 4, min(size, end - position - 4)
        position += 4 + size


# --------------------------------------------------------------------------- .xlsb (BIFF12)

_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(rb'(\w+)\s*=\s*["\']([^"\']*)["\']')
_XLSB_CELLS = frozenset(range(0x0002, 0x000B))
_ROW_HEADER, _WS_DIM, _END_SHEET_DATA, _SST, _BUNDLE_SHEET, _END_BUNDLE = (
    0x0000,
    0x0094,
    0x0092,
    0x009F,
    0x009C,
    0x0090,
)


def xlsb_extents(data: bytes, max_part: int) -> list[Extent]:
    """Every sheet of an .xlsb: xl/workbook.bin names each sheet and its relationship, the
    relationship its part, and the part's cell records give its extent."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise DamagedWorkbook("not a zip") from exc
    with package:
        try:
            workbook = package.read("xl/workbook.bin")
            relationships = package.read("xl/_rels/workbook.bin.rels")
        except KeyError as exc:
            raise DamagedWorkbook(f"missing part: {exc}") from exc
        targets = {}
        for relationship in _RELATIONSHIP.findall(relationships):
            attributes = dict(_ATTRIBUTE.findall(relationship))
            if b"Id" in attributes and b"Target" in attributes:
                targets[attributes[b"Id"].decode()] = attributes[b"Target"].decode()
        strings = _xlsb_string_count(package)
        extents = []
        for name, relationship_id in _xlsb_sheets(workbook):
            if relationship_id not in targets:  # python-calamine panics (a missing key)
                raise DamagedWorkbook(f"sheet {name!r}: relationship {relationship_id!r} missing")
            target = targets[relationship_id]
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            try:
                info = package.getinfo(part)
            except KeyError as exc:
                raise DamagedWorkbook(f"sheet {name!r}: part {part!r} missing") from exc
            if info.file_size > max_part:
                raise DamagedWorkbook(f"sheet {name!r}: part of {info.file_size} bytes")
            extents.append(_xlsb_sheet(name, package.read(info), strings))
        return extents


def _xlsb_string_count(package: zipfile.ZipFile) -> int:
    if "xl/sharedStrings.bin" not in package.namelist():
        return 0
    with package.open("xl/sharedStrings.bin") as handle:
        for kind, body in _b12_records(handle.read(64)):
            if kind == _SST and len(body) >= 8:  # BrtBeginSst: cstTotal, cstUnique
                return int(struct.unpack_from("<I", body, 4)[0])
            break
    return 0


def _xlsb_sheets(workbook: bytes) -> list[tuple[str, str]]:
    """(name, relationship id) of each BrtBundleSh of xl/workbook.bin."""
    sheets = []
    for kind, body in _b12_records(workbook):
        if kind == _END_BUNDLE:
            break
        if kind != _BUNDLE_SHEET or len(body) < 12:
            continue
        id_length = struct.unpack_from("<I", body, 8)[0]
        if id_length == 0xFFFFFFFF:
            continue
        relationship_id = body[12 : 12 + 2 * id_length].decode("utf-16-le", "replace")
        at = 12 + 2 * id_length
        name_length = struct.unpack_from("<I", body, at)[0]
        name = body[at + 4 : at + 4 + 2 * name_length].decode("utf-16-le", "replace")
        sheets.append((name, relationship_id))
    return sheets


def _xlsb_sheet(name: str, sheet: bytes, strings: int) -> Extent:
    declared_rows: int | None = None
    declared_cols: int | None = None
    rows = cols = row = 0
    unpack = struct.unpack_from
    for kind, at, size in _b12_positions(sheet):
        if kind in _XLSB_CELLS:
            if size >= 8:
                col = unpack("<I", sheet, at)[0]
                rows, cols = max(rows, row + 1), max(cols, col + 1)
                if kind == 0x0007 and size >= 12 and unpack("<I", sheet, at + 8)[0] >= strings:
                    raise DamagedWorkbook(f"sheet {name!r}: shared string past the table")
        elif kind == _ROW_HEADER:
            if size >= 4:
                row = unpack("<I", sheet, at)[0]
                if row > 0x100000:
                    break  # the reader stops here too
        elif kind == _WS_DIM:
            if size >= 16:
                _, last_row, _, last_col = unpack("<IIII", sheet, at)
                declared_rows, declared_cols = last_row + 1, last_col + 1
        elif kind == _END_SHEET_DATA:
            break
    return Extent(name, declared_rows, declared_cols, rows, cols)


def _b12_positions(buf: bytes) -> Iterator[tuple[int, int, int]]:
    """(type, offset of its body, size) of each BIFF12 record: a type of 1–2 bytes and a size
    of 1–4 bytes, 7 bits each."""
    position, end = 0, len(buf)
    while position < end:
        byte = buf[position]
        position += 1
        kind = byte & 0x7F
        if byte & 0x80:
            if position >= end:
                return
            kind |= (buf[position] & 0x7F) << 7
            position += 1
        size = shift = 0
        for _ in range(4):
            if position >= end:
                return
            byte = buf[position]
            position += 1
            size |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        if position + size > end:
            return
        yield kind, position, size
        position += size


def _b12_records(buf: bytes) -> Iterator[tuple[int, bytes]]:
    for kind, at, size in _b12_positions(buf):
        yield kind, buf[at : at + size]


# --------------------------------------------------------------------------- .ods

_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TABLE, _ROW, _CELL, _COVERED = (
    _T + "table",
    _T + "table-row",
    _T + "table-cell",
    _T + "covered-table-cell",
)
_ROWS_REPEATED, _COLS_REPEATED, _NAME = (
    _T + "number-rows-repeated",
    _T + "number-columns-repeated",
    _T + "name",
)
_VALUE_TYPE = _O + "value-type"


def ods_extents(data: bytes) -> list[Extent]:
    """Each table of content.xml, streamed through defusedxml (a DTD or an entity is refused)
    without expanding repeats: a row repeated N times advances the row count by N and counts
    only if a cell of it has content; a content cell repeated N times widens the row by N. So
    LibreOffice's usual trailing repeat of empty rows costs nothing, and a repeated content
    cell (a "repeat bomb") shows its full size."""
    from defusedxml.ElementTree import iterparse

    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        if b"encryption-data" in package.read("META-INF/manifest.xml"):
            raise EncryptedContent("manifest encryption-data")
        stream = package.open("content.xml")
    except (zipfile.BadZipFile, KeyError) as exc:
        raise DamagedWorkbook(f"content.xml: {exc}") from exc
    state = _OdsState()
    try:
        for event, element in iterparse(stream, events=("start", "end")):
            state.step(event, element)
    except Exception as exc:  # ParseError, a bad number, defusedxml's EntitiesForbidden
        raise DamagedWorkbook(f"content.xml: {type(exc).__name__}: {exc}") from exc
    return state.extents


class _OdsState:
    """The walk over content.xml: where we are in which table and row."""

    def __init__(self) -> None:
        self.extents: list[Extent] = []
        self.stack: list[Any] = []
        self.depth = 0  # of table:table (a table inside a cell is not a sheet)
        self.name = ""
        self.row = self.rows = self.cols = 0
        self.repeat = self.row_cols = self.col = 0
        self.content = False

    def step(self, event: str, element: Any) -> None:
        tag = element.tag
        if event == "start":
            self.stack.append(element)
            if tag == _TABLE:
                self.depth += 1
                if self.depth == 1:
                    self.name, self.row, self.rows, self.cols = element.get(_NAME, ""), 0, 0, 0
            elif tag == _ROW and self.depth == 1:
                self.repeat = int(element.get(_ROWS_REPEATED, "1"))
                self.col, self.row_cols, self.content = 0, 0, False
            return
        self.stack.pop()
        if self.depth != 1:
            if tag == _TABLE:
                self.depth -= 1
            return
        if tag in (_CELL, _COVERED) and self.stack and self.stack[-1].tag == _ROW:
            repeat = int(element.get(_COLS_REPEATED, "1"))
            if element.get(_VALUE_TYPE) is not None or len(element):
                self.row_cols, self.content = self.col + repeat, True
            self.col += repeat
            element.clear()
            self.stack[-1].remove(element)
        elif tag == _ROW:
            if self.content:
                self.rows, self.cols = self.row + self.repeat, max(self.cols, self.row_cols)
            self.row += self.repeat
            element.clear()
            if self.stack:
                self.stack[-1].remove(element)
        elif tag == _TABLE:
            self.extents.append(Extent(self.name, None, None, self.rows, self.cols))
            self.depth -= 1
            element.clear()
