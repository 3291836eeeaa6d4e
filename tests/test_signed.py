"""The documents are true and complete as signed (issue 22): dated from the books, never from
the day they are printed; headed DỰ THẢO with the count of open errors while an error that would
change a result remains; *Nơi nhận* on every one; the signer's authority printed whole on its
two lines ("KT. TRƯỞNG PHÒNG" over "PHÓ TRƯỞNG PHÒNG"); a tờ trình to each authority that
decides awards, each with its own list of proposals (lists never mix authorities); a long
document fitted to the page's width, never printed at a fixed scale that a substitute font
pushes off the page; ``--pdf`` saying when neither Times New Roman nor Liberation Serif is
installed, and still printing.

What the pictures of the demo's pages showed (``pdftoppm -r 60``, every page looked at, with
the Liberation fonts and with them hidden from LibreOffice, which then prints DejaVu Serif) is
what the slow tests hold: every word written in a document printed whole (a cut cell loses its
words in the PDF), nothing past the page's margins, the heading whole at the top of each
document, the signatures whole, the list of proposals on the pages it was planned on with its
header repeated and the signatures never alone.
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import range_boundaries

from giaouoc_xl import api
from giaouoc_xl.core.model import Authority, Compact, Signer, VotingBody
from giaouoc_xl.core.results import MergeResult
from giaouoc_xl.demo import DemoResult, run_demo
from giaouoc_xl.jobs.pdf import FONTS_MISSING, find_soffice, fonts_note
from giaouoc_xl.workbooks.documents.form import (
    BLANK_DATE,
    as_sent,
    date_text,
    draft_text,
    heading,
    recipient_lines,
    signer_title,
)
from giaouoc_xl.workbooks.documents.layout import KEEP_ROWS, Formats, write_document
from giaouoc_xl.workbooks.summary import render_documents
from giaouoc_xl.workbooks.summary.names import (
    CHANGES,
    COUNCIL_MINUTES,
    OVERVIEW,
    bloc_sheets,
    request_sheets,
)
from giaouoc_xl.workbooks.summary.proposals import grantors, proposals_document, proposed
from giaouoc_xl.workbooks.summary.request import request_document

from .printing import collapse, overflowing_cells, page_words, pages_text

slow = pytest.mark.slow  # LibreOffice prints the documents
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
#: A fontconfig configuration that hides the metric twins of Times New Roman (and Times New
#: Roman itself), as on a computer without them: LibreOffice then prints DejaVu Serif.
NO_TIMES = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont>
    <glob>*/liberation*</glob><glob>*Liberation*</glob><glob>*[Tt]imes*</glob>
  </rejectfont></selectfont>
</fontconfig>
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    return run_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def no_times(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fontconfig file of a computer without Times New Roman or Liberation Serif."""
    path = tmp_path_factory.mktemp("fonts") / "fonts.conf"
    path.write_text(NO_TIMES, encoding="utf-8")
    found = subprocess.run(
        ["fc-match", "-f", "%{family}", "Times New Roman"],
        capture_output=True, text=True, check=True, env={**os.environ, "FONTCONFIG_FILE": str(path)},
    ).stdout  # fmt: skip
    assert "Liberation" not in found and "Times" not in found, found
    return path


def document_sheets(result: MergeResult) -> list[str]:
    """The summary's documents to sign, in order."""
    names = bloc_sheets(result.compact)
    asked = [g for g in grantors(result.compact) if proposed(result, g)]
    return [
        OVERVIEW,
        *(names[b.code]["KQ"] for b in result.compact.blocs),
        *minutes_sheets(result),
        *(sheet for pair in request_sheets(len(asked)) for sheet in pair),
        CHANGES,
    ]


def minutes_sheets(result: MergeResult) -> list[str]:
    """The minutes: each bloc's, and the council's when it votes on an award."""
    names = bloc_sheets(result.compact)
    council = any(a.body is VotingBody.COUNCIL for a in result.compact.awards)
    return [*(names[b.code]["BB"] for b in result.compact.blocs), *[COUNCIL_MINUTES] * council]


