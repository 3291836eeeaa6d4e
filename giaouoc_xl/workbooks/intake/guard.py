"""The guard: what a file is and whether it is safe to read, decided before any reader touches
it, so that a hostile, broken or foreign file is a clear status instead of a crash, a hang, a
whole batch killed or a wrong reason.

1. What the file is, by its content (:mod:`giaouoc_xl.workbooks.intake.formats`): a Word document, a
   PDF, a CSV, an encrypted or truncated workbook, an Excel 4.0 sheet each get their own reason.
2. Its size, and for a package its total uncompressed size and compression ratio (zip bombs).
3. Each sheet's extent, as the reader would allocate it: python-calamine builds a sheet's whole
   rectangle, and aborts the process on a cell at XFD1048576. For .xlsx/.xlsm/.xltx/.xltm the
   zip directory and each sheet's declared dimension (a sheet that declares none, or a large
   one, is scanned); for .xls, .xlsb and .ods the records themselves
   (:mod:`giaouoc_xl.workbooks.intake.extents`), every sheet, hidden ones too.
4. An XML part that declares a DTD is refused: no spreadsheet program writes one, so such a file
   was crafted (nothing is expanded or read).
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
from typing import NamedTuple

from ...core.errors import EncryptedWorkbook, LimitExceeded, NotAWorkbook, UnreadableWorkbook
from . import extents
from .formats import (
    DESCRIPTIONS,
    ENCRYPTED,
    OOXML,
    READABLE,
    Format,
    canonical_stream_names,
    identify,
    identify_head,
    ooxml_format,
)

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for parts above 1 MB
MAX_ROWS = 20_000
MAX_COLUMNS = 256
MAX_CELLS = 2_000_000
#: What the program's own large outputs may hold when it reads them back (a province's summary:
#: its long data sheet has a row per school and target, far more than a submission's
#: 20,000): Excel's own sheet limits. The package's sizes are checked as for any file.
OWN_OUTPUT_ROWS = 1_048_576
OWN_OUTPUT_CELLS = 100_000_000
#: An .xls sheet may declare more (its DIMENSIONS cover formatted blank cells), but python-calamine
#: reserves 40 bytes of address space per declared cell before reading any.
MAX_DECLARED_CELLS = 8_000_000
_SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xlsb", ".xls", ".ods")

_DIMENSION = re.compile(rb'<dimension ref="([A-Z]{1,3})?([0-9]*):?([A-Z]{1,3})([0-9]+)"')
_LAST_ROW = re.compile(rb'<row r="([0-9]+)"')
_CELL_COLUMN = re.compile(rb'<c r="([A-Z]{3,})')


class Guarded(NamedTuple):
    """A file that may be read: its bytes and its format."""

    data: bytes
    format: Format


def _column(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def _too_large(name: str, reason: str, detail: str = "") -> LimitExceeded:
    return LimitExceeded(f"Tệp '{name}' {reason}; không đọc để tránh treo hoặc hết bộ nhớ", detail)


def read_within_limits(
    path: Path,
    data: bytes | None = None,
    *,
    max_rows: int = MAX_ROWS,
    max_cells: int = MAX_CELLS,
) -> Guarded:
    """The file's bytes and format, when it is a workbook safe to read (``data``: its bytes,
    when the caller has read them already; ``max_rows``, ``max_cells``: a sheet's extent, the
    submissions' by default, :data:`OWN_OUTPUT_ROWS` for a workbook the program wrote).
    Raises :class:`NotAWorkbook`,
    :class:`EncryptedWorkbook`, :class:`LimitExceeded` or :class:`UnreadableWorkbook` with a
    reason for people (and the technical ``detail``) otherwise."""
    info_stat = path.stat()
    if not stat.S_ISREG(info_stat.st_mode):  # a FIFO or a device would block or never end
        raise UnreadableWorkbook(f"'{path.name}' không phải là một tệp thông thường")
    if data is None:
        with path.open("rb") as handle:
            head = handle.read(4096)
    else:
        head = data[:4096]
    known = identify_head(head)
    if known is not None:  # no zip, no compound file: never a workbook we read
        raise refusal(path.name, known)
    size = info_stat.st_size if data is None else len(data)
    if size > MAX_FILE_BYTES:
        raise _too_large(path.name, f"quá lớn ({size // (1024 * 1024)} MB)")
    data = path.read_bytes() if data is None else data
    try:
        if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
            found = _check_package(path.name, data, max_rows, max_cells)
        else:
            found = identify(data)
            if found not in READABLE:
                raise refusal(path.name, found)
            _check_extents(path.name, found, data, max_rows, max_cells)
            if found in (Format.XLS, Format.XLS95):  # its workbook stream as calamine spells it
                data = canonical_stream_names(data)
    except _DAMAGE as exc:  # a part that cannot be inflated, a record cut short
        raise UnreadableWorkbook(
            f"Tệp '{path.name}' bị hỏng (một phần nội dung không giải nén hoặc không đọc được); "
            "hãy tải lại tệp hoặc đề nghị trường gửi lại",
            f"{type(exc).__name__}: {exc}",
        ) from exc
    return Guarded(data, found)


_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, struct.error, NotImplementedError, ValueError)


def refusal(name: str, found: Format) -> UnreadableWorkbook:
    """Why a file of format ``found`` is not read, in words a principal understands."""
    what = DESCRIPTIONS[found]
    detail = f"format={found.value}"
    suffix = Path(name).suffix.lower()
    if found in ENCRYPTED:
        return EncryptedWorkbook(
            f"Tệp '{name}' là {what}, chương trình không mở được; hãy mở tệp, bỏ mật khẩu "
            "(Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu: xóa mật khẩu), "
            "lưu lại rồi gửi lại",
            detail,
        )
    if found in (Format.DAMAGED_ZIP, Format.DAMAGED_CFB):
        return UnreadableWorkbook(
            f"Tệp '{name}' là {what}; hãy tải lại tệp hoặc đề nghị trường gửi lại", detail
        )
    if found in (Format.EXCEL_2_4, Format.XML2003):
        return UnreadableWorkbook(
            f"Tệp '{name}' là {what}, chương trình không đọc được; hãy mở bằng Excel hoặc "
            "LibreOffice và lưu lại dạng .xlsx (Sổ làm việc Excel) rồi gửi lại",
            detail,
        )
    if found is Format.EMPTY:
        return UnreadableWorkbook(f"Tệp '{name}' rỗng (0 byte); hãy đề nghị trường gửi lại", detail)
    if found is Format.UNKNOWN and suffix in _SPREADSHEET_SUFFIXES:
        return UnreadableWorkbook(
            f"Tệp '{name}' bị hỏng: nội dung không phải bảng tính dù tên tệp có đuôi {suffix}; "
            "hãy đề nghị trường gửi lại",
            detail,
        )
    claimed = f" (chỉ mang đuôi {suffix} của bảng tính)" if suffix in _SPREADSHEET_SUFFIXES else ""
    if found is Format.CSV:
        return NotAWorkbook(
            f"Tệp '{name}' là {what}{claimed}, không phải mẫu giao ước; hãy gửi tệp Excel của "
            "mẫu (.xlsx)",
            detail,
        )
    return NotAWorkbook(f"Tệp '{name}' là {what}{claimed}, không phải bảng tính", detail)


def _check_extents(
    name: str, found: Format, data: bytes, max_rows: int = MAX_ROWS, max_cells: int = MAX_CELLS
) -> None:
    """.xls, .xlsb, .ods: each sheet's extent, scanned from its records."""
    try:
        if found in (Format.XLS, Format.XLS95):
            sheets = extents.xls_extents(data)
        elif found is Format.XLSB:
            sheets = extents.xlsb_extents(data, MAX_UNCOMPRESSED_BYTES)
        else:
            sheets = extents.ods_extents(data)
    except extents.EncryptedContent as exc:
        encrypted = Format.ENCRYPTED_ODS if found is Format.ODS else Format.ENCRYPTED_XLS
        raise refusal(name, encrypted) from exc
    except extents.DamagedWorkbook as exc:
        if "Forbidden" in str(exc):  # defusedxml: a DTD or an entity in content.xml
            raise _crafted(name, str(exc)) from exc
        raise UnreadableWorkbook(
            f"Tệp '{name}' là {DESCRIPTIONS[found]} bị hỏng (cấu trúc bên trong không đúng); "
            "hãy đề nghị trường mở tệp, lưu lại rồi gửi lại",
            str(exc),
        ) from exc
    for sheet in sheets:
        _check_extent(name, sheet.name, sheet.rows, sheet.cols, max_rows, max_cells)
        if sheet.declared_cells > MAX_DECLARED_CELLS:
            raise _too_large(
                name,
                f"có sheet '{sheet.name}' khai báo {_count(sheet.declared_rows or 0)} dòng × "
                f"{sheet.declared_cols} cột, vượt giới hạn {_count(MAX_DECLARED_CELLS)} ô",
            )


