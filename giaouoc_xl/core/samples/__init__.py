"""The built-in sample compacts: two reconstructed from the two seed articles, a third from a
published scoring scheme (CV 1741/BGDĐT-GDTrH, with its assumptions marked: than_thien.py).

Targets and thresholds are what Vietnamese schools commonly commit to; school names are
plausible reconstructions by commune, not an official list.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import UnknownSample
from ..model import Compact
from . import than_thien, thanh_ba, thpt_vung_kho

SAMPLES: dict[str, Callable[[], Compact]] = {
    "thanh-ba-2020-2021": thanh_ba.build,
    "thpt-vung-kho-2022-2023": thpt_vung_kho.build,
    than_thien.ID: than_thien.build,
}


def sample(name: str) -> Compact:
    """The sample compact called ``name``."""
    try:
        return SAMPLES[name]()
    except KeyError:
        raise UnknownSample(
            f"Không có mẫu '{name}'; các mẫu có sẵn: {', '.join(SAMPLES)}"
        ) from None