def printed_texts(xlsx: Path, sheets: list[str] | None = None) -> dict[str, list[str]]:
    """Every text of each sheet's print area (what a document prints), by sheet."""
    wb = openpyxl.load_workbook(xlsx)
    texts: dict[str, list[str]] = {}
    for ws in wb.worksheets:
        if sheets is not None and ws.title not in sheets:
            continue
        first_col, first_row, last_col, last_row = range_boundaries(
            ws.print_area.split("!")[-1].replace("$", "")
        )
        texts[ws.title] = [
            str(cell.value)
            for row in ws.iter_rows(first_row, last_row, first_col, last_col)
            for cell in row
            if cell.value is not None and str(cell.value).strip()
        ]
    return texts


@pytest.fixture(scope="module")
def documents(demo: DemoResult) -> dict[str, list[str]]:
    return printed_texts(demo.summary, document_sheets(demo.merge))


def _date_lines(texts: list[str], place: str) -> list[str]:
    return [t for t in texts if t.startswith(f"{place}, ngày")]


# --------------------------------------------------------------------------- dates


def test_the_date_line_is_the_books_or_blank(thanh_ba: Compact) -> None:
    assert heading(thanh_ba).place_date == f"Thanh Ba, {BLANK_DATE}"  # no date in the book
    dated = thanh_ba.model_copy(update={"document_date": date(2021, 6, 5)})
    assert heading(dated).place_date == "Thanh Ba, ngày 05 tháng 6 năm 2021"
    # NĐ 30: a day below 10 and the months 1 and 2 take a 0
    assert date_text(date(2022, 1, 15)) == "ngày 15 tháng 01 năm 2022"
    assert date_text(date(2021, 12, 31)) == "ngày 31 tháng 12 năm 2021"
    # the minutes: the meeting's date, blank when the meeting has none, never the book's
    assert heading(dated, kind="BB", on=date(2021, 5, 28)).place_date.endswith(
        "ngày 28 tháng 5 năm 2021"
    )
    assert heading(dated, kind="BB", on=None).place_date == f"Thanh Ba, {BLANK_DATE}"


def test_no_document_shows_the_day_it_was_printed(
    demo: DemoResult, documents: dict[str, list[str]]
) -> None:
    compact = demo.merge.compact
    assert compact.document_date == date(2021, 6, 5)  # the demo's book
    book = f"Thanh Ba, {date_text(compact.document_date)}"
    today = date_text(date.today())
    minutes = set(minutes_sheets(demo.merge))
    for sheet, texts in documents.items():
        lines = _date_lines(texts, "Thanh Ba")
        assert lines and not any(today in line for line in lines), sheet
        if sheet not in minutes:  # the minutes are dated by their meeting
            assert lines == [book], sheet
    for slip in demo.slips[:3]:
        (texts,) = printed_texts(slip).values()
        assert _date_lines(texts, "Thanh Ba") == [book], slip.name


def test_a_book_without_a_date_prints_the_blank_line(demo: DemoResult, tmp_path: Path) -> None:
    undated = demo.merge.compact.model_copy(update={"document_date": None})
    report = api.merge(
        undated, demo.returns, out=tmp_path / "th.xlsx", slips=tmp_path / "phieu",
        appraisal=demo.appraisal, period=demo.merge.period,
    )  # fmt: skip
    assert report.summary is not None
    minutes = set(minutes_sheets(report.result))
    sheets = document_sheets(report.result)
    for sheet, texts in printed_texts(Path(report.summary), sheets).items():
        if sheet not in minutes:
            assert _date_lines(texts, "Thanh Ba") == [f"Thanh Ba, {BLANK_DATE}"], sheet
    (texts,) = printed_texts(Path(report.slips[0])).values()
    assert _date_lines(texts, "Thanh Ba") == [f"Thanh Ba, {BLANK_DATE}"]


# --------------------------------------------------------------------------- DỰ THẢO


def test_a_draft_says_so_with_its_open_errors(
    demo: DemoResult, documents: dict[str, list[str]]
) -> None:
    result = demo.merge
    assert result.draft and result.open_errors > 0  # the demo: a change without its reason…
    line = draft_text(result.open_errors)
    assert line == f"DỰ THẢO — còn {result.open_errors} lỗi cần xử lý trước khi ký"
    for sheet, texts in documents.items():
        assert texts.count(line) == 1, sheet
        (dated,) = _date_lines(texts, "Thanh Ba")
        assert texts.index(line) == texts.index(dated) + 1, sheet  # under the heading


