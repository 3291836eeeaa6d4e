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
from pathlib import Path

from .errors import LimitExceeded, UnreadableWorkbook

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for parts above 1 MB
MAX_ROWS = 20_000
MAX_COLUMNS = 256
MAX_CELLS = 2_000_000
#: Seconds to read and check one file; past it the file is abandoned (see :mod:`.isolation`).
MAX_SECONDS_PER_FILE = 30.0

_DIMENSION = re.compile(rb'<dimension ref="([A-Z]{1,3})?([0-9]*):?([A-Z]{1,3})([0-9]+)"')
_LAST_ROW = re.compile(rb'<row r="([0-9]+)"')
_CELL_COLUMN = re.compile(rb'<c r="([A-Z]{3,})')


def _column(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def over_time_reason(name: str) -> str:
    """Why a file that took more than :data:`MAX_SECONDS_PER_FILE` to read was abandoned."""
    return (
        f"Tệp '{name}' đọc quá {MAX_SECONDS_PER_FILE:g} giây (tệp bất thường hoặc được làm ra "
        "để gây treo); không dùng tệp này"
    )


def _too_large(name: str, reason: str) -> LimitExceeded:
    return LimitExceeded(f"Tệp '{name}' {reason}; không đọc để tránh treo hoặc hết bộ nhớ")


def check_limits(path: Path, data: bytes | None = None) -> bytes | None:
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
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError):
        return data  # not a zip: the reader tells what it is (an .xls under an .xlsx name reads)
    with package:
        infos = package.infolist()
        total = sum(info.file_size for info in infos)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise _too_large(
                path.name, f"giải nén ra tới {total // (1024 * 1024)} MB (nghi là 'zip bomb')"
            )
        for info in infos:
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(
                1, info.compress_size
            ):
                raise _too_large(
                    path.name, f"có phần '{info.filename}' nén bất thường (nghi là 'zip bomb')"
                )
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                _check_sheet(path.name, package, info, _head(data, info))
    return data


def _head(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """The first bytes of a part, decompressed straight from the file's bytes (several times
    cheaper than opening the part through zipfile, which matters on the batch's hot path)."""
    offset = info.header_offset
    name_length, extra_length = struct.unpack("<HH", data[offset + 26 : offset + 30])
    start = offset + 30 + name_length + extra_length
    chunk = data[start : start + min(info.compress_size, 512)]  # <dimension> is near the top
    if info.compress_type == zipfile.ZIP_STORED:
        return chunk
    try:
        return zlib.decompressobj(-15).decompress(chunk, 1536)
    except zlib.error:
        return b""


def _check_sheet(name: str, package: zipfile.ZipFile, info: zipfile.ZipInfo, head: bytes) -> None:
    match = _DIMENSION.search(head)
    if match and info.file_size < 4 * 1024 * 1024:
        rows, columns = int(match[4]), _column(match[3])
        if rows <= MAX_ROWS and columns <= MAX_COLUMNS and rows * columns <= MAX_CELLS:
            return  # the common case: a sheet written by a spreadsheet application, small
    xml = package.read(info)  # no dimension, or a large one: look at the cells themselves
    rows = max((int(m[1]) for m in _LAST_ROW.finditer(xml, max(0, len(xml) - 65536))), default=0)
    wide = max((_column(m[1]) for m in _CELL_COLUMN.finditer(xml)), default=0)
    if rows > MAX_ROWS or wide > MAX_COLUMNS or rows * max(wide, 1) > MAX_CELLS:
        raise _too_large(name, f"có sheet với {rows} dòng hoặc cột thứ {wide}, vượt giới hạn")
