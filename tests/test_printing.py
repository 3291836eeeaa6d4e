"""The documents print as an office signs them: the demo's summary printed whole by LibreOffice
(what "print the whole workbook" gives) is the overview, one result table per bloc, then the
annexes, and nothing of the data sheets; every school whole on its bloc's page; nothing cut.

What the pictures of these pages showed (rendered with ``pdftoppm`` and looked at) is what these
tests hold: the NĐ 30 heading whole at the top of each document, the table on one A4 page, the
annex's school columns and header rows on every annex page, each content's targets whole on one
page (a content split only where a page must end, headed "(tiếp)" on the next), no "###".
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from giaouoc_xl.api import MergeResult, Period, SchoolStatus
from giaouoc_xl.core.awards import summary as proposal_summary
from giaouoc_xl.core.model import Bloc, Compact, School
from giaouoc_xl.core.progress import of_row
from giaouoc_xl.demo import DemoResult, run_demo
from giaouoc_xl.jobs.merge import merge
from giaouoc_xl.workbooks.documents.blocks import number_text
from giaouoc_xl.workbooks.documents.form import as_sent
from giaouoc_xl.workbooks.documents.layout import KEEP_ROWS, write_document
from giaouoc_xl.workbooks.documents.layout import Formats as DocumentFormats
from giaouoc_xl.workbooks.summary import render_documents, write_summary
from giaouoc_xl.workbooks.summary.annex import _grid, plan_columns
from giaouoc_xl.workbooks.summary.minutes import council_minutes_document
from giaouoc_xl.workbooks.summary.names import bloc_sheets
from giaouoc_xl.workbooks.summary.overview import overview_document
from giaouoc_xl.workbooks.summary.result_table import NOT_RANKED, note, ordered

from .libreoffice import convert
from .printing import (
    NUMBER,
    collapse,
    number_edges,
    overflowing_cells,
    page_words,
    pages_text,
    table_rows,
)

slow = pytest.mark.slow  # LibreOffice prints 20 pages

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
ANNEX_HEADERS = (
    "STT", "Mã trường", "Tên trường", "Trạng thái", "Tổng tự chấm", "Tổng thẩm định", "Xếp loại"
)  # fmt: skip
#: The documents an award ladder of two authorities (the province, the district) adds: a request
#: (tờ trình) to each, its list of proposals after it.
REQUESTS = ["request", "proposals", "request", "proposals"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    return run_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def printed(demo: DemoResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole summary workbook printed by LibreOffice."""
    (pdf,) = convert(demo.summary, tmp_path_factory.mktemp("pdf"), "pdf")
    return pdf


def _annex_pages(result: MergeResult) -> dict[str, int]:
    """Bloc code -> how many pages wide its annex is planned."""
    pages = {}
    for bloc in result.compact.blocs:
        grid, _ = _grid(result.compact, result.members(bloc), result.scored)
        pages[bloc.code] = len(plan_columns(grid, result.compact)[1]) + 1
    return pages


def _kind(text: str) -> str:
    flat = collapse(text)
    if "BÁO CÁO TỔNG HỢP GIAO ƯỚC THI ĐUA" in flat:
        return "overview"
    if "TỜ TRÌNH" in flat:
        return "request"
    if "BIÊN BẢN" in flat:
        return "minutes"
    if "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in flat:
        return "proposals"
    if "BẢNG TỔNG HỢP" in flat:  # of the results, or of the registrations
        return "result"
    if "PHỤ LỤC: CÁC KẾT QUẢ ĐIỀU CHỈNH QUA THẨM ĐỊNH" in flat:
        return "changes"
    if "PHỤ LỤC" in flat:
        return "annex"
    if "Tổng điểm —" in flat:
        return "bloc chart"
    if "Tình trạng nộp theo khối" in flat or "Phân bố xếp loại" in flat:
        return "overview chart"
    if "Trung bình khối" in flat:  # with a history book: each bloc's last years
        return "years"
    return f"other: {flat[:80]}"


