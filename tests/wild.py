"""Every kind of file a school can really send, built at test time (nothing binary committed).

``build_all(folder)`` writes one file per kind and returns ``{kind: path}``. Everything is built
with the standard library (plus XlsxWriter, already a dependency of the project, for the plain
.xlsx family). The encrypted OOXML kinds are built structurally: the CFB container, streams
and EncryptionInfo header Excel writes, with pseudo-random bytes as the package (python-calamine
and the project's format detection cannot tell it from a really encrypted one; checked against
msoffcrypto-tool when this module was written).

Binary formats written by hand here, each checked against another reader (REPORT.md):
- CFB (OLE2 compound file) — :func:`cfb`, with mini stream, read by olefile and LibreOffice;
- BIFF8 (.xls 97-2003) workbook streams — :func:`biff8_workbook`, with real RC4 encryption
  (MS-OFFCRYPTO 2.3.6, checked by decrypting with msoffcrypto-tool) — :func:`rc4_encrypt_biff8`;
- BIFF5 (Excel 5.0/95, stream "Book"), BIFF2/3/4 worksheets (not CFB: bare record streams);
- BIFF12 (.xlsb) parts — :func:`xlsb_package`, read by pyxlsb and python-calamine;
- ODS (zip, ``mimetype`` first and stored) with number-rows/columns-repeated.

Only fixed bytes: ``JPEG_2X2`` below (632 bytes, a 2×2 red JPEG written by Pillow 11 with
quality=50; the standard library cannot encode a JPEG) — everything else is computed.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

Rows = Sequence[Sequence[Any]]

#: The few cells every spreadsheet kind holds (Vietnamese text on purpose).
ROWS: Rows = [
    ["Mã trường", "Tên trường", "Số học sinh"],
    ["79001", "THPT Nguyễn Du", 1234],
    ["79002", "THCS Lê Lợi", 567.5],
]
SHEET = "Sheet1"
PASSWORD = "matkhau"

# =============================================================================== CFB (OLE2)

_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _sort_key(name: str) -> tuple[int, str]:
    return (len(name), name.upper())  # MS-CFB 2.6.4: shorter first, then case-insensitive


def cfb(streams: dict[str, bytes], root_clsid: bytes = bytes(16)) -> bytes:
    """A version-3 compound file (512-byte sectors) holding ``streams`` at the root.

    Streams under 4096 bytes go to the mini stream, as the format requires. At most 109 FAT
    sectors (about 6.8 MB), enough for any test file."""
    names = sorted(streams, key=_sort_key)
    small = [n for n in names if len(streams[n]) < 4096]
    big = [n for n in names if len(streams[n]) >= 4096]

    # mini stream: 64-byte mini sectors
    mini = bytearray()
    minifat: list[int] = []
    mini_start: dict[str, int] = {}
    for n in small:
        data = streams[n]
        count = (len(data) + 63) // 64
        if count == 0:
            mini_start[n] = _END
            continue
        first = len(minifat)
        mini_start[n] = first
        minifat.extend(range(first + 1, first + count))
        minifat.append(_END)
        mini += data + bytes(count * 64 - len(data))

    def sectors(size: int) -> int:
        return (size + 511) // 512

    n_dir = sectors((len(names) + 1) * 128)
    n_minifat = sectors(len(minifat) * 4)
    n_mini = sectors(len(mini))
    n_big = [sectors(len(streams[n])) for n in big]
    body = n_dir + n_minifat + n_mini + sum(n_big)
    n_fat = 1
    while n_fat * 128 < body + n_fat:
        n_fat += 1
    if n_fat > 109:
        raise ValueError("too big for a header-only DIFAT")

    fat = [_FATSECT] * n_fat
    position = n_fat

    def chain(count: int) -> int:
        nonlocal position
        if count == 0:
            return _END
        first = position
        fat.extend(range(first + 1, first + count))
        fat.append(_END)
        position += count
        return first

    dir_start = chain(n_dir)
    minifat_start = chain(n_minifat)
    mini_stream_start = chain(n_mini)
    big_start = {n: chain(c) for n, c in zip(big, n_big, strict=False)}
    fat += [_FREE] * (n_fat * 128 - len(fat))

    # directory: a balanced binary tree of the streams under the root, all black
    left = {n: _NOSTREAM for n in names}
    right = dict(left)

    def tree(lo: int, hi: int) -> int:
        if lo >= hi:
            return _NOSTREAM
        mid = (lo + hi) // 2
        left[names[mid]] = tree(lo, mid)
        right[names[mid]] = tree(mid + 1, hi)
        return mid + 1  # directory id (0 is the root)

    root_child = tree(0, len(names))

    def entry(
        name: str,
        kind: int,
        lft: int,
        rgt: int,
        child: int,
        start: int,
        size: int,
        clsid: bytes = bytes(16),
    ) -> bytes:
        raw = name.encode("utf-16-le")
        return struct.pack(
            "<64sHBBIII16sIQQIQ",
            raw,
            len(raw) + 2 if name else 0,
            kind,
            1,
            lft,
            rgt,
            child,
            clsid,
            0,
            0,
            0,
            start,
            size,
        )

    directory = entry(
        "Root Entry",
        5,
        _NOSTREAM,
        _NOSTREAM,
        root_child,
        mini_stream_start if mini else _END,
        len(mini),
        root_clsid,
    )
    for n in names:
        start = mini_start[n] if n in mini_start else big_start[n]
        directory += entry(n, 2, left[n], right[n], _NOSTREAM, start, len(streams[n]))
    directory += bytes(n_dir * 512 - len(directory))

    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        CFB_MAGIC,
        bytes(16),
        0x003E,
        0x0003,
        0xFFFE,
        9,
        6,
        bytes(6),
        0,
        n_fat,
        dir_start,
        0,
        4096,
        minifat_start if minifat else _END,
        n_minifat,
        _END,
        0,
    )
    difat = list(range(n_fat)) + [_FREE] * (109 - n_fat)
    header += struct.pack("<109I", *difat)

    def padded(data: bytes | bytearray) -> bytes:
        return bytes(data) + bytes(-len(data) % 512)

    out = bytearray(header)
    out += struct.pack(f"<{len(fat)}I", *fat)
    out += directory
    out += padded(struct.pack(f"<{len(minifat)}I", *minifat)) if minifat else b""
    out += padded(mini)
    for n in big:
        out += padded(streams[n])
    return bytes(out)


# =============================================================================== BIFF (.xls)


def rec(typ: int, data: bytes = b"") -> bytes:
    """One BIFF record: type and size (2 bytes each, little-endian), then the data."""
    return struct.pack("<HH", typ, len(data)) + data


def _unicode(text: str, length_bytes: int = 2) -> bytes:
    """XLUnicodeString (BIFF8): character count, a flag byte, then Latin-1 or UTF-16LE."""
    try:
        raw, flag = text.encode("latin-1"), 0
    except UnicodeEncodeError:
        raw, flag = text.encode("utf-16-le"), 1
    count = struct.pack("<H" if length_bytes == 2 else "<B", len(text))
    return count + bytes([flag]) + raw


def _bof8(dt: int) -> bytes:
    # vers 0x0600 (BIFF8), dt, rupBuild, rupYear, bfh, sfo — as Excel 2003 writes them
    return rec(0x0809, struct.pack("<HHHHII", 0x0600, dt, 0x0DBB, 0x07CC, 0x000080C9, 0x00000206))


def _globals_common8() -> bytes:
    font = struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + _unicode("Arial", 1)
    style_xf = struct.pack("<HHHBBBBIIH", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0, 0, 0x20C0)
    cell_xf = struct.pack("<HHHBBBBIIH", 0, 0, 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0)
    out = rec(0x0042, struct.pack("<H", 1200))  # CODEPAGE: UTF-16
    out += rec(0x003D, struct.pack("<HHHHHHHHH", 0, 0, 0x4000, 0x2000, 0x38, 0, 0, 1, 0x258))
    out += rec(0x0031, font) * 5  # FONT ×5 (index 4 is skipped by Excel; 5 keeps it happy)
    out += rec(0x00E0, style_xf) * 15 + rec(0x00E0, cell_xf)  # XF 0-14 style, 15 cell
    out += rec(0x0293, struct.pack("<HBB", 0x8000, 0, 0xFF))  # STYLE "Normal" (built-in)
    return out


def _cell8(row: int, col: int, value: Any, sst: dict[str, int]) -> bytes:
    if isinstance(value, (int, float)):
        return rec(0x0203, struct.pack("<HHHd", row, col, 15, float(value)))  # NUMBER
    index = sst.setdefault(str(value), len(sst))
    return rec(0x00FD, struct.pack("<HHHI", row, col, 15, index))  # LABELSST


def _sst(sst: dict[str, int], total: int) -> bytes:
    body = struct.pack("<II", total, len(sst))
    for text in sst:  # insertion order == index order
        body += _unicode(text)
    if len(body) > 8224:
        raise ValueError("SST needs CONTINUE records; keep test strings few")
    return rec(0x00FC, body)


def _dimensions8(first_row: int, last_row_plus1: int, first_col: int, last_col_plus1: int) -> bytes:
    return rec(
        0x0200, struct.pack("<IIHHH", first_row, last_row_plus1, first_col, last_col_plus1, 0)
    )


def biff8_workbook(
    sheets: dict[str, Iterable[tuple[int, int, Any]]],
    dimensions: dict[str, tuple[int, int, int, int]] | None = None,
    filepass: bytes | None = None,
) -> bytes:
    """A BIFF8 Workbook stream. ``sheets``: name -> (row, col, value) cells (0-based).
    ``dimensions``: name -> (rwMic, rwMac+1, colMic, colMac+1) to write instead of the true
    extent (a lie, or a huge declaration). ``filepass``: the FILEPASS record data to put
    right after the BOF (the stream is then still plain: see :func:`rc4_encrypt_biff8`)."""
    sst: dict[str, int] = {}
    bodies = []
    total_strings = 0
    for name, cells in sheets.items():
        cells = list(cells)
        cell_bytes = b"".join(_cell8(r, c, v, sst) for r, c, v in cells)
        total_strings += sum(1 for _, _, v in cells if not isinstance(v, (int, float)))
        if dimensions and name in dimensions:
            dims = _dimensions8(*dimensions[name])
        elif cells:
            rows = [r for r, _, _ in cells]
            cols = [c for _, c, _ in cells]
            dims = _dimensions8(min(rows), max(rows) + 1, min(cols), max(cols) + 1)
        else:
            dims = _dimensions8(0, 0, 0, 0)
        window2 = rec(0x023E, struct.pack("<HHHHHHI", 0x06B6, 0, 0, 0x40, 0, 0, 0))
        bodies.append(_bof8(0x0010) + dims + cell_bytes + window2 + rec(0x000A))

    head = _bof8(0x0005)
    if filepass is not None:
        head += rec(0x002F, filepass)
    head += _globals_common8()
    boundsheet_sizes = [len(rec(0x0085, bytes(6) + _unicode(n, 1))) for n in sheets]
    tail = _sst(sst, total_strings) + rec(0x000A)
    offset = len(head) + sum(boundsheet_sizes) + len(tail)
    boundsheets = b""
    for name, body in zip(sheets, bodies, strict=False):
        boundsheets += rec(0x0085, struct.pack("<IBB", offset, 0, 0) + _unicode(name, 1))
        offset += len(body)
    return head + boundsheets + tail + b"".join(bodies)


def grid_cells(rows: Rows, top: int = 0, left: int = 0) -> list[tuple[int, int, Any]]:
    return [(top + r, left + c, v) for r, row in enumerate(rows) for c, v in enumerate(row)]


def xls_bytes(
    sheets: dict[str, Iterable[tuple[int, int, Any]]] | None = None, **kwargs: Any
) -> bytes:
    stream = biff8_workbook(sheets or {SHEET: grid_cells(ROWS)}, **kwargs)
    return cfb({"Workbook": stream})


# ----------------------------------------------------------------- RC4 encryption (BIFF8)


def _rc4(key: bytes) -> Callable[[int], bytes]:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) & 0xFF
        state[i], state[j] = state[j], state[i]
    pos = [0, 0]

    def stream(n: int) -> bytes:
        i, j = pos
        out = bytearray(n)
        for k in range(n):
            i = (i + 1) & 0xFF
            j = (j + state[i]) & 0xFF
            state[i], state[j] = state[j], state[i]
            out[k] = state[(state[i] + state[j]) & 0xFF]
        pos[:] = [i, j]
        return bytes(out)

    return stream


def _rc4_block_key(password: str, salt: bytes, block: int) -> bytes:
    """MS-OFFCRYPTO 2.3.6.2: 40-bit key from MD5(password), salted, then MD5 per block."""
    h0 = hashlib.md5(password.encode("utf-16-le")).digest()[:5]
    h1 = hashlib.md5((h0 + salt) * 16).digest()[:5]
    return hashlib.md5(h1 + struct.pack("<I", block)).digest()


def _rc4_filepass(password: str, salt: bytes, verifier: bytes) -> bytes:
    keystream = _rc4(_rc4_block_key(password, salt, 0))
    enc_verifier = bytes(a ^ b for a, b in zip(verifier, keystream(16), strict=False))
    digest = hashlib.md5(verifier).digest()
    enc_hash = bytes(a ^ b for a, b in zip(digest, keystream(16), strict=False))
    # wEncryptionType=1 (RC4), RC4EncryptionHeader version 1.1, salt, verifier, hash
    return struct.pack("<HHH", 1, 1, 1) + salt + enc_verifier + enc_hash


_NEVER_ENCRYPTED = {0x0809, 0x002F, 0x0194, 0x0195, 0x00E1, 0x0138, 0x0196}  # MS-XLS 2.2.10


def rc4_encrypt_biff8(stream: bytes, password: str, salt: bytes) -> bytes:
    """Encrypt a BIFF8 Workbook stream that already holds its FILEPASS record (MS-XLS 2.2.10:
    record headers stay plain, the data is XORed with an RC4 keystream re-keyed every 1024
    bytes of the *stream* position; BOF/FILEPASS/INTERFACEHDR… and BoundSheet8.lbPlyPos stay
    plain)."""
    out = bytearray(stream)

    def keystream_at(offset: int, n: int) -> bytes:
        result = bytearray()
        while n:
            block, within = divmod(offset, 1024)
            key = _rc4(_rc4_block_key(password, salt, block))
            key(within)  # skip to the position inside the block
            take = min(n, 1024 - within)
            result += key(take)
            offset += take
            n -= take
        return bytes(result)

    position = 0
    while position + 4 <= len(stream):
        typ, size = struct.unpack_from("<HH", stream, position)
        start = position + 4
        if typ not in _NEVER_ENCRYPTED:
            skip = 4 if typ == 0x0085 else 0
            ks = keystream_at(start + skip, size - skip)
            for k in range(size - skip):
                out[start + skip + k] ^= ks[k]
        position = start + size
    return bytes(out)


def encrypted_xls_bytes(password: str = PASSWORD) -> bytes:
    salt, verifier = os.urandom(16), os.urandom(16)
    plain = biff8_workbook(
        {SHEET: grid_cells(ROWS)}, filepass=_rc4_filepass(password, salt, verifier)
    )
    return cfb({"Workbook": rc4_encrypt_biff8(plain, password, salt)})


# ----------------------------------------------------------------- BIFF5 and BIFF2/3/4


def biff5_book(rows: Rows = ROWS, codepage: int = 1258) -> bytes:
    """An Excel 5.0/95 "Book" stream (BIFF5): 8-bit strings in the workbook's code page
    (1258: Vietnamese Windows, as a Vietnamese Excel 95 wrote them: tone marks are combining
    characters there, so a reader hands back decomposed text, not NFC)."""
    enc = f"cp{codepage}"

    def encode(text: str) -> bytes:
        if codepage != 1258:
            return text.encode(enc, "replace")
        out = b""
        for ch in unicodedata.normalize("NFC", text):
            try:  # precomposed in cp1258 (ơ, ư, ă, â, ê, ô, đ, á…)
                out += ch.encode(enc)
            except UnicodeEncodeError:  # vowel (with its own mark) + a combining tone mark
                parts = unicodedata.normalize("NFD", ch)
                out += unicodedata.normalize("NFC", parts[:-1]).encode(enc, "replace")
                out += parts[-1].encode(enc, "replace")
        return out

    def bof(dt: int) -> bytes:
        return rec(0x0809, struct.pack("<HHHH", 0x0500, dt, 0x0DBB, 0x07CC))

    font = struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + bytes([5]) + b"Arial"
    xf = struct.pack("<HHHHHHHH", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0)
    cell_xf = struct.pack("<HHHHHHHH", 0, 0, 0x0001, 0x20, 0, 0, 0, 0)
    cells = b""
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, (int, float)):
                cells += rec(0x0203, struct.pack("<HHHd", r, c, 15, float(v)))
            else:
                raw = encode(str(v))
                cells += rec(0x0204, struct.pack("<HHHH", r, c, 15, len(raw)) + raw)  # LABEL
    width = max(len(r) for r in rows)
    sheet = (
        bof(0x0010)
        + rec(0x0200, struct.pack("<HHHHH", 0, len(rows), 0, width, 0))
        + cells
        + rec(0x023E, struct.pack("<HHHHH", 0x06B6, 0, 0, 0x40, 0))
        + rec(0x000A)
    )
    head = (
        bof(0x0005)
        + rec(0x0042, struct.pack("<H", codepage))
        + rec(0x003D, struct.pack("<HHHHHHHHH", 0, 0, 0x4000, 0x2000, 0x38, 0, 0, 1, 0x258))
        + rec(0x0031, font) * 5
        + rec(0x00E0, xf) * 15
        + rec(0x00E0, cell_xf)
    )
    name = encode(SHEET)
    boundsheet_len = 4 + 4 + 2 + 1 + len(name)
    eof = rec(0x000A)
    offset = len(head) + boundsheet_len + len(eof)
    boundsheet = rec(0x0085, struct.pack("<IBBB", offset, 0, 0, len(name)) + name)
    return head + boundsheet + eof + sheet


def biff234_sheet(version: int, rows: Rows = ROWS) -> bytes:
    """A bare BIFF2/3/4 worksheet file (Excel 2.x/3.0/4.0 saved one sheet per file; no CFB).
    Strings in code page 1252 (Vietnamese letters outside it become '?')."""
    bof_id = {2: 0x0009, 3: 0x0209, 4: 0x0409}[version]
    out = rec(
        bof_id,
        struct.pack("<HH", {2: 0x0002, 3: 0x0300, 4: 0x0400}[version], 0x0010)
        + (struct.pack("<H", 0) if version > 2 else b""),
    )
    width = max(len(r) for r in rows)
    dims = struct.pack("<HHHH", 0, len(rows), 0, width)
    out += rec(0x0000, dims) if version == 2 else rec(0x0200, dims + b"\0\0")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, (int, float)):
                if version == 2:  # NUMBER: row, col, 3 attribute bytes, IEEE double
                    out += rec(0x0003, struct.pack("<HH3sd", r, c, bytes(3), float(v)))
                else:
                    out += rec(
                        0x0203, struct.pack("<HHHd", r, c, 15 if version == 4 else 0, float(v))
                    )
            else:
                raw = str(v).encode("cp1252", "replace")
                if version == 2:  # LABEL: row, col, 3 attribute bytes, 1-byte length
                    out += rec(0x0004, struct.pack("<HH3sB", r, c, bytes(3), len(raw)) + raw)
                else:
                    out += rec(
                        0x0204,
                        struct.pack("<HHHH", r, c, 15 if version == 4 else 0, len(raw)) + raw,
                    )
    return out + rec(0x000A)


# =============================================================================== OOXML


def _zip(parts: Iterable[tuple[str, bytes]], stored: Sequence[str] = ()) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            z.writestr(
                zipfile.ZipInfo(name, (2024, 9, 5, 8, 0, 0)),
                data,
                zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED,
            )
    return buf.getvalue()


def _rezip(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """The same package with each part passed through ``change`` (None: drop the part)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = []
        for info in z.infolist():
            new = change(info.filename, z.read(info))
            if new is not None:
                parts.append((info.filename, new))
    return _zip(parts)