def test_no_draft_line_once_no_error_remains(
    demo: DemoResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(MergeResult, "open_errors", property(lambda self: 0))
    result = demo.merge
    assert not result.draft
    render_documents(result, tmp_path / "ky.xlsx")
    for sheet, texts in printed_texts(tmp_path / "ky.xlsx").items():
        assert not any("DỰ THẢO" in t for t in texts), sheet


def test_as_sent_is_applied_once(demo: DemoResult) -> None:
    result, grantor = demo.merge, grantors(demo.merge.compact)[0]
    doc = request_document(result, grantor, "Tờ trình")
    once = as_sent(doc, result)
    assert as_sent(once, result) == once and len(once.blocks) == len(doc.blocks) + 2


# --------------------------------------------------------------------------- Nơi nhận, signer


def test_noi_nhan_on_every_document(demo: DemoResult, documents: dict[str, list[str]]) -> None:
    typed = recipient_lines(demo.merge.compact)
    assert typed == (
        "- UBND huyện Thanh Ba (để báo cáo);",
        "- Các trường MN, TH, THCS trong huyện;",
        "- Lưu: VT, TĐKT.",
    )
    for sheet, texts in documents.items():
        assert "Nơi nhận:" in texts, sheet
        at = texts.index("Nơi nhận:")
        listed = [t for t in texts[at + 1 :] if t.startswith("- ")]  # the signer's beside
        if sheet.startswith("Tờ trình"):  # to the authority named in "Kính gửi"
            assert listed[0] == "- Như trên;", listed
        assert all(line in listed for line in typed), (sheet, listed)
    for slip in demo.slips[:2]:
        (texts,) = printed_texts(slip).values()
        assert "Nơi nhận:" in texts, slip.name


def test_every_document_as_written_shows_whole(demo: DemoResult) -> None:
    """Measured with Times New Roman's metrics: no cell of a document cut or shown as ###."""
    assert overflowing_cells(demo.summary, document_sheets(demo.merge)) == []


def test_noi_nhan_by_default_and_as_typed(thanh_ba: Compact) -> None:
    assert recipient_lines(thanh_ba) == (
        "- UBND HUYỆN THANH BA (để báo cáo);",
        "- Các trường;",
        "- Lưu: VT.",
    )
    typed = thanh_ba.model_copy(update={"recipients": "- Sở GD&ĐT;\n• Các trường.\nLưu: VT"})
    assert recipient_lines(typed, ["Như trên", "Sở GD&ĐT"]) == (
        "- Như trên;",
        "- Sở GD&ĐT;",
        "- Các trường;",
        "- Lưu: VT.",
    )
    request = recipient_lines(thanh_ba, ["Như trên"], schools="", receiver="")
    assert request == ("- Như trên;", "- Lưu: VT.")


def test_the_signers_authority_on_its_own_line() -> None:
    def title(**fields: Any) -> str:
        return signer_title(Signer.model_validate(fields))

    assert title(title="Trưởng phòng") == "TRƯỞNG PHÒNG"
    deputy = title(title="PHÓ TRƯỞNG PHÒNG", authority="KT.", head_title="TRƯỞNG PHÒNG")
    assert deputy == "KT. TRƯỞNG PHÒNG\nPHÓ TRƯỞNG PHÒNG"
    collective = title(title="CHỦ TỊCH", authority=Authority.FOR_COLLECTIVE,
                       head_title="ỦY BAN NHÂN DÂN")  # fmt: skip
    assert collective == "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    acting = title(title="PHÓ TRƯỞNG PHÒNG", authority="Q.", head_title="TRƯỞNG PHÒNG")
    assert acting == "Q. TRƯỞNG PHÒNG"  # an acting head signs as the head
    assert title() == "THỦ TRƯỞNG ĐƠN VỊ"


@slow
def test_a_deputy_signs_whole_on_two_lines_in_the_pdf(demo: DemoResult) -> None:
    assert demo.pdf is not None
    signer = demo.merge.compact.signer
    assert signer.authority is Authority.DEPUTY  # the demo's KT. signer
    signed = 0
    for words in page_words(demo.pdf):
        pairs = itertools.pairwise(words)
        kt = [w for w, after in pairs if (w.text, after.text) == ("KT.", "TRƯỞNG")]
        for first in kt:
            below = [w for w in words if w.text == "PHÓ" and w.y0 > first.y1 - 1]
            assert below, "PHÓ TRƯỞNG PHÒNG under KT. TRƯỞNG PHÒNG"
            second = min(below, key=lambda w: w.y0)
            assert second.y0 - first.y1 < 12  # the next line, not the next block
            line = [w.text for w in words if abs(w.middle - first.middle) < 2 and w.x0 >= first.x0]
            assert line[:3] == ["KT.", "TRƯỞNG", "PHÒNG"] and "PHÓ" not in line
            name = [w for w in words if w.text == signer.name.split()[-1] and w.y0 > second.y1]
            assert name, "the signer's name under the signature"
            signed += 1
    # the overview, a result table per bloc, each request and its list, the changes
    assert signed == 1 + len(demo.merge.compact.blocs) + 2 * 2 + 1


# --------------------------------------------------------------------------- the tờ trình


def test_a_request_to_each_authority_that_decides_with_its_own_list(
    demo: DemoResult, documents: dict[str, list[str]]
) -> None:
    compact = demo.merge.compact
    found = grantors(compact)
    assert [g.name for g in found] == ["Chủ tịch UBND tỉnh Phú Thọ", "Chủ tịch UBND huyện Thanh Ba"]
    listed_awards: list[str] = []
    for (request_sheet, list_sheet), grantor in zip(request_sheets(2), found, strict=True):
        request, listed = documents[request_sheet], documents[list_sheet]
        assert "TỜ TRÌNH" in request and f"Kính gửi: {grantor.name}." in request
        assert f"Đề nghị {grantor.name} khen thưởng" in listed
        assert any(t.startswith("(Kèm theo Tờ trình số ……/TTr-…… ngày 05 tháng 6 năm 2021")
                   for t in listed)  # fmt: skip
        headed = dict(re.findall(r"^[IVX]+\. (.+): (\d+) trường$", "\n".join(listed), re.M))
        asked = dict(re.findall(r"^\d+\. (.+): (\d+) trường\.$", "\n".join(request), re.M))
        assert list(headed) == [a.name for a in grantor.awards]  # never another's award
        assert asked == headed  # the request counts what its list holds
        total = sum(int(n) for n in asked.values())
        assert f"Tổng cộng: {total} lượt đề nghị. (Có danh sách kèm theo.)" in request
        listed_awards += headed
    assert sorted(listed_awards) == sorted(a.name for a in compact.awards)  # each in one list


def test_awards_without_an_authority_are_the_organizers_own(thanh_ba: Compact) -> None:
    awards = [
        thanh_ba.awards[0].model_copy(update={"grantor": "Chủ tịch  UBND tỉnh Phú Thọ"}),
        thanh_ba.awards[1].model_copy(update={"grantor": "chủ tịch UBND tỉnh Phú Thọ"}),
        thanh_ba.awards[2].model_copy(update={"grantor": ""}),
    ]
    found = grantors(thanh_ba.model_copy(update={"awards": tuple(awards)}))
    assert [(g.name, len(g.awards), g.own) for g in found] == [
        ("Chủ tịch UBND tỉnh Phú Thọ", 2, False),
        ("Thủ trưởng Phòng Giáo dục và Đào tạo huyện Thanh Ba", 1, True),
    ]


# --------------------------------------------------------------------------- the page


class _Sink:
    """A workbook and sheet that take every call and keep nothing (to plan a layout)."""

    def __getattr__(self, name: str) -> object:
        return lambda *args, **kwargs: _Sink()


def test_a_long_list_is_fitted_to_the_pages_width(demo: DemoResult) -> None:
    result = demo.merge
    grantor = grantors(result.compact)[1]  # the district: 45 schools for one award
    plan = write_document(
        _Sink(), Formats(_Sink()), as_sent(proposals_document(result, None, grantor), result)
    )
    assert plan.pages > 1 and plan.signatures is not None
    assert plan.breaks[-1] <= plan.signatures - KEEP_ROWS  # the signatures never alone
    ws = openpyxl.load_workbook(demo.summary)[request_sheets(2)[1][1]]
    assert ws.sheet_properties.pageSetUpPr.fitToPage  # fitted, never a fixed scale
    assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0)  # 1: default
    assert ws.page_setup.scale in (None, 100)
    assert [b.id for b in ws.row_breaks.brk] == plan.breaks  # the planned breaks, kept


