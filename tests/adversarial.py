"""An adversarial corpus of returned school workbooks, written at test time.

``generate(folder, work)`` writes into ``folder`` files of some fifty kinds of bad submission
(broken, hostile, edited by hand, in another format, oddly named), mixed with good ones, and
returns one :class:`Case` per file: what the file is and which file statuses the merge may give it (a single
status wherever the right behaviour is certain). ``work`` is a scratch folder outside the
submissions: the sources of the LibreOffice conversions and the secret file the XXE cases point at.

Every file that can be used is the file of its own school, so a "used" file never supersedes
another one by accident; the schools given no file are expected "missing".
"""

from __future__ import annotations

import io
import os
import re
import shutil
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.workbook.protection import WorkbookProtection

from giaouoc_xl.core.model import Compact, Period, School
from giaouoc_xl.core.samples import sample
from giaouoc_xl.core.school_form import (
    HEADER_ROW,
    META,
    SCHOOL,
    SCHOOL_ROW,
    TARGETS,
    Answers,
    school_file_name,
    target_columns,
)
from giaouoc_xl.core.simulate import clean_answers
from giaouoc_xl.workbooks.school.writer import render_school_workbook

from .conftest import ROOT
from .libreoffice import convert
from .wild import structural_encrypted_ooxml

TB = sample("thanh-ba-2020-2021")
WHEN = datetime(2026, 1, 1, tzinfo=UTC)
YE = Period.YEAR_END

#: What a file under attack must never leak into an output (the XXE cases point at it).
SECRET = "giaouoc-bi-mat-7f3a91c2"
#: The expansion a "billion laughs" entity would produce, if anything expanded it.
LAUGHS = "lollollollollol"

#: Texts a school types that a spreadsheet would take for a formula (CSV/formula injection).
INJECTIONS = (
    '=HYPERLINK("http://evil.example/x","bấm vào đây")',
    "=cmd|' /C calc'!A0",
    "+1",
    "-1",
    "@SUM(1)",
    "=1+1",
    "+cmd|' /C notepad'!A0",
    "-2+3",
)
#: A school name typed over the locked one, and a principal's name, both formulas in disguise.
INJECTED_NAME = '=HYPERLINK("http://evil.example/ten","Trường Mầm non")'
INJECTED_PRINCIPAL = "@SUM(9,9)"
#: Good submissions whose file names start like a formula.
INJECTED_FILE_NAMES = ("=1+2.xlsx", "@SUM(1).xlsx", "+cmd|' calc'!A0.xlsx", "-2+3 truong.xlsx")

USED = "used"
UNREADABLE = "unreadable"
OVER_LIMIT = "over-limit"
NOT_A_SPREADSHEET = "not-a-spreadsheet"
ENCRYPTED = "encrypted"


@dataclass(frozen=True)
class Case:
    """One file of the corpus and what the merge may make of it."""

    name: str  # path under the folder, as written (possibly NFD)
    kind: str
    statuses: frozenset[str]  # allowed file statuses
    bad: bool = True  # False for the plain good submissions mixed in
    school: str = ""  # the school in the file, when it is used
    school_statuses: frozenset[str] = frozenset()  # allowed statuses of that school's row
    reason: str = ""  # a word the file's reason must contain
    finding: str = ""  # a finding code the file's findings must contain

    @property
    def key(self) -> str:
        """The name the merge reports: relative path in NFC."""
        return unicodedata.normalize("NFC", self.name)


def _set(*items: str) -> frozenset[str]:
    return frozenset(items)


# --------------------------------------------------------------------------- workbook surgery


def rezip(
    src: Path,
    dest: Path,
    parts: dict[str, bytes | Callable[[bytes], bytes]] | None = None,
    extra: dict[str, bytes] | None = None,
) -> Path:
    """Copy an .xlsx package with some parts replaced (bytes or a function of the old bytes)."""
    parts = parts or {}
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            change = parts.get(info.filename)
            if callable(change):
                data = change(data)
            elif change is not None:
                data = change
            new.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            new.writestr(name, data)
    return dest


def edit(src: Path, dest: Path, change: Callable[[Any], None]) -> Path:
    """Open a workbook in openpyxl, change it as a person would, save it under ``dest``."""
    wb = load_workbook(src)
    change(wb)
    wb.save(dest)
    return dest