def _documents(texts: list[str]) -> list[str]:
    """The kind of each document printed: a page that only continues one (a page number, the
    table's header repeated) is not a document of its own."""
    kinds: list[str] = []
    for number, text in enumerate(texts, start=1):
        found = _kind(text)
        previous = kinds[-1] if kinds else ""
        if found.startswith("other") and re.match(r"\s*\d+\b", text) and previous:
            continue  # a following page of the document above
        if found == previous and found in ("minutes", "proposals") and number > 1:
            kinds.append(found)  # one per bloc: each is a document
            continue
        kinds.append(found)
    return kinds


@slow
def test_the_whole_workbook_prints_the_documents_then_the_annexes(
    demo: DemoResult, printed: Path
) -> None:
    result = demo.merge
    blocs = result.compact.blocs
    annex = _annex_pages(result)
    # the minutes of each bloc and of the council
    expected = ["overview", *["result"] * len(blocs), *["minutes"] * (len(blocs) + 1), *REQUESTS]
    for bloc in blocs:
        expected += ["annex"] * annex[bloc.code] + ["bloc chart"]
    expected += ["changes", *["overview chart"] * 2]  # the demo has an appraisal book
    expected += ["years"] * len(blocs)  # and a history book: a page per bloc
    texts = pages_text(printed)
    kinds = _documents(texts)
    assert kinds == expected  # and nothing from the lists, the data or the log
    one_page = [_kind(t) for t in texts if _kind(t) in ("overview", "result")]
    assert one_page == ["overview", *["result"] * len(blocs)]  # each on one page


@slow
def test_every_school_is_whole_on_its_bloc_page(demo: DemoResult, printed: Path) -> None:
    result = demo.merge
    words = page_words(printed)
    texts = pages_text(printed, layout=False)
    for page, bloc in enumerate(result.compact.blocs, start=1):  # page 0 is the overview
        assert bloc.name in texts[page]
        rows = table_rows(words[page])
        members = ordered(result.members(bloc))
        assert sorted(rows) == list(range(1, len(members) + 1)), bloc.code
        left, right = number_edges(rows)
        if result.history is not None:  # the change from last year prints numbers too
            start = min(w.x0 for r in rows.values() for w in r.words if w.text == "Tổng")
            right = max(
                w.x1
                for r in rows.values()
                for w in r.words
                if NUMBER.match(w.text) and w.x1 < start
            )
        for number, school_row in enumerate(members, start=1):
            row = rows[number]
            assert collapse(school_row.school.name) == row.left_of(left), (
                bloc.code,
                number,
                row.text,
            )
            score = school_row.score
            if school_row.rank is not None and score is not None and score.total is not None:
                assert number_text(score.total) in row.numbers, (school_row.school.name, row.text)
                assert str(school_row.rank) in row.numbers
                proposed = proposal_summary(result.compact, school_row.proposal)[0]
                past = of_row(result, school_row)  # the demo has a history book
                change = past.short(score.total, school_row.rank) if past else ""
                said = f"{score.tier} {proposed} {change} {note(result, school_row)}"
            else:
                said = note(result, school_row)
                assert said.startswith(NOT_RANKED[school_row.status]), said
            # the tier and the note stand side by side: every word of both, printed whole
            assert sorted(said.split()) == sorted(row.right_of(right).split()), row.text


@slow
def test_no_text_is_cut_and_no_number_is_hashed(demo: DemoResult, printed: Path) -> None:
    for number, text in enumerate(pages_text(printed), start=1):
        assert "###" not in text, number
    names = bloc_sheets(demo.merge.compact)
    printed_sheets = ["Tổng quan", *(n[kind] for n in names.values() for kind in ("KQ", "PL"))]
    assert overflowing_cells(demo.summary, printed_sheets) == []