# --------------------------------------------------------------------------- the fonts


def test_the_font_warning_on_a_computer_without_times(
    no_times: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    soffice = find_soffice()
    assert soffice is not None
    assert fonts_note(soffice) == ""  # the tests' computer has Liberation Serif
    monkeypatch.setenv("FONTCONFIG_FILE", str(no_times))
    assert fonts_note(soffice) == FONTS_MISSING
    assert "Liberation" in FONTS_MISSING and "PDF vẫn được in" in FONTS_MISSING


def convert_pdf(xlsx: Path, folder: Path, fonts: Path | None = None) -> Path:
    """``xlsx`` printed by LibreOffice (``fonts``: the fontconfig file it finds fonts with)."""
    env = {**os.environ, **({"FONTCONFIG_FILE": str(fonts)} if fonts else {})}
    profile = (folder / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(folder), str(xlsx)],
        check=True, capture_output=True, env=env, timeout=300,
    )  # fmt: skip
    return folder / xlsx.with_suffix(".pdf").name


def assert_printed_whole(xlsx: Path, pdf: Path) -> None:
    """Every word written in the documents is printed whole (a cell cut by its border or its
    row loses words in the PDF), nothing is past the page's margins, no "###"."""
    written = Counter(w for texts in printed_texts(xlsx).values() for t in texts for w in t.split())
    texts = pages_text(pdf, layout=False)
    printed = Counter(w for page in texts for w in page.split())
    missing = {w: n - printed[w] for w, n in written.items() if printed[w] < n}
    assert not missing, missing
    assert "###" not in " ".join(texts)
    widths = [float(w) for w in re.findall(r'<page width="([\d.]+)"', _bbox(pdf))]
    for number, (words, width) in enumerate(zip(page_words(pdf), widths, strict=True), 1):
        outside = [w.text for w in words if w.x0 < 85.0 - 3 or w.x1 > width - 42.5 + 3]
        assert not outside, (number, outside[:10])  # A4, NĐ 30's margins (30 and 15 mm)


