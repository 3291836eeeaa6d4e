"""The whole job on the Thanh Ba sample, end to end (``giaouoc demo``).

Compact book -> 59 school workbooks -> simulated returns at the end of the year, with the
mistakes of real life (a school that never sends, one that sends twice, an old template, a file
from another district, registrations below the threshold, decimal commas, an Excel lock file)
-> check -> merge -> the appraisal book, with what an office types after checking the
evidence (a result lowered with its reason, a veto incident found, a school deferred for an
inspection) -> the history book of the two school years before (simulated, typed as an office
types the years before the program) -> merge with both -> summary workbook -> the documents to
sign as a PDF (when LibreOffice is installed) -> a result slip per school -> recording the year
into the history book (refused while the documents are a draft).

The demo's ladder asks of the Bằng khen of the province two years in a row "Hoàn thành xuất
sắc nhiệm vụ" (this year's tier, and last year's from the history book: a condition over
years); one school that would be in line for it had a lower tier last year and is stopped by
its record, the schools proposed for it are proposed because of theirs.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import api
from .api import Compact, Level, MergeReport, MergeResult, Period, VetoOutcome

SAMPLE = "thanh-ba-2020-2021"


@dataclass
class DemoResult:
    book: Path
    templates: list[Path]
    returns: Path
    summary: Path
    merge: MergeResult
    seconds: float
    pdf: Path | None = None  # the documents to sign, when LibreOffice is installed
    pdf_note: str = ""  # why there is no PDF
    appraisal: Path | None = None  # the appraisal book
    typed: tuple[str, ...] = ()  # what the simulated office typed in it
    slips: tuple[Path, ...] = ()  # the result slips
    self_reported: MergeResult | None = None  # the merge before the appraisal
    report: MergeReport | None = None  # the last merge's whole report (outputs, failures)
    history: Path | None = None  # the history book (the two school years before)
    #: what the condition over years did: a school proposed because of its record, one stopped
    history_lines: tuple[str, ...] = ()


def revised(compact: Compact) -> tuple[Compact, Compact]:
    """(revision 1 as first sent, revision 2 in force): revision 2 raised one threshold; a
    missed CT02.1 (incidents, a veto target) drops the tier one step instead of capping it, and
    a missed CT05.3 (food poisoning) excludes the school from awards. Both as the office signs
    them: the deputy signs for the head ("KT. TRƯỞNG PHÒNG" over "PHÓ TRƯỞNG PHÒNG"), the
    documents are dated in June of the school year's end, and they say where they go."""
    end = int(compact.school_year.split("-")[1])
    deputy = compact.signer.model_validate(
        {
            "name": "Nguyễn Thị Thanh Hương",
            "title": "PHÓ TRƯỞNG PHÒNG",
            "authority": "KT.",
            "head_title": compact.signer.title or "TRƯỞNG PHÒNG",
        }
    )
    compact = compact.model_copy(
        update={
            "signer": deputy,
            "document_date": date(end, 6, 5),
            "recipients": "UBND huyện Thanh Ba (để báo cáo); Các trường MN, TH, THCS trong "
            "huyện; Lưu: VT, TĐKT",
        }
    )
    targets = list(compact.targets)
    index = next(i for i, t in enumerate(targets) if t.code == "CT03.1")
    first = targets[index].model_copy(
        update={"thresholds": dict.fromkeys([Level.MN, Level.TH, Level.THCS], 90.0)}
    )
    old = compact.model_copy(
        update={"revision": 1, "targets": (*targets[:index], first, *targets[index + 1 :])}
    )
    outcomes = {"CT02.1": VetoOutcome.DROP, "CT05.3": VetoOutcome.EXCLUDE}
    current = tuple(
        t.model_copy(update={"veto_outcome": outcomes[t.code]}) if t.code in outcomes else t
        for t in targets
    )
    awards = tuple(
        a.model_copy(update={"condition": f"{a.condition} và {TWO_YEARS}"}) if a.code == "BK" else a
        for a in compact.awards
    )
    return old, compact.model_copy(update={"revision": 2, "targets": current, "awards": awards})


#: The demo's condition over years: with this year's tier (the award's minimum), two school
#: years in a row "Hoàn thành xuất sắc nhiệm vụ" (Luật Thi đua, khen thưởng 2022: a
#: collective's Bằng khen of the province's chairman).
TWO_YEARS = 'NAM_LIEN_TIEP_XEP_LOAI("Hoàn thành xuất sắc nhiệm vụ") >= 1'
BY_RECORD = "BK"


