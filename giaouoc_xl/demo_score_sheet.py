"""The whole job on the score sheet sample (``giaouoc demo THƯ_MỤC --sample
than-thien-2008-2009``): criteria scored in points, self-scored by the schools, corrected by
the office's evaluating team.

Compact book -> the schools' workbooks -> the schools' returns at the end of the year, every
criterion self-scored in its sub-items (tự chấm) -> check and merge -> the appraisal book, in
which the office corrects two sub-items of two schools, each with its reason (chấm thẩm định)
-> the summary workbook, the documents to sign as a PDF (when LibreOffice is installed) and a
result slip per school, each showing what the school gave itself and what the team gave
(Tự chấm / Thẩm định) per criterion corrected. The compact recognises each school's tier; it
ranks no one.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from . import api
from .api import Period
from .demo import DemoResult

#: The built-in sample of this demo.
SCORE_SHEET = "than-thien-2008-2009"


def run_score_sheet_demo(
    outdir: str | os.PathLike[str], jobs: int | None = None, name: str = SCORE_SHEET
) -> DemoResult:
    """The whole job on the sample ``name`` into ``outdir``: book, templates, self-scored
    returns, the appraisal book with two corrections, summary, slips, PDF."""
    start = time.perf_counter()
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    book = api.write_compact_book(api.sample(name), out / f"so_giao_uoc_{name}.xlsx")
    compact = api.load_compact(book)  # what staff would use: the book, validated
    templates = api.write_templates(compact, out / "mau_truong", jobs=jobs)
    returns = out / "bai_nop"
    api.simulate_self_scores(compact, returns)
    year_end = Period.YEAR_END
    self_reported, appraisal = api.appraise(
        compact, returns, out / "so_tham_dinh.xlsx", year_end, jobs
    )
    typed = api.simulate_corrections(self_reported, appraisal.path)
    report = api.merge(
        compact, returns, out=out / "bang_tong_hop.xlsx", pdf=out / "van_ban_ky.pdf",
        slips=out / "phieu_ket_qua", appraisal=appraisal.path, period=year_end, jobs=jobs,
    )  # fmt: skip
    assert report.summary is not None
    failure = report.failure("pdf")
    return DemoResult(
        book=book,
        templates=templates,
        returns=returns,
        summary=Path(report.summary),
        merge=report.result,
        seconds=time.perf_counter() - start,
        pdf=Path(report.pdf) if report.pdf else None,
        pdf_note=failure.message if failure else "",
        appraisal=appraisal.path,
        typed=tuple(typed),
        slips=tuple(Path(p) for p in report.slips),
        self_reported=self_reported,
        report=report,
    )
