"""The documents to sign as one PDF, printed by LibreOffice headless.

Only the documents are printed (the overview, each bloc's result table and minutes, each
authority's request and list of proposals, the appraisal's changes; see
:func:`giaouoc_xl.workbooks.summary.render_documents`): they are written to a temporary
workbook, LibreOffice converts it with a profile of its own (so that an office's open
LibreOffice does not get in the way), and the PDF replaces ``path`` in one rename. LibreOffice
is found on the PATH, in its usual places on Windows and macOS, or where ``GIAOUOC_SOFFICE``
says.

The documents are measured in Times New Roman; LibreOffice prints them with it or with its
metric twin Liberation Serif. On a computer with neither it substitutes another serif, wider:
the documents still print (fitted to the page's width), and :attr:`PdfJob.note` says in
Vietnamese what to install (:func:`fonts_note`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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


#: The fonts the documents print whole with: Times New Roman, or its metric twin.
SERIFS = ("Times New Roman", "Liberation Serif")
#: Their files where Windows and macOS keep fonts, and where LibreOffice keeps its own
#: (LibreOffice for Windows and macOS brings Liberation Serif with it).
FONT_FILES = ("times.ttf", "Times New Roman.ttf", "LiberationSerif-Regular.ttf")
FONTS_MISSING = (
    "Máy này không có phông Times New Roman hay Liberation Serif: LibreOffice in các văn bản "
    "bằng một phông khác, rộng hơn, nên chữ nhỏ hơn và có thể xuống dòng khác bản in đúng. "
    "Hãy cài phông Liberation (Linux: apt-get install fonts-liberation2; hoặc phông Times New "
    "Roman) rồi in lại. PDF vẫn được in."
)


def _font_folders(soffice: str) -> list[Path]:
    """Where Windows, macOS and this LibreOffice keep fonts."""
    home = Path.home()
    program = Path(soffice).resolve().parent
    windows = os.environ.get("WINDIR", r"C:\Windows")
    return [
        Path(windows) / "Fonts",
        Path(os.environ.get("LOCALAPPDATA", home)) / "Microsoft" / "Windows" / "Fonts",
        Path("/System/Library/Fonts/Supplemental"),
        Path("/Library/Fonts"),
        home / "Library" / "Fonts",
        program.parent / "share" / "fonts" / "truetype",  # LibreOffice's own (Windows)
        program.parent / "Resources" / "fonts" / "truetype",  # LibreOffice's own (macOS)
    ]


def has_times(soffice: str) -> bool:
    """Whether LibreOffice will print Times New Roman as itself or as Liberation Serif: on
    Windows and macOS, whether their files are installed (LibreOffice brings Liberation Serif
    with it there); elsewhere (fontconfig chooses the fonts) what ``fc-match`` gives for Times
    New Roman. Unknown (no ``fc-match``): True, nothing untrue said."""
    if sys.platform in ("win32", "darwin"):
        folders = _font_folders(soffice)
        return any((folder / name).is_file() for folder in folders for name in FONT_FILES)
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return True
    try:
        found = subprocess.run(
            [fc_match, "-f", "%{family}", "Times New Roman"],
            capture_output=True, text=True, timeout=30, check=False,
        ).stdout  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return True
    return any(serif in found for serif in SERIFS)


def fonts_note(soffice: str) -> str:
    """What to say when neither Times New Roman nor Liberation Serif is installed ('' else)."""
    return "" if has_times(soffice) else FONTS_MISSING


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
    return PdfJob.start(result, path, when).finish()


class PdfJob:
    """The documents being printed: :meth:`start` writes them to a temporary workbook and
    starts LibreOffice (a process of its own, which prints while this one goes on, e.g.
    writing the summary); :meth:`finish` waits for it and puts the PDF in place. Both raise
    :class:`PdfNotWritten` with a reason for people (and LibreOffice's own words as
    ``detail``)."""

    def __init__(self, target: Path, work: tempfile.TemporaryDirectory[str], book: Path) -> None:
        self.target, self.work, self.book = target, work, book
        self.process: subprocess.Popen[bytes] | None = None
        self.note = ""  # what the office should know of the print (a font missing), Vietnamese

    @classmethod
    def start(
        cls, result: MergeResult, path: str | os.PathLike[str], when: datetime | None = None
    ) -> PdfJob:
        soffice = find_soffice()
        if soffice is None:
            raise PdfNotWritten(MISSING)
        work = tempfile.TemporaryDirectory(prefix="giaouoc-pdf-")
        folder = Path(work.name)
        job = cls(Path(path), work, folder / "van_ban_ky.xlsx")
        job.note = fonts_note(soffice)
        try:
            render_documents(result, job.book, when)
            job.process = subprocess.Popen(
                _command(soffice, job.book, folder),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except OSError as error:
            work.cleanup()
            raise PdfNotWritten(_FAILED, detail=repr(error)) from None
        return job

    def finish(self) -> Path:
        """Wait for LibreOffice, then replace the target with the PDF in one rename."""
        assert self.process is not None
        try:
            try:
                out, err = self.process.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired as error:
                self.process.kill()
                self.process.communicate()
                raise PdfNotWritten(_FAILED, detail=repr(error)) from None
            pdf = self.book.with_suffix(".pdf")
            if self.process.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
                raise PdfNotWritten(
                    "LibreOffice không in được các văn bản ra PDF. Bảng tổng hợp vẫn được ghi; "
                    "hãy mở nó và in các sheet 'Tổng quan' và 'KQ …'.",
                    detail=f"exit {self.process.returncode}\n{_text(out)}\n{_text(err)}",
                )
            with atomic_output(self.target) as tmp:
                shutil.copyfile(pdf, tmp)
            return self.target
        finally:
            self.work.cleanup()


_FAILED = (
    "LibreOffice không in được các văn bản ra PDF (không chạy được hoặc quá thời gian). "
    "Bảng tổng hợp vẫn được ghi; hãy in từ Excel hoặc LibreOffice."
)


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _command(soffice: str, book: Path, folder: Path) -> list[str]:
    profile = folder / "profile"
    return [
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
