"""The end-of-term merge: a folder of returned workbooks -> one ``MergeResult``.

Every file under the folder and every school of the roster is accounted for with a stable
status code and a Vietnamese reason. Files are read and checked in parallel processes; results
are cached by file hash (a changed compact, period or tool version starts a new cache).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import stat as statmod
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..core.check import check_submission, usable
from ..core.errors import GiaoUocError, LimitExceeded, UnreadableWorkbook
from ..core.findings import Finding, Severity
from ..core.model import Compact, Period, School
from ..core.school_form import RESULT_PERIODS
from ..core.scoring import SchoolScore, rank, score_school
from ..core.submission import Submission
from ..core.thresholds import school_targets
from ..workbooks.submission_reader import read_submission
from . import guard as limits
from .guard import over_time_reason
from .isolation import run_isolated

SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")

#: Status of each file found under the folder (listed in the README).
FILE_STATUSES: dict[str, str] = {
    "used": "Bài nộp được dùng để tổng hợp",
    "superseded": "Có bài nộp mới hơn của cùng trường; bài này không dùng",
    "not-a-submission": "Không phải mẫu giao ước của chương trình",
    "other-compact": "Mẫu của một giao ước khác",
    "stale-template": "Mẫu cũ, chỉ tiêu hoặc ngưỡng khác giao ước hiện hành",
    "unknown-school": "Mã trường không có trong danh sách",
    "unreadable": "Không đọc được tệp (hỏng, rỗng, đặt mật khẩu…)",
    "over-limit": "Tệp vượt giới hạn an toàn (quá lớn, nghi 'zip bomb', quá nhiều dòng, đọc quá lâu); không đọc",
    "lock-file": "Tệp khóa tạm của Excel/LibreOffice, bỏ qua",
    "temporary": "Tệp tạm hoặc tệp ẩn, bỏ qua",
    "not-a-spreadsheet": "Không phải bảng tính, bỏ qua",
}

#: Status of each school of the roster (listed in the README).
SCHOOL_STATUSES: dict[str, str] = {
    "valid": "Đã nộp, hợp lệ",
    "with-errors": "Đã nộp nhưng có lỗi; không xếp hạng",
    "missing": "Chưa nộp",
}

_FATAL = ("not-a-submission", "other-compact", "stale-template", "unknown-school")


@dataclass
class FileOutcome:
    """One file under the folder, as read and checked (what the summary needs of it)."""

    name: str  # path relative to the folder, NFC
    sha256: str = ""
    mtime: float = 0.0
    size: int = 0
    status: str = ""
    reason: str = ""
    school: str = ""
    generated_at: str = ""
    findings: list[Finding] = field(default_factory=list)
    registrations: dict[str, Any] = field(default_factory=dict)  # usable values by target code
    results: dict[str, Any] = field(default_factory=dict)  # of the merged period
    raw: dict[str, tuple[Any, Any]] = field(
        default_factory=dict
    )  # code -> (registration, result) as typed
    comments: list[tuple[str, str]] = field(default_factory=list)  # (target code, comment)

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    def refuse(self, status: str, reason: str) -> FileOutcome:
        """Mark the file as not used (``unreadable`` or ``over-limit``), with one finding."""
        code = "over-limit" if status == "over-limit" else "unreadable-file"
        self.status, self.reason = status, reason
        self.findings = [Finding(code=code, message=reason, file=self.name)]
        return self

    def content(self) -> Any:
        """What the school reported, to tell whether two files of one school differ."""
        return (self.registrations, self.results, self.raw, self.comments)

    def to_json(self) -> dict[str, Any]:
        # field by field: dataclasses.asdict deep-copies every value, a cost paid per file
        data = {name: getattr(self, name) for name in _OUTCOME_FIELDS}
        data["findings"] = [f.to_json() for f in self.findings]
        data["raw"] = {code: list(pair) for code, pair in self.raw.items()}
        data["comments"] = [list(pair) for pair in self.comments]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileOutcome:
        data = dict(data)
        data["findings"] = [Finding.from_json(f) for f in data["findings"]]
        data["raw"] = {k: tuple(v) for k, v in data["raw"].items()}
        data["comments"] = [tuple(c) for c in data["comments"]]
        return cls(**data)


_OUTCOME_FIELDS = tuple(f.name for f in fields(FileOutcome))


@dataclass
class SchoolRow:
    school: School
    status: str
    reason: str
    file: str = ""
    outcome: FileOutcome | None = None
    score: SchoolScore | None = None
    rank: int | None = None


@dataclass
class MergeResult:
    compact: Compact
    period: Period
    folder: str
    files: list[FileOutcome]
    schools: list[SchoolRow]
    started: datetime
    cache_hits: int = 0

    @property
    def findings(self) -> list[Finding]:
        return [f for o in self.files if o.status in ("used", "superseded") for f in o.findings]

    @property
    def scored(self) -> bool:
        return self.period in RESULT_PERIODS


# --------------------------------------------------------------------------- discovery


def classify(name: str) -> str:
    """'' for a spreadsheet to read, else the status of a file that is listed but not read."""
    base = name.rsplit("/", 1)[-1]
    if base.startswith("~$") or base.startswith(".~lock."):
        return "lock-file"
    if base.startswith(".") or base.endswith(("~", ".tmp", "#")) or base.startswith("~"):
        return "temporary"
    if not base.lower().endswith(SPREADSHEETS):
        return "not-a-spreadsheet"
    return ""


def discover(folder: Path) -> list[Path]:
    """Every file under ``folder``, recursively, in a stable order (NFC names)."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            found.append(Path(root) / name)
    return sorted(found, key=lambda p: _relative(folder, p))


