"""Writing the school workbooks of a roster (``giaouoc template``), in parallel processes.

Each process builds the workbook once per level combination and patches each school's copy
(:class:`giaouoc_xl.workbooks.school.writer.SchoolWorkbookFactory`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from ..core.errors import GiaoUocError
from ..core.model import Compact, School
from ..core.school_form import school_file_name
from ..workbooks.atomic import output_folder
from ..workbooks.school.factory import SchoolWorkbookFactory

_WORKER: SchoolWorkbookFactory | None = None


def _init_worker(compact_json: str, generated_at: datetime) -> None:
    global _WORKER
    _WORKER = SchoolWorkbookFactory(Compact.model_validate_json(compact_json), generated_at)


def _write_batch(codes: list[str], outdir: str) -> list[str]:
    factory = _WORKER
    assert factory is not None
    schools = {s.code: s for s in factory.compact.schools}
    return [str(factory.write(schools[code], outdir)) for code in codes]


def select_schools(compact: Compact, codes: Iterable[str] | None) -> list[School]:
    """The roster schools named by ``codes`` (all when None); unknown codes stop the command."""
    if not codes:
        return list(compact.schools)
    wanted = list(dict.fromkeys(codes))
    known = {s.code: s for s in compact.schools}
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise GiaoUocError(
            f"Không có trường mã {', '.join(unknown)} trong danh sách trường của giao ước"
        )
    return [known[c] for c in wanted]


def write_school_workbooks(
    compact: Compact,
    outdir: str | os.PathLike[str],
    codes: Iterable[str] | None = None,
    jobs: int | None = None,
    generated_at: datetime | None = None,
) -> list[Path]:
    """Write the workbooks of the roster (or of ``codes``) into ``outdir``, in parallel."""
    out = output_folder(Path(outdir), "mẫu cho các trường")
    schools = select_schools(compact, codes)
    when = generated_at or datetime.now(UTC)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(schools) // 50 or 1))
    if jobs == 1:
        factory = SchoolWorkbookFactory(compact, when)
        return [factory.write(school, out) for school in schools]
    batches = [[s.code for s in schools[i::jobs]] for i in range(jobs)]
    with ProcessPoolExecutor(
        jobs, initializer=_init_worker, initargs=(compact.model_dump_json(), when)
    ) as pool:
        results = list(pool.map(_write_batch, batches, [str(out)] * jobs))
    written = {Path(p) for batch in results for p in batch}
    return [
        path
        for path in (out / school_file_name(s.code, s.name) for s in schools)
        if path in written
    ]
