"""LibreOffice, the real spreadsheet application, opens every school workbook, prints it, and
computes the status formulas exactly as the Python side says for the same values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from giaouoc_xl.core.assessment import MET, NOT_MET, native_status
from giaouoc_xl.core.model import Compact, Direction, Period, Target, ValueKind
from giaouoc_xl.core.thresholds import satisfies, school_targets
from giaouoc_xl.workbooks.school.reader import read_submission

from .filling import fill
from .libreoffice import convert

pytestmark = pytest.mark.slow  # LibreOffice recalculates and prints every school workbook


@pytest.mark.parametrize("name", ["thanh-ba-2020-2021", "thpt-vung-kho-2022-2023"])
def test_every_school_workbook_prints_to_pdf(
    name: str, school_books: dict[str, list[Path]], tmp_path: Path
) -> None:
    pdfs = convert(school_books[name], tmp_path, "pdf", timeout=600)
    assert len(pdfs) == len(school_books[name])
    for pdf in pdfs:
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


def _around(target: Target, threshold: Any) -> list[Any]:
    """Values below, at and above the threshold, and a blank, for one target."""
    if target.kind is ValueKind.PERCENT:
        t = float(threshold)
        return [max(0.0, t - 1), t, min(100.0, t + 0.5), None, t / 100 if t > 1 else "abc"]
    if target.kind is ValueKind.COUNT:
        t = float(threshold)
        return [max(0.0, t - 1), t, t + 1, None]
    if target.kind is ValueKind.YES_NO:
        return ["Có", "Không", "có", None, "Chưa"]
    if target.kind is ValueKind.LEVEL:
        return [*target.choices, None, "Mức khác"]
    return ["Sáng kiến", None]


def test_status_formulas_agree_with_python(
    school_books: dict[str, list[Path]], compacts: dict[str, Compact], tmp_path: Path
) -> None:
    compact = compacts["thpt-vung-kho-2022-2023"]
    school = compact.schools[0]  # THCS&THPT: the stricter thresholds of two levels
    blank = next(
        p for p in school_books["thpt-vung-kho-2022-2023"] if p.name.startswith(school.code)
    )
    cases: list[dict[tuple[str, str], Any]] = []  # one filled copy per round of values
    applicable = school_targets(compact, school)
    rounds = max(len(_around(t, th)) for t, th in applicable)
    for k in range(rounds):
        values: dict[tuple[str, str], Any] = {}
        for target, threshold in applicable:
            options = _around(target, threshold)
            values[(target.code, "registration")] = options[k % len(options)]
            values[(target.code, "result:hk1")] = options[(k + 1) % len(options)]
            values[(target.code, "result:cuoi-nam")] = (
                options[(k + 2) % len(options)] if k % 2 else None
            )
        cases.append(values)
    filled = [fill(blank, tmp_path / f"case{k}.xlsx", values) for k, values in enumerate(cases)]
    recalculated = convert(filled, tmp_path / "lo")
    checked = 0
    for path, values in zip(recalculated, cases, strict=True):
        submission = read_submission(path, compact)
        for target, threshold in applicable:
            row = submission.row(target.code)
            assert row is not None
            reg = values[(target.code, "registration")]
            results = [
                values[(target.code, "result:hk1")],
                values[(target.code, "result:cuoi-nam")],
            ]
            expected = native_status(target, row.threshold.raw, reg, results)
            assert (row.status_registration, row.status_result) == expected, (
                target.code,
                reg,
                results,
            )
            # and for values typed the standard way, the status is the checker's own comparison
            registration = row.registration
            if (
                registration is not None
                and registration.value is not None
                and not registration.notes
                and target.kind is not ValueKind.TEXT
            ):
                met = satisfies(target, registration.value, threshold)
                if target.kind is not ValueKind.YES_NO or target.direction is Direction.MUST_BE_YES:
                    assert row.status_registration == (MET if met else NOT_MET), (target.code, reg)
            checked += 1
    assert checked == len(applicable) * rounds


def test_filled_and_resaved_statuses_cover_every_outcome(
    school_books: dict[str, list[Path]], compacts: dict[str, Compact], tmp_path: Path
) -> None:
    compact = compacts["thanh-ba-2020-2021"]
    blank = next(p for p in school_books["thanh-ba-2020-2021"] if p.name.startswith("01001"))
    values = {
        ("CT05.1", "registration"): 3.5,  # at most 4: met
        ("CT05.2", "registration"): 6,  # at most 5: not met
        ("CT02.1", "registration"): 0,  # exactly 0: met
        ("CT02.2", "registration"): "Không",  # must be yes: not met
        ("CT08.2", "registration"): "Cấp độ 3",  # at least Cấp độ 2: met
        ("CT04.1", "registration"): "nhiều",  # not a number
        ("CT04.2", "registration"): 0.96,  # 96 % typed in a %-formatted cell: met (≥ 95)
        ("CT04.2", "result:hk1"): 94,  # below the registration of 96: not met
    }
    path = fill(
        blank, tmp_path / "mn.xlsx", values, number_formats={("CT04.2", "registration"): "0%"}
    )
    (resaved,) = convert(path, tmp_path / "lo")
    sub = read_submission(resaved, compact)
    statuses = {code: sub.row(code).status_registration for code, _ in values}  # type: ignore[union-attr]
    assert statuses == {
        "CT05.1": "Đạt",
        "CT05.2": "Chưa đạt",
        "CT02.1": "Đạt",
        "CT02.2": "Chưa đạt",
        "CT08.2": "Đạt",
        "CT04.1": "Sai dạng",
        "CT04.2": "Đạt",
    }
    assert sub.row("CT04.2").status_result == "Chưa đạt"  # type: ignore[union-attr]
    assert sub.row("CT04.2").registration.value == 96.0  # type: ignore[union-attr]
    assert sub.row("CT05.1").results[Period.YEAR_END].blank  # type: ignore[union-attr]


def test_python_mirror_rounds_like_a_spreadsheet() -> None:
    from giaouoc_xl.core.samples import sample

    target = sample("thanh-ba-2020-2021").targets[0].model_copy(update={"thresholds": {}})
    assert native_status(target, 57.0, 0.57, [])[0] == MET  # 0.57 * 100 = 56.99999999999999