_HEADER_KEYS = {c.header: c.key for c in target_columns(list(Period))}


def table(ws: Any) -> tuple[dict[str, str], dict[str, int]]:
    """Column letters by key ('code', 'registration', 'result:cuoi-nam', ...) and the row of
    each target code, of a targets sheet opened in openpyxl."""
    columns = {
        _HEADER_KEYS[cell.value]: cell.column_letter
        for cell in ws[HEADER_ROW]
        if cell.value in _HEADER_KEYS
    }
    rows = {}
    for (cell,) in ws.iter_rows(min_row=HEADER_ROW + 1, min_col=2, max_col=2):
        if isinstance(cell.value, str) and cell.value.startswith("CT"):
            rows[cell.value] = cell.row
    return columns, rows


def numeric_rows(ws: Any) -> list[int]:
    """Rows of the targets whose threshold and registration are numbers, top to bottom."""
    columns, rows = table(ws)
    found = []
    for row in sorted(rows.values()):
        values = [ws[f"{columns[key]}{row}"].value for key in ("threshold", "registration")]
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            found.append(row)
    return found


def _targets(wb: Any) -> Any:
    ws = wb[TARGETS]
    ws.protection.sheet = False  # as a person would, before editing
    return ws


def _sheet_xml_cell(xml: bytes, ref: str, content: bytes) -> bytes:
    """Replace the cell ``ref`` of a worksheet's XML by an inline string holding ``content``."""
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"(?:[^>]*/>|[^>]*>.*?</c>)', re.S)
    new, count = pattern.subn(
        b'<c r="' + ref.encode() + b'" t="inlineStr"><is><t>' + content + b"</t></is></c>", xml, 1
    )
    assert count == 1, ref
    return new


def _with_doctype(xml: bytes, doctype: bytes) -> bytes:
    declaration_end = xml.index(b"?>") + 2
    return xml[:declaration_end] + b"\n" + doctype + xml[declaration_end:]


