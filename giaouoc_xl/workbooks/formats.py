"""What a file is, from its bytes, not its name: one classification for ``check``, ``merge`` and
the buttons (a school that chose "Excel Binary Workbook", renamed a file, or sent a Word
document is told so plainly).

:func:`identify` reads a zip's directory and at most two small parts, or a compound file's
header, FAT and directory, or the first 4 KB of anything else; python-calamine itself cannot
say why a file is not a workbook (its ``from_filelike`` only answers "Cannot detect file
format"), so the reasons are ours (:data:`DESCRIPTIONS`).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Callable
from enum import StrEnum


class Format(StrEnum):
    """A file's format, told by its content."""

    # read by python-calamine
    XLSX = "xlsx"
    XLSM = "xlsm"
    XLTX = "xltx"
    XLTM = "xltm"
    XLSB = "xlsb"
    XLS = "xls"
    XLS95 = "xls-biff5"
    ODS = "ods"
    # spreadsheets that cannot be read
    ENCRYPTED_OOXML = "encrypted-ooxml"
    ENCRYPTED_XLS = "encrypted-xls"
    ENCRYPTED_ODS = "encrypted-ods"
    DAMAGED_ZIP = "damaged-zip"
    DAMAGED_CFB = "damaged-cfb"
    EXCEL_2_4 = "excel-2-4"
    XML2003 = "xml2003"
    XLAM = "xlam"
    # not spreadsheets
    WORD = "word"
    DOCX = "docx"
    PPT = "ppt"
    PPTX = "pptx"
    ODF = "odf"
    PDF = "pdf"
    IMAGE = "image"
    ARCHIVE = "archive"
    ZIP = "zip"
    OLE_OTHER = "ole-other"
    HTML = "html"
    CSV = "csv"
    TEXT = "text"
    EMPTY = "empty"
    UNKNOWN = "unknown"


READABLE = frozenset(
    {
        Format.XLSX,
        Format.XLSM,
        Format.XLTX,
        Format.XLTM,
        Format.XLSB,
        Format.XLS,
        Format.XLS95,
        Format.ODS,
    }
)
#: Spreadsheet packages of XML parts (the zip checks of the guard apply).
OOXML = frozenset({Format.XLSX, Format.XLSM, Format.XLTX, Format.XLTM})
ENCRYPTED = frozenset({Format.ENCRYPTED_OOXML, Format.ENCRYPTED_XLS, Format.ENCRYPTED_ODS})
#: Formats that are spreadsheets (or damaged ones): an unreadable one is "unreadable", not
#: "not a spreadsheet".
SPREADSHEETS = (
    READABLE
    | ENCRYPTED
    | {
        Format.DAMAGED_ZIP,
        Format.DAMAGED_CFB,
        Format.EXCEL_2_4,
        Format.XML2003,
    }
)

#: What each format is, in the words of a reason ("Tệp 'x' là …").
DESCRIPTIONS: dict[Format, str] = {
    Format.XLSX: "bảng tính Excel (.xlsx)",
    Format.XLSM: "bảng tính Excel có macro (.xlsm)",
    Format.XLTX: "mẫu bảng tính Excel (.xltx)",
    Format.XLTM: "mẫu bảng tính Excel có macro (.xltm)",
    Format.XLSB: "bảng tính Excel dạng nhị phân (.xlsb)",
    Format.XLS: "bảng tính Excel 97–2003 (.xls)",
    Format.XLS95: "bảng tính Excel 5.0/95 (.xls)",
    Format.ODS: "bảng tính LibreOffice/OpenOffice (.ods)",
    Format.ENCRYPTED_OOXML: "bảng tính Excel có đặt mật khẩu",
    Format.ENCRYPTED_XLS: "bảng tính Excel 97–2003 có đặt mật khẩu",
    Format.ENCRYPTED_ODS: "bảng tính LibreOffice có đặt mật khẩu",
    Format.DAMAGED_ZIP: "tệp bị hỏng hoặc tải về chưa hết",
    Format.DAMAGED_CFB: "tệp Excel 97–2003 (.xls) bị hỏng hoặc tải về chưa hết",
    Format.EXCEL_2_4: "bảng tính Excel phiên bản 2.x–4.0 (trước năm 1995)",
    Format.XML2003: "bảng tính dạng XML của Excel 2003",
    Format.XLAM: "tệp bổ trợ (add-in) của Excel",
    Format.WORD: "văn bản Word (.doc)",
    Format.DOCX: "văn bản Word (.docx)",
    Format.PPT: "bài trình chiếu PowerPoint (.ppt)",
    Format.PPTX: "bài trình chiếu PowerPoint (.pptx)",
    Format.ODF: "tài liệu OpenDocument (văn bản hoặc trình chiếu)",
    Format.PDF: "tệp PDF",
    Format.IMAGE: "tệp ảnh",
    Format.ARCHIVE: "tệp nén (.rar, .7z, .gz)",
    Format.ZIP: "tệp nén .zip",
    Format.OLE_OTHER: "tệp Office không phải bảng tính",
    Format.HTML: "trang web (HTML)",
    Format.CSV: "tệp CSV (dữ liệu cách nhau bởi dấu phẩy)",
    Format.TEXT: "tệp văn bản thường",
    Format.EMPTY: "tệp rỗng (0 byte)",
    Format.UNKNOWN: "tệp không phải bảng tính",
}

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_FREE, _END, _FATSECT, _DIFSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC
_MAX_PART = 1 << 20  # a [Content_Types].xml or manifest larger than this: not an office file