def _bbox(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def assert_documents_whole(result: MergeResult, pdf: Path) -> None:
    """Each document starts with its heading whole and ends with its signatures whole; the
    list of proposals, on the pages planned, never leaves the signatures alone."""
    texts = [collapse(t) for t in pages_text(pdf, layout=False)]
    firsts = [t for t in texts if MOTTO[0] in t]
    assert len(firsts) == len(document_sheets(result))
    assert all(MOTTO[1] in t and "Thanh Ba, ngày" in t for t in firsts)
    signer = result.compact.signer.name
    # every document but the minutes (signed by the chair and the secretary)
    signed = len(document_sheets(result)) - len(minutes_sheets(result))
    assert sum(t.count(signer) for t in texts) == signed
    ended: set[int] = set()  # the documents whose table has ended
    for number, text in enumerate(texts):
        if MOTTO[0] not in text:  # a following page: numbered; headed by its table's header
            first = _first_of(texts, number)  # while the table runs onto it, never above text
            assert re.match(rf"{number - first + 1} ", text), text[:40]
            if "STT" in text:
                assert first not in ended, text[:80]
            else:
                ended.add(first)
                assert not re.match(r"\d+ \d+ Trường", text), text[:80]  # no headless row
            if signer in text and "Tên trường" in text:
                assert re.search(r"\b\d+ Trường", text)  # a table row above the signatures


def _first_of(texts: list[str], page: int) -> int:
    return max(i for i in range(page + 1) if MOTTO[0] in texts[i])


@slow
def test_the_pdf_says_when_the_fonts_are_missing_and_still_prints(
    demo: DemoResult, no_times: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FONTCONFIG_FILE", str(no_times))  # LibreOffice inherits it
    report = api.merge(
        demo.merge.compact, demo.returns, pdf=tmp_path / "ky.pdf", appraisal=demo.appraisal,
        period=demo.merge.period, history=demo.history,
    )  # fmt: skip
    assert report.pdf is not None and Path(report.pdf).stat().st_size > 0
    assert FONTS_MISSING in report.notes and report.failure("pdf") is None
    assert demo.report is not None and FONTS_MISSING not in demo.report.notes
    monkeypatch.delenv("FONTCONFIG_FILE")
    fonts = subprocess.run(["pdffonts", report.pdf], capture_output=True, text=True).stdout
    assert "DejaVuSerif" in fonts and "Liberation" not in fonts  # printed with a substitute
    render_documents(demo.merge, tmp_path / "ky.xlsx")
    assert_printed_whole(tmp_path / "ky.xlsx", Path(report.pdf))
    assert_documents_whole(demo.merge, Path(report.pdf))
    assert demo.pdf is not None  # the same pages as with the fonts: the planned breaks kept
    assert len(pages_text(Path(report.pdf))) == len(pages_text(demo.pdf))


@slow
def test_every_page_of_the_demos_documents_prints_whole(
    demo: DemoResult, no_times: Path, tmp_path: Path
) -> None:
    assert demo.pdf is not None and demo.pdf.name == "van_ban_ky.pdf"
    pages = len(pages_text(demo.pdf))
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(demo.pdf), str(tmp_path / "p")], check=True)
    assert len(list(tmp_path.glob("p-*.png"))) == pages  # each page rendered (and looked at)
    fonts = subprocess.run(["pdffonts", str(demo.pdf)], capture_output=True, text=True).stdout
    assert "LiberationSerif" in fonts or "TimesNewRoman" in fonts
    render_documents(demo.merge, tmp_path / "ky.xlsx")
    assert_printed_whole(tmp_path / "ky.xlsx", demo.pdf)
    assert_documents_whole(demo.merge, demo.pdf)
    # the list of 45 schools alone, without the fonts: on the pages it was planned on
    result, grantor = demo.merge, grantors(demo.merge.compact)[1]
    doc = as_sent(proposals_document(result, None, grantor), result)
    plan = write_document(_Sink(), Formats(_Sink()), doc)
    one = _one_document(doc, tmp_path / "ds.xlsx")
    for fonts_file in (None, no_times):
        folder = tmp_path / ("without" if fonts_file else "with")
        folder.mkdir()
        pdf = convert_pdf(one, folder, fonts_file)
        assert len(pages_text(pdf)) == plan.pages, fonts_file
        assert_printed_whole(one, pdf)