def _relative(folder: Path, path: Path) -> str:
    return unicodedata.normalize("NFC", path.relative_to(folder).as_posix())


# --------------------------------------------------------------------------- one file


def outcome_of(
    compact: Compact, submission: Submission, findings: list[Finding], period: Period
) -> dict[str, Any]:
    """The parts of a checked submission the summary needs."""
    fatal = next((f for f in findings if f.code in _FATAL), None)
    if fatal is not None:
        return {
            "status": fatal.code,
            "reason": fatal.message,
            "school": submission.school_code,
            "findings": findings,
        }
    registrations: dict[str, Any] = {}
    results: dict[str, Any] = {}
    raw: dict[str, tuple[Any, Any]] = {}
    comments: list[tuple[str, str]] = []
    seen: set[str] = set()
    for row in submission.rows:
        if row.code in seen:
            continue
        seen.add(row.code)
        result_cell = row.results.get(period) if period in RESULT_PERIODS else None
        target = compact.target(row.code)
        registration = usable(target, row.registration) if target else None
        result = usable(target, result_cell) if target else None
        if registration is not None and not isinstance(registration, bool):
            registrations[row.code] = registration
        if result is not None:
            results[row.code] = result
        raw[row.code] = (
            row.registration.raw if row.registration else None,
            result_cell.raw if result_cell else None,
        )
        if row.comment:
            comments.append((row.code, row.comment))
    return {
        "status": "used",
        "reason": FILE_STATUSES["used"],
        "school": submission.school_code,
        "generated_at": submission.generated_at,
        "findings": findings,
        "registrations": registrations,
        "results": results,
        "raw": raw,
        "comments": comments,
    }


