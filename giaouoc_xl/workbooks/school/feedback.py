"""Feedback copies: the school's own workbook with its findings listed and its cells marked.

A copy is written into another folder (atomically); the school's file is never modified. Every
text taken from the submission is written as text, never as a formula.
"""

from __future__ import annotations

import os
from datetime import datetime
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from ...core.errors import OutputNotWritable
from ...core.file_names import safe_file_name
from ...core.findings import SEVERITY_LABELS, Severity
from ...core.results import FileOutcome
from ..atomic import atomic_output
from ..table import put_cell

SHEET = "Kết quả kiểm tra"
_FILLS = {
    Severity.ERROR: PatternFill("solid", fgColor="FFC7CE"),
    Severity.WARNING: PatternFill("solid", fgColor="FFEB9C"),
}
_FONT = "Times New Roman"


def write_feedback(
    report: FileOutcome,
    outdir: str | os.PathLike[str],
    data: bytes | None = None,
    checked_at: datetime | None = None,
) -> Path:
    """Write the annotated copy of ``report``'s file (at ``report.path``) into ``outdir``;
    return its path. ``data``: the file's bytes as they were read and checked (the copy is made
    from what was checked, in the process that read it: see
    :func:`giaouoc_xl.jobs.file_job.examine_file`)."""
    given = Path(report.path or report.name)
    source = given.resolve()
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    target = (out / safe_file_name(given.name)).resolve()
    if target == source:
        raise OutputNotWritable(
            f"Thư mục phản hồi không được trùng thư mục bài nộp (sẽ ghi đè '{report.name}')"
        )
    if given.suffix.lower() not in (".xlsx", ".xlsm"):
        raise OutputNotWritable(
            f"Chỉ ghi được bản phản hồi cho tệp .xlsx/.xlsm, không cho '{report.name}'"
        )
    wb = load_workbook(
        BytesIO(data) if data is not None else source, keep_vba=given.suffix.lower() == ".xlsm"
    )
    for name in [n for n in wb.sheetnames if n == SHEET]:
        del wb[name]  # a previous check's sheet
    for finding in report.findings:
        if finding.sheet in wb.sheetnames and finding.cell:
            wb[finding.sheet][finding.cell].fill = _FILLS[finding.severity]
    ws = wb.create_sheet(SHEET, 0)
    _write_list(ws, report, checked_at or datetime.now())
    wb.active = 0
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws
    with atomic_output(target) as tmp:
        wb.save(tmp)
    return target


def _write_list(ws: Worksheet, report: FileOutcome, checked_at: datetime) -> None:
    bold = Font(name=_FONT, bold=True)
    body = Font(name=_FONT)
    wrap = Alignment(wrap_text=True, vertical="top")
    put_cell(ws["A1"], "KẾT QUẢ KIỂM TRA BÀI NỘP")
    ws["A1"].font = Font(name=_FONT, bold=True, size=14)
    put_cell(ws["A2"], f"Tệp: {report.name} — kiểm tra lúc {checked_at:%H:%M ngày %d/%m/%Y}")
    verdict = (
        "Không phát hiện lỗi."
        if not report.findings
        else f"{len(report.errors)} lỗi, {len(report.warnings)} cảnh báo. Ô có lỗi tô đỏ, ô cần xem lại tô vàng."
    )
    put_cell(ws["A3"], verdict)
    headers = ["STT", "Mức độ", "Vị trí", "Chỉ tiêu", "Nội dung", "Mã"]
    widths = [6, 10, 18, 10, 80, 22]
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=5, column=col)
        put_cell(cell, text)
        cell.font = bold
        ws.column_dimensions[cell.column_letter].width = width
    for number, finding in enumerate(report.findings, start=1):
        row = 5 + number
        ws.cell(row=row, column=1, value=number).font = body
        values = [
            SEVERITY_LABELS[finding.severity],
            finding.where,
            finding.target,
            finding.message,
            finding.code,
        ]
        for col, text in enumerate(values, start=2):
            cell = ws.cell(row=row, column=col)
            put_cell(cell, text)
            cell.font = body
            cell.alignment = wrap
        if finding.sheet and finding.cell:
            link = ws.cell(row=row, column=3)
            link.hyperlink = Hyperlink(
                ref=link.coordinate, location=f"'{finding.sheet}'!{finding.cell}"
            )
            link.font = Font(name=_FONT, color="0563C1", underline="single")
        ws.cell(row=row, column=2).fill = _FILLS[finding.severity]
    ws.freeze_panes = "A6"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "5:5"
