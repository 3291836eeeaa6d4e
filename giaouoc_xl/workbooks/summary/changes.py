"""The annex of the appraisal: every result the office changed, with its reason and evidence,
points before and after (Phụ lục: các kết quả điều chỉnh qua thẩm định). A4 landscape, in the
form of the other documents; written only when the merge had an appraisal book."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...core.model import label
from ...core.results import MergeResult
from ..documents.blocks import Document, Lines, Spacer, Table, value_text
from ..documents.columns import center, count, points, text
from ..documents.form import heading, signatures
from .names import CHANGES

COLUMNS = (
    count("number", "STT"),
    text("school", "Trường", max_width=130.0),
    center("target", "Chỉ tiêu"),
    center("reported", "Trường báo cáo", max_width=70.0),
    center("verified", "Thẩm định", max_width=70.0),
    points("before", "Điểm trước"),
    points("after", "Điểm sau"),
    text("reason", "Lý do điều chỉnh", max_width=190.0, min_width=120.0),
    text("evidence", "Minh chứng", max_width=120.0, min_width=60.0),
)


def changes_document(result: MergeResult, when: datetime) -> Document:
    compact = result.compact
    rows: list[dict[str, Any]] = []
    for bloc in compact.blocs:
        for school_row in result.members(bloc):
            for change in school_row.changes:
                rows.append(
                    {
                        "number": len(rows) + 1,
                        "school": school_row.school.name,
                        "target": change.target,
                        "reported": value_text(change.reported),
                        "verified": value_text(change.verified),
                        "before": change.points_before,
                        "after": change.points_after,
                        "reason": change.reason or "(chưa ghi lý do)",
                        "evidence": change.evidence,
                    }
                )
    book = result.appraisal.name if result.appraisal else ""
    blocks: list[Any] = [
        Lines(["PHỤ LỤC: CÁC KẾT QUẢ ĐIỀU CHỈNH QUA THẨM ĐỊNH"], "title"),
        Lines(
            [f"Năm học {compact.school_year} — {label(result.period)} — sổ thẩm định {book}"],
            "subtitle",
        ),
        Spacer(6),
    ]
    if rows:
        blocks.append(Table(COLUMNS, rows))
    else:
        blocks.append(Lines(["Không có kết quả nào được điều chỉnh qua thẩm định."], "italic"))
    blocks.append(signatures(compact))
    return Document(CHANGES, heading(compact), blocks, landscape=True)  # dated from the book