def run_demo(outdir: str | os.PathLike[str], jobs: int | None = None) -> DemoResult:
    """The whole job into ``outdir``: book, templates, returns, appraisal, summary, slips, PDF."""
    start = time.perf_counter()
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    old, current = revised(api.sample(SAMPLE))
    book = api.write_compact_book(current, out / f"so_giao_uoc_{SAMPLE}.xlsx")
    compact = api.load_compact(book)  # what staff would use: the book, validated
    templates = api.write_templates(compact, out / "mau_truong", jobs=jobs)
    returns = out / "bai_nop"
    api.simulate_returns(compact, old, returns)
    self_reported, appraisal = api.appraise(
        compact, returns, out / "so_tham_dinh.xlsx", Period.YEAR_END, jobs
    )
    typed = api.simulate_appraisal(self_reported, appraisal.path)
    # written again: the verified values kept, the ranking and the candidates to vote on updated
    reviewed, appraisal = api.appraise(compact, returns, appraisal.path, Period.YEAR_END, jobs)
    history = _history(compact, returns, appraisal.path, reviewed, out / "so_lich_su.xlsx", jobs)
    reviewed, appraisal = api.appraise(
        compact, returns, appraisal.path, Period.YEAR_END, jobs, history=history
    )
    typed += api.simulate_vote(reviewed, appraisal.path)
    report = api.merge(
        compact, returns, out=out / "bang_tong_hop.xlsx", pdf=out / "van_ban_ky.pdf",
        slips=out / "phieu_ket_qua", appraisal=appraisal.path, history=history,
        period=Period.YEAR_END, jobs=jobs,
    )  # fmt: skip
    assert report.summary is not None
    pdf_failure = report.failure("pdf")
    lines = _by_record(report.result)
    try:  # the year's results into the history book: refused while a draft
        done = api.record_year(report, history)
        lines.append(done.lines()[0])
    except api.HistoryRefused as refused:
        lines.append(str(refused).split(". Sửa")[0] + ".")
    result = DemoResult(
        book,
        templates,
        returns,
        Path(report.summary),
        report.result,
        time.perf_counter() - start,
        Path(report.pdf) if report.pdf else None,
        pdf_failure.message if pdf_failure else "",
        appraisal.path,
        tuple(typed),
        tuple(Path(p) for p in report.slips),
        self_reported,
        report,
        history,
        tuple(lines),
    )
    return result


def _history(
    compact: Compact, returns: Path, appraisal: Path, reviewed: MergeResult, path: Path,
    jobs: int | None,
) -> Path:  # fmt: skip
    """The history book of the two school years before: plausible, then one school in line
    for the award with a condition over years (it meets every other condition; only the
    quota keeps it out) given a lower tier last year: stopped by its record, and no other
    school's proposal changes."""
    api.simulate_history(reviewed, path)
    with_history, _ = api.appraise(compact, returns, appraisal, Period.YEAR_END, jobs, history=path)
    lowered = next(
        (
            row.school.code
            for row in sorted(with_history.schools, key=lambda r: r.rank or 999)
            if row.proposal is not None
            and row.proposal.reasons.get(BY_RECORD, "").startswith("hết chỉ tiêu")
        ),
        "",
    )
    return api.simulate_history(reviewed, path, lowered=lowered)


def _by_record(result: MergeResult) -> list[str]:
    """A school proposed for the award with a condition over years because of its record, and
    one stopped by it, in words."""
    award = next(a for a in result.compact.awards if a.code == BY_RECORD)
    lines: list[str] = []
    for row in result.schools:
        proposal = row.proposal
        if proposal is None:
            continue
        reason = proposal.reasons.get(BY_RECORD, "")
        if BY_RECORD in proposal.awards + proposal.candidates and not any(
            "đề nghị" in line for line in lines
        ):
            lines.append(
                f"{row.school.name}: đề nghị {award.name}, hai năm liền hoàn thành xuất sắc "
                "nhiệm vụ (theo sổ lịch sử)."
            )
        elif reason.startswith("chưa đạt điều kiện các năm trước") and not any(
            "không đề nghị" in line for line in lines
        ):
            lines.append(f"{row.school.name}: không đề nghị {award.name}, {reason}.")
    return lines
