"""Numbers as Vietnamese read them in every book, printed by LibreOffice on a computer set to
English (United States): no decimal point in any printed number, whatever the book.

Every book a school or the office opens is made by the program, printed to PDF by LibreOffice
with a profile whose locale is en-US, and the words of every page read back (poppler): a number
such as ``99.5`` or ``4.97`` is a number the book left to the computer's locale.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from giaouoc_xl import api
from giaouoc_xl.core.model import Period

from .libreoffice import soffice
from .printing import pages_text

pytestmark = pytest.mark.slow  # LibreOffice prints every book

#: A number with a decimal point standing alone (not inside a code such as CT02.1 or a date).
DECIMAL_POINT = re.compile(r"(?<![\w.,/-])\d+\.\d+(?![\w.,/-])")

#: LibreOffice's own locale set to English (United States), whatever the machine's.
EN_US = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>en-US</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>en-US</value></prop></item>
<item oor:path="/org.openoffice.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def print_en_us(books: list[Path], outdir: Path) -> list[Path]:
    """Each book printed to PDF by LibreOffice set to en-US."""
    profile = Path(tempfile.mkdtemp(prefix="giaouoc-lo-en-us-"))
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(EN_US, encoding="utf-8")
    outdir.mkdir(parents=True, exist_ok=True)
    command = [soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
               "--norestore", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, books)]  # fmt: skip
    subprocess.run(command, capture_output=True, timeout=600, check=True)
    pdfs = [outdir / f"{book.stem}.pdf" for book in books]
    assert all(pdf.exists() for pdf in pdfs)
    return pdfs


@pytest.fixture(scope="module")
def every_book(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every kind of book the program makes, from the demo and the second sample."""
    from giaouoc_xl.demo import run_demo

    root = tmp_path_factory.mktemp("books")
    demo = run_demo(root / "demo")
    books = {"compact book": demo.book, "appraisal book": demo.appraisal, "summary": demo.summary}
    assert demo.appraisal is not None
    levels: dict[str, Path] = {}
    for path in demo.templates:
        school = demo.merge.compact.school(path.name.split("_")[0])
        assert school is not None
        levels.setdefault("&".join(lv.value for lv in school.levels), path)
    books |= {f"school workbook {level}": path for level, path in levels.items()}
    thpt = api.sample("thpt-vung-kho-2022-2023")
    thpt_book = api.write_compact_book(thpt, root / "thpt.xlsx")
    books["compact book THPT"] = thpt_book
    two_levels = [*[s.code for s in thpt.schools if len(s.levels) == 2][:1], thpt.schools[0].code]
    for path in api.write_templates(thpt, root / "mau_thpt", two_levels):
        books[f"school workbook THPT {path.stem}"] = path
    slip = next(p for p in demo.slips if p.name.startswith("01001"))
    books["slip"] = slip
    returned = next(p for p in sorted(demo.returns.iterdir()) if p.name.startswith("02"))
    checked = api.check(demo.merge.compact, [returned], Period.YEAR_END, feedback=root / "ph")
    books["feedback copy"] = Path(checked.files[0].feedback)
    return books


def test_no_book_prints_a_decimal_point_on_an_english_computer(
    every_book: dict[str, Path], tmp_path: Path
) -> None:
    names = list(every_book)
    copies = []
    for number, name in enumerate(names):  # one name per book: LibreOffice writes by stem
        copy = tmp_path / "in" / f"{number:02d}{every_book[name].suffix}"
        copy.parent.mkdir(exist_ok=True)
        copy.write_bytes(every_book[name].read_bytes())
        copies.append(copy)
    pdfs = print_en_us(copies, tmp_path / "pdf")
    found = {}
    for name, pdf in zip(names, pdfs, strict=True):
        for page, text in enumerate(pages_text(pdf), start=1):
            points = DECIMAL_POINT.findall(text)
            if points:
                found[f"{name}, page {page}"] = points[:5]
    assert not found, found