CT = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "xlsm": "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "xltx": "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "xltm": "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "xlam": "application/vnd.ms-excel.addin.macroEnabled.main+xml",
    "xlsb": "application/vnd.ms-excel.sheet.binary.macroEnabled.main",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"


def xlsx_bytes(rows: Rows = ROWS) -> bytes:
    """A real .xlsx as XlsxWriter (the project's own writer) writes it."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet(SHEET)
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    wb.close()
    return buf.getvalue()


def ooxml_variant(xlsx: bytes, kind: str) -> bytes:
    """xlsm/xltx/xltm/xlam: what differs in the package is the workbook part's content type
    (a real .xlsm usually also holds xl/vbaProject.bin; without one Excel still opens it)."""

    def change(name: str, data: bytes) -> bytes:
        if name == "[Content_Types].xml":
            return data.replace(CT["xlsx"].encode(), CT[kind].encode())
        return data

    return _rezip(xlsx, change)


def _content_types(main_part: str, main_type: str, extra: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/>{extra}</Types>'
    ).encode()


def _rels(*targets: tuple[str, str, str]) -> bytes:
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{p}"/>' for i, t, p in targets)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PKG_R}">{body}</Relationships>'
    ).encode()


def _col(n: int) -> str:
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def handmade_xlsx(sheet_xml: str) -> bytes:
    """A minimal .xlsx around one worksheet's XML (inline strings: no sharedStrings part)."""
    return _zip(
        [
            (
                "[Content_Types].xml",
                _content_types(
                    "xl/workbook.xml",
                    CT["xlsx"],
                    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType='
                    '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>',
                ),
            ),
            ("_rels/.rels", _rels(("rId1", f"{_R}/officeDocument", "xl/workbook.xml"))),
            (
                "xl/workbook.xml",
                (
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                    f'xmlns:r="{_R}"><sheets><sheet name="{SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>'
                ).encode(),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                _rels(("rId1", f"{_R}/worksheet", "worksheets/sheet1.xml")),
            ),
            ("xl/worksheets/sheet1.xml", sheet_xml.encode()),
        ]
    )