#: The content type of the main part -> format, most specific first.
_OOXML_TYPES = (
    (b"ms-excel.sheet.binary.macroenabled.main", Format.XLSB),
    (b"ms-excel.template.macroenabled.main+xml", Format.XLTM),
    (b"spreadsheetml.template.main+xml", Format.XLTX),
    (b"ms-excel.sheet.macroenabled.main+xml", Format.XLSM),
    (b"ms-excel.addin.macroenabled.main+xml", Format.XLAM),
    (b"spreadsheetml.sheet.main+xml", Format.XLSX),
    (b"wordprocessingml.document.main+xml", Format.DOCX),
    (b"wordprocessingml.template.main+xml", Format.DOCX),
    (b"ms-word.document.macroenabled.main+xml", Format.DOCX),
    (b"ms-word.template.macroenabledtemplate.main+xml", Format.DOCX),
    (b"presentationml.presentation.main+xml", Format.PPTX),
    (b"presentationml.slideshow.main+xml", Format.PPTX),
    (b"presentationml.template.main+xml", Format.PPTX),
    (b"ms-powerpoint.presentation.macroenabled.main+xml", Format.PPTX),
    (b"ms-powerpoint.slideshow.macroenabled.main+xml", Format.PPTX),
    (b"ms-powerpoint.template.macroenabled.main+xml", Format.PPTX),
)
_CONTENT_TYPE = re.compile(rb'ContentType\s*=\s*["\']([^"\']+)["\']', re.I)
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
_ARCHIVES = (b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b")
_HEIF = (b"heic", b"heix", b"mif1", b"heif", b"avif")


def identify_head(head: bytes) -> Format | None:
    """The format told by a file's first bytes alone, or None for a zip or compound file,
    whose format needs the whole file (:func:`identify`)."""
    if not head:
        return Format.EMPTY
    if head[:8] == CFB_MAGIC or head[:4] in ZIP_MAGIC:
        return None
    if head[:5] == b"%PDF-":
        return Format.PDF
    if head.startswith(_IMAGES) or _is_bmp(head):
        return Format.IMAGE
    if (head[:4] == b"RIFF" and head[8:12] == b"WEBP") or (
        head[4:8] == b"ftyp" and head[8:12] in _HEIF
    ):
        return Format.IMAGE
    if head.startswith(_ARCHIVES):
        return Format.ARCHIVE
    if _is_biff2_4(head):
        return Format.EXCEL_2_4
    return _text_format(head[:4096])


def identify(data: bytes) -> Format:
    """The format of a whole file's bytes."""
    known = identify_head(data[:4096])
    if known is not None:
        return known
    return _compound_format(data) if data[:8] == CFB_MAGIC else _zip_format(data)


# --------------------------------------------------------------------------- zip packages


def _zip_format(data: bytes) -> Format:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))  # reads the central directory only
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return Format.DAMAGED_ZIP  # a download that did not finish, or a broken archive
    with package:
        infos = package.infolist()
        if infos and infos[0].filename == "mimetype":
            mime = _part(package, infos[0], 256).strip()
            if mime.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
                return _ods(package)
            if mime.startswith(b"application/vnd.oasis.opendocument."):
                return Format.ODF
        names = {i.filename: i for i in infos}
        types = names.get("[Content_Types].xml")
        if types is not None:
            found = ooxml_format(_part(package, types, _MAX_PART))
            if found is not Format.ZIP:
                return found
        if "content.xml" in names and "META-INF/manifest.xml" in names:  # ODF, no mimetype
            manifest = _part(package, names["META-INF/manifest.xml"], _MAX_PART)
            if b"opendocument.spreadsheet" in manifest:
                return Format.ENCRYPTED_ODS if b"encryption-data" in manifest else Format.ODS
    return Format.ZIP