@slow
def test_a_paragraph_longer_than_a_page_is_printed_whole(tmp_path: Path) -> None:
    """A council's conclusion naming a thousand schools: rows of a few lines each, each row on
    a page (no spreadsheet breaks a row over two pages: a taller one is cut), every word
    printed."""
    from giaouoc_xl.workbooks.documents.blocks import Document, Heading, Lines
    from giaouoc_xl.workbooks.documents.layout import LINES_PER_ROW

    names = ", ".join(f"Trường Tiểu học số {n}" for n in range(1, 1201))
    heading = Heading("UBND HUYỆN THANH BA", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "Số: ……/BB-……",
                      "Thanh Ba, ngày … tháng … năm …")  # fmt: skip
    doc = Document("BB", heading, [Lines(["BIÊN BẢN"], "title"), Lines([f"Đề nghị: {names}."])])
    book = _one_document(doc, tmp_path / "dai.xlsx")
    ws = openpyxl.load_workbook(book)["BB"]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    pieces = [t for t in texts if "Trường" in t]
    assert len(pieces) > 10 and all(t.count("\n") < LINES_PER_ROW for t in pieces)
    assert " ".join(" ".join(pieces).split()) == f"Đề nghị: {names}."  # nothing lost
    assert max(d.height or 0 for d in ws.row_dimensions.values()) < 300  # each row on a page
    pdf = convert_pdf(book, tmp_path)
    assert_printed_whole(book, pdf)


def _one_document(doc: Any, path: Path) -> Path:
    import xlsxwriter

    from giaouoc_xl.workbooks.documents.print_style import workbook_options

    wb = xlsxwriter.Workbook(str(path), workbook_options())
    write_document(wb, Formats(wb), doc)
    wb.close()
    return path
