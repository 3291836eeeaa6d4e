"""The overview (Tổng quan), the first document: the schools by what was received (valid, with
errors, sent but not usable, nothing); the tiers; per bloc, the same counts and the mean total
(beside each bloc, out of the print area, links to its result table and its annex: with a
hundred blocs the overview is the index); the signatures. It is signed: it counts schools,
never files or their technicalities (lock files, hashes: the status sheet has those). Its
charts are annexes, each on a chart sheet of its own (one page, never cut)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from ...core.codes import SCHOOL_STATUS_WORDS, SchoolStatus
from ...core.columns import Column
from ...core.model import label
from ...core.results import MergeResult
from ..documents.blocks import Document, Lines, Link, Plan, Spacer, Table
from ..documents.columns import count, points, text
from ..documents.form import heading, signatures
from ..documents.layout import Formats, write_document
from ..documents.print_style import FONT
from ..documents.text_metrics import text_width
from .names import ANNEX, OVERVIEW, RESULT, SUBMISSION_CHART, TIER_CHART, bloc_sheets, quoted
from .style import chart_page


def _one_line(key: str, header: str) -> Column:
    """A count whose short header stays on one line (a column of a few digits would wrap it)."""
    return replace(count(key, header), min_width=text_width(header, 11.0, bold=True) + 6.0)


#: The table of blocs (the mean total only in a result period).
BLOC_COLUMNS = (
    text("bloc", "Khối thi đua", max_width=170.0),
    _one_line("schools", "Số trường"),
    _one_line("submitted", "Đã nộp"),
    _one_line("valid", SCHOOL_STATUS_WORDS[SchoolStatus.VALID]),
    _one_line("with_errors", SCHOOL_STATUS_WORDS[SchoolStatus.WITH_ERRORS]),
    count("unusable", SCHOOL_STATUS_WORDS[SchoolStatus.UNUSABLE]),  # may take two lines
    _one_line("missing", SCHOOL_STATUS_WORDS[SchoolStatus.MISSING]),
    points("share", "Tỷ lệ nộp (%)"),
    points("mean", "Điểm trung bình"),
)
COUNTED = ("schools", "submitted", "valid", "with_errors", "unusable", "missing")
CHART_SERIES = (
    ("valid", "#70AD47"),
    ("with_errors", "#FFC000"),
    ("unusable", "#ED7D31"),
    ("missing", "#C00000"),
)
#: The schools by what was received, in the first table (its words as the status sheet's).
RECEIVED = (
    (SchoolStatus.VALID, "Đã nộp, hợp lệ"),
    (SchoolStatus.WITH_ERRORS, "Đã nộp nhưng bài nộp có lỗi, chưa xếp hạng"),
    (
        SchoolStatus.UNUSABLE,
        "Đã gửi tệp nhưng không dùng được (mẫu cũ, đặt mật khẩu…), cần gửi lại",
    ),
    (SchoolStatus.MISSING, "Chưa nộp"),
)


def _bloc_rows(result: MergeResult) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    sheets = bloc_sheets(result.compact)
    for bloc_count in result.blocs:
        values: dict[str, Any] = {key: getattr(bloc_count, key) for key in COUNTED}
        names = sheets[bloc_count.bloc.code]
        values.update(
            bloc=bloc_count.bloc.name,
            share=round(100 * bloc_count.submitted_share, 1),
            _links=(  # the overview is the index: beside each bloc, out of the print area
                Link("Bảng kết quả", f"{quoted(names[RESULT])}!A1"),
                Link("Phụ lục", f"{quoted(names[ANNEX])}!A1"),
            ),
        )
        values["mean"] = (
            round(bloc_count.mean_total, 2) if bloc_count.mean_total is not None else None
        )
        rows.append(values)
    totals: dict[str, Any] = {key: sum(r[key] for r in rows) for key in COUNTED}
    share = 100 * totals["submitted"] / totals["schools"] if totals["schools"] else 0.0
    totals.update(bloc="Cộng", share=round(share, 1), _bold=True)
    return [*rows, totals]


def _tier_rows(result: MergeResult) -> list[dict[str, Any]]:
    valid = [r for r in result.schools if r.status is SchoolStatus.VALID and r.summary]
    return [
        {
            "tier": tier.name,
            "count": sum(1 for r in valid if r.summary and r.summary.tier == tier.name),
        }
        for tier in result.compact.tiers
    ]


def _received_rows(result: MergeResult) -> list[dict[str, Any]]:
    """How many schools of the roster are in each status, and all of them."""
    rows: list[dict[str, Any]] = [
        {"status": words, "count": result.school_count(status)} for status, words in RECEIVED
    ]
    rows.append({"status": "Cộng", "count": len(result.schools), "_bold": True})
    return rows


def _count_table(title: str, what: Column, rows: list[dict[str, Any]], last: int) -> list[Any]:
    """A table of how many schools there are of each ``what`` (a status, a tier), under its
    ``title``: ``what`` spans the bloc table's columns up to its ``last``, the count that one."""
    table = Table((what, count("count", "Số trường")), rows, spans=((0, last - 1), (last, last)))
    return [Lines([title], "bold"), table, Spacer(10)]