def process_file(compact: Compact, path: Path, name: str, period: Period) -> FileOutcome:
    """Read, check and summarise one spreadsheet; never raises for a bad file."""
    try:
        data = path.read_bytes()
        stat = path.stat()
    except OSError as error:  # vanished, or no permission, since it was found
        reason = f"Không đọc được tệp '{name}': {error.strerror or type(error).__name__}"
        return FileOutcome(name).refuse("unreadable", reason)
    outcome = FileOutcome(
        name=name, sha256=hashlib.sha256(data).hexdigest(), mtime=stat.st_mtime, size=stat.st_size
    )
    try:
        submission = read_submission(path, compact, data=data)
    except LimitExceeded as error:
        return outcome.refuse("over-limit", str(error))
    except UnreadableWorkbook as error:
        return outcome.refuse("unreadable", str(error))
    except Exception as error:  # a reader bug must not stop the batch: the file is listed
        return outcome.refuse("unreadable", f"Lỗi khi đọc tệp '{name}': {type(error).__name__}")
    try:
        findings = [f.replace(file=name) for f in check_submission(compact, submission, period)]
        summary = outcome_of(compact, submission, findings, period)
    except Exception as error:  # a checker bug must not stop the batch either
        reason = f"Lỗi khi kiểm tra tệp '{name}': {type(error).__name__}"
        return outcome.refuse("unreadable", reason)
    for key, value in summary.items():
        setattr(outcome, key, value)
    return outcome


_WORKER: dict[str, Any] = {}


def _init_worker(compact_json: str, period: str) -> None:
    _WORKER["compact"] = Compact.model_validate_json(compact_json)
    _WORKER["period"] = Period(period)


def _process_in_worker(item: tuple[str, str]) -> FileOutcome:
    path, name = item
    return process_file(_WORKER["compact"], Path(path), name, _WORKER["period"])


# --------------------------------------------------------------------------- cache


def cache_key(compact: Compact, period: Period) -> str:
    """The same in every process for the same compact (sets dumped in a fixed order: a set's
    iteration order changes from one Python process to the next)."""
    document = json.dumps(compact.to_json(), sort_keys=True, ensure_ascii=False)
    blob = f"{__version__}|{period.value}|{document}"
    return hashlib.sha256(blob.encode()).hexdigest()


def load_cache(path: Path | None, key: str) -> dict[str, dict[str, Any]]:
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


def save_cache(path: Path, key: str, outcomes: Iterable[FileOutcome]) -> None:
    from ..workbooks.atomic import atomic_output

    files = {}
    for outcome in outcomes:
        if outcome.sha256 and outcome.status not in ("lock-file", "temporary", "not-a-spreadsheet"):
            entry = outcome.to_json()
            for per_file in ("mtime", "size"):
                entry.pop(per_file)
            # the name is part of the key: findings and reasons name the file
            files[f"{outcome.sha256}:{entry.pop('name')}"] = entry
    with atomic_output(path) as tmp:
        tmp.write_text(
            json.dumps({"key": key, "files": files}, ensure_ascii=False), encoding="utf-8"
        )


# --------------------------------------------------------------------------- the merge


def _crashed(item: tuple[str, str]) -> FileOutcome:
    name = item[1]
    reason = f"Tệp '{name}' làm bộ đọc dừng đột ngột (tệp hỏng hoặc được làm ra để gây lỗi); không dùng tệp này"
    return FileOutcome(name).refuse("unreadable", reason)


def _timed_out(item: tuple[str, str]) -> FileOutcome:
    return FileOutcome(item[1]).refuse("over-limit", over_time_reason(item[1]))


