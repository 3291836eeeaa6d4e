"""What a school receives prints clean, rendered by LibreOffice (the real spreadsheet application
of the tests): the compact book of each sample, the school workbook of each level of each
sample, a workbook as a school returns it and its feedback copy. From the word boxes of each page
(``pdftotext -bbox``, :func:`tests.printing.overlaps`): no two lines of text printed over each
other, no word past the page's edge.

And the school's own documents in the school's form (Nghị định 30/2020/NĐ-CP): the school sheet
and the targets sheet open with the school's heading (the managing body over the school at left,
the national motto at right, "Số: …", the place and date, the title) and close with the
principal's signature block, whole on one page.

The office's books (the summary, the documents to sign, the slips, the appraisal book with its
meetings, members and decisions typed in) are held to it too, from the demo.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from giaouoc_xl.core.model import Compact, Period, School
from giaouoc_xl.core.simulate import clean_answers
from giaouoc_xl.jobs.builtin_templates import level_examples
from giaouoc_xl.workbooks.school.writer import render_school_workbook

from .conftest import GENERATED_AT, run_cli
from .libreoffice import convert
from .printing import Word, collapse, overlaps, pages_text, printed_pages

pytestmark = pytest.mark.slow  # LibreOffice prints a dozen books

THANH_BA = "thanh-ba-2020-2021"
YE = Period.YEAR_END
SIGNED = (2021, 5, 24)
PRINCIPAL = "Nguyễn Thị Thu Hà"


@dataclass(frozen=True)
class Rendered:
    """The books printed, by name: the source and its PDF."""

    sources: dict[str, Path]
    pdfs: dict[str, Path]


def _returned(compact: Compact, school: School, folder: Path) -> Path:
    """The workbook as a school returns it at the end of the year: filled (a registration below
    the threshold, a first-semester result below the registration, a comment, a note that looks
    like a formula), signed and dated, then saved by LibreOffice."""
    from datetime import date

    answers = clean_answers(compact, school, YE, seed=3)
    answers.targets["CT06.2"]["registration"] = 90  # below the threshold: an error
    answers.targets["CT06.2"]["result:hk1"] = 80  # the first semester's shortfall
    answers.targets["CT06.2"]["result:cuoi-nam"] = 99.6
    answers.targets["CT01.1"]["comment"] = "Đề nghị giữ nguyên chỉ tiêu như năm học trước."
    answers.targets["CT06.4"]["note"] = "=SUM(1,2) là ghi chú"
    answers.signing["principal"] = PRINCIPAL
    answers.signing["date"] = date(*SIGNED)
    typed = folder / "typed" / "truong_dong_linh.xlsx"
    typed.parent.mkdir()
    render_school_workbook(compact, school, typed, GENERATED_AT, answers)
    (saved,) = convert(typed, folder / "saved", "xlsx")
    return saved


@pytest.fixture(scope="module")
def rendered(
    tmp_path_factory: pytest.TempPathFactory, compacts: dict[str, Compact], books: dict[str, Path]
) -> Rendered:
    folder = tmp_path_factory.mktemp("render")
    sources: dict[str, Path] = {}
    for name, book in books.items():
        sources[f"so_{name}"] = shutil.copy(book, folder / f"so_{name}.xlsx")
    for name, compact in compacts.items():
        for levels, school in level_examples(compact).items():
            path = folder / f"mau_{name}_{levels}.xlsx"
            render_school_workbook(compact, school, path, GENERATED_AT)
            sources[path.stem] = path
    thanh_ba = compacts[THANH_BA]
    school = next(s for s in thanh_ba.schools if s.code == "02006")  # Trường Tiểu học Đông Lĩnh
    returned = _returned(thanh_ba, school, folder)
    sources["returned"] = returned
    done = run_cli(
        "check", books[THANH_BA], returned, "--period", YE.value, "--feedback", folder / "ph"
    )
    assert done.code == 1, done.err  # the registration below the threshold
    sources["feedback"] = shutil.copy(folder / "ph" / returned.name, folder / "feedback.xlsx")
    printed = convert(list(sources.values()), folder / "pdf", "pdf", timeout=900)
    return Rendered(sources, dict(zip(sources, printed, strict=True)))


def test_every_book_a_school_receives_prints_clean(rendered: Rendered) -> None:
    assert len(rendered.pdfs) == 3 + 7 + 2  # books, workbooks of each level, returned, feedback
    found = {name: overlaps(pdf) for name, pdf in rendered.pdfs.items()}
    assert not any(found.values()), {name: pages for name, pages in found.items() if pages}


def _page_of(pages: list[str], title: str) -> int:
    return next(i for i, page in enumerate(pages) if title in collapse(page))


def _line(words: list[Word], text: str) -> list[Word]:
    """The words of ``text`` printed on one line of the page (in order), or []."""
    wanted = text.split()
    for start, word in enumerate(words):
        if word.text != wanted[0]:
            continue
        run = [word]
        for other in words[start + 1 :]:
            if len(run) == len(wanted):
                break
            if abs(other.middle - word.middle) < 3 and other.text == wanted[len(run)]:
                run.append(other)
        if len(run) == len(wanted):
            return run
    return []


@pytest.mark.parametrize(
    ("title", "signed"),
    [
        ("THÔNG TIN VÀ CAM KẾT THỰC HIỆN GIAO ƯỚC THI ĐUA", True),
        ("ĐĂNG KÝ VÀ BÁO CÁO CHỈ TIÊU GIAO ƯỚC THI ĐUA NĂM HỌC 2020-2021", True),
        ("THÔNG TIN VÀ CAM KẾT THỰC HIỆN GIAO ƯỚC THI ĐUA", False),
        ("ĐĂNG KÝ VÀ BÁO CÁO CHỈ TIÊU GIAO ƯỚC THI ĐUA NĂM HỌC 2020-2021", False),
    ],
)
def test_what_the_principal_signs_is_in_the_school_form(
    rendered: Rendered, title: str, signed: bool
) -> None:
    """The school's heading whole at the top of the document's first page (the managing body
    over the school at left, the motto at right, the number and the place and date), not the
    office's; the principal's signature block whole on its last page."""
    pdf = rendered.pdfs["returned" if signed else f"mau_{THANH_BA}_TH"]
    pages, boxes = pages_text(pdf, layout=False), printed_pages(pdf)
    first = _page_of(pages, title)
    page = boxes[first]
    top = [w for w in page.words if w.y1 < page.height * 0.3]
    school = "TRƯỜNG TIỂU HỌC ĐÔNG LĨNH" if signed else "TRƯỜNG TIỂU HỌC THỊ TRẤN THANH BA"
    place = (
        "Đông Lĩnh, ngày 24 tháng 05 năm 2021" if signed else "Thanh Ba, ngày …… tháng …… năm ……"
    )
    left = ["PHÒNG GD&ĐT HUYỆN THANH BA", "Số: ……/……"]
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", place]
    text = collapse(" ".join(w.text for w in top))
    assert school in text, text  # whole, on one line or two
    for line in [*left, *right]:
        found = _line(top, line)
        assert found, (line, text)
        middle = (found[0].x0 + found[-1].x1) / 2
        assert (middle < page.width / 2) == (line in left), (line, middle)
    assert "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO" not in collapse(pages[first])  # not the office's heading
    assert _line(top, title.split(" NĂM HỌC")[0])  # the title under the heading
    # the signature block: on the document's last page, whole, the name below the title
    last = first
    while (
        last + 1 < len(pages)
        and title not in collapse(pages[last + 1])
        and ("HIỆU TRƯỞNG" not in collapse(pages[last]))
    ):
        last += 1
    words = boxes[last].words
    sign, note = _line(words, "HIỆU TRƯỞNG"), _line(words, "(Ký, ghi rõ họ tên và đóng dấu)")
    assert sign and note and note[0].y0 > sign[0].y1 - 1, collapse(pages[last])
    assert sign[0].x0 > boxes[last].width / 2  # at right
    if signed:  # the name typed in the school sheet, below room to sign
        name = _line([w for w in words if w.y0 > note[0].y1], PRINCIPAL)
        assert name and name[0].y0 > note[0].y1 + 30 and name[0].x0 > boxes[last].width / 2
    if "ĐĂNG KÝ" in title:
        assert _line(words, "Nơi nhận:") and _line(words, "- Lưu: VT.")


def test_the_targets_pages_are_numbered_from_the_second(rendered: Rendered) -> None:
    pdf = rendered.pdfs[f"mau_{THANH_BA}_TH"]
    pages, boxes = pages_text(pdf, layout=False), printed_pages(pdf)
    first = _page_of(pages, "ĐĂNG KÝ VÀ BÁO CÁO CHỈ TIÊU")
    assert len(pages) > first + 1  # the table takes two pages
    numbers = [
        [w.text for w in boxes[i].words if w.y1 < 60 and w.text.isdigit()]
        for i in range(first, len(pages))
    ]
    assert numbers[0] == [] and numbers[1] == ["2"]
    header = [w for w in boxes[first + 1].words if w.text == "STT"]
    assert header, "the table's header repeated on the second page"


def test_the_feedback_copy_lists_the_findings_of_the_period_checked(rendered: Rendered) -> None:
    text = collapse(" ".join(pages_text(rendered.pdfs["feedback"], layout=False)))
    assert "KẾT QUẢ KIỂM TRA BÀI NỘP" in text and "below-threshold" in text
    assert "kết quả học kỳ I là 80 %" not in text  # the first semester's, in a year-end check


@pytest.fixture(scope="module")
def office_books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The office's books, from the demo: the summary, the documents to sign (already printed
    by LibreOffice), the slips of a school with errors and of one without, and the appraisal
    book as the office has it once written again after typing (the verified values, the
    meetings, members, votes and decisions typed in kept; what the demo types straight into the
    file, as no application would, is sized when the book is written)."""
    from giaouoc_xl import api
    from giaouoc_xl.demo import run_demo

    root = tmp_path_factory.mktemp("office")
    demo = run_demo(root / "demo")
    slips = sorted(demo.slips)
    appraisal = Path(shutil.copy(demo.appraisal, root / "so_tham_dinh.xlsx"))
    api.appraise(api.load_compact(demo.book), demo.returns, appraisal, YE)
    books = {
        "summary": demo.summary,
        "slip 0": slips[0],
        "slip 1": slips[len(slips) // 2],
        "appraisal book": appraisal,
    }
    copies = []
    for number, path in enumerate(books.values()):  # LibreOffice names its PDFs by stem
        copies.append(Path(shutil.copy(path, root / f"{number:02d}.xlsx")))
    printed = dict(zip(books, convert(copies, root / "pdf", "pdf", timeout=900), strict=True))
    if demo.pdf is not None:
        printed["documents to sign"] = demo.pdf
    return printed


def test_the_office_books_print_clean(office_books: dict[str, Path]) -> None:
    found = {name: overlaps(pdf) for name, pdf in office_books.items()}
    assert not any(found.values()), {name: pages for name, pages in found.items() if pages}