def _check_extent(
    name: str,
    sheet: str,
    rows: int,
    cols: int,
    max_rows: int = MAX_ROWS,
    max_cells: int = MAX_CELLS,
) -> None:
    where = f"có sheet '{sheet}'" if sheet else "có sheet"
    if rows > max_rows:
        reason = f"{where} dài tới dòng {_count(rows)}, vượt giới hạn {_count(max_rows)} dòng"
    elif cols > MAX_COLUMNS:
        reason = f"{where} rộng tới cột thứ {_count(cols)}, vượt giới hạn {MAX_COLUMNS} cột"
    elif rows * max(cols, 1) > max_cells:
        reason = f"{where} {_count(rows)} dòng × {cols} cột, vượt giới hạn {_count(max_cells)} ô"
    else:
        return
    raise _too_large(name, reason)


def _crafted(name: str, detail: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        f"Tệp '{name}' có phần nội dung khai báo DTD/thực thể XML, điều mà không chương trình "
        "bảng tính nào ghi ra (tệp được làm ra có chủ đích); không đọc tệp này",
        detail,
    )


def _check_package(
    name: str, data: bytes, max_rows: int = MAX_ROWS, max_cells: int = MAX_CELLS
) -> Format:
    """A zip package: its format, its sizes, its parts' prologs and, for the spreadsheet XML
    formats, each sheet's dimension."""
    entries = _central_directory(data)
    package: zipfile.ZipFile | None = None
    if entries is None:  # not the plain zip a spreadsheet writes: the standard library decides
        try:
            package = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise refusal(name, Format.DAMAGED_ZIP) from exc
        entries = [
            (i.filename.encode(), i.compress_type, i.compress_size, i.file_size, i.header_offset)
            for i in package.infolist()
        ]
    total = sum(entry[3] for entry in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _too_large(name, f"giải nén ra tới {total // (1024 * 1024)} MB (nghi là 'zip bomb')")
    for part, _, compressed, size, _ in entries:
        if size > 1024 * 1024 and size > MAX_RATIO * max(1, compressed):
            what = part.decode("utf-8", "replace")
            raise _too_large(name, f"có phần '{what}' nén bất thường (nghi là 'zip bomb')")
    found = _package_format(data, entries)
    if found not in READABLE:
        raise refusal(name, found)
    sheets = _sheet_parts(data, entries)
    for entry in entries:
        part, _, compressed, size, offset = entry
        is_sheet = found in OOXML and (
            part in sheets or (part.startswith(b"xl/worksheets/") and part.endswith(b".xml"))
        )
        head = _head(data, entry) if is_sheet else b""
        if part.endswith((b".xml", b".rels")) and b"<!DOCTYPE" in _prolog(data, entry, head):
            raise _crafted(name, f"DOCTYPE in {part.decode('utf-8', 'replace')}")
        if is_sheet:
            if _small_sheet(size, head, max_rows, max_cells):
                continue
            if package is None:
                package = zipfile.ZipFile(io.BytesIO(data))
            info = next((i for i in package.infolist() if i.header_offset == offset), None)
            if info is None:  # the two directories disagree: a crafted package
                raise UnreadableWorkbook(
                    f"Tệp '{name}' bị hỏng (mục lục zip không khớp)", "central directory mismatch"
                )
            _scan_sheet(name, package.read(info), max_rows, max_cells)  # this very entry
    if found not in OOXML:
        _check_extents(name, found, data, max_rows, max_cells)
    return found


def _package_format(data: bytes, entries: list[_Entry]) -> Format:
    """The format of a zip package, from its content types (the usual case, read from the
    directory entries at once) or, for anything else, by :func:`formats.identify`."""
    types = next((e for e in entries if e[0] == b"[Content_Types].xml"), None)
    if types is not None and (not entries or entries[0][0] != b"mimetype") and types[3] < 1 << 20:
        found = _declared_format(_compressed(data, types, types[2]), types[1], types[3])
        if found is not Format.ZIP:
            return found
    return identify(data)


@lru_cache(maxsize=256)
def _declared_format(stored: bytes, method: int, size: int) -> Format:
    # the same writer stores the same bytes: the files of one template share one answer
    xml = stored[:size] if method == zipfile.ZIP_STORED else _inflate(stored, size)
    return ooxml_format(xml)


def _prolog(data: bytes, entry: _Entry, head: bytes = b"") -> bytes:
    """An XML part up to its root element (where a DTD would be; at most 64 KB), from ``head``
    (its first bytes, when already inflated) or the part itself."""
    if head and _root_starts(head):
        return head
    head, whole = _cached_prolog(_compressed(data, entry, 256), entry[1], entry[3])
    if whole:
        return head
    return _inflated(_compressed(data, entry, 1 << 16), entry[1], min(entry[3], 1 << 16))


@lru_cache(maxsize=1024)
def _cached_prolog(stored: bytes, method: int, size: int) -> tuple[bytes, bool]:
    """The start of a part from its first stored bytes, and whether it reaches the root element
    (the parts a writer always writes alike, styles, themes, relationships, are inflated once
    for a whole batch)."""
    head = _inflated(stored, method, min(size, 1024))
    return head, _root_starts(head) or len(head) >= size


def _root_starts(xml: bytes) -> bool:
    """Whether the root element's start tag is in ``xml`` (after the declaration, comments and
    any DOCTYPE): the first '<' followed by a letter."""
    at = xml.find(b"<")
    while at != -1 and at + 1 < len(xml):
        if xml[at + 1 : at + 2].isalpha():
            return True
        at = xml.find(b"<", at + 1)
    return False


def _inflated(stored: bytes, method: int, limit: int) -> bytes:
    return stored[:limit] if method == zipfile.ZIP_STORED else _inflate(stored, limit)


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


def _small_sheet(
    size: int, head: bytes, max_rows: int = MAX_ROWS, max_cells: int = MAX_CELLS
) -> bool:
    """The common case: a sheet that declares a small dimension (an application wrote it)."""
    match = _DIMENSION.search(head)
    if match and size < 4 * 1024 * 1024:
        rows, columns = int(match[4]), _column(match[3])
        return rows <= max_rows and columns <= MAX_COLUMNS and rows * columns <= max_cells
    return False


def _scan_sheet(
    name: str, xml: bytes, max_rows: int = MAX_ROWS, max_cells: int = MAX_CELLS
) -> None:
    """No dimension, or a large one: look at the cells themselves."""
    rows = max((int(m[1]) for m in _LAST_ROW.finditer(xml, max(0, len(xml) - 65536))), default=0)
    wide = max((_column(m[1]) for m in _CELL_COLUMN.finditer(xml)), default=0)
    _check_extent(name, "", rows, wide, max_rows, max_cells)


def _count(number: int) -> str:
    """1000000 -> '1.000.000' (Vietnamese digit grouping)."""
    return f"{number:,}".replace(",", ".")
