"""Which files are under a submissions folder, and which of them are spreadsheets to read.

Every file is listed (recursively, in a stable order, names in Unicode NFC: a Mac writes NFD);
Excel's and LibreOffice's lock files and temporary and hidden files are listed with their
status and never read. Whether a file is a spreadsheet is told by its content, not its name
(:mod:`giaouoc_xl.workbooks.intake.formats`).
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from ..core.codes import FileStatus


def skipped_status(name: str) -> FileStatus | None:
    """The status of a file listed but not read (by its name), or None for one to examine."""
    base = name.rsplit("/", 1)[-1]
    if base.startswith("~$") or base.startswith(".~lock."):
        return FileStatus.LOCK_FILE
    if base.startswith(".") or base.endswith(("~", ".tmp", "#")) or base.startswith("~"):
        return FileStatus.TEMPORARY
    return None


def discover(folder: Path) -> list[tuple[Path, str]]:
    """Every file under ``folder`` with its name relative to it (NFC), in a stable order."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            found.append((path, relative_name(folder, path)))
    return sorted(found, key=lambda item: item[1])


def relative_name(folder: Path, path: Path) -> str:
    return unicodedata.normalize("NFC", path.relative_to(folder).as_posix())