def _sheet_xml(rows: Rows, doctype: str = "", entity_cell: str = "") -> str:
    out = []
    for r, row in enumerate(rows):
        cells = []
        for c, v in enumerate(row):
            ref = f"{_col(c)}{r + 1}"
            if isinstance(v, (int, float)):
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>')
        out.append(f'<row r="{r + 1}">{"".join(cells)}</row>')
    if entity_cell:
        out.append(
            f'<row r="{len(rows) + 1}"><c r="A{len(rows) + 1}" t="inlineStr"><is><t>{entity_cell}</t></is></c></row>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + doctype
        + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(out)}</sheetData></worksheet>"
    )


def xxe_xlsx() -> bytes:
    doctype = '<!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
    return handmade_xlsx(_sheet_xml(ROWS, doctype, entity_cell="&e;"))


def docx_bytes() -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    return _zip(
        [
            ("[Content_Types].xml", _content_types("word/document.xml", CT["docx"])),
            ("_rels/.rels", _rels(("rId1", f"{_R}/officeDocument", "word/document.xml"))),
            (
                "word/document.xml",
                (
                    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{w}">'
                    "<w:body><w:p><w:r><w:t>Báo cáo của trường</w:t></w:r></w:p></w:body></w:document>"
                ).encode(),
            ),
        ]
    )


