"""The school workbook: one standard workbook per school, written with XlsxWriter.

Everything a school needs works natively in any spreadsheet (no macros): locked identity and
thresholds, unlocked input cells with data validation and Vietnamese messages, status formulas
(see :mod:`giaouoc_xl.core.assessment`), conditional formatting, print setup, and a hidden metadata
sheet. XlsxWriter is used because it writes Excel-faithful files several times faster than
openpyxl (bench/bench_school.py); text is always written as text (``strings_to_formulas`` off).

What the principal signs is the school's own document (Nghị định 30/2020/NĐ-CP): the school
sheet (its identity, commitment and staff figures) and the targets sheet (the registration and
the report), each under the school's heading and over the principal's signature block
(:mod:`.document`). Each sheet has its module: :mod:`.instructions`, :mod:`.school_sheet`,
:mod:`.targets_sheet`; this one puts them in one workbook with its technical sheet.

The sheets' rows and columns are the core's (:mod:`giaouoc_xl.core.school_form`), the formats
and validations :mod:`.layout`'s; many workbooks at once are :mod:`.factory`'s.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from ...core.model import Compact, School
from ...core.school_form import (
    INSTRUCTIONS,
    KIND,
    META,
    SCHOOL,
    TARGETS,
    TEMPLATE_VERSION,
    Answers,
    collected,
    school_file_name,
)
from ...core.version import __version__
from ..atomic import atomic_output
from ..documents.blocks import column_points
from ..documents.layout import DocumentSheet
from ..documents.print_style import workbook_options
from ..table import compact_meta, write_meta
from .document import school_place
from .instructions import INSTRUCTION_WIDTH, instruction_subtitle, write_instructions
from .layout import Formats, lines, span_points
from .school_sheet import SCHOOL_WIDTHS, school_heading, school_identity, write_school_sheet
from .targets_sheet import target_widths, targets_heading, targets_subtitle, write_targets_sheet

__all__ = [
    "identity_lines",
    "render_school_workbook",
    "write_school_workbook",
]


def identity_lines(compact: Compact, school: School) -> tuple[int, ...]:
    """The lines of every row whose height depends on the school's own texts (its name, code,
    bloc, commune): two schools with the same lines get workbooks that differ only in those
    texts (what :class:`~.factory.SchoolWorkbookFactory` relies on to copy one to many)."""
    blank = Answers()
    identity = school_identity(compact, school)
    value_points = column_points(SCHOOL_WIDTHS[1])
    return (
        lines(instruction_subtitle(school), column_points(INSTRUCTION_WIDTH), italic=True),
        *school_heading(compact, school, blank).counts(),
        *(lines(identity[k], value_points) for k in ("code", "name", "bloc", "commune")),
        *targets_heading(compact, school, blank).counts(),
        lines(targets_subtitle(school), span_points(target_widths(compact)), italic=True),
    )


def _meta_values(compact: Compact, school: School, generated_at: datetime) -> dict[str, str]:
    return {
        **compact_meta(KIND, compact),
        "school_code": school.code,
        "template_version": TEMPLATE_VERSION,
        "generated_at": generated_at.astimezone(UTC).isoformat(
            sep=" ", timespec="seconds"
        ),  # no "T": xlwings would take it for a date
        "tool_version": __version__,
        "periods": ",".join(p.value for p in collected(compact)),
        "school_place": school_place(compact, school),  # the date line's formulas read it
    }


def render_school_workbook(
    compact: Compact,
    school: School,
    output: str | os.PathLike[str] | BytesIO,
    generated_at: datetime,
    answers: Answers | None = None,
) -> None:
    """Write the school workbook of ``school`` to ``output`` (a path or a byte buffer),
    pre-filled with ``answers`` when given."""
    answers = answers or Answers()
    target: Any = output if isinstance(output, BytesIO) else str(output)
    wb = xlsxwriter.Workbook(target, workbook_options(in_memory=True))
    wb.set_properties(
        {
            "title": f"{compact.title} — {school.name}",
            "author": compact.organizer.name,
            "company": compact.organizer.name,
            "comments": f"giaouoc_xl {__version__}",
            "created": generated_at.replace(tzinfo=None),
        }
    )
    f = Formats(wb)
    meta = _meta_values(compact, school, generated_at)
    place_row = list(meta).index("school_place") + 1  # below the technical sheet's note
    place_ref = f"'{META}'!" + xl_rowcol_to_cell(place_row, 1, row_abs=True, col_abs=True)
    write_instructions(wb.add_worksheet(INSTRUCTIONS), f, compact, school)
    write_school_sheet(wb.add_worksheet(SCHOOL), f, compact, school, answers, place_ref)
    targets = wb.add_worksheet(TARGETS, worksheet_class=DocumentSheet)
    write_targets_sheet(targets, f, compact, school, answers, place_ref)
    write_meta(wb.add_worksheet(META), "Thông tin kỹ thuật của mẫu: không sửa, không xóa.", meta)
    targets.activate()
    wb.close()


def write_school_workbook(
    compact: Compact,
    school: School,
    outdir: str | os.PathLike[str],
    generated_at: datetime | None = None,
) -> Path:
    """Write one school's workbook into ``outdir`` atomically; return its path."""
    path = Path(outdir) / school_file_name(school.code, school.name)
    with atomic_output(path) as tmp:
        render_school_workbook(compact, school, tmp, generated_at or datetime.now(UTC))
    return path
