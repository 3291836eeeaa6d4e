"""workbook_templates/ holds what the project's code writes today: regenerating changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from giaouoc_xl.jobs.builtin_templates import TEMPLATE_FILES, write_all

from .conftest import ROOT
from .workbook_diff import assert_same_workbook

pytestmark = pytest.mark.slow  # regenerates every built-in workbook

COMMITTED = ROOT / "workbook_templates"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("templates")
    write_all(folder)
    return folder


def test_every_template_is_committed() -> None:
    present = {p.name for p in COMMITTED.glob("*.xls*")}
    assert set(TEMPLATE_FILES) <= present, (
        "run: python -m giaouoc_xl.jobs.builtin_templates workbook_templates"
    )


@pytest.mark.parametrize("name", TEMPLATE_FILES)
def test_template_has_not_drifted(name: str, regenerated: Path) -> None:
    # On failure, regenerate with: python -m giaouoc_xl.jobs.builtin_templates workbook_templates
    assert_same_workbook(COMMITTED / name, regenerated / name)
