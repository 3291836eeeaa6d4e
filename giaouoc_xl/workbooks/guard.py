"""Limits checked before a spreadsheet is handed to a reader, so a hostile or broken file is a
clear status instead of a crash, a hang or the whole batch killed.

python-calamine allocates a sheet's whole rectangle: a single cell at XFD1048576 makes it abort
the process (a Rust allocation failure, not an exception). So before reading an .xlsx/.xlsm we
check, from the zip directory and the start of each worksheet, that nothing is out of bounds:
the file size, the total uncompressed size and compression ratio (zip bombs), and each sheet's
declared dimension; a sheet that declares none, or a large one, is scanned for its last row and
widest column.
"""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path

from ..core.errors import LimitExceeded, UnreadableWorkbook

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for parts above 1 MB
MAX_ROWS = 20_000
MAX_COLUMNS = 256
MAX_CELLS = 2_000_000

_DIMENSION = re.compile(rb'<dimension ref="([A-Z]{1,3})?([0-9]*):?([A-Z]{1,3})([0-9]+)"')
_LAST_ROW = re.compile(rb'<row r="([0-9]+)"')
_CELL_COLUMN = re.compile(rb'<c r="([A-Z]{3,})')


def _column(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def _too_large(name: str, reason: str) -> LimitExceeded:
    return LimitExceeded(f"Tệp '{name}' {reason}; không đọc để tránh treo hoặc hết bộ nhớ")


def read_within_limits(path: Path, data: bytes | None = None) -> bytes | None:
    """Raise :class:`LimitExceeded` when ``path`` is beyond what is safe to read; return the
    bytes of an .xlsx/.xlsm file (read once, for the reader too; ``data`` when already read)."""
    info_stat = path.stat()
    if not stat.S_ISREG(info_stat.st_mode):  # a FIFO or a device would block or never end
        raise UnreadableWorkbook(f"'{path.name}' không phải là một tệp thông thường")
    size = info_stat.st_size
    if size > MAX_FILE_BYTES:
        raise _too_large(path.name, f"quá lớn ({size // (1024 * 1024)} MB)")
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    data = path.read_bytes() if data is None else data
    entries = _central_directory(data)
    package: zipfile.ZipFile | None = None
    if entries is None:  # not the plain zip a spreadsheet writes: the standard library decides
        try:
            package = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError):
            return data  # not a zip: the reader tells what it is (an .xls named .xlsx reads)
        entries = [
            (i.filename.encode(), i.compress_type, i.compress_size, i.file_size, i.header_offset)
            for i in package.infolist()
        ]
    total = sum(entry[3] for entry in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _too_large(
            path.name, f"giải nén ra tới {total // (1024 * 1024)} MB (nghi là 'zip bomb')"
        )
    sheets = _sheet_parts(data, entries)
    for entry in entries:
        name, _, compressed, size, offset = entry
        if size > 1024 * 1024 and size > MAX_RATIO * max(1, compressed):
            part = name.decode("utf-8", "replace")
            raise _too_large(path.name, f"có phần '{part}' nén bất thường (nghi là 'zip bomb')")
        if name in sheets or (name.startswith(b"xl/worksheets/") and name.endswith(b".xml")):
            if _small_sheet(size, _head(data, entry)):
                continue
            if package is None:
                package = zipfile.ZipFile(io.BytesIO(data))
            info = next((i for i in package.infolist() if i.header_offset == offset), None)
            if info is None:  # the two directories disagree: a crafted package
                raise UnreadableWorkbook(f"Tệp '{path.name}' bị hỏng (mục lục zip không khớp)")
            _scan_sheet(path.name, package.read(info))  # this very entry
    return data


#: One part of the package, from the zip's central directory: (name as stored, compression
#: method, compressed size, uncompressed size, offset of its local header).
_Entry = tuple[bytes, int, int, int, int]
_END = b"PK\x05\x06"
_CENTRAL = struct.Struct("<4s6H3L5H2L")  # central directory file header, 46 bytes


def _central_directory(data: bytes) -> list[_Entry] | None:
    """The parts of a plain zip package, read from its central directory (several times
    cheaper than :class:`zipfile.ZipFile`, which builds a full object per part: this runs on
    every file of a batch). None for anything unusual — zip64, an archive comment, data before
    the archive, a directory that does not end where the end record starts, a name twice, any
    damage — and :mod:`zipfile` then reads the package, as the reference. The fast path must
    never see other parts than the readers do: zipfile and the Rust ``zip`` crate inside
    python-calamine find the directory from the end record backwards."""
    end = len(data) - 22
    if end < 0 or data[end : end + 4] != _END:  # no archive comment: the record is last
        return None
    if end >= 20 and data[end - 20 : end - 16] == b"PK\x06\x07":  # a zip64 locator
        return None
    disk, start_disk, count_here, count, cd_size, cd_offset = struct.unpack_from(
        "<4H2L", data, end + 4
    )
    if disk or start_disk or count_here != count or cd_offset + cd_size != end:
        return None
    entries = []
    names = set()
    position = cd_offset
    unpack = _CENTRAL.unpack_from
    for _ in range(count):
        if position + 46 > end:
            return None
        fields = unpack(data, position)
        name_length = fields[10]
        compressed, size, offset = fields[8], fields[9], fields[16]
        if fields[0] != b"PK\x01\x02" or offset + 30 > cd_offset:  # damage
            return None
        if 0xFFFFFFFF in (compressed, size, offset):  # zip64
            return None
        name = data[position + 46 : position + 46 + name_length]
        if name in names:
            return None
        names.add(name)
        entries.append((name, fields[4], compressed, size, offset))
        position += 46 + name_length + fields[11] + fields[12]
    if position != end:
        return None
    return entries


_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_TARGET = re.compile(rb'\bTarget\s*=\s*["\']([^"\']*)["\']')


def _sheet_parts(data: bytes, entries: list[_Entry]) -> frozenset[bytes]:
    """The worksheet parts the workbook declares (its relationships), wherever they are in the
    package: a reader follows these, not the usual ``xl/worksheets/`` folder."""
    rels = next((e for e in entries if e[0] == b"xl/_rels/workbook.xml.rels"), None)
    if rels is None or rels[3] > 1024 * 1024:
        return frozenset()
    # the same writer stores the same bytes: files of one template share one answer
    return _declared_sheets(_compressed(data, rels, rels[2]), rels[1], rels[3])


@lru_cache(maxsize=256)
def _declared_sheets(stored: bytes, method: int, size: int) -> frozenset[bytes]:
    xml = stored[:size] if method == zipfile.ZIP_STORED else _inflate(stored, size)
    parts = set()
    for relationship in _RELATIONSHIP.findall(xml):
        # Any relationship that mentions a worksheet counts as one: checking a part too many
        # only costs time, missing one would let it through.
        if b"/worksheet" not in relationship:
            continue
        start = relationship.find(b'Target="') + 8
        end = relationship.find(b'"', start)
        if start >= 8 and end >= 0:
            target = relationship[start:end]
        else:  # other spellings of the same XML
            match = _TARGET.search(relationship)
            if match is None:
                continue
            target = match[1]
        target = target.replace(b"\\", b"/")
        parts.add(target.lstrip(b"/") if target.startswith(b"/") else b"xl/" + target)
    return frozenset(parts)


def _inflate(stored: bytes, limit: int) -> bytes:
    try:
        return zlib.decompressobj(-15).decompress(stored, limit)
    except zlib.error:
        return b""


def _compressed(data: bytes, entry: _Entry, most: int) -> bytes:
    """Up to ``most`` bytes of a part's stored data, found through its local header."""
    _, _, compressed, _, offset = entry
    if offset + 30 > len(data):
        return b""  # a damaged directory: the reader says why
    name_length, extra_length = struct.unpack_from("<HH", data, offset + 26)
    start = offset + 30 + name_length + extra_length
    return data[start : start + min(compressed, most)]


def _head(data: bytes, entry: _Entry) -> bytes:
    """The first bytes of a part, decompressed straight from the file's bytes (several times
    cheaper than opening the part through zipfile, which matters on the batch's hot path)."""
    chunk = _compressed(data, entry, 512)  # <dimension> is near the top
    if entry[1] == zipfile.ZIP_STORED:
        return chunk
    try:
        inflate = zlib.decompressobj(-15)
        head = inflate.decompress(chunk, 384)  # enough for what spreadsheet writers put first
        at = head.find(b"<dimension")
        if at >= 0 and head.find(b"/>", at) > 0:  # the element is whole: enough
            return head
        return head + inflate.decompress(inflate.unconsumed_tail, 1152)
    except zlib.error:
        return b""


def _small_sheet(size: int, head: bytes) -> bool:
    """The common case: a sheet that declares a small dimension (an application wrote it)."""
    match = _DIMENSION.search(head)
    if match and size < 4 * 1024 * 1024:
        rows, columns = int(match[4]), _column(match[3])
        return rows <= MAX_ROWS and columns <= MAX_COLUMNS and rows * columns <= MAX_CELLS
    return False


def _scan_sheet(name: str, xml: bytes) -> None:
    """No dimension, or a large one: look at the cells themselves."""
    rows = max((int(m[1]) for m in _LAST_ROW.finditer(xml, max(0, len(xml) - 65536))), default=0)
    wide = max((_column(m[1]) for m in _CELL_COLUMN.finditer(xml)), default=0)
    if rows > MAX_ROWS:
        reason = f"có sheet dài tới dòng {_count(rows)}, vượt giới hạn {_count(MAX_ROWS)} dòng"
    elif wide > MAX_COLUMNS:
        reason = f"có sheet rộng tới cột thứ {_count(wide)}, vượt giới hạn {MAX_COLUMNS} cột"
    elif rows * max(wide, 1) > MAX_CELLS:
        reason = f"có sheet {_count(rows)} dòng × {wide} cột, vượt giới hạn {_count(MAX_CELLS)} ô"
    else:
        return
    raise _too_large(name, reason)


def _count(number: int) -> str:
    """1000000 -> '1.000.000' (Vietnamese digit grouping)."""
    return f"{number:,}".replace(",", ".")