def merge(
    compact: Compact,
    folder: str | os.PathLike[str],
    period: Period | None = None,
    jobs: int | None = None,
    cache: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> MergeResult:
    """Merge every file under ``folder`` for ``period`` (default: the compact's current one)."""
    root = Path(folder)
    period = period or compact.current_period
    started = datetime.now()
    key = cache_key(compact, period)
    cached = load_cache(cache, key)
    outcomes: list[FileOutcome] = []
    to_read: list[tuple[int, Path, str]] = []
    hits = 0
    for path in discover(root):
        name = _relative(root, path)
        status = classify(name)
        try:
            stat = path.stat()
            if not statmod.S_ISREG(stat.st_mode):  # a FIFO or a device would block or never end
                raise OSError(errno.EINVAL, "không phải tệp thông thường")
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if cached and not status else ""
        except OSError as error:  # a broken link, a file that vanished, no permission
            reason = f"Không đọc được tệp '{name}': {error.strerror or type(error).__name__}"
            outcomes.append(FileOutcome(name).refuse("unreadable", reason))
            continue
        if status:
            outcomes.append(
                FileOutcome(
                    name,
                    status=status,
                    reason=FILE_STATUSES[status],
                    mtime=stat.st_mtime,
                    size=stat.st_size,
                )
            )
            continue
        entry = cached.get(f"{digest}:{name}") if digest else None
        if entry is not None:
            outcome = FileOutcome.from_json(
                {**entry, "name": name, "mtime": stat.st_mtime, "size": stat.st_size}
            )
            outcomes.append(outcome)
            hits += 1
            continue
        outcomes.append(FileOutcome(name))
        to_read.append((len(outcomes) - 1, path, name))
    total = len(to_read)
    workers = max(1, min(jobs or os.cpu_count() or 1, total // 8 or 1))
    items = [(str(path), name) for _, path, name in to_read]
    initargs = (compact.model_dump_json(), period.value)
    for done, (position, outcome) in enumerate(
        run_isolated(
            _process_in_worker,
            items,
            workers,
            _init_worker,
            initargs,
            _crashed,
            budget=limits.MAX_SECONDS_PER_FILE,
            timed_out=_timed_out,
        ),
        start=1,
    ):
        outcomes[to_read[position][0]] = outcome
        if progress:
            progress(done, len(items))
    if cache is not None:  # before statuses that depend on the other files (superseded)
        with contextlib.suppress(GiaoUocError, OSError):  # the cache only saves time
            save_cache(cache, key, outcomes)
    for position, path, _ in to_read:  # a file that crashed or timed out its worker: still
        outcome = outcomes[position]  # listed with its hash and time (after the cache: a
        if not outcome.sha256:  # timeout may not recur, so it is not remembered)
            with contextlib.suppress(OSError):
                stat = path.stat()
                outcome.mtime, outcome.size = stat.st_mtime, stat.st_size
                outcome.sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    result = MergeResult(compact, period, str(root), outcomes, [], started, hits)
    result.schools = _schools(compact, period, outcomes)
    return result


def _schools(compact: Compact, period: Period, outcomes: list[FileOutcome]) -> list[SchoolRow]:
    by_school: dict[str, list[FileOutcome]] = {}
    for outcome in outcomes:
        if outcome.status == "used":
            by_school.setdefault(outcome.school, []).append(outcome)
    rejected_by_school: dict[str, list[FileOutcome]] = {}
    for outcome in outcomes:
        if outcome.status in _FATAL and outcome.school:
            rejected_by_school.setdefault(outcome.school, []).append(outcome)
    rows: list[SchoolRow] = []
    for school in compact.schools:
        files = sorted(
            by_school.get(school.code, []),
            key=lambda o: (o.generated_at, o.mtime, o.name),
            reverse=True,
        )
        if not files:
            rejected = rejected_by_school.get(school.code, [])
            reason = SCHOOL_STATUSES["missing"]
            if rejected:
                reason = f"Chưa có bài nộp dùng được: tệp {rejected[0].name} — {FILE_STATUSES[rejected[0].status]}"
            rows.append(SchoolRow(school, "missing", reason, rejected[0].name if rejected else ""))
            continue
        newest, older = files[0], files[1:]
        for outcome in older:
            differs = "khác" if outcome.content() != newest.content() else "giống"
            outcome.status = "superseded"
            outcome.reason = (
                f"Có tệp mới hơn của cùng trường: {newest.name} (số liệu {differs} tệp này)"
            )
        status = "with-errors" if newest.errors else "valid"
        applicable = school_targets(compact, school)
        score = score_school(compact, applicable, newest.registrations, newest.results, period)
        rows.append(SchoolRow(school, status, SCHOOL_STATUSES[status], newest.name, newest, score))
    for bloc in compact.blocs:
        members = [r for r in rows if r.school.bloc == bloc.code]
        totals = {
            r.school.code: r.score.total if r.status == "valid" and r.score else None
            for r in members
        }
        ranks = rank(totals)
        for row in members:
            row.rank = ranks[row.school.code]
    return rows
