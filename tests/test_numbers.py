"""One Vietnamese number rule: a decimal comma, a stated precision per kind, read back as the
number it shows."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from giaouoc_xl.core.numbers import EXCEL_FORMATS, NumberKind, rounded, vn, vn_percent
from giaouoc_xl.core.values import parse_number

finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)


@pytest.mark.parametrize(
    ("value", "kind", "shown"),
    [
        (95.456, NumberKind.POINTS, "95,46"),
        (95.0, NumberKind.POINTS, "95"),
        (99.97, NumberKind.POINTS, "99,97"),
        (3.335, NumberKind.POINTS, "3,34"),  # half up, as a person rounds (not 3,33)
        (2.675, NumberKind.POINTS, "2,68"),
        (0.1, NumberKind.PERCENT, "0,1"),
        (99.5, NumberKind.PERCENT, "99,5"),
        (12.0, NumberKind.COUNT, "12"),
        (1234.5, NumberKind.POINTS, "1234,5"),  # no thousands dot: a dot is never printed
        (None, NumberKind.POINTS, ""),
    ],
)
def test_numbers_as_vietnamese_read_them(value: float, kind: NumberKind, shown: str) -> None:
    assert vn(value, kind) == shown


def test_a_percentage_with_its_sign() -> None:
    assert vn_percent(95.5) == "95,5 %" and vn_percent(None) == ""


@given(finite, st.sampled_from(list(NumberKind)))
def test_what_is_shown_reads_back_as_the_rounded_number(value: float, kind: NumberKind) -> None:
    shown = vn(value, kind)
    assert "." not in shown
    assert parse_number(shown)[0] == pytest.approx(rounded(value, kind), abs=1e-9)
    decimals = shown.partition(",")[2]
    assert len(decimals) <= {NumberKind.COUNT: 0}.get(kind, 2) and not decimals.endswith("0")


def test_every_format_is_tagged_vietnamese() -> None:
    # [$-42A]: LibreOffice writes the decimal comma whatever the computer's locale
    assert all(code.startswith("[$-42A]") for code in EXCEL_FORMATS.values())