def pptx_bytes() -> bytes:
    p = "http://schemas.openxmlformats.org/presentationml/2006/main"
    return _zip(
        [
            (
                "[Content_Types].xml",
                _content_types(
                    "ppt/presentation.xml",
                    CT["pptx"],
                    '<Override PartName="/ppt/slides/slide1.xml" ContentType='
                    '"application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>',
                ),
            ),
            ("_rels/.rels", _rels(("rId1", f"{_R}/officeDocument", "ppt/presentation.xml"))),
            (
                "ppt/presentation.xml",
                (
                    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p:presentation xmlns:p="{p}" '
                    f'xmlns:r="{_R}"><p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst></p:presentation>'
                ).encode(),
            ),
            (
                "ppt/_rels/presentation.xml.rels",
                _rels(("rId2", f"{_R}/slide", "slides/slide1.xml")),
            ),
            (
                "ppt/slides/slide1.xml",
                f'<p:sld xmlns:p="{p}"><p:cSld><p:spTree/></p:cSld></p:sld>'.encode(),
            ),
        ]
    )


# ----------------------------------------------------------------- encrypted OOXML


def encrypted_ooxml_bytes(package: bytes, password: str = PASSWORD) -> bytes:
    """An OOXML package encrypted as Excel does (ECMA-376 Agile encryption), structurally:
    :func:`structural_encrypted_ooxml`."""
    return structural_encrypted_ooxml(package)


