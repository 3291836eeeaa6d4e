"""The summary's sheet names: fixed ones, a request and its list per authority that decides
awards, and four per bloc (its result table, its minutes, its annex, its chart), valid for
Excel (31 characters, none of []:*?/\\) and unique however the blocs' codes look."""

from __future__ import annotations

import re

from ...core.model import Compact

OVERVIEW = "Tổng quan"
SUBMISSION_CHART = "Biểu đồ nộp"
TIER_CHART = "Biểu đồ xếp loại"
STATUS = "Tình trạng nộp"
FINDINGS = "Lỗi và cảnh báo"
COMMENTS = "Góp ý"
DATA = "Dữ liệu"
CHANGES = "Thẩm định"
PROPOSALS = "Đề nghị khen thưởng"
REQUEST = "Tờ trình"
#: The minutes of the organizer's emulation and commendation council (summary/minutes.py).
COUNCIL_MINUTES = "BB Hội đồng TĐKT"
LOG = "Nhật ký"

#: What each bloc sheet is: the signed result table, the minutes of its review, the annex grid,
#: the annex chart.
RESULT, MINUTES, ANNEX, CHART = "KQ", "BB", "PL", "BĐ"


def _clean(text: str) -> str:
    return re.sub(r"[\[\]:*?/\\']", "-", text).strip()


def bloc_sheets(compact: Compact) -> dict[str, dict[str, str]]:
    """Bloc code -> {"KQ": name, "BB": name, "PL": name, "BĐ": name}, unique across the
    workbook."""
    taken = {
        OVERVIEW, SUBMISSION_CHART, TIER_CHART, STATUS, FINDINGS, COMMENTS, DATA, LOG, CHANGES,
        PROPOSALS, REQUEST, COUNCIL_MINUTES,
    }  # fmt: skip
    names: dict[str, dict[str, str]] = {}
    for bloc in compact.blocs:
        base = _clean(bloc.code)[:26]
        suffix = ""
        counter = 1
        while any(f"{kind} {base}{suffix}" in taken for kind in (RESULT, MINUTES, ANNEX, CHART)):
            counter += 1
            suffix = f" {counter}"
        names[bloc.code] = {
            kind: f"{kind} {base}{suffix}" for kind in (RESULT, MINUTES, ANNEX, CHART)
        }
        taken.update(names[bloc.code].values())
    return names


def quoted(sheet: str) -> str:
    """A sheet name as a formula or a link refers to it."""
    return "'" + sheet.replace("'", "''") + "'"


def request_sheets(count: int) -> list[tuple[str, str]]:
    """The sheets of each authority's request and its list of proposals, in order: "Tờ trình"
    and "Đề nghị khen thưởng" for one authority, numbered ("Tờ trình 1", "Đề nghị khen thưởng
    1", …) for several."""
    if count == 1:
        return [(REQUEST, PROPOSALS)]
    return [(f"{REQUEST} {n}", f"{PROPOSALS} {n}") for n in range(1, count + 1)]
