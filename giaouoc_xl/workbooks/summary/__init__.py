"""The summary workbook (bảng tổng hợp), written with XlsxWriter from a ``MergeResult`` in
bounded memory (``constant_memory``: every sheet written row by row, none kept until the end).

In print order:

1. the documents to sign (:mod:`.overview`, one :mod:`.result_table` per bloc; with an award
   ladder, the minutes of each bloc's review and of the council's (:mod:`.minutes`), then per
   authority that decides awards its request (:mod:`.request`) and its list of proposals
   (:mod:`.proposals`)), each on A4 in the form of Nghị định 30/2020/NĐ-CP
   (:mod:`giaouoc_xl.workbooks.documents.layout`), headed DỰ THẢO while an error that would
   change a result remains;
2. the annexes: per bloc the grid of every target (:mod:`.annex`) and the chart of its totals,
   the results changed by the appraisal (:mod:`.changes`, with an appraisal book), then the
   overview's charts, each chart on a chart sheet of its own;
3. the working lists and the data (:mod:`.lists`, :mod:`.data`), visible and filterable but kept
   out of "print the whole workbook".

Every text that came from a submission is written as text (``strings_to_formulas`` is off and
only ``write_string`` is used).
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import xlsxwriter

from ...core.results import MergeResult
from ...core.version import __version__
from ..atomic import atomic_output
from ..documents.blocks import Document, Plan
from ..documents.form import as_sent
from ..documents.layout import Formats as DocumentFormats
from ..documents.layout import write_document
from ..documents.print_style import workbook_options
from .annex import write_annex, write_annex_chart
from .changes import changes_document
from .data import write_data, write_log
from .lists import write_comments, write_findings, write_status
from .minutes import council_minutes_document, minutes_document
from .names import ANNEX, CHART, MINUTES, RESULT, bloc_sheets, request_sheets
from .overview import overview_document, write_overview_charts
from .proposals import grantors, proposals_document, proposed
from .request import request_document
from .result_table import result_document
from .style import Formats
from .years import write_years

__all__ = ["render_documents", "render_summary", "write_summary"]


def _workbook(result: MergeResult, output: str | os.PathLike[str]) -> xlsxwriter.Workbook:
    wb = xlsxwriter.Workbook(str(output), workbook_options(constant_memory=True))
    wb.set_properties(
        {
            "title": f"Bảng tổng hợp — {result.compact.title}",
            "author": result.compact.organizer.name,
            "comments": f"giaouoc_xl {__version__}",
        }
    )
    return wb


def _documents(wb: xlsxwriter.Workbook, result: MergeResult, when: datetime) -> Plan:
    """The documents to sign, each as sent (headed DỰ THẢO while an error that would change a
    result remains, with *Nơi nhận*); returns the overview's layout (for its charts)."""
    documents = DocumentFormats(wb)
    plan = _write(wb, documents, result, overview_document(result, when))
    sheets = bloc_sheets(result.compact)
    for bloc in result.compact.blocs:
        doc = result_document(result, bloc, sheets[bloc.code][RESULT], when)
        _write(wb, documents, result, doc)
    if result.scored and result.compact.awards:  # the review: minutes per bloc, the requests
        for bloc in result.compact.blocs:
            doc = minutes_document(result, bloc, sheets[bloc.code][MINUTES], when)
            _write(wb, documents, result, doc)
        council = council_minutes_document(result)  # when the council votes on an award
        if council is not None:
            _write(wb, documents, result, council)
        # a request per authority that decides, its list of proposals after it
        asked = [g for g in grantors(result.compact) if proposed(result, g)]
        for grantor, (request, listed) in zip(asked, request_sheets(len(asked)), strict=True):
            _write(wb, documents, result, request_document(result, grantor, request))
            _write(wb, documents, result, proposals_document(result, when, grantor, listed))
    return plan


def _write(wb: xlsxwriter.Workbook, f: DocumentFormats, result: MergeResult, doc: Document) -> Plan:
    return write_document(wb, f, as_sent(doc, result))


def render_summary(
    result: MergeResult, output: str | os.PathLike[str], when: datetime | None = None
) -> None:
    """Write the summary workbook of ``result`` to ``output`` (not atomic: see write_summary)."""
    when = when or datetime.now()
    wb = _workbook(result, output)
    plan = _documents(wb, result, when)
    f = Formats(wb)
    sheets = bloc_sheets(result.compact)
    for bloc in result.compact.blocs:
        names = sheets[bloc.code]
        rows = write_annex(wb, f, result, bloc, names[ANNEX])
        if rows is not None and result.scored:
            write_annex_chart(wb, names[ANNEX], names[CHART], bloc, rows)
    if result.appraisal is not None:
        _write(wb, DocumentFormats(wb), result, changes_document(result, when))
    write_overview_charts(wb, result, plan)
    write_years(wb, f, result)
    write_status(wb, f, result)
    write_findings(wb, f, result)
    write_comments(wb, f, result)
    write_data(wb, f, result)
    write_log(wb, f, result, when)
    wb.close()


def render_documents(
    result: MergeResult, output: str | os.PathLike[str], when: datetime | None = None
) -> None:
    """Only the documents to sign (for the PDF), in the summary's order: the overview, each
    bloc's result table, its minutes, each authority's request and its list of proposals, and
    the changes the appraisal made."""
    when = when or datetime.now()
    wb = _workbook(result, output)
    _documents(wb, result, when)
    if result.appraisal is not None:
        _write(wb, DocumentFormats(wb), result, changes_document(result, when))
    wb.close()


def write_summary(
    result: MergeResult, path: str | os.PathLike[str], when: datetime | None = None
) -> Path:
    """Write the summary workbook atomically: an interrupted write leaves the previous one."""
    with atomic_output(path) as tmp:
        render_summary(result, tmp, when)
    return Path(path)
