"""What a whole job returns: what it computed, every output it wrote, and every output that
failed after others were written, as data. The command line, the Excel buttons and the demo
present these; none of them decides anything a job's report says.

A job checks that every output can be written before it writes any: what cannot be written is
said at once (an exception, nothing written). What fails later, after the main output was
written (LibreOffice missing for the PDF, a slip opened in Excel meanwhile), is an
:class:`OutputFailure` in the report: the rest stands, and the command exits 2.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .results import MergeResult

#: The outputs a job may write, by the name reports and ``--json`` give them.
OUTPUTS = {
    "summary": "bảng tổng hợp",
    "pdf": "tệp PDF các văn bản cần ký",
    "slips": "phiếu kết quả",
    "appraisal": "sổ thẩm định",
    "feedback": "bản phản hồi",
}


@dataclass(frozen=True)
class OutputFailure:
    """An output a job could not write, though it wrote the others.

    ``message`` is for people (Vietnamese, what happened and what to do); ``detail`` keeps what
    a developer needs (a library's or LibreOffice's own words) for ``--json`` and the log,
    never for a user's eyes."""

    output: str  # a key of OUTPUTS
    path: str
    message: str
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "output": self.output,
            "path": self.path,
            "message": self.message,
            "detail": self.detail,
        }


@dataclass
class MergeReport:
    """``merge``: the merge itself, and the outputs of the office's job around it: the summary,
    the documents as a PDF, a slip per school. Paths are as written (text: the core knows no
    file system)."""

    result: MergeResult
    summary: str | None = None  # None: a dry run, or no summary asked
    pdf: str | None = None
    slips: list[str] = field(default_factory=list)
    appraisal: str | None = None  # the appraisal book scored
    failures: list[OutputFailure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the job chose and says (Vietnamese)

    @property
    def exit_code(self) -> int:
        """2 an output asked for was not written; 1 a school's submission (or the appraisal
        book) has errors; 0 neither."""
        return 2 if self.failures else 1 if self.result.has_errors else 0

    def failure(self, output: str) -> OutputFailure | None:
        """The failure of one output (``"pdf"``, ``"slips"``), when it failed."""
        return next((f for f in self.failures if f.output == output), None)

    def json_text(self, indent: int | None = None) -> Iterator[str]:
        """The document ``giaouoc merge --json`` prints, a piece at a time (see
        :meth:`MergeResult.json_text`): the outputs first, then schools, files, findings."""
        head: dict[str, Any] = {"pdf": self.pdf, "appraisal": self.appraisal, "slips": self.slips}
        head["history"] = self.result.history_path or None  # the history book used
        pdf = self.failure("pdf")
        if pdf is not None:
            head["pdf_error"] = {"message": pdf.message, "detail": pdf.detail}
        if self.failures:
            head["failures"] = [f.to_json() for f in self.failures]
        if self.notes:
            head["notes"] = list(self.notes)
        return self.result.json_text(self.summary, indent=indent, **head)
