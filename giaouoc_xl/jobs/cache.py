"""The merge's cache: each file's outcome by its SHA-256 and name, so a re-merge reads only new
files.

It is an SQLite database beside the summary (``sqlite3``, in Python's standard library): an
outcome is stored as the merge gets it and looked up one file at a time, so neither a merge nor
a re-merge ever holds the whole cache in memory, and an interrupted merge leaves the cache as
its last commit had it. Outcomes are stored as JSON (never pickled: the file sits in a shared
folder, and reading it must not run anything).

The key covers the compact (all of it, in a fixed order), the period and the tool's version: a
changed compact, period or version empties the cache. Entries not used by a merge are dropped
when it ends. The cache only saves time: a cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core.codes import SKIPPED
from ..core.model import Compact, Period
from ..core.results import FileOutcome
from ..core.version import __version__

try:
    import sqlite3
except ImportError:  # Pyodide (xlwings Lite) loads it only on demand: no cache there
    sqlite3 = None  # type: ignore[assignment]

#: Fields that belong to the file on disk, not to its content: not stored.
_PER_FILE = ("name", "mtime", "size", "path", "feedback")
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS outcome (digest TEXT NOT NULL, name TEXT NOT NULL, "
    "data TEXT NOT NULL, used INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (digest, name))",
)


def cache_path(summary: Path) -> Path:
    """The cache kept beside a summary: ``.<summary name>.giaouoc-cache.sqlite``."""
    return summary.with_name(f".{summary.name}.giaouoc-cache.sqlite")


def cache_key(compact: Compact, period: Period) -> str:
    """The same in every process for the same compact (sets dumped in a fixed order: a set's
    iteration order changes from one Python process to the next)."""
    document = json.dumps(compact.to_json(), sort_keys=True, ensure_ascii=False)
    blob = f"{__version__}|{period.value}|{document}"
    return hashlib.sha256(blob.encode()).hexdigest()


class Cache:
    """The outcomes of one compact and period, in the database at ``path`` (None: no cache)."""

    def __init__(self, path: Path | None, key: str) -> None:
        self._db: sqlite3.Connection | None = None
        if path is None or sqlite3 is None:
            return
        for attempt in range(2):
            try:
                self._open(path, key)
                return
            except (sqlite3.Error, OSError):
                self._disable()
                if attempt == 0:  # not a database (damaged, or an old cache): start anew
                    with contextlib.suppress(OSError):
                        path.unlink()

    def _open(self, path: Path, key: str) -> None:
        self._db = sqlite3.connect(path, isolation_level="DEFERRED")
        for statement in _SCHEMA:
            self._db.execute(statement)
        stored = self._db.execute("SELECT key FROM meta").fetchone()
        if stored is None or stored[0] != key:  # another compact, period or version
            self._db.execute("DELETE FROM meta")
            self._db.execute("DELETE FROM outcome")
            self._db.execute("INSERT INTO meta (key) VALUES (?)", (key,))
        self._db.execute("UPDATE outcome SET used = 0")

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def _disable(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None

    def get(self, digest: str, name: str) -> dict[str, Any] | None:
        """The stored outcome of this content under this name (the name is part of the key:
        findings and reasons name the file), or None."""
        if self._db is None or not digest:
            return None
        try:
            found = self._db.execute(
                "SELECT data FROM outcome WHERE digest = ? AND name = ?", (digest, name)
            ).fetchone()
            if found is None:
                return None
            self._db.execute(
                "UPDATE outcome SET used = 1 WHERE digest = ? AND name = ?", (digest, name)
            )
            entry: dict[str, Any] = json.loads(found[0])
            return entry
        except (sqlite3.Error, ValueError):
            self._disable()
            return None

    def put(self, outcome: FileOutcome) -> None:
        """Store the outcome of a file that was read (not a skipped one)."""
        if self._db is None or not outcome.sha256 or outcome.status in SKIPPED:
            return
        entry = outcome.to_json()
        for key in _PER_FILE:
            entry.pop(key, None)
        try:
            self._db.execute(
                "INSERT OR REPLACE INTO outcome (digest, name, data, used) VALUES (?, ?, ?, 1)",
                (outcome.sha256, outcome.name, json.dumps(entry, ensure_ascii=False)),
            )
        except sqlite3.Error:
            self._disable()

    def close(self) -> None:
        """Drop what this merge did not use, and commit."""
        if self._db is None:
            return
        try:
            self._db.execute("DELETE FROM outcome WHERE used = 0")
            self._db.commit()
        except sqlite3.Error:
            pass
        self._disable()


@contextlib.contextmanager
def open_cache(path: Path | None, key: str) -> Iterator[Cache]:
    cache = Cache(path, key)
    try:
        yield cache
    finally:
        cache.close()
