"""The summary workbook (bảng tổng hợp), written with XlsxWriter from a ``MergeResult``: one
module per part (overview, blocs, lists, data), one style (:mod:`.style`, in the print style of
:mod:`giaouoc_xl.workbooks.print_style`).

Print-ready as an administrative document in the style of Nghị định 30/2020/NĐ-CP. Every text
that came from a submission is written as text (``strings_to_formulas`` is off and only
``write_string`` is used).
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import xlsxwriter

from ... import __version__
from ...core.results import MergeResult
from ..atomic import atomic_output
from ..print_style import workbook_options
from .bloc import bloc_sheet_name, write_bloc
from .data import DATA, LOG, write_data, write_log
from .lists import COMMENTS, FINDINGS, STATUS, write_comments, write_findings, write_status
from .overview import OVERVIEW, write_overview
from .style import Formats

__all__ = [
    "COMMENTS",
    "DATA",
    "FINDINGS",
    "LOG",
    "OVERVIEW",
    "STATUS",
    "bloc_sheet_name",
    "render_summary",
    "write_summary",
]


def render_summary(
    result: MergeResult, output: str | os.PathLike[str], when: datetime | None = None
) -> None:
    """Write the summary workbook of ``result`` to ``output`` (not atomic: see write_summary)."""
    when = when or datetime.now()
    wb = xlsxwriter.Workbook(str(output), workbook_options())
    wb.set_properties(
        {
            "title": f"Bảng tổng hợp — {result.compact.title}",
            "author": result.compact.organizer.name,
            "comments": f"giaouoc_xl {__version__}",
        }
    )
    f = Formats(wb)
    write_overview(wb, f, result, when)
    for bloc in result.compact.blocs:
        write_bloc(wb, f, result, bloc, when)
    write_status(wb, f, result)
    write_findings(wb, f, result)
    write_comments(wb, f, result)
    write_data(wb, f, result)
    write_log(wb, f, result, when)
    wb.close()


def write_summary(
    result: MergeResult, path: str | os.PathLike[str], when: datetime | None = None
) -> Path:
    """Write the summary workbook atomically: an interrupted write leaves the previous one."""
    with atomic_output(path) as tmp:
        render_summary(result, tmp, when)
    return Path(path)
