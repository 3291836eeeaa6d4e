"""The documents to sign as one PDF, printed by LibreOffice headless.

Only the documents are printed (the overview, each bloc's result table, the appraisal's
changes; see :func:`giaouoc_xl.workbooks.summary.render_documents`): they are written to a
temporary workbook, LibreOffice converts it with a profile of its own (so that an office's open
LibreOffice does not get in the way), and the PDF replaces ``path`` in one rename. LibreOffice is found on the PATH,
in its usual places on Windows and macOS, or where ``GIAOUOC_SOFFICE`` says.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

from ..core.errors import PdfNotWritten
from ..core.results import MergeResult
from ..workbooks.atomic import atomic_output
from ..workbooks.summary import render_documents

#: Where LibreOffice installs itself when it is not on the PATH.
SOFFICE_PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "/opt/libreoffice/program/soffice",
    "/usr/lib/libreoffice/program/soffice",
)
SOFFICE_ENV = "GIAOUOC_SOFFICE"
TIMEOUT = 300  # seconds: a hundred blocs' documents take well under a minute

MISSING = (
    "Không tìm thấy LibreOffice để in các văn bản ra PDF. Cài LibreOffice (miễn phí, "
    "libreoffice.org) rồi chạy lại, hoặc mở bảng tổng hợp bằng Excel và in các sheet "
    "'Tổng quan' và 'KQ …'. Bảng tổng hợp vẫn được ghi bình thường."
)


def find_soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    named = os.environ.get(SOFFICE_ENV)
    if named:
        return named if Path(named).is_file() else None
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((place for place in SOFFICE_PLACES if Path(place).is_file()), None)


def write_documents_pdf(
    result: MergeResult, path: str | os.PathLike[str], when: datetime | None = None
) -> Path:
    """Print the documents to sign of ``result`` into the PDF ``path`` (atomically)."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfNotWritten(MISSING)
    target = Path(path)
    with tempfile.TemporaryDirectory(prefix="giaouoc-pdf-") as work:
        folder = Path(work)
        book = folder / "van_ban_ky.xlsx"
        render_documents(result, book, when)
        pdf = _convert(soffice, book, folder)
        with atomic_output(target) as tmp:
            shutil.copyfile(pdf, tmp)
    return target


def _convert(soffice: str, book: Path, folder: Path) -> Path:
    profile = folder / "profile"
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(folder),
        str(book),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise PdfNotWritten(
            "LibreOffice không in được các văn bản ra PDF (không chạy được hoặc quá thời gian). "
            "Bảng tổng hợp vẫn được ghi; hãy in từ Excel hoặc LibreOffice.",
            detail=repr(error),
        ) from None
    pdf = book.with_suffix(".pdf")
    if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        raise PdfNotWritten(
            "LibreOffice không in được các văn bản ra PDF. Bảng tổng hợp vẫn được ghi; "
            "hãy mở nó và in các sheet 'Tổng quan' và 'KQ …'.",
            detail=f"exit {done.returncode}\n{done.stdout}\n{done.stderr}",
        )
    return pdf