def _noise(length: int) -> bytes:
    """Deterministic bytes that look random (what a ciphertext looks like)."""
    out = bytearray()
    counter = 0
    while len(out) < length:
        out += hashlib.sha256(counter.to_bytes(8, "little")).digest()
        counter += 1
    return bytes(out[:length])


def structural_encrypted_ooxml(package: bytes) -> bytes:
    """The container of an Agile-encrypted package without the cryptography: the real
    EncryptionInfo header (version 4.4, flags 0x40) and XML descriptor, and an
    EncryptedPackage whose 8-byte size prefix is true and whose payload is random bytes (the
    \x06DataSpaces storage Excel also writes is left out: readers do not need it)."""
    descriptor = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" '
        b'xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
        b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" '
        b'cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/>'
        b'<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
        b'<p:encryptedKey spinCount="100000" saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
        b'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" '
        b'saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></keyEncryptor></keyEncryptors></encryption>'
    )
    info = struct.pack("<HHI", 4, 4, 0x40) + descriptor
    size = len(package)
    payload = _noise(size + (-size % 16))
    return cfb(
        {
            "EncryptionInfo": info,
            "EncryptedPackage": struct.pack("<Q", size) + payload,
        }
    )


# =============================================================================== XLSB (BIFF12)


def _b12(typ: int, data: bytes = b"") -> bytes:
    """One BIFF12 record: type as 1-2 bytes of 7 bits, size as 1-4 bytes of 7 bits."""
    head = bytearray()
    if typ < 0x80:
        head.append(typ)
    else:
        head += bytes([(typ & 0x7F) | 0x80, typ >> 7])
    size = len(data)
    for _ in range(4):
        byte = size & 0x7F
        size >>= 7
        head.append(byte | (0x80 if size else 0))
        if not size:
            break
    return bytes(head) + data


def _wide(text: str) -> bytes:
    raw = text.encode("utf-16-le")
    return struct.pack("<I", len(raw) // 2) + raw


def xlsb_sheet(
    cells: Iterable[tuple[int, int, Any]],
    sst: dict[str, int],
    dim: tuple[int, int, int, int] | None = None,
    raw_isst: dict[tuple[int, int], int] | None = None,
) -> bytes:
    """A worksheet part: BrtBeginSheet, BrtWsDim (rwFirst, rwLast, colFirst, colLast),
    BrtBeginSheetData, rows (BrtRowHdr) and cells, BrtEndSheetData, BrtEndSheet."""
    cells = sorted(cells)
    if dim is None:
        if cells:
            dim = (
                min(r for r, _, _ in cells),
                max(r for r, _, _ in cells),
                min(c for _, c, _ in cells),
                max(c for _, c, _ in cells),
            )
        else:
            dim = (0, 0, 0, 0)
    out = [_b12(0x0081), _b12(0x0094, struct.pack("<IIII", *dim)), _b12(0x0091)]
    row = None
    for r, c, v in cells:
        if r != row:
            row = r
            out.append(_b12(0x0000, struct.pack("<IIHBBBI", r, 0, 300, 0, 0, 0, 0)))  # BrtRowHdr
        cell = struct.pack("<II", c, 0)  # column, iStyleRef 0
        if raw_isst and (r, c) in raw_isst:
            out.append(_b12(0x0007, cell + struct.pack("<I", raw_isst[(r, c)])))
        elif isinstance(v, (int, float)):
            out.append(_b12(0x0005, cell + struct.pack("<d", float(v))))  # BrtCellReal
        else:  # BrtCellIsst
            out.append(_b12(0x0007, cell + struct.pack("<I", sst.setdefault(str(v), len(sst)))))
    return b"".join(out) + _b12(0x0092) + _b12(0x0082)


def xlsb_package(sheet_bin: bytes, sst: dict[str, int], relid: str = "rId1") -> bytes:
    """An .xlsb package: workbook.bin (BrtBeginBook, BrtBeginBundleShs, BrtBundleSh,
    BrtEndBundleShs, BrtCalcProp, BrtEndBook), one worksheet part, sharedStrings.bin."""
    workbook = (
        _b12(0x0083)
        + _b12(0x0099, struct.pack("<II", 0, 0) + _wide(""))  # BrtWbProp
        + _b12(0x008F)
        + _b12(0x009C, struct.pack("<II", 0, 1) + _wide(relid) + _wide(SHEET))  # BrtBundleSh
        + _b12(0x0090)
        + _b12(
            0x009D, struct.pack("<IIIdBB", 0, 0, 100, 0.001, 0, 0)
        )  # BrtCalcProp (fields not read)
        + _b12(0x0084)
    )
    strings = _b12(0x009F, struct.pack("<II", len(sst), len(sst)))
    for text in sst:
        strings += _b12(0x0013, b"\x00" + _wide(text))  # BrtSSTItem: flags, XLWideString
    strings += _b12(0x00A0)
    ms = "application/vnd.ms-excel"
    extra = (
        f'<Default Extension="bin" ContentType="{ms}.sheet.binary.macroEnabled.main"/>'
        f'<Override PartName="/xl/worksheets/sheet1.bin" ContentType="{ms}.worksheet"/>'
        f'<Override PartName="/xl/sharedStrings.bin" ContentType="{ms}.sharedStrings"/>'
    )
    return _zip(
        [
            ("[Content_Types].xml", _content_types("xl/workbook.bin", CT["xlsb"], extra)),
            ("_rels/.rels", _rels(("rId1", f"{_R}/officeDocument", "xl/workbook.bin"))),
            ("xl/workbook.bin", workbook),
            (
                "xl/_rels/workbook.bin.rels",
                _rels(
                    ("rId1", f"{_R}/worksheet", "worksheets/sheet1.bin"),
                    ("rId2", f"{_R}/sharedStrings", "sharedStrings.bin"),
                ),
            ),
            ("xl/worksheets/sheet1.bin", sheet_bin),
            ("xl/sharedStrings.bin", strings),
        ]
    )


def xlsb_bytes(cells: Iterable[tuple[int, int, Any]] | None = None, **kwargs: Any) -> bytes:
    sst: dict[str, int] = {}
    sheet = xlsb_sheet(grid_cells(ROWS) if cells is None else cells, sst, **kwargs)
    return xlsb_package(sheet, sst)


# =============================================================================== ODS

_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
)
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


