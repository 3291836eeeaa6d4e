"""The merge's cache: each file's outcome by its SHA-256, so a re-merge reads only new files.

The key covers the compact (all of it, in a fixed order), the period and the tool's version: a
changed compact, period or version starts a new cache. The cache only saves time: a cache that
cannot be read or written is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import __version__
from ..core.codes import SKIPPED
from ..core.errors import GiaoUocError
from ..core.model import Compact, Period
from ..core.results import FileOutcome
from ..workbooks.atomic import atomic_output


def cache_path(summary: Path) -> Path:
    """The cache kept beside a summary: ``.<summary name>.giaouoc-cache.json``."""
    return summary.with_name(f".{summary.name}.giaouoc-cache.json")


def cache_key(compact: Compact, period: Period) -> str:
    """The same in every process for the same compact (sets dumped in a fixed order: a set's
    iteration order changes from one Python process to the next)."""
    document = json.dumps(compact.to_json(), sort_keys=True, ensure_ascii=False)
    blob = f"{__version__}|{period.value}|{document}"
    return hashlib.sha256(blob.encode()).hexdigest()


def load_cache(path: Path | None, key: str) -> dict[str, dict[str, Any]]:
    """``sha256:name`` -> the stored outcome, when the cache is of this key ({} otherwise)."""
    if path is None or not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if (
        not isinstance(data, dict)
        or data.get("key") != key
        or not isinstance(data.get("files"), dict)
    ):
        return {}
    files: dict[str, dict[str, Any]] = data["files"]
    return files


def cached_outcome(entries: dict[str, dict[str, Any]], digest: str, name: str) -> Any:
    """The stored outcome of this file's content under this name, or None."""
    return entries.get(f"{digest}:{name}") if digest else None


def save_cache(path: Path, key: str, outcomes: Iterable[FileOutcome]) -> None:
    """Store the outcomes of the files that were read (atomically; failures ignored)."""
    files = {}
    for outcome in outcomes:
        if outcome.sha256 and outcome.status not in SKIPPED:
            entry = outcome.to_json()
            for per_file in ("mtime", "size", "path"):
                entry.pop(per_file)
            # the name is part of the key: findings and reasons name the file
            files[f"{outcome.sha256}:{entry.pop('name')}"] = entry
    with contextlib.suppress(GiaoUocError, OSError), atomic_output(path) as tmp:
        tmp.write_text(
            json.dumps({"key": key, "files": files}, ensure_ascii=False), encoding="utf-8"
        )