@slow
def test_headings_and_headers_are_whole_on_every_page(demo: DemoResult, printed: Path) -> None:
    result = demo.merge
    texts = [collapse(t) for t in pages_text(printed, layout=False)]
    words = page_words(printed)
    documents = 1 + len(result.compact.blocs)
    found = re.search(r"Thanh Ba, ngày (\d\d tháng \d{1,2} năm \d{4})", texts[0])
    assert found is not None
    place = found.group(1)
    for text in texts[:documents]:
        assert all(line in text for line in MOTTO)
        assert f"Thanh Ba, ngày {place}" in text and "Số: ……/BC-……" in text
        signer = result.compact.signer.name  # the signatures whole
        assert "NGƯỜI LẬP BIỂU" in text and signer in text
    annex_pages = [i for i, t in enumerate(texts) if _kind(t) == "annex"]
    codes_seen: dict[str, list[int]] = {}
    laid_out = pages_text(printed)
    for index in annex_pages:
        assert "PHỤ LỤC" in texts[index] and "(Kèm theo Bảng tổng hợp" in texts[index]
        # the line under the title breaks before the bloc, never inside "Kết quả cuối năm"
        assert re.search(r"Khối [^\n]+ — Kết quả cuối năm\)", laid_out[index]), index
        printed_words = {w.text for w in words[index]}
        for header in ANNEX_HEADERS:  # the school columns on every page
            assert set(header.split()) <= printed_words, (index, header)
        for word in printed_words:
            if word.startswith("CT") and "." in word:
                codes_seen.setdefault(word, []).append(index)
    # every target printed, each on one page of each annex that has it
    targets = {t.code for t in result.compact.targets}
    assert set(codes_seen) == targets
    assert all(len(pages) == len(set(pages)) for pages in codes_seen.values())


@slow
def test_the_demo_writes_the_documents_to_sign_as_one_pdf(demo: DemoResult) -> None:
    assert demo.pdf is not None and demo.pdf.name == "van_ban_ky.pdf"
    blocs = len(demo.merge.compact.blocs)
    kinds = _documents(pages_text(demo.pdf))
    minutes = ["minutes"] * (blocs + 1)  # each bloc's and the council's
    assert kinds == ["overview", *["result"] * blocs, *minutes, *REQUESTS, "changes"]


def test_the_overflow_check_sees_what_would_be_cut(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "bad.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    font = {"font_name": "Times New Roman", "font_size": 11, "border": 1}
    plain, wrapped = wb.add_format(font), wb.add_format({**font, "text_wrap": True})
    number = wb.add_format({**font, "num_format": "[$-42A]0.0#"})
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 3)
    ws.set_column(2, 3, 14)  # one <col> for two columns
    ws.write_string(0, 0, "Trường Tiểu học và Trung học cơ sở Hoàng Cương", plain)
    ws.write_number(0, 1, 12345.5, number)
    ws.write_string(0, 2, "Hoàn thành xuất sắc nhiệm vụ", wrapped)  # two lines, one-line row
    ws.write_string(0, 3, "Hoàn thành", wrapped)
    ws.write_string(1, 0, "Trường Tiểu học Đồng Xuân", wrapped)
    ws.set_row(1, 48)  # tall enough for its lines
    ws.merge_range(2, 0, 2, 3, "Một dòng dài vừa với bốn cột gộp lại", plain)
    wb.close()
    problems = overflowing_cells(path)
    assert [p.split(":")[0] for p in problems] == ["S!A1", "S!B1", "S!C1"]
    assert "###" in problems[1] and "cut" in problems[0] and "lines" in problems[2]


def _province(blocs: int, per_bloc: int, base: Compact) -> Compact:
    """A province: ``blocs`` blocs of ``per_bloc`` schools (all primary)."""
    bloc_list = [Bloc(code=f"C{b:03d}", name=f"Cụm thi đua số {b}") for b in range(1, blocs + 1)]
    schools = [
        School(
            code=f"{b:03d}{s:02d}",
            name=f"Trường Tiểu học số {s} cụm {b}",
            levels=("TH",),
            bloc=f"C{b:03d}",
        )
        for b in range(1, blocs + 1)
        for s in range(1, per_bloc + 1)
    ]
    return base.model_copy(update={"blocs": tuple(bloc_list), "schools": tuple(schools)})