def ooxml_format(content_types: bytes) -> Format:
    """The format a package's ``[Content_Types].xml`` declares (ZIP when none of ours)."""
    declared = b" ".join(_CONTENT_TYPE.findall(content_types)).lower()
    return next((found for needle, found in _OOXML_TYPES if needle in declared), Format.ZIP)


def _ods(package: zipfile.ZipFile) -> Format:
    try:
        manifest = package.getinfo("META-INF/manifest.xml")
    except KeyError:
        return Format.ODS
    encrypted = b"encryption-data" in _part(package, manifest, _MAX_PART)
    return Format.ENCRYPTED_ODS if encrypted else Format.ODS


def _part(package: zipfile.ZipFile, info: zipfile.ZipInfo, most: int) -> bytes:
    if info.file_size > most:
        return b""
    try:
        with package.open(info) as handle:
            return handle.read(most)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        return b""  # a damaged entry, an unknown compression, a zip-level password


# --------------------------------------------------------------------------- compound files


class DamagedCompoundFile(ValueError):
    """A compound file (OLE2) whose header, FAT or directory is inconsistent or truncated."""


StreamReader = Callable[[str, int], bytes]


def _compound_format(data: bytes) -> Format:
    try:
        entries, read = open_compound_file(data)
        if "EncryptionInfo" in entries and "EncryptedPackage" in entries:
            return Format.ENCRYPTED_OOXML
        for stream, found in (("Workbook", Format.XLS), ("Book", Format.XLS95)):
            if stream in entries:
                head = read(stream, 2048)
                if head[:2] != b"\x09\x08":  # a BOF record opens every workbook stream
                    return Format.DAMAGED_CFB
                return Format.ENCRYPTED_XLS if _has_filepass(head) else found
    except DamagedCompoundFile:
        return Format.DAMAGED_CFB
    if "WordDocument" in entries:
        return Format.WORD
    if "PowerPoint Document" in entries:
        return Format.PPT
    return Format.OLE_OTHER


def _has_filepass(head: bytes) -> bool:
    """FILEPASS (0x002F) comes right after the globals' BOF, before the first BoundSheet."""
    position = 0
    for _ in range(8):
        if position + 4 > len(head):
            return False
        kind, size = struct.unpack_from("<HH", head, position)
        if kind == 0x002F:
            return True
        if kind == 0x0085:
            return False
        position += 4 + size
    return False


def open_compound_file(data: bytes) -> tuple[dict[str, tuple[int, int, int]], StreamReader]:
    """(entries, read) of a compound file: entries maps each directory name to (kind, first
    sector, size); ``read(name, most)`` returns up to ``most`` bytes of a stream. Every sector
    number is checked against the file's length (a truncated download) and every chain is
    bounded (a FAT that loops): raises :class:`DamagedCompoundFile`."""
    try:
        return _directory(data)
    except (struct.error, IndexError) as exc:
        raise DamagedCompoundFile(str(exc)) from exc