def overview_document(result: MergeResult, when: datetime) -> Document:
    compact = result.compact
    columns = BLOC_COLUMNS if result.scored else BLOC_COLUMNS[:-1]
    last = len(columns) - 1
    blocks: list[Any] = [
        Lines(["BÁO CÁO TỔNG HỢP GIAO ƯỚC THI ĐUA"], "title"),
        Lines([f"Năm học {compact.school_year} — {label(result.period)}"], "subtitle"),
        Spacer(6),
        *_count_table(
            "Tình trạng nộp của các trường",
            text("status", "Tình trạng"),
            _received_rows(result),
            last,
        ),
    ]
    if result.scored:
        blocks += _count_table(
            "Xếp loại của các trường có bài nộp hợp lệ",
            text("tier", "Xếp loại"),
            _tier_rows(result),
            last,
        )
    # the blocs last: a long table (a province's hundred blocs) runs over pages with its
    # header repeated, and nothing else comes under that header
    blocks += [
        Lines(["Kết quả theo khối thi đua"], "bold"),
        Table(columns, _bloc_rows(result)),
        signatures(compact),
    ]
    return Document(OVERVIEW, heading(compact, when), blocks, contiguous=True)  # its charts


def write_overview(wb: Any, f: Formats, result: MergeResult, when: datetime) -> Plan:
    """The overview document; returns its layout (its tables' rows, for the charts)."""
    return write_document(wb, f, overview_document(result, when))


def write_overview_charts(wb: Any, result: MergeResult, plan: Plan) -> None:
    """Submission per bloc, and tiers, each on a chart sheet (after the annexes). The overview's
    tables: the files, the tiers (in a result period), the blocs."""
    first = plan.tables[-1] + 1
    last = first + len(result.compact.blocs) - 1
    columns = [c.key for c in BLOC_COLUMNS]
    chart = wb.add_chart({"type": "column", "subtype": "stacked"})
    for key, color in CHART_SERIES:
        col = columns.index(key)
        chart.add_series(
            {
                "name": BLOC_COLUMNS[col].header,
                "categories": [OVERVIEW, first, 0, last, 0],
                "values": [OVERVIEW, first, col, last, col],
                "fill": {"color": color},
            }
        )
    _style(chart, "Tình trạng nộp theo khối")
    chart.set_legend({"position": "bottom", "font": {"name": FONT}})
    chart_page(wb, SUBMISSION_CHART, chart)
    if not result.scored or len(plan.tables) < 3:
        return
    top = plan.tables[1] + 1
    tiers = len(result.compact.tiers)
    last_col = len(BLOC_COLUMNS) - 1
    tier_chart = wb.add_chart({"type": "column"})
    tier_chart.add_series(
        {
            "name": "Số trường",
            "categories": [OVERVIEW, top, 0, top + tiers - 1, 0],
            "values": [OVERVIEW, top, last_col, top + tiers - 1, last_col],
            "fill": {"color": "#4472C4"},
        }
    )
    _style(tier_chart, "Phân bố xếp loại (trường có bài nộp hợp lệ)")
    tier_chart.set_legend({"none": True})
    chart_page(wb, TIER_CHART, tier_chart)


def _style(chart: Any, title: str) -> None:
    chart.set_title({"name": title, "name_font": {"name": FONT, "size": 14}})
    chart.set_y_axis({"min": 0, "major_gridlines": {"visible": True}, "num_font": {"name": FONT}})
    chart.set_x_axis({"num_font": {"name": FONT}})
