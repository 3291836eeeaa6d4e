"""The built-in sample compacts, reconstructed from the two seed articles.

Targets and thresholds are what Vietnamese schools commonly commit to; school names are
plausible reconstructions by commune, not an official list.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import UnknownSample
from ..model import Compact
from . import thanh_ba, thpt_vung_kho

SAMPLES: dict[str, Callable[[], Compact]] = {
    "thanh-ba-2020-2021": thanh_ba.build,
    "thpt-vung-kho-2022-2023": thpt_vung_kho.build,
}


def sample(name: str) -> Compact:
    """The sample compact called ``name``."""
    try:
        return SAMPLES[name]()
    except KeyError:
        raise UnknownSample(
            f"Không có mẫu '{name}'; các mẫu có sẵn: {', '.join(SAMPLES)}"
        ) from None
