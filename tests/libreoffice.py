"""LibreOffice headless as the real spreadsheet application of the tests.

``convert(src, outdir, "xlsx")`` opens a workbook in LibreOffice Calc, recalculates it and saves
it again, the way a school using LibreOffice would; ``"pdf"`` prints it. LibreOffice is a hard
requirement of the test suite (Debian package ``libreoffice-calc-nogui``): a missing install fails
loudly instead of skipping the real-application tests.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

_PROFILE = Path(tempfile.mkdtemp(prefix="giaouoc-lo-profile-"))

# Recalculate every formula when a file is loaded (LibreOffice's default keeps the cached values
# of .xlsx files), so converted files hold what LibreOffice itself computes.
_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
(_PROFILE / "user").mkdir(parents=True, exist_ok=True)
(_PROFILE / "user" / "registrymodifications.xcu").write_text(_SETTINGS, encoding="utf-8")


def _require_times_metrics() -> None:
    """The documents are sized with Times New Roman's metrics; printed with another serif they
    would be cut where an office's printer shows them whole."""
    found = subprocess.run(
        ["fc-match", "Times New Roman"], capture_output=True, text=True, check=False
    ).stdout
    if "Liberation Serif" not in found and "Times New Roman" not in found:
        pytest.fail(
            f"Printing needs Times New Roman or its metric twin (fc-match gave {found.strip()!r}):"
            " apt-get install -y fonts-liberation2",
            pytrace=False,
        )


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.fail(
            "LibreOffice is required by the tests: apt-get install -y libreoffice-calc-nogui",
            pytrace=False,
        )
    return found


def convert(
    src: Path | list[Path], outdir: Path, fmt: str = "xlsx", timeout: int = 240
) -> list[Path]:
    """Convert one or more files with LibreOffice; return the written files, in input order."""
    sources = [src] if isinstance(src, Path) else list(src)
    outdir.mkdir(parents=True, exist_ok=True)
    if fmt == "pdf":
        _require_times_metrics()
    filter_name = {
        "xlsx": "xlsx:Calc MS Excel 2007 XML",
        "pdf": "pdf",
        "ods": "ods",
        "xls": "xls:MS Excel 97",
    }[fmt]
    command = [
        soffice(),
        f"-env:UserInstallation=file://{_PROFILE}",
        "--headless",
        "--norestore",
        "--convert-to",
        filter_name,
        "--outdir",
        str(outdir),
        *map(str, sources),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    outputs = [outdir / f"{s.stem}.{fmt}" for s in sources]
    missing = [p for p in outputs if not p.exists()]
    assert done.returncode == 0 and not missing, (
        f"LibreOffice failed ({done.returncode}): {done.stdout}\n{done.stderr}\nmissing: {missing}"
    )
    return outputs
