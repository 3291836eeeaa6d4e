"""A document's table columns, declared by what they hold: the house's
:class:`~giaouoc_xl.core.columns.Column` with the document's way of showing it (a wrapped text,
a short centred value, points, a count)."""

from __future__ import annotations

from ...core.columns import Column
from ...core.numbers import NumberKind


def text(key: str, header: str, max_width: float | None = None, min_width: float = 0.0) -> Column:
    """Text that wraps within ``max_width`` points."""
    return Column(key, header, max_width=max_width, min_width=min_width)


def center(key: str, header: str, max_width: float | None = None) -> Column:
    """A short value, centred (a code, a tier, Có/Không)."""
    return Column(key, header, center=True, max_width=max_width)


def points(key: str, header: str) -> Column:
    """Points (a score, a total): right-aligned, decimal comma."""
    return Column(key, header, number=NumberKind.POINTS)


def count(key: str, header: str) -> Column:
    """A whole number (a row number, a rank, a count), centred."""
    return Column(key, header, number=NumberKind.COUNT, center=True)
