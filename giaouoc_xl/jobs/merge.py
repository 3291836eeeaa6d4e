"""The end-of-term merge: a folder of returned workbooks -> one ``MergeResult``.

Every file under the folder and every school of the roster is accounted for with a stable
status code and a Vietnamese reason. Files are read and checked in parallel worker processes
through the one per-file job (:mod:`giaouoc_xl.jobs.file_job`), and their outcomes cached by
file hash (:mod:`giaouoc_xl.jobs.cache`); where each school stands is decided by
:mod:`giaouoc_xl.core.standing`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from ..core.appraisal import Appraisal
from ..core.model import Compact, Period
from ..core.results import FileOutcome, MergeResult
from ..core.standing import school_rows
from .cache import Cache, cache_key, open_cache
from .discovery import discover
from .file_job import examine_files, triage


def merge(
    compact: Compact,
    folder: str | os.PathLike[str],
    period: Period | None = None,
    jobs: int | None = None,
    cache: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    appraisal: Appraisal | None = None,
) -> MergeResult:
    """Merge every file under ``folder`` for ``period`` (default: the compact's current one).

    Each outcome is stored in the cache as it comes, then kept packed: the merge of 10,000
    files holds no more than a line per file and school, and what the summary needs of them."""
    root = Path(folder)
    period = period or compact.current_period
    started = datetime.now()
    outcomes: list[FileOutcome] = []
    to_read: list[tuple[int, Path, str]] = []
    with open_cache(cache, cache_key(compact, period)) as stored:
        for path, name in discover(root):
            known = triage(path, name) or _from_cache(stored, path, name)
            outcomes.append(known.pack() if known else FileOutcome(name))
            if known is None:
                to_read.append((len(outcomes) - 1, path, name))
        hits = sum(1 for o in outcomes if o.sha256)  # only outcomes from the cache have a hash yet
        items = [(str(path), name) for _, path, name in to_read]
        for position, outcome in examine_files(compact, items, period, jobs, progress=progress):
            stored.put(outcome)  # before statuses that depend on the other files (superseded)
            outcomes[to_read[position][0]] = outcome.pack()
    # A file that crashed or timed out its worker is still listed with its hash and time
    # (after the cache: a timeout may not recur, so it is not remembered).
    for position, path, _ in to_read:
        _describe(outcomes[position], path)
    result = MergeResult(compact, period, str(root), outcomes, [], started, hits, appraisal)
    result.schools, result.appraisal_findings = school_rows(compact, period, outcomes, appraisal)
    return result


def _from_cache(cache: Cache, path: Path, name: str) -> FileOutcome | None:
    """The stored outcome of a file whose content is unchanged since the last merge."""
    if not cache.enabled:
        return None
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        info = path.stat()
    except OSError:
        return None  # the per-file job will say why
    entry = cache.get(digest, name)
    if entry is None:
        return None
    return FileOutcome.from_json(
        {**entry, "sha256": digest, "name": name, "mtime": info.st_mtime, "size": info.st_size}
    )


def _describe(outcome: FileOutcome, path: Path) -> None:
    """Give an outcome built without reading the file (a crash, a timeout) its hash and time."""
    if outcome.sha256:
        return
    with contextlib.suppress(OSError):
        info = path.stat()
        outcome.mtime, outcome.size = info.st_mtime, info.st_size
        outcome.sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
