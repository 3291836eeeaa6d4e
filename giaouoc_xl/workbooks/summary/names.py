"""The summary's sheet names: fixed ones, and three per bloc (its result table, its annex, its
chart), valid for Excel (31 characters, none of []:*?/\\) and unique however the blocs' codes
look."""

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
        PROPOSALS,
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