def _ods_cell(v: Any, repeat: int = 1) -> str:
    rep = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    if v is None:
        return f"<table:table-cell{rep}/>"
    if isinstance(v, (int, float)):
        return (
            f'<table:table-cell{rep} office:value-type="float" office:value="{v}">'
            f"<text:p>{v}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell{rep} office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
    )


def ods_table_rows(rows: Rows) -> str:
    return "".join(
        f"<table:table-row>{''.join(_ods_cell(v) for v in row)}</table:table-row>" for row in rows
    )


def ods_bytes(table_body: str | None = None, encrypted_manifest: bool = False) -> bytes:
    """An .ods package: ``mimetype`` first and stored (the ODF signature), content.xml with
    one table holding ``table_body`` (rows XML), META-INF/manifest.xml."""
    body = ods_table_rows(ROWS) if table_body is None else table_body
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-content {_ODS_NS}office:version="1.3"><office:body><office:spreadsheet>'
        f'<table:table table:name="{SHEET}">'
        '<table:table-column table:number-columns-repeated="3"/>'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    ).encode()
    enc = ""
    if encrypted_manifest:
        content = os.urandom(len(content))  # the ciphertext: no key can be derived from it
        enc = (
            '<manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:'
            'xmlns:manifest:1.0#sha256-1k" manifest:checksum="AAAA">'
            '<manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" '
            'manifest:initialisation-vector="AAAAAAAAAAAAAAAAAAAAAA=="/>'
            "<manifest:start-key-generation manifest:start-key-generation-name="
            '"http://www.w3.org/2000/09/xmldsig#sha256" manifest:key-size="32"/>'
            '<manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" '
            'manifest:iteration-count="100000" manifest:salt="AAAAAAAAAAAAAAAAAAAAAA=="/>'
            "</manifest:encryption-data>"
        )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODS_MIME.decode()}"/>'
        f'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"'
        f"{' manifest:size=' + chr(34) + '1' + chr(34) if encrypted_manifest else ''}>{enc}"
        "</manifest:file-entry></manifest:manifest>"
    ).encode()
    return _zip(
        [("mimetype", ODS_MIME), ("content.xml", content), ("META-INF/manifest.xml", manifest)],
        stored=("mimetype",),
    )


# =============================================================================== not spreadsheets


def word_doc_bytes() -> bytes:
    """A Word 97-2003 .doc container: CFB with WordDocument (FIB: wIdent 0xA5EC, nFib 0x00C1),
    1Table and CompObj streams (structure only: Word would not open the text)."""
    fib = struct.pack("<HHHHH", 0xA5EC, 0x00C1, 0, 0x0409, 0) + bytes(4096 - 10)
    compobj = (
        struct.pack("<HHI16sI", 1, 0xFFFE, 0x0A03, bytes(16), 32)
        + b"Microsoft Word 97-2003 Document\0"
    )
    return cfb(
        {"WordDocument": fib, "1Table": bytes(512), "\x01CompObj": compobj},
        root_clsid=bytes.fromhex("0609020000000000c000000000000046"),
    )


def pdf_bytes() -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        None,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    text = b"BT /F1 12 Tf 20 50 Td (Bao cao truong) Tj ET"
    objects[3] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def png_bytes(width: int = 4, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\0" + bytes([200, 30, 30]) * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


#: 2×2 red JPEG, written by Pillow 11 (Image.new("RGB", (2, 2), (200, 30, 30)).save(..., "JPEG",
#: quality=50)): the standard library cannot encode a JPEG. 632 bytes, mostly Huffman tables.
JPEG_2X2 = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616"
    "183123251d283a333d3c3933383740485c4e404457453738506d51575f626768673e4d71797064785c656763ff"
    "db0043011112121815182f1a1a2f63423842636363636363636363636363636363636363636363636363636363"
    "6363636363636363636363636363636363636363636363ffc00011080002000203012200021101031101ffc400"
    "1f0000010501010101010100000000000000000102030405060708090a0bffc400b51000020103030204030505"
    "04040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a"
    "161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475"
    "767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6"
    "c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffc4001f0100030101010101"
    "010101010000000000000102030405060708090a0bffc400b51100020102040403040705040400010277000102"
    "031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a26"
    "2728292a35363738393a434445464748494a535455565758595a636465666768696a737475767778797a828384"
    "85868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4"
    "d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9faffda000c03010002110311003f00c7a28a2b84fa83"
    "ffd9"
)


def gif_bytes() -> bytes:
    return (
        b"GIF89a"
        + struct.pack("<HHBBB", 1, 1, 0x80, 0, 0)
        + b"\xc8\x1e\x1e\0\0\0"
        + b"\x2c"
        + struct.pack("<HHHHB", 0, 0, 1, 1, 0)
        + b"\x02\x02\x44\x01\x00"
        + b"\x3b"
    )


