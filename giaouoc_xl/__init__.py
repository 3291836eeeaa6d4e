"""giaouoc_xl: emulation compacts (giao ước thi đua) of Vietnamese schools, in Excel workbooks.

The public API is :mod:`giaouoc_xl.api`, one function per job, also reachable from here::

    import giaouoc_xl

    compact = giaouoc_xl.load_compact("so_giao_uoc.xlsx")
    report = giaouoc_xl.merge(compact, "bai_nop", out="bang_tong_hop.xlsx", slips="phieu")

The layers below it (``core``, ``workbooks``, ``jobs``) are private: see docs/design.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .core.version import __version__ as __version__

if TYPE_CHECKING:
    from .api import (  # noqa: F401
        appraise,
        check,
        check_file,
        load_compact,
        merge,
        merge_folder,
        new_compact_book,
        read_compact_book,
        write_templates,
    )


def _api() -> Any:
    # Loaded on first use: a worker process that imports the core does not load the whole API.
    return importlib.import_module(f"{__name__}.api")


def __getattr__(name: str) -> Any:
    if name.startswith("_") or name == "api":
        raise AttributeError(f"module 'giaouoc_xl' has no attribute {name!r}")
    api = _api()
    if name in api.__all__:
        return getattr(api, name)
    raise AttributeError(f"module 'giaouoc_xl' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({"__version__", *_api().__all__})