_BILLION_LAUGHS = (
    b'<!DOCTYPE worksheet [\n<!ENTITY lol "lol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


# --------------------------------------------------------------------------- the corpus


@dataclass
class Corpus:
    folder: Path
    work: Path
    compact: Compact = TB
    cases: list[Case] = field(default_factory=list)
    free: list[School] = field(default_factory=list)
    _seed: int = 0

    def __post_init__(self) -> None:
        self.free = list(self.compact.schools)

    def school(self) -> School:
        """A school no file of the corpus belongs to yet."""
        return self.free.pop(0)

    def answers(self, school: School) -> Answers:
        self._seed += 1
        return clean_answers(self.compact, school, YE, seed=self._seed)

    def good(self, school: School, path: Path, answers: Answers | None = None) -> Path:
        """A clean, signed submission of ``school`` at ``path``."""
        path.parent.mkdir(parents=True, exist_ok=True)
        render_school_workbook(
            self.compact, school, path, WHEN, answers if answers else self.answers(school)
        )
        return path

    def scratch(self, school: School, name: str) -> Path:
        """A good submission outside the folder, to be broken into a file of the corpus."""
        return self.good(school, self.work / "src" / name)

    def add(
        self,
        name: str,
        kind: str,
        statuses: frozenset[str],
        school: School | None = None,
        school_statuses: frozenset[str] = frozenset(),
        reason: str = "",
        finding: str = "",
        bad: bool = True,
    ) -> Path:
        self.cases.append(
            Case(
                name,
                kind,
                statuses,
                bad,
                school.code if school else "",
                school_statuses,
                reason,
                finding,
            )
        )
        return self.folder / name


def generate(folder: Path, work: Path, compact: Compact = TB) -> list[Case]:
    """Write the corpus into ``folder`` (created), scratch files into ``work``; return its cases."""
    folder.mkdir(parents=True, exist_ok=True)
    (work / "src").mkdir(parents=True, exist_ok=True)
    (work / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    corpus = Corpus(folder, work, compact)
    for make in KINDS:
        make(corpus)
    names = [c.key for c in corpus.cases]
    assert len(names) == len(set(names)), "two cases share a file name"
    return corpus.cases


# --------------------------------------------------------------------------- good files


def good_submissions(c: Corpus) -> None:
    for _ in range(3):
        school = c.school()
        name = school_file_name(school.code, school.name)
        c.good(school, c.add(name, "good", _set(USED), school, _set("valid"), bad=False))


def duplicate(c: Corpus) -> None:
    """The same school twice: an older file in a subfolder and a newer one."""
    school = c.school()
    older = c.add(
        f"cu/{school.code}_lan-1.xlsx",
        "duplicate-older",
        _set("superseded"),
        school,
        reason="khác",
    )
    c.good(school, older)
    os.utime(older, (1_600_000_000, 1_600_000_000))
    newer = c.add(f"{school.code}_lan-2.xlsx", "duplicate-newer", _set(USED), school, _set("valid"))
    c.good(school, newer)


def nfd_name(c: Corpus) -> None:
    """A name as macOS writes it (decomposed); reported in NFC."""
    school = c.school()
    name = unicodedata.normalize("NFD", f"{school.name} nộp lại.xlsx")
    assert name != unicodedata.normalize("NFC", name)
    c.good(school, c.add(name, "nfd-name", _set(USED), school, _set("valid")))


def folder_named_like_a_workbook(c: Corpus) -> None:
    school = c.school()
    name = "bai-nop.xlsx/truong.xlsx"
    c.good(school, c.add(name, "folder-named-xlsx", _set(USED), school, _set("valid")))


def uppercase_extension(c: Corpus) -> None:
    school = c.school()
    c.good(school, c.add("DAI-AN.XLSX", "uppercase-extension", _set(USED), school, _set("valid")))


# --------------------------------------------------------------------------- not read at all


def lock_and_temporary_files(c: Corpus) -> None:
    path = c.add("~$01001_bai-nop.xlsx", "excel-lock", _set("lock-file"))
    path.write_bytes(b"\x0bNguyen Van A" + b"\x20" * 40 + b"\x00" * 112)
    path = c.add(".~lock.01001_bai-nop.xlsx#", "libreoffice-lock", _set("lock-file"))
    path.write_text("Nguyễn Văn A,may-tinh,may-tinh,12.03.2026 08:15,file:///home/a;\n")
    c.add(".an.xlsx", "hidden-file", _set("temporary")).write_bytes(b"PK\x03\x04")
    c.add("bai-nop.xlsx~", "backup-file", _set("temporary")).write_bytes(b"PK\x03\x04")
    c.add("~WRL0001.tmp", "temp-file", _set("temporary")).write_bytes(b"\x00" * 64)


def not_spreadsheets(c: Corpus) -> None:
    c.add("ghi-chu.txt", "text-note", _set("not-a-spreadsheet")).write_text("nộp muộn")
    c.add("cong-van.pdf", "pdf", _set("not-a-spreadsheet")).write_bytes(b"%PDF-1.4\n%%EOF\n")
    c.add("README", "no-extension", _set("not-a-spreadsheet")).write_text("đọc tôi")


# --------------------------------------------------------------------------- broken files


def broken_files(c: Corpus) -> None:
    source = c.scratch(c.school(), "truncated.xlsx")  # its school sends nothing usable
    data = source.read_bytes()
    path = c.add("truncated-zip.xlsx", "truncated-zip", _set(UNREADABLE), reason="hỏng")
    path.write_bytes(data[: len(data) // 2])
    c.add("empty.xlsx", "empty", _set(UNREADABLE), reason="rỗng").write_bytes(b"")
    c.add(
        "text-renamed.xlsx", "text-renamed", _set(NOT_A_SPREADSHEET), reason="không phải"
    ).write_text("Báo cáo giao ước thi đua năm học 2020-2021\nMã trường: 01001\n", encoding="utf-8")
    html = (
        "<html><head><meta charset='utf-8'></head><body><table>"
        "<tr><td>Mã trường</td><td>01001</td></tr><tr><td>CT01.1</td><td>100</td></tr>"
        "</table></body></html>"
    )
    c.add("html-table.xls", "html-as-xls", _set(NOT_A_SPREADSHEET), reason="trang web").write_text(
        html, encoding="utf-8"
    )
    ole = structural_encrypted_ooxml(data)  # an encrypted package is a compound file
    c.add("encrypted.xlsx", "encrypted", _set(ENCRYPTED), reason="mật khẩu").write_bytes(ole)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("hello.txt", "không phải bảng tính")
    c.add("zip-not-ooxml.xlsx", "zip-not-ooxml", _set(NOT_A_SPREADSHEET)).write_bytes(
        buffer.getvalue()
    )
    rezip(
        source,
        c.add("no-workbook-part.xlsx", "no-workbook-part", _set(UNREADABLE)),
        {"xl/workbook.xml": b""},
    )


def links(c: Corpus) -> None:
    os.symlink(
        c.work / "secret.txt",
        c.add("lien-ket-bi-mat.xlsx", "symlink-to-secret", _set(NOT_A_SPREADSHEET)),
    )
    os.symlink(
        c.work / "khong-co.xlsx", c.add("lien-ket-hong.xlsx", "broken-symlink", _set(UNREADABLE))
    )


# --------------------------------------------------------------------------- hostile files


def hostile_files(c: Corpus) -> None:
    sheet = "xl/worksheets/sheet3.xml"  # the targets sheet ("Chỉ tiêu")
    zeros = b"\0" * (5 * 1024 * 1024)
    source = c.scratch(c.school(), "bomb.xlsx")
    rezip(
        source,
        c.add("zip-bomb.xlsx", "zip-bomb", _set(OVER_LIMIT), reason="zip bomb"),
        {sheet: zeros},
    )

    school = c.school()
    source = c.scratch(school, "far.xlsx")

    def far(wb: Any) -> None:
        _targets(wb)["XFD1048576"] = "x"

    edit(source, c.add("far-cell.xlsx", "far-cell", _set(OVER_LIMIT), reason="vượt giới hạn"), far)

    school = c.school()
    source = c.scratch(school, "dimension.xlsx")

    def huge_dimension(xml: bytes) -> bytes:
        return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml)

    rezip(
        source,
        c.add("huge-dimension.xlsx", "huge-dimension", _set(USED), school, _set("valid")),
        {sheet: huge_dimension},
    )

    # a million empty styled rows after the table (what a careless "format whole column" or a
    # broken export leaves): refused before reading, or read without its empty rows costing
    school = c.school()
    source = c.scratch(school, "styled-rows.xlsx")
    empty_rows = b"".join(
        b'<row r="%d" s="1" customFormat="1" ht="15" customHeight="1"/>' % r
        for r in range(1001, 1_000_001)
    )

    def styled_rows(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", empty_rows + b"</sheetData>", 1)

    rezip(
        source,
        c.add("million-styled-rows.xlsx", "million-styled-rows", _set(OVER_LIMIT, USED), school),
        {sheet: styled_rows},
    )

    _entities(c, sheet)


def _entities(c: Corpus, sheet: str) -> None:
    """A billion-laughs DOCTYPE and external entities referenced from a comment cell."""
    for kind, doctype, reference in (
        ("billion-laughs", _BILLION_LAUGHS, b"&lol9;"),
        (
            "xxe-sheet",
            b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://'
            + str(c.work / "secret.txt").encode()
            + b'">]>',
            b"&xxe;",
        ),
        (
            "xxe-passwd",
            b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
            b"&xxe;",
        ),
    ):
        school = c.school()
        source = c.scratch(school, f"{kind}.xlsx")
        wb = load_workbook(source, read_only=True)
        columns, rows = table(wb[TARGETS])
        wb.close()
        ref = f"{columns['comment']}{min(rows.values())}"

        def hostile(
            xml: bytes, ref: str = ref, doctype: bytes = doctype, ent: bytes = reference
        ) -> bytes:
            return _sheet_xml_cell(_with_doctype(xml, doctype), ref, ent)

        path = c.add(f"{kind}.xlsx", kind, _set(UNREADABLE, USED), school)
        rezip(source, path, {sheet: hostile})
    # an external entity in the shared strings, which hold every text of the sheets
    school = c.school()
    source = c.scratch(school, "xxe-strings.xlsx")

    def strings(xml: bytes) -> bytes:
        doctype = (
            b'<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file://'
            + str(c.work / "secret.txt").encode()
            + b'">]>'
        )
        return _with_doctype(xml, doctype).replace("<t>Có</t>".encode(), b"<t>&xxe;</t>", 1)

    path = c.add("xxe-shared-strings.xlsx", "xxe-shared-strings", _set(UNREADABLE, USED), school)
    rezip(source, path, {"xl/sharedStrings.xml": strings})


def macros(c: Corpus) -> None:
    """A workbook carrying a real VBA project (from the compact book's .xlsm): never run."""
    school = c.school()
    source = c.scratch(school, "macros.xlsx")
    with zipfile.ZipFile(ROOT / "workbook_templates" / "so_giao_uoc.xlsm") as xlsm:
        vba = xlsm.read("xl/vbaProject.bin")

    def content_types(xml: bytes) -> bytes:
        xml = xml.replace(b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml")
        return xml.replace(
            b"<Default ",
            b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default ',
            1,
        )

    def relationships(xml: bytes) -> bytes:
        return xml.replace(
            b"</Relationships>",
            b'<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2006/'
            b'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>',
        )

    path = c.add("co-macro.xlsm", "xlsm-with-macros", _set(USED, "not-a-submission"), school)
    rezip(
        source,
        path,
        {"[Content_Types].xml": content_types, "xl/_rels/workbook.xml.rels": relationships},
        {"xl/vbaProject.bin": vba},
    )
    school = c.school()
    shutil.copy(
        c.scratch(school, "copy.xlsx"),
        c.add("doi-duoi.xlsm", "xlsx-as-xlsm", _set(USED), school, _set("valid")),
    )


# --------------------------------------------------------------------------- edited by hand


def _edited(
    c: Corpus,
    kind: str,
    change: Callable[[Any], None],
    statuses: frozenset[str] = _set(USED),
    school_statuses: frozenset[str] = frozenset(),
    reason: str = "",
    finding: str = "",
) -> None:
    school = c.school()
    source = c.scratch(school, f"{kind}.xlsx")
    path = c.add(f"{kind}.xlsx", kind, statuses, school, school_statuses, reason, finding)
    edit(source, path, change)


def hand_edits(c: Corpus) -> None:
    def rename_targets(wb: Any) -> None:
        wb[TARGETS].title = "Chỉ tiêu (đã sửa)"

    def delete_school_sheet(wb: Any) -> None:
        del wb[SCHOOL]

    def delete_meta(wb: Any) -> None:
        del wb[META]

    def extra_sheet(wb: Any) -> None:
        ws = wb.create_sheet("Ghi chú của trường")
        ws["A1"] = "Bản nháp, không tính"
        ws["B2"] = 123

    def reorder(wb: Any) -> None:  # 'Chỉ tiêu', '_giaouoc', 'Hướng dẫn', 'Trường'
        for name in (META, TARGETS):
            wb.move_sheet(name, offset=-wb.sheetnames.index(name))
        wb.active = 0

    def hide_targets(wb: Any) -> None:
        wb[TARGETS].sheet_state = "veryHidden"
        wb.active = wb.sheetnames.index(SCHOOL)

    def lock_structure(wb: Any) -> None:
        wb.security = WorkbookProtection(workbookPassword="matkhau", lockStructure=True)

    def delete_row(wb: Any) -> None:
        ws = _targets(wb)
        _, rows = table(ws)
        ws.delete_rows(rows[sorted(rows)[0]])

    def insert_row(wb: Any) -> None:
        ws = _targets(wb)
        columns, rows = table(ws)
        last = max(rows.values())  # a row inserted above the last target, inside the table
        ws.insert_rows(last)
        ws[f"{columns['text']}{last}"] = "Dòng trường tự chèn thêm"
        ws[f"{columns['registration']}{last}"] = 50

    def duplicate_code(wb: Any) -> None:
        ws = _targets(wb)
        columns, rows = table(ws)
        first, second = sorted(rows)[:2]
        ws[f"{columns['code']}{rows[second]}"] = first

    def threshold(wb: Any) -> None:
        ws = _targets(wb)
        columns, _ = table(ws)
        ws[f"{columns['threshold']}{numeric_rows(ws)[0]}"] = 50

    def formula(wb: Any) -> None:
        ws = _targets(wb)
        columns, _ = table(ws)
        # openpyxl writes a formula without its cached value, as a script or a web tool would
        ws[f"{columns['result:cuoi-nam']}{numeric_rows(ws)[0]}"] = "=1+1"

    def merged(wb: Any) -> None:
        ws = _targets(wb)
        columns, _ = table(ws)
        row = numeric_rows(ws)[0]
        ws.merge_cells(f"{columns['registration']}{row}:{columns['result:cuoi-nam']}{row}")

    def external_link(wb: Any) -> None:
        ws = _targets(wb)
        columns, _ = table(ws)
        ws[f"{columns['note']}{numeric_rows(ws)[0]}"] = "='[other.xlsx]Sheet1'!A1"
        ws[f"{columns['note']}{numeric_rows(ws)[1]}"] = "='C:\\secret\\[so.xlsx]Tong'!B2"

    def identity_code(wb: Any) -> None:
        wb[SCHOOL][f"B{SCHOOL_ROW['code']}"] = "01001"  # another school's code over the locked one

    def far_but_allowed(wb: Any) -> None:
        ws = _targets(wb)
        _, rows = table(ws)
        start = max(rows.values()) + 20
        for index in range(5000):
            ws.cell(start + index, 3, f"Ghi chép thêm số {index}: không thuộc bảng chỉ tiêu")

    valid, errors = _set("valid"), _set("with-errors")
    _edited(
        c, "renamed-targets-sheet", rename_targets, school_statuses=errors, finding="missing-sheet"
    )
    _edited(
        c,
        "deleted-school-sheet",
        delete_school_sheet,
        school_statuses=errors,
        finding="missing-sheet",
    )
    _edited(c, "deleted-meta-sheet", delete_meta, school_statuses=valid, finding="missing-metadata")
    _edited(c, "extra-sheet", extra_sheet, school_statuses=valid)
    _edited(c, "reordered-sheets", reorder, school_statuses=valid)
    _edited(c, "hidden-targets-sheet", hide_targets, school_statuses=valid)
    _edited(c, "structure-locked", lock_structure, school_statuses=valid)
    _edited(c, "deleted-target-row", delete_row, school_statuses=errors, finding="missing-target")
    _edited(c, "inserted-row", insert_row, school_statuses=valid, finding="stray-row")
    _edited(
        c,
        "duplicate-target-code",
        duplicate_code,
        school_statuses=errors,
        finding="duplicate-target",
    )
    _edited(c, "threshold-changed", threshold, school_statuses=errors, finding="threshold-changed")
    _edited(
        c, "formula-without-value", formula, school_statuses=errors, finding="formula-without-value"
    )
    _edited(c, "merged-over-inputs", merged, school_statuses=errors, finding="missing-value")
    _edited(c, "external-link", external_link, school_statuses=valid)
    _edited(
        c,
        "identity-code-changed",
        identity_code,
        school_statuses=errors,
        finding="identity-changed",
    )
    _edited(c, "big-but-valid", far_but_allowed, school_statuses=valid)


# --------------------------------------------------------------------------- wrong templates


def wrong_templates(c: Corpus) -> None:
    school = c.school()
    source = c.scratch(school, "stale.xlsx")

    def stale(wb: Any) -> None:
        wb[META]["B4"] = "0"  # compact_revision
        wb[META]["B5"] = "0" * 64  # compact_fingerprint

    edit(
        source,
        c.add(
            "stale-template.xlsx",
            "stale-template",
            _set("stale-template"),
            school,
            _set("unusable"),
        ),
        stale,
    )

    school = c.school()
    other = c.compact.model_copy(update={"id": "cam-khe-2020-2021"})
    path = c.add(
        "other-compact.xlsx", "other-compact", _set("other-compact"), school, _set("unusable")
    )
    render_school_workbook(other, school, path, WHEN, clean_answers(other, school, YE, seed=5))

    source = c.scratch(c.school(), "unknown.xlsx")

    def unknown(wb: Any) -> None:
        wb[META]["B6"] = "09999"  # school_code
        wb[SCHOOL][f"B{SCHOOL_ROW['code']}"] = "09999"

    edit(source, c.add("unknown-school.xlsx", "unknown-school", _set("unknown-school")), unknown)

    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.active.append(["Mã trường", "Chỉ tiêu", "Kết quả"])
    wb.active.append(["01001", "CT01.1", 100])
    wb.save(c.add("plain-workbook.xlsx", "not-a-template", _set("not-a-submission")))

    wb = Workbook()
    wb.active.title = TARGETS
    wb.create_sheet(SCHOOL)["A2"] = "Mã trường"
    wb[SCHOOL]["B2"] = "09998"
    wb.save(c.add("look-alike.xlsx", "look-alike-unknown-code", _set("not-a-submission")))

    # a school's file named after another school: identified by its content
    school, named_after = c.school(), c.compact.schools[0]
    name = school_file_name(named_after.code, named_after.name).replace(".xlsx", " (1).xlsx")
    c.good(
        school,
        c.add(
            name,
            "other-school-renamed",
            _set(USED),
            school,
            _set("valid"),
            finding="file-name-mismatch",
        ),
    )


# --------------------------------------------------------------------------- typed content


def typed_content(c: Corpus) -> None:
    school = c.school()
    answers = c.answers(school)
    numeric = [
        code
        for code, typed in answers.targets.items()
        if isinstance(typed.get("registration"), float)
    ]
    answers.targets[numeric[0]]["registration"] = "chín mươi lăm"
    answers.targets[numeric[1]]["registration"] = "=1+1"  # text, not a formula, in a number cell
    answers.targets[numeric[2]]["result:cuoi-nam"] = "95,5 %"
    answers.targets[numeric[3]]["result:cuoi-nam"] = -5.0
    path = c.add(
        "text-in-numbers.xlsx",
        "text-in-number-cells",
        _set(USED),
        school,
        _set("with-errors"),
        finding="invalid-value",
    )
    c.good(school, path, answers)

    # formulas in disguise: comments, notes, the school name and the principal
    school = c.school()
    answers = c.answers(school)
    codes = list(answers.targets)
    for code, text in zip(codes, INJECTIONS, strict=False):
        answers.targets[code]["comment"] = text
        answers.targets[code]["note"] = text
    answers.signing["principal"] = INJECTED_PRINCIPAL
    renamed = school.model_copy(update={"name": INJECTED_NAME})
    path = c.add(
        "injection.xlsx",
        "formula-injection",
        _set(USED),
        school,
        _set("valid"),
        finding="identity-changed",
    )
    render_school_workbook(c.compact, renamed, path, WHEN, answers)

    for name in INJECTED_FILE_NAMES:
        school = c.school()
        c.good(school, c.add(name, "formula-file-name", _set(USED), school, _set("valid")))


# --------------------------------------------------------------------------- other applications


def libreoffice(c: Corpus) -> None:
    """Good submissions saved by LibreOffice as .xls, .ods and .xlsx; .xls and .ods bytes under
    an .xlsx name (as when a person renames a file)."""
    plan = {
        "xls": [
            ("old-excel", _set(USED), ".xls"),
            ("xls-renamed", _set(USED, UNREADABLE), ".xlsx"),
        ],
        "ods": [("calc", _set(USED), ".ods"), ("ods-renamed", _set(USED, UNREADABLE), ".xlsx")],
        "xlsx": [("libreoffice-resaved", _set(USED), ".xlsx")],
    }
    for fmt, items in plan.items():
        sources, schools = [], []
        for stem, _, _ in items:
            school = c.school()
            schools.append(school)
            sources.append(c.good(school, c.work / f"lo-{fmt}" / "in" / f"{stem}.xlsx"))
        outputs = convert(sources, c.work / f"lo-{fmt}" / "out", fmt)
        for (stem, statuses, suffix), school, output in zip(items, schools, outputs, strict=True):
            path = c.add(
                f"{stem}{suffix}",
                stem,
                statuses,
                school,
                _set("valid") if statuses == _set(USED) else frozenset(),
            )
            shutil.copy(output, path)


KINDS: tuple[Callable[[Corpus], None], ...] = (
    good_submissions,
    duplicate,
    nfd_name,
    folder_named_like_a_workbook,
    uppercase_extension,
    lock_and_temporary_files,
    not_spreadsheets,
    broken_files,
    links,
    hostile_files,
    macros,
    hand_edits,
    wrong_templates,
    typed_content,
    libreoffice,
)
