"""The workbooks kept in ``workbook_templates/``, written by the project's own code.

``python -m giaouoc_xl.jobs.builtin_templates workbook_templates`` regenerates them; a test fails when
regenerating would change their content (see tests/test_builtin_templates.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from ..core.model import Compact, School
from ..core.samples import SAMPLES, sample
from ..workbooks.compact.writer import write_compact_book
from ..workbooks.school.writer import render_school_workbook

#: The generation time written into the committed school workbooks, so they do not drift.
TEMPLATE_TIME = datetime(2026, 1, 1, tzinfo=UTC)


def _write_sample(name: str, path: Path) -> Path:
    return write_compact_book(sample(name), path)


def _write_school(compact: Compact, school: School, path: Path) -> None:
    render_school_workbook(compact, school, path, TEMPLATE_TIME)


def level_examples(compact: Compact) -> dict[str, School]:
    """The first roster school of each level combination, named by it ("MN", "THCS-THPT")."""
    examples: dict[str, School] = {}
    for school in compact.schools:
        examples.setdefault("-".join(level.value for level in school.levels), school)
    return examples


def _write_xlsm(path: Path) -> None:
    from ..workbooks.compact.xlsm import build_xlsm  # needs pyopenvba, a development dependency

    build_xlsm(path)


def _writers() -> dict[str, Callable[[Path], object]]:
    writers: dict[str, Callable[[Path], object]] = {
        "so_giao_uoc_trong.xlsx": lambda path: write_compact_book(None, path),
        "so_giao_uoc.xlsm": _write_xlsm,
    }
    for name in SAMPLES:
        writers[f"so_giao_uoc_{name}.xlsx"] = partial(_write_sample, name)
        compact = sample(name)
        for levels, school in level_examples(compact).items():
            writers[f"mau_truong_{name}_{levels}.xlsx"] = partial(_write_school, compact, school)
    return writers


TEMPLATE_FILES = tuple(_writers())


def write_all(folder: str | Path) -> list[Path]:
    """Write every built-in workbook into ``folder``; return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for filename, write in _writers().items():
        path = folder / filename
        write(path)
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write_all(sys.argv[1] if len(sys.argv) > 1 else "workbook_templates"):
        print(written)
