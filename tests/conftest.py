"""Shared fixtures: sample compacts, their books, a CLI runner, a book editor."""

from __future__ import annotations

import os

# xlwings' remote Book (the Excel buttons' tests) needs these before xlwings is imported.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
os.environ.setdefault("XLWINGS_ON_SERVER", "true")

import contextlib
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from giaouoc_xl.cli import main
from giaouoc_xl.core.model import Compact
from giaouoc_xl.core.samples import SAMPLES, sample
from giaouoc_xl.workbooks.compact.writer import write_compact_book

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def run_cli(*args: str | Path) -> CliResult:
    """Run ``giaouoc ARGS`` in this process through the real entry point."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main([str(a) for a in args])
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    return CliResult(code, out.getvalue(), err.getvalue())


def edit_book(src: Path, dest: Path, edits: dict[tuple[str, str], Any]) -> Path:
    """Copy a workbook with cells changed, as a staff member would in Excel."""
    wb = load_workbook(src)
    for (sheet, cell), value in edits.items():
        wb[sheet][cell] = value
    wb.save(dest)
    return dest


@pytest.fixture(scope="session")
def compacts() -> dict[str, Compact]:
    return {name: sample(name) for name in SAMPLES}


@pytest.fixture(scope="session")
def books(
    tmp_path_factory: pytest.TempPathFactory, compacts: dict[str, Compact]
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("books")
    paths = {name: folder / f"{name}.xlsx" for name in compacts}
    for name, path in paths.items():
        write_compact_book(compacts[name], path)
    return paths


@pytest.fixture
def thanh_ba(compacts: dict[str, Compact]) -> Compact:
    return compacts["thanh-ba-2020-2021"]


@pytest.fixture
def thpt(compacts: dict[str, Compact]) -> Compact:
    return compacts["thpt-vung-kho-2022-2023"]


GENERATED_AT = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="session")
def school_books(
    tmp_path_factory: pytest.TempPathFactory, compacts: dict[str, Compact]
) -> dict[str, list[Path]]:
    """Every school workbook of both samples, generated once (sample name -> paths)."""
    from giaouoc_xl.jobs.templates import write_school_workbooks

    return {
        name: write_school_workbooks(
            compact, tmp_path_factory.mktemp(name), generated_at=GENERATED_AT
        )
        for name, compact in compacts.items()
    }


@pytest.fixture(scope="session")
def thanh_ba_school(school_books: dict[str, list[Path]]) -> Path:
    """The blank workbook of Trường Tiểu học Đông Lĩnh (02006)."""
    return next(p for p in school_books["thanh-ba-2020-2021"] if p.name.startswith("02006_"))