def csv_bytes() -> bytes:
    """As Excel's "CSV UTF-8" writes it: a byte-order mark, commas, CRLF."""
    lines = [",".join(f'"{v}"' if "," in str(v) else str(v) for v in row) for row in ROWS]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def html_xls_bytes() -> bytes:
    """An HTML table saved as .xls, as school-management web apps export "Excel" files."""
    rows = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>\n" for row in ROWS)
    return (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40">\n'
        '<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>\n'
        f"<body><table border=1>\n{rows}</table></body></html>\n"
    ).encode()


def xml2003_bytes() -> bytes:
    """Excel 2003 XML Spreadsheet ("SpreadsheetML") saved as .xls — another web-export habit."""
    rows = "".join(
        "<Row>"
        + "".join(
            f'<Cell><Data ss:Type="{"Number" if isinstance(v, (int, float)) else "String"}">{v}</Data></Cell>'
            for v in row
        )
        + "</Row>"
        for row in ROWS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        f'<Worksheet ss:Name="{SHEET}"><Table>{rows}</Table></Worksheet></Workbook>\n'
    ).encode()


def plain_zip_bytes() -> bytes:
    return _zip([("bao_cao/ghi_chu.txt", "Báo cáo của trường\n".encode())])


# =============================================================================== damage


def truncated(data: bytes, fraction: float = 0.5) -> bytes:
    """A download that did not finish."""
    return data[: int(len(data) * fraction)]


def corrupt_zip_entry(data: bytes, part: str) -> bytes:
    """Overwrite the middle of one part's compressed bytes (the zip directory stays right)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(part)
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    middle = start + info.compress_size // 2
    out = bytearray(data)
    out[middle : middle + 8] = b"\xff" * 8
    return bytes(out)


def _cfb_dir_entry_offset(data: bytes, name: str) -> int:
    """Where a stream's directory entry is (first directory sector only)."""
    dir_start = struct.unpack_from("<I", data, 48)[0]
    base = 512 + dir_start * 512
    for i in range(4):
        raw_len = struct.unpack_from("<H", data, base + i * 128 + 64)[0]
        if (
            data[base + i * 128 : base + i * 128 + raw_len - 2].decode("utf-16-le", "replace")
            == name
        ):
            return base + i * 128
    raise KeyError(name)


def cfb_bad_difat(data: bytes) -> bytes:
    """The header's first DIFAT slot (where FAT sector 0 is) says FATSECT (0xFFFFFFFD) instead
    of a sector number: python-calamine 0.9.1 panics in cfb.rs (index out of bounds)."""
    out = bytearray(data)
    struct.pack_into("<I", out, 76, _FATSECT)
    return bytes(out)


def cfb_fat_loop(data: bytes) -> bytes:
    """The directory's FAT chain points at itself (FAT[dir_start] = dir_start): python-calamine
    0.9.1 follows it for ever, growing a buffer ~1 GB/s until the allocator aborts (under
    RLIMIT_AS) or the kernel's OOM killer ends the process (no limit)."""
    dir_start = struct.unpack_from("<I", data, 48)[0]
    out = bytearray(data)
    struct.pack_into("<I", out, 512 + 4 * dir_start, dir_start)
    return bytes(out)


def cfb_bad_start_sector(data: bytes, stream: str = "Workbook") -> bytes:
    """The stream's directory entry points at a sector far past the FAT's end."""
    out = bytearray(data)
    struct.pack_into("<I", out, _cfb_dir_entry_offset(data, stream) + 116, 0x00FFFFF0)
    return bytes(out)


# =============================================================================== build_all


def _huge_ods_rows(rows_before: int, cols_before: int, value: Any) -> str:
    """Empty rows repeated, then one row whose only content is after empty repeated cells:
    a small file whose used extent is (rows_before + 1) × (cols_before + 1)."""
    return (
        ods_table_rows(ROWS)
        + f'<table:table-row table:number-rows-repeated="{rows_before - len(ROWS)}">'
        f'<table:table-cell table:number-columns-repeated="{cols_before + 1}"/></table:table-row>'
        f"<table:table-row>{_ods_cell(None, cols_before)}{_ods_cell(value)}</table:table-row>"
    )


