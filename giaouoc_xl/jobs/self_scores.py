"""The demo of a score sheet (``giaouoc demo --sample than-thien-2008-2009``): the schools'
self scores (tự chấm) returned in their workbooks, and what the office's evaluating team types
in the appraisal book after checking them (chấm thẩm định): two criteria of two schools
corrected, each with its reason."""

from __future__ import annotations

import os
from pathlib import Path

from ..core.check import number
from ..core.codes import SchoolStatus
from ..core.model import Compact, Period
from ..core.results import MergeResult
from ..core.school_form import school_file_name
from ..core.simulate import clean_answers, self_scored
from ..workbooks.school.writer import render_school_workbook
from .returns import MADE

#: The two corrections of the demo: (the school's place among the valid schools of the roster,
#: the sub-item, what the team gives at most, the reason). The team saw on site a sub-item
#: only partly done (a half point) and one not done at all (no point).
CORRECTIONS = (
    (
        0,
        "TC1.3.d",
        0.5,
        "Kiểm tra thực tế ngày 20/5/2009: nhà vệ sinh của học sinh chưa được làm sạch hằng "
        "ngày, còn mùi hôi",
    ),
    (
        -1,
        "TC5.1.e",
        0.0,
        "Chưa có xác nhận của UBND xã hoặc ban quản lý di tích về việc nhận chăm sóc di tích",
    ),
)


def simulate_self_scores(compact: Compact, folder: Path, seed: int = 2009) -> list[Path]:
    """Write into ``folder`` every school's workbook as returned at the end of the year: signed,
    each criterion self-scored (core.simulate.self_scored), with its evidence."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for index, school in enumerate(compact.schools):
        answers = clean_answers(compact, school, Period.YEAR_END, seed=seed + index)
        self_scored(compact, school, answers, seed + index)
        path = folder / school_file_name(school.code, school.name)
        render_school_workbook(compact, school, path, MADE, answers)
        written.append(path)
    return written


def simulate_corrections(result: MergeResult, book: str | os.PathLike[str]) -> list[str]:
    """Type in the sheet Thẩm định of the appraisal book ``book`` (written from ``result``) the
    demo's two corrections (:data:`CORRECTIONS`): the first valid school's and the last's, each
    sub-item lowered to what the team gives (never above what the school gave itself) with its
    reason, as staff type in Excel (here with openpyxl). Returns what was typed, in words."""
    from openpyxl import load_workbook

    valid = [r for r in result.schools if r.status is SchoolStatus.VALID]
    wanted = {
        (valid[place].school.code, code): (valid[place].school.name, most, reason)
        for place, code, most, reason in CORRECTIONS
    }
    wb = load_workbook(book)
    sheet = wb["Thẩm định"]
    header = [c.value for c in sheet[3]]
    col = {name: header.index(name) for name in header if name}
    done: list[str] = []
    for row in sheet.iter_rows(min_row=4):
        key = (row[col["Mã trường"]].value, row[col["Mã chỉ tiêu"]].value)
        if key not in wanted:
            continue
        name, most, reason = wanted[key]
        reported = float(row[col["Kết quả trường báo cáo"]].value or 0)
        verified = min(most, max(0.0, reported - 0.5))
        row[col["Kết quả thẩm định"]].value = verified
        row[col["Lý do điều chỉnh"]].value = reason
        done.append(
            f"{name}: {key[1]} tự chấm {number(reported)}, thẩm định {number(verified)} ({reason})"
        )
    wb.save(book)
    return done
