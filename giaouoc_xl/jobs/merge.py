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
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from ..core.appraisal import Appraisal
from ..core.codes import Severity
from ..core.history import History
from ..core.model import Compact, Period
from ..core.results import FileOutcome, MergeResult
from ..core.standing import school_rows
from ..workbooks.intake.guard import MAX_FILE_BYTES
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
    history: History | None = None,
) -> MergeResult:
    """Merge every file under ``folder`` for ``period`` (default: the compact's current one).
    ``history``: the history book the award ladder's conditions over years count in, and the
    documents show each school's change from (its findings are warnings of the merge).

    Each outcome is stored in the cache as it comes, then kept packed: the merge of 10,000
    files holds no more than a line per file and school, and what the summary needs of them."""
    root = Path(folder)
    period = period or compact.current_period
    started = datetime.now()
    outcomes: list[FileOutcome] = []
    to_read: list[tuple[int, Path, str, str]] = []
    with open_cache(cache, cache_key(compact, period)) as stored:
        for path, name in discover(root):
            known, digest = triage(path, name), ""
            if known is None and stored.enabled:
                known, digest = _from_cache(stored, path, name)
            outcomes.append(known.pack() if known else FileOutcome(name))
            if known is None:
                to_read.append((len(outcomes) - 1, path, name, digest))
        hits = sum(1 for o in outcomes if o.sha256)  # only outcomes from the cache have a hash yet
        items = [(str(path), name, digest) for _, path, name, digest in to_read]
        for position, outcome in examine_files(compact, items, period, jobs, progress=progress):
            stored.put(outcome)  # before statuses that depend on the other files (superseded)
            outcomes[to_read[position][0]] = outcome.pack()
    # A file that crashed or timed out its worker is still listed with its hash and time
    # (after the cache: a timeout may not recur, so it is not remembered).
    for position, path, _, _ in to_read:
        _describe(outcomes[position], path)
    result = MergeResult(compact, period, str(root), outcomes, [], started, hits, appraisal)
    result.history = history
    result.schools, result.appraisal_findings = school_rows(
        compact, period, outcomes, appraisal, history
    )
    if history is not None:  # what cannot be read is kept as typed, and said (never an error
        # of the merge: a year it leaves missing is the reason of the school it concerns)
        result.appraisal_findings += [
            replace(f, severity=Severity.WARNING) for f in history.findings
        ]
    return result


def _from_cache(cache: Cache, path: Path, name: str) -> tuple[FileOutcome | None, str]:
    """(the stored outcome of a file whose content is unchanged since the last merge, or None;
    the file's SHA-256, for the worker, or "")."""
    try:
        info = path.stat()
        digest = file_digest(path, info.st_size)
    except OSError:
        return None, ""  # the per-file job will say why
    entry = cache.get(digest, name) if digest else None
    if entry is None:
        return None, digest
    stored = {**entry, "sha256": digest, "name": name, "mtime": info.st_mtime, "size": info.st_size}
    return FileOutcome.from_json(stored), digest


def file_digest(path: Path, size: int) -> str:
    """The SHA-256 of a file within the guard's size limit, read in blocks (this process never
    holds a whole file); "" for a file over the limit, which is refused unread."""
    if size > MAX_FILE_BYTES:
        return ""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _describe(outcome: FileOutcome, path: Path) -> None:
    """Give an outcome built without reading the file (a crash, a timeout) its hash and time."""
    if outcome.sha256:
        return
    with contextlib.suppress(OSError):
        info = path.stat()
        outcome.mtime, outcome.size = info.st_mtime, info.st_size
        outcome.sha256 = file_digest(path, info.st_size)