def builders() -> dict[str, tuple[str, Callable[[], bytes]]]:
    """kind -> (file name, function making its bytes)."""
    xlsx = xlsx_bytes()
    xls = xls_bytes()
    ods = ods_bytes()
    xlsb = xlsb_bytes()
    many_rows = [
        (r, c, v)
        for r in range(40_000)
        for c, v in enumerate((r + 1, ("Nam", "Nữ")[r % 2], r * 0.5))
    ]
    last = (65535, 255, "cuối")
    return {
        # ---------------------------------------------------------------- spreadsheets
        "xlsx": ("bang.xlsx", lambda: xlsx),
        "xlsm": ("bang.xlsm", lambda: ooxml_variant(xlsx, "xlsm")),
        "xltx": ("bang.xltx", lambda: ooxml_variant(xlsx, "xltx")),
        "xltm": ("bang.xltm", lambda: ooxml_variant(xlsx, "xltm")),
        "xlsb": ("bang.xlsb", lambda: xlsb),
        "xls": ("bang.xls", lambda: xls),
        "xls-biff5": ("bang95.xls", lambda: cfb({"Book": biff5_book()})),
        "ods": ("bang.ods", lambda: ods),
        # ---------------------------------------------------------------- encrypted
        "encrypted-xlsx": ("matkhau.xlsx", lambda: encrypted_ooxml_bytes(xlsx)),
        "encrypted-xlsx-structural": (
            "matkhau_cautruc.xlsx",
            lambda: structural_encrypted_ooxml(xlsx),
        ),
        "encrypted-xlsb": ("matkhau.xlsb", lambda: encrypted_ooxml_bytes(xlsb)),
        "encrypted-xls": ("matkhau.xls", encrypted_xls_bytes),
        "encrypted-ods": ("matkhau.ods", lambda: ods_bytes(encrypted_manifest=True)),
        # ---------------------------------------------------------------- damaged
        "truncated-xlsx": ("dang_tai.xlsx", lambda: truncated(xlsx)),
        "truncated-xls": ("dang_tai.xls", lambda: truncated(xls)),
        "truncated-ods": ("dang_tai.ods", lambda: truncated(ods)),
        "truncated-xlsb": ("dang_tai.xlsb", lambda: truncated(xlsb)),
        "corrupt-zip-entry-xlsx": (
            "hong.xlsx",
            lambda: corrupt_zip_entry(xlsx, "xl/worksheets/sheet1.xml"),
        ),
        "cfb-panic-xls": ("hong_cfb.xls", lambda: cfb_bad_difat(xls)),
        "cfb-fat-loop-xls": ("vong_fat.xls", lambda: cfb_fat_loop(xls)),
        "cfb-bad-start-xls": (
            "hong_start.xls",
            lambda: cfb_bad_start_sector(
                xls_bytes({SHEET: grid_cells(ROWS) + [(r, 0, r) for r in range(3, 400)]})
            ),
        ),
        "xlsb-panic-isst": (
            "hong_isst.xlsb",
            lambda: xlsb_bytes(grid_cells(ROWS), raw_isst={(0, 0): 1_000_000}),
        ),
        "xlsb-panic-relid": (
            "hong_relid.xlsb",
            lambda: xlsb_package(xlsb_sheet(grid_cells(ROWS), {}), {}, relid="rId9"),
        ),
        "xls-panic-boundsheet": ("hong_sheetpos.xls", lambda: _xls_bad_boundsheet(xls)),
        # ---------------------------------------------------------------- old Excel
        "excel-2": ("excel2.xls", lambda: biff234_sheet(2)),
        "excel-3": ("excel3.xls", lambda: biff234_sheet(3)),
        "excel-4": ("excel4.xls", lambda: biff234_sheet(4)),
        # ---------------------------------------------------------------- not spreadsheets
        "word-as-xls": ("vanban.xls", word_doc_bytes),
        "docx-as-xlsx": ("vanban.xlsx", docx_bytes),
        "pptx": ("trinhchieu.pptx", pptx_bytes),
        "pdf": ("baocao.pdf", pdf_bytes),
        "pdf-as-xlsx": ("baocao_pdf.xlsx", pdf_bytes),
        "png": ("anh.png", png_bytes),
        "jpg-as-xlsx": ("anh.xlsx", lambda: JPEG_2X2),
        "gif": ("anh.gif", gif_bytes),
        "csv": ("bang.csv", csv_bytes),
        "csv-as-xlsx": ("bang_csv.xlsx", csv_bytes),
        "html-as-xls": ("web.xls", html_xls_bytes),
        "xml2003-as-xls": ("web2003.xls", xml2003_bytes),
        "zip-as-xlsx": ("nen.xlsx", plain_zip_bytes),
        "empty-xlsx": ("rong.xlsx", lambda: b""),
        # ---------------------------------------------------------------- hostile / huge
        "xlsx-xxe": ("xxe.xlsx", xxe_xlsx),
        "xlsx-entity-bomb": (
            "bom_thucthe.xlsx",
            lambda: handmade_xlsx(
                _sheet_xml(
                    ROWS,
                    "<!DOCTYPE worksheet ["
                    + '<!ENTITY a "aaaaaaaaaa">'
                    + "".join(
                        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                        for i in range(8)
                    )
                    + "]>\n",
                    entity_cell="&i;",
                )
            ),
        ),
        "xls-huge-cell": ("to_o_cuoi.xls", lambda: xls_bytes({SHEET: [*grid_cells(ROWS), last]})),
        "xls-dim-huge": ("to_dim.xls", lambda: xls_bytes(dimensions={SHEET: (0, 65536, 0, 256)})),
        "xls-dim-u32max": (
            "to_dim_u32.xls",
            lambda: xls_bytes(dimensions={SHEET: (0, 0xFFFFFFFF, 0, 256)}),
        ),
        "xls-dim-inverted": ("dim_nguoc.xls", lambda: xls_bytes(dimensions={SHEET: (10, 5, 0, 3)})),
        "xls-dim-lie-small": (
            "dim_doi.xls",
            lambda: xls_bytes({SHEET: [*grid_cells(ROWS), last]}, dimensions={SHEET: (0, 3, 0, 3)}),
        ),
        "xls-40000-rows": ("nhieu_dong.xls", lambda: xls_bytes({SHEET: many_rows})),
        "ods-huge-cell": ("to_o_cuoi.ods", lambda: ods_bytes(_huge_ods_rows(65535, 255, "cuối"))),
        "ods-huge-max": ("to_max.ods", lambda: ods_bytes(_huge_ods_rows(1048575, 16383, "cuối"))),
        "ods-repeat-bomb": (
            "bom.ods",
            lambda: ods_bytes(
                '<table:table-row table:number-rows-repeated="1048576">'
                + _ods_cell("x", 16384)
                + "</table:table-row>"
            ),
        ),
        "xlsb-huge-cell": ("to_o_cuoi.xlsb", lambda: xlsb_bytes([*grid_cells(ROWS), last])),
        "xlsb-huge-max": (
            "to_max.xlsb",
            lambda: xlsb_bytes([*grid_cells(ROWS), (1048575, 16383, 1)]),
        ),
        "xlsb-dim-lie-small": (
            "dim_doi.xlsb",
            lambda: xlsb_bytes([*grid_cells(ROWS), last], dim=(0, 2, 0, 2)),
        ),
    }


def _xls_bad_boundsheet(xls: bytes) -> bytes:
    """BoundSheet8.lbPlyPos pointing past the end of the Workbook stream."""
    stream = biff8_workbook({SHEET: grid_cells(ROWS)})
    at = stream.find(struct.pack("<H", 0x0085))
    patched = bytearray(stream)
    struct.pack_into("<I", patched, at + 4, len(stream) + 100_000)
    return cfb({"Workbook": bytes(patched)})


def build_all(folder: Path) -> dict[str, Path]:
    """Write one file of every kind into ``folder``; return {kind: path}."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for kind, (name, make) in builders().items():
        path = folder / name
        path.write_bytes(make())
        paths[kind] = path
    return paths


if __name__ == "__main__":
    import json
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "built")
    built = build_all(target)
    (target / "index.json").write_text(json.dumps({k: str(p) for k, p in built.items()}, indent=1))
    for kind, path in built.items():
        print(f"{kind:28} {path.stat().st_size:>9}  {path}")