def _directory(data: bytes) -> tuple[dict[str, tuple[int, int, int]], StreamReader]:
    if len(data) < 512:
        raise DamagedCompoundFile("shorter than its header")
    shift = struct.unpack_from("<H", data, 30)[0]
    if shift not in (9, 12) or struct.unpack_from("<H", data, 32)[0] != 6:
        raise DamagedCompoundFile("bad sector sizes")
    size = 1 << shift
    n_fat, dir_start = struct.unpack_from("<II", data, 44)
    cutoff, minifat_start = struct.unpack_from("<II", data, 56)
    n_sectors = (len(data) - size + size - 1) // size

    def sector(number: int) -> bytes:
        if number >= n_sectors:
            raise DamagedCompoundFile("sector past the end of the file")
        start = size + number * size
        return data[start : start + size]

    difat = list(struct.unpack_from("<109I", data, 76)[: min(n_fat, 109)])
    difat_sector, difat_count = struct.unpack_from("<II", data, 68)
    per_sector = size // 4 - 1  # the last entry of a DIFAT sector points to the next one
    for _ in range(difat_count):  # a large file lists its FAT sectors past the header's 109
        if len(difat) >= n_fat or difat_sector >= _DIFSECT:
            break
        listed = struct.unpack_from(f"<{per_sector + 1}I", sector(difat_sector))
        difat += listed[: min(per_sector, n_fat - len(difat))]
        difat_sector = listed[-1]
    if len(difat) != n_fat or any(s >= _DIFSECT for s in difat):
        raise DamagedCompoundFile("bad DIFAT")
    fat_bytes = b"".join(sector(s) for s in difat)
    if not fat_bytes:
        raise DamagedCompoundFile("no FAT")
    fat = struct.unpack(f"<{len(fat_bytes) // 4}I", fat_bytes)

    def chain(first: int, limit: int) -> list[int]:
        out: list[int] = []
        current = first
        while current != _END and len(out) < limit:
            if current >= len(fat) or len(out) > len(fat):
                raise DamagedCompoundFile("FAT chain out of range or looping")
            out.append(current)
            current = fat[current]
        return out

    directory_sectors = chain(dir_start, 64)
    if not directory_sectors or len(set(directory_sectors)) != len(directory_sectors):
        raise DamagedCompoundFile("bad directory chain")
    directory = b"".join(sector(s) for s in directory_sectors)
    entries: dict[str, tuple[int, int, int]] = {}
    for offset in range(0, len(directory) - 127, 128):
        name_length = struct.unpack_from("<H", directory, offset + 64)[0]
        kind = directory[offset + 66]
        if kind not in (1, 2, 5) or not 2 <= name_length <= 64:
            continue
        name = directory[offset : offset + name_length - 2].decode("utf-16-le", "replace")
        start = struct.unpack_from("<I", directory, offset + 116)[0]
        length = struct.unpack_from("<Q" if size == 4096 else "<I", directory, offset + 120)[0]
        entries[name] = (kind, start, length)
    root = next((entry for entry in entries.values() if entry[0] == 5), None)
    if root is None:
        raise DamagedCompoundFile("no root entry")

    def read(name: str, most: int) -> bytes:
        _, start, length = entries[name]
        want = min(most, length)
        if length >= cutoff:
            return b"".join(sector(s) for s in chain(start, (want + size - 1) // size))[:want]
        # a small stream lives in the mini stream: 64-byte sectors inside the root's chain
        minifat_bytes = b"".join(sector(s) for s in chain(minifat_start, 1 << 16))
        minifat = struct.unpack(f"<{len(minifat_bytes) // 4}I", minifat_bytes)
        container = chain(root[1], 1 << 20)
        out = bytearray()
        current, steps = start, 0
        while current != _END and len(out) < want:
            if current >= len(minifat) or steps > len(minifat):
                raise DamagedCompoundFile("mini FAT chain out of range or looping")
            at = current * 64
            if at // size >= len(container):
                raise DamagedCompoundFile("mini stream past its container")
            out += sector(container[at // size])[at % size : at % size + 64]
            current = minifat[current]
            steps += 1
        return bytes(out[:want])

    return entries, read


# --------------------------------------------------------------------------- the rest


def _is_biff2_4(data: bytes) -> bool:
    """Excel 2.x/3.0/4.0: bare BIFF records, BOF 0x0009/0x0209/0x0409 then a substream type."""
    if len(data) < 8:
        return False
    kind, size = struct.unpack_from("<HH", data)
    if kind not in (0x0009, 0x0209, 0x0409) or size not in (4, 6, 8):
        return False
    return struct.unpack_from("<H", data, 6)[0] in (0x0010, 0x0020, 0x0040, 0x0100)


def _is_bmp(data: bytes) -> bool:
    return (
        data[:2] == b"BM"
        and len(data) >= 26
        and data[6:10] == bytes(4)
        and struct.unpack_from("<I", data, 2)[0] >= 26
    )


def _text_format(head: bytes) -> Format:
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = head[2:].decode("utf-16-le" if head[:2] == b"\xff\xfe" else "utf-16-be", "replace")
    else:
        head = head.removeprefix(b"\xef\xbb\xbf")
        controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
        if b"\x00" in head or controls > len(head) // 100:
            return Format.UNKNOWN  # binary
        text = head.decode("utf-8", "replace")  # a legacy code page only spoils letters
    lead = text.lstrip().lower()
    if lead.startswith("<?xml") and "urn:schemas-microsoft-com:office:spreadsheet" in lead:
        return Format.XML2003
    if lead.startswith(("<!doctype html", "<html", "<table", "<meta", "<head", "<body")) or (
        lead.startswith("<?xml") and "<html" in lead
    ):
        return Format.HTML
    lines = [line for line in text.splitlines() if line.strip()]
    if len(head) >= 4096 and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut off
    for delimiter in (",", ";", "\t", "|"):
        counts = [line.count(delimiter) for line in lines[:20]]
        if counts and counts[0] and sum(c == counts[0] for c in counts) * 2 >= len(counts):
            return Format.CSV
    return Format.TEXT