@slow
def test_a_hundred_blocs_stay_navigable(compacts: dict[str, Compact], tmp_path: Path) -> None:
    compact = _province(100, 3, compacts["thanh-ba-2020-2021"])
    (tmp_path / "empty").mkdir()
    # merged below the job (which refuses a folder with nothing to read): the summary of a
    # province where no school has sent anything yet, its biggest shape of sheets
    result = merge(compact, tmp_path / "empty", Period.YEAR_END)
    summary = write_summary(result, tmp_path / "tinh.xlsx")
    assert result.school_count(SchoolStatus.MISSING) == 300
    wb = load_workbook(summary)
    names = bloc_sheets(compact)
    # per bloc its result table, minutes, annex and chart; the council's minutes (no school
    # sent anything: no request, no list of proposals); the charts; the five sheets not printed
    assert len(wb.sheetnames) == 1 + 4 * 100 + 1 + 2 + 5
    overview = wb["Tổng quan"]
    links = {c.hyperlink.location for row in overview.iter_rows() for c in row if c.hyperlink}
    for bloc in compact.blocs:  # the overview is the index of every bloc's documents
        assert f"'{names[bloc.code]['KQ']}'!A1" in links
        assert f"'{names[bloc.code]['PL']}'!A1" in links
    # the overview runs over pages: its header on each, the signatures never alone
    plan = write_document(
        _Sink(), DocumentFormats(_Sink()), overview_document(result, datetime(2021, 6, 1))
    )
    assert plan.pages > 1 and overview.print_title_rows
    assert plan.signatures is not None  # at least 3 rows before the signatures on their page
    assert plan.breaks[-1] <= plan.signatures - KEEP_ROWS
    council = council_minutes_document(result)
    assert council is not None
    council = as_sent(council, result)  # as written (DỰ THẢO while an error remains)
    council_pages = write_document(_Sink(), DocumentFormats(_Sink()), council).pages
    texts = [collapse(t) for t in pages_text(render_documents_pdf(result, tmp_path))]
    assert len(texts) == plan.pages + 100 + 100 + council_pages  # results, minutes, council's
    assert _kind(texts[0]) == "overview"
    assert not re.match(r"\d", texts[0])  # NĐ 30: the first page carries no number
    for number, text in enumerate(texts[1 : plan.pages], start=2):  # numbered, header repeated
        assert text.startswith(f"{number} ") and "Khối thi đua Số trường" in text
    assert "TRƯỞNG PHÒNG" in texts[plan.pages - 1] and "Cụm thi đua số 100" in texts[plan.pages - 1]
    kinds = [_kind(t) for t in texts[plan.pages : plan.pages + 201]]
    assert kinds == [*["result"] * 100, *["minutes"] * 101]  # each bloc's, then the council's


def render_documents_pdf(result: MergeResult, folder: Path) -> Path:
    render_documents(result, folder / "van_ban.xlsx", datetime(2021, 6, 1))
    (pdf,) = convert(folder / "van_ban.xlsx", folder / "pdf", "pdf")
    return pdf


class _Sink:
    """A workbook and sheet that take every call and keep nothing (to plan a layout)."""

    def __getattr__(self, name: str) -> object:
        return lambda *args, **kwargs: _Sink()


# ---------------------------------------------------------------- wrapping, as a spreadsheet does

_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệớờởỡợứừửữựÁĐƯW,.;:()–…"


def _greedy(text: str, width: float, size: float, bold: bool, italic: bool) -> tuple[str, ...]:
    """The wrap by its definition: each trial line measured whole."""
    from giaouoc_xl.workbooks.documents.text_metrics import text_width

    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            trial = f"{line} {word}" if line else word
            if line and text_width(trial, size, bold, italic) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return tuple(lines)


@given(
    text=st.text(alphabet=_LETTERS + "  \n", max_size=300),
    width=st.floats(5, 400),
    size=st.sampled_from([10, 11, 12, 13, 14]),
    bold=st.booleans(),
    italic=st.booleans(),
    nfd=st.booleans(),
)
@settings(max_examples=400, deadline=None)
def test_wrap_measures_each_word_once_and_breaks_where_a_whole_line_would(
    text: str, width: float, size: int, bold: bool, italic: bool, nfd: bool
) -> None:
    """wrap adds each word's advance to the line's (a council's list of a thousand schools
    cost a whole line's measure per word before); it breaks exactly where measuring each trial
    line whole breaks, composed (NFC) or not."""
    import unicodedata

    from giaouoc_xl.workbooks.documents.text_metrics import wrap

    text = unicodedata.normalize("NFD" if nfd else "NFC", text)
    assert wrap(text, width, size, bold, italic) == _greedy(text, width, size, bold, italic)
