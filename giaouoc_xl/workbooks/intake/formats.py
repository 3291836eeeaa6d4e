"""What a file is, from its bytes, not its name: one classification for ``check``, ``merge`` and
the buttons (a school that chose "Excel Binary Workbook", renamed a file, or sent a Word
document is told so plainly).

:func:`identify` reads a zip's directory and at most two small parts, or a compound file's
header, FAT and directory (through olefile; names compared in any case, as the format does), or
the first 4 KB of anything else (text: HTML, CSV, XML…); python-calamine itself cannot
say why a file is not a workbook (its ``from_filelike`` only answers "Cannot detect file
format"), so the reasons are ours (:data:`DESCRIPTIONS`).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import olefile  # type: ignore[import-untyped]


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
    XML = "xml"
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
    Format.XML: "tệp dữ liệu XML",
    Format.CSV: "tệp CSV (dữ liệu cách nhau bởi dấu phẩy)",
    Format.TEXT: "tệp văn bản thường",
    Format.EMPTY: "tệp rỗng (0 byte)",
    Format.UNKNOWN: "tệp không phải bảng tính",
}

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
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
_SPREADSHEET_ML = "urn:schemas-microsoft-com:office:spreadsheet"
#: How an XML document starts (lower-cased): a declaration, a comment, a DOCTYPE or an element.
_XML_START = re.compile(r"<(\?xml[\s?]|!--|!doctype\s|[a-z_][\w.:-]*[\s/>])")


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

# Compound files (OLE2/CFB) are parsed by olefile, the kept pure-Python library (it runs where
# python-calamine cannot, Pyodide included): header, FAT and DIFAT, directory tree, mini FAT.
# Chosen over the hand-written parser it replaced, measured (the guard's cost per .xls file:
# identify + xls_extents, best of 7, one core, python 3.11, olefile 0.47): a school's submission
# saved as .xls by LibreOffice (64 KB) 0.39 ms by hand, 0.64 ms with olefile; the small BIFF8 and
# BIFF5 files of tests/wild.py 0.06 -> 0.17 ms; damaged ones (truncated, FAT loop, bad DIFAT)
# 0.005-0.014 -> 0.02-0.05 ms; 40,000 rows (2 MB) 55 -> 57 ms (the record scan dominates). A
# quarter of a millisecond a file (half a second for 2,000 .xls files) buys no hand parser.
# What olefile does not check and python-calamine needs is checked here, before any stream is
# read: python-calamine follows the directory's chain and the DIFAT's to their end without a
# bound (one that loops grows a buffer until the process dies), reads every FAT sector listed
# (one past the end of the file panics it or asks for terabytes), and looks its workbook stream
# up in the whole directory, not the tree; olefile, at its default defect level, reads a chain
# past the end of a truncated file as far as it goes and stops a list of FAT sectors at its
# first free slot. A stream's bytes are the sectors of the chain checked here, read by entry.

_FREE, _END, _DIFSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFC
_RESERVED = 0xFFFFFFFA  # sector numbers from here on are markers, not sectors
_MINI_CUTOFF = 4096  # MS-CFB 2.2: a stream under this size lives in the mini stream
_OLE_ERRORS = (
    OSError,  # olefile's OleFileError and NotOleFileError among them
    ValueError,
    IndexError,
    KeyError,
    TypeError,
    OverflowError,
    EOFError,
    RecursionError,  # a directory tree thousands of entries deep
    struct.error,
)

#: The names python-calamine looks the workbook stream up by, in its order, spelled exactly so:
#: it compares names case-sensitively (python-calamine 0.9.1), where the format does not.
CALAMINE_STREAMS = ("Workbook", "Book", "WORKBOOK", "BOOK")
_WORKBOOKS = ("WORKBOOK", "BOOK")


class DamagedCompoundFile(ValueError):
    """A compound file (OLE2) whose header, FAT or directory is inconsistent or truncated."""


def cfb_upper(name: str) -> str:
    """A directory name as MS-CFB compares names (2.6.4): each character in upper case, where
    its upper case is one character."""
    return "".join(upper if len(upper := ch.upper()) == 1 else ch for ch in name)


@dataclass(frozen=True)
class CompoundEntry:
    """A storage or stream of the root storage."""

    name: str  # as the file spells it
    kind: int  # 1 storage, 2 stream
    sid: int  # its index in the directory
    start: int  # its first sector
    size: int


class CompoundEntries(Mapping[str, CompoundEntry]):
    """The root's entries by name, looked up case-insensitively as the format compares names
    (``"BOOK" in entries`` when the file has a stream ``Book``)."""

    def __init__(self, entries: Iterable[CompoundEntry]) -> None:
        self._entries: dict[str, CompoundEntry] = {}
        for entry in entries:
            key = cfb_upper(entry.name)
            if key in self._entries:  # two siblings whose names differ in case only
                raise DamagedCompoundFile(f"duplicate name {entry.name!r}")
            self._entries[key] = entry

    def __getitem__(self, name: str) -> CompoundEntry:
        return self._entries[cfb_upper(name)]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and cfb_upper(name) in self._entries

    def __iter__(self) -> Iterator[str]:
        return (entry.name for entry in self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)


class CompoundFile:
    """A compound file opened by olefile and checked as python-calamine will walk it (open one
    with :func:`open_compound_file`): ``entries``, the root's storages and streams by name in
    any case; ``listed``, every directory entry's name in directory order (what a reader that
    lists the whole directory sees, as python-calamine does: the UTF-16 name up to its NUL)."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._size = _check_fat_sectors(data)
        self._ole = ole = olefile.OleFileIO(io.BytesIO(data))
        self._directory = _chain(ole.fat, ole.first_dir_sector, "directory")
        if any((s + 2) * self._size > len(data) for s in self._directory):
            raise DamagedCompoundFile("directory in the file's partial last sector")  # a panic
        root = ole.root
        if root is None or root.entry_type != olefile.STGTY_ROOT:
            raise DamagedCompoundFile("no root entry")
        self._mini: tuple[Sequence[int], bytes] | None = None
        if ole.num_mini_fat_sectors:  # python-calamine loads the mini stream when it opens
            self._mini_stream()
        raw = ole.directory_fp.getvalue()
        self.listed = tuple(
            raw[at : at + 64].decode("utf-16-le", "replace").split("\0", 1)[0]
            for at in range(0, len(raw) - 127, 128)
        )
        self._streams = {at // 128 for at in range(0, len(raw) - 127, 128) if raw[at + 66] == 2}
        self._reached = {sid for sid, entry in enumerate(ole.direntries) if entry is not None}
        self.entries = CompoundEntries(
            CompoundEntry(kid.name, kid.entry_type, kid.sid, kid.isectStart, kid.size)
            for kid in root.kids
            if kid.entry_type in (olefile.STGTY_STORAGE, olefile.STGTY_STREAM)
        )

    def read(self, name: str, most: int | None = None) -> bytes:
        """Up to ``most`` bytes (all when None) of the root's stream ``name`` (any case): the
        sectors of its chain, as far as its size, once they are known to be in the file (in
        the mini stream's container, for a small stream) and not to loop."""
        entry = self.entries[name]
        if entry.kind != olefile.STGTY_STREAM:
            raise DamagedCompoundFile(f"{entry.name!r} is not a stream")
        want = entry.size if most is None else min(most, entry.size)
        if entry.size < _MINI_CUTOFF:
            table, source = self._mini_stream()
            unit, skip = 64, 0
        else:
            table, source, unit, skip = self._ole.fat, self._data, self._size, 1
        # python-calamine stops where the size is reached: what follows is not read
        chain = _chain(table, entry.start, entry.name, -(-entry.size // unit) or None)
        sectors = chain[: -(-want // unit)]
        return b"".join(source[(s + skip) * unit : (s + skip + 1) * unit] for s in sectors)[:want]

    def workbook(self) -> CompoundEntry | None:
        """The root's workbook stream (``Workbook``, or ``Book`` of Excel 5.0/95, in any case),
        or None. Refused as damaged: a directory where python-calamine would read another entry
        (it takes the first of the whole directory spelled as in :data:`CALAMINE_STREAMS`,
        whatever its storage or kind: what is checked must be what is read), or a workbook
        stream the tree does not reach (a broken tree: the file is an .xls, damaged)."""
        ours = {
            entry.sid: entry
            for name in _WORKBOOKS
            if name in self.entries and (entry := self.entries[name]).kind == olefile.STGTY_STREAM
        }
        if not ours:
            stray = self._streams - self._reached
            if any(cfb_upper(self.listed[sid]) in _WORKBOOKS for sid in stray):
                raise DamagedCompoundFile("a workbook stream the directory tree does not reach")
            return None
        theirs = next((self.listed.index(n) for n in CALAMINE_STREAMS if n in self.listed), None)
        if theirs is None:  # python-calamine finds none: see canonical_stream_names
            return next(iter(ours.values()))
        if theirs not in ours:
            raise DamagedCompoundFile(f"python-calamine would read entry {theirs}, not the root's")
        return ours[theirs]

    def entry_offset(self, sid: int) -> int:
        """Where directory entry ``sid`` is in the file."""
        sector, at = divmod(sid * 128, self._size)
        return (self._directory[sector] + 1) * self._size + at

    def _mini_stream(self) -> tuple[Sequence[int], bytes]:
        """The mini FAT and the mini stream's container (the root's stream), once the chains of
        both are known to be in the file; a small stream's sectors must be in the container."""
        if self._mini is None:
            ole, size = self._ole, self._size
            _chain(ole.fat, ole.first_mini_fat_sector, "mini FAT", ole.num_mini_fat_sectors)
            root = ole.root
            sectors = _chain(ole.fat, root.isectStart, "mini stream", -(-root.size // size))
            container = b"".join(self._data[(s + 1) * size : (s + 2) * size] for s in sectors)
            ole.loadminifat()  # olefile keeps the entries of the root's declared size
            self._mini = (ole.minifat[: len(container) // 64], container)
        return self._mini


def open_compound_file(data: bytes) -> CompoundFile:
    """A compound file's root entries (``.entries``, by name in any case), its streams
    (``.read(name, most)``) and its workbook stream (``.workbook()``). Raises
    :class:`DamagedCompoundFile` on anything inconsistent or truncated (a FAT that loops, a
    sector past the end of the file, a bad DIFAT, no root, a mini stream past its container),
    olefile's errors and whatever else it lets escape included."""
    try:
        return CompoundFile(data)
    except DamagedCompoundFile:
        raise
    except _OLE_ERRORS as exc:
        raise DamagedCompoundFile(f"{type(exc).__name__}: {exc}") from exc


def canonical_stream_names(data: bytes) -> bytes:
    """The file with its workbook stream renamed as python-calamine spells it (``Workbook``,
    ``Book``) when the file spells it otherwise (``workbook``): the same letters, so the same
    length, in a copy that python-calamine then reads. Any other file is returned as it is."""
    try:
        compound = open_compound_file(data)
        entry = compound.workbook()
    except DamagedCompoundFile:
        return data
    if entry is None or entry.name in CALAMINE_STREAMS:
        return data
    name = "Workbook" if cfb_upper(entry.name) == "WORKBOOK" else "Book"
    at = compound.entry_offset(entry.sid)
    return data[:at] + name.encode("utf-16-le") + data[at + 2 * len(name) :]


def _check_fat_sectors(data: bytes) -> int:
    """The sector size, once the FAT sectors python-calamine and olefile will read are known to
    be the same sectors of the file; raises otherwise.

    python-calamine reads every sector number below DIFSECT that the header and the DIFAT chain
    list, skipping free slots, and follows the DIFAT chain whatever the header counts. olefile
    reads the DIFAT sectors the header counts, stops each list at its first free slot, and
    copies the whole FAT for each FAT sector it adds (quadratic in a crafted count). So: as many
    FAT sectors as the file can need, each in the file, the DIFAT chain in the file and not
    looping, and no sector listed after a free slot but in the last list olefile reads."""
    if len(data) < 1024:
        raise DamagedCompoundFile("shorter than a header and one sector")
    shift, mini_shift = struct.unpack_from("<HH", data, 30)
    if shift not in (9, 12) or mini_shift != 6:  # python-calamine reads no other
        raise DamagedCompoundFile("bad sector sizes")
    size = 1 << shift
    sectors = (len(data) + size - 1) // size - 1
    most = 2 * sectors // (size // 4) + 2  # twice what the file needs (a FAT sector: size/4)
    n_fat = struct.unpack_from("<I", data, 44)[0]
    difat, counted = struct.unpack_from("<II", data, 68)
    if n_fat > most or counted > most:
        raise DamagedCompoundFile(f"{n_fat} FAT sectors for {sectors} sectors")
    listed: Sequence[int] = struct.unpack_from("<109I", data, 76)
    step = 0
    while True:
        if any(_DIFSECT > s >= sectors for s in listed):
            raise DamagedCompoundFile("bad DIFAT (a FAT sector past the end of the file)")
        if step < counted:  # olefile reads on from the next list
            free = next((i for i, s in enumerate(listed) if s in (_FREE, _END)), len(listed))
            if any(s < _DIFSECT for s in listed[free:]):
                raise DamagedCompoundFile("bad DIFAT (a FAT sector listed after a free slot)")
        if difat >= _RESERVED:
            return size
        if difat >= sectors or step >= most:
            raise DamagedCompoundFile("bad DIFAT (a chain past the file or looping)")
        *listed, difat = struct.unpack_from(f"<{size // 4}I", data, (difat + 1) * size)
        step += 1


def _chain(table: Sequence[int], start: int, what: str, most: int | None = None) -> list[int]:
    """The sectors of a chain, from ``start`` to ENDOFCHAIN or its ``most``-th sector; raises
    when a number is past the table (past the end of the file, for the FAT) or the chain comes
    back to a sector."""
    out: list[int] = []
    seen: set[int] = set()
    current = start
    while current != _END and (most is None or len(out) < most):
        if current >= len(table) or current in seen:
            raise DamagedCompoundFile(f"{what}: chain out of range or looping")
        out.append(current)
        seen.add(current)
        current = table[current]
    return out


def _compound_format(data: bytes) -> Format:
    try:
        compound = open_compound_file(data)
        entries = compound.entries
        if "EncryptionInfo" in entries and "EncryptedPackage" in entries:
            return Format.ENCRYPTED_OOXML
        workbook = compound.workbook()
        if workbook is not None:
            head = compound.read(workbook.name, 2048)
            if head[:2] != b"\x09\x08":  # a BOF record opens every workbook stream
                return Format.DAMAGED_CFB
            if _has_filepass(head):
                return Format.ENCRYPTED_XLS
            return Format.XLS if cfb_upper(workbook.name) == "WORKBOOK" else Format.XLS95
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
    if lead.startswith(("<?xml", "<workbook", "<ss:workbook")) and _SPREADSHEET_ML in lead:
        return Format.XML2003
    if lead.startswith(("<!doctype html", "<html", "<table", "<meta", "<head", "<body")) or (
        lead.startswith("<?xml") and "<html" in lead
    ):
        return Format.HTML
    if _XML_START.match(lead):  # any other XML: its commas make no CSV
        return Format.XML
    lines = [line for line in text.splitlines() if line.strip()]
    if len(head) >= 4096 and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut off
    for delimiter in (",", ";", "\t", "|"):
        counts = [line.count(delimiter) for line in lines[:20]]
        if counts and counts[0] and sum(c == counts[0] for c in counts) * 2 >= len(counts):
            return Format.CSV
    return Format.TEXT
