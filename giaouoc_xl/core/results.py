"""What the jobs return: one file as read and checked, one school of the roster, a whole merge,
a whole check. Pure data with their JSON documents (what ``--json`` prints), built here so that
every front end prints the same thing.

``FileOutcome`` is the answer about one file for both ``giaouoc check`` and ``giaouoc merge``:
they read, guard and check a file through the same function
(:func:`giaouoc_xl.jobs.file_job.examine_file`) and so agree on every file.

A merge keeps thousands of them: what each school reported per target (and each school's score
per target) is kept packed (pickled and compressed, about 1 KB a school) and unpacked when a
writer needs it, a school at a time, so that a merge's memory hardly grows with its size.
"""

from __future__ import annotations

import json
import pickle
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from functools import cached_property
from typing import Any

from .appraisal import Appraisal, Appraised, Change, SchoolAppraisal
from .awards import Proposal
from .codes import (
    FILE_STATUSES,
    REFUSED,
    SCHOOL_TODO,
    SKIPPED,
    UNUSABLE_FILES,
    FileStatus,
    SchoolStatus,
    Severity,
)
from .findings import Finding, Report, WithFindings
from .history import History
from .model import Bloc, Compact, Period, School
from .progress import school_history
from .school_form import RESULT_PERIODS
from .scoring import SchoolScore, TargetScore
from .ties import Tie


def pack(value: Any) -> bytes:
    """A value kept compactly in memory (our own data only: never from a file)."""
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(data: bytes) -> Any:
    return pickle.loads(zlib.decompress(data))


def astuple_fast(score: TargetScore) -> tuple[Any, ...]:
    """A target's score as a tuple, in its fields' order (no deep copy)."""
    return tuple(getattr(score, name) for name in _TARGET_FIELDS)


#: The keys of a finding in the JSON of ``giaouoc check`` (the file is said once, above them;
#: ``period`` only on a finding about another period than the one checked).
_CHECK_FINDING_KEYS = (
    "code",
    "severity",
    "sheet",
    "cell",
    "target",
    "value",
    "expected",
    "message",
    "period",
)


@dataclass
class FileOutcome(WithFindings):
    """One file, as read and checked: its status, why, what was found, and what the school
    reported (the parts the summary needs)."""

    name: str  # the name findings carry: relative to the merged folder (NFC), or the file's name
    sha256: str = ""
    mtime: float = 0.0
    size: int = 0
    status: FileStatus | None = None  # None until the file is examined
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
    evidence: dict[str, str] = field(default_factory=dict)  # target code -> minh chứng
    staff: dict[str, int] = field(default_factory=dict)  # the staff figures given
    path: str = ""  # as the user gave it (giaouoc check); not part of the cache
    detail: str = ""  # technical: a reader's error, what native code printed (log, --json)
    signed: bool = False  # the school chose "Có" in "Cam kết thực hiện" (signed the compact)
    feedback: str = ""  # the feedback copy written for the school (giaouoc check --feedback)
    packed: bytes = b""  # registrations, results, raw and comments, packed (see pack())

    @property
    def readable(self) -> bool:
        """Read and checked (whatever was found), as opposed to refused or skipped."""
        return self.status in _READ

    @property
    def unreadable(self) -> str:
        """Why the file could not be read and checked ('' when it was)."""
        return "" if self.readable else self.reason

    @property
    def valid(self) -> bool:
        """Read, and no finding of severity error."""
        return self.readable and not self.errors

    def refuse(self, status: FileStatus, reason: str, detail: str = "") -> FileOutcome:
        """Mark the file as not read (``unreadable``, ``over-limit``…), with one finding."""
        self.status, self.reason, self.detail = status, reason, detail
        code = _REFUSAL_CODES.get(status, "unreadable-file")
        self.findings = [Finding(code=code, message=reason, file=self.name)]
        return self

    def content(self) -> Any:
        """What the school reported, to tell whether two files of one school differ."""
        if self.packed:
            return unpack(self.packed)
        return (self.registrations, self.results, self.raw, self.comments, self.evidence)

    def pack(self) -> FileOutcome:
        """Keep what the school reported packed (a merge holds thousands of outcomes)."""
        if not self.packed and any(self.content()):
            self.packed = pack(self.content())
            self.registrations, self.results, self.raw, self.comments = {}, {}, {}, []
            self.evidence = {}
        return self

    def unpacked(self) -> FileOutcome:
        """This outcome with what the school reported (a copy when it was packed)."""
        if not self.packed:
            return self
        registrations, results, raw, comments, evidence = unpack(self.packed)
        return replace(
            self,
            registrations=registrations,
            results=results,
            raw=raw,
            comments=comments,
            evidence=evidence,
            packed=b"",
        )

    def to_json(self) -> dict[str, Any]:
        """Every field (the merge's cache stores this)."""
        if self.packed:
            return self.unpacked().to_json()
        # field by field: dataclasses.asdict deep-copies every value, a cost paid per file
        data = {name: getattr(self, name) for name in _OUTCOME_FIELDS if name != "packed"}
        data["findings"] = [f.to_json() for f in self.findings]
        data["raw"] = {code: list(pair) for code, pair in self.raw.items()}
        data["comments"] = [list(pair) for pair in self.comments]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileOutcome:
        data = dict(data)
        data["status"] = FileStatus(data["status"]) if data.get("status") else None
        data["findings"] = [Finding.from_json(f) for f in data["findings"]]
        data["raw"] = {k: tuple(v) for k, v in data["raw"].items()}
        data["comments"] = [tuple(c) for c in data["comments"]]
        return cls(**data)

    def check_json(self) -> dict[str, Any]:
        """This file in the JSON of ``giaouoc check``."""
        return {
            "file": self.path or self.name,
            "school": self.school,
            "valid": self.valid,
            "status": self.status,
            "reason": self.reason,
            "detail": self.detail,
            "findings": [
                {key: value for key, value in f.to_json().items() if key in _CHECK_FINDING_KEYS}
                for f in self.findings
            ],
        }


#: Statuses of a file that was read and checked (the others are refused or skipped).
_READ = frozenset(FILE_STATUSES) - REFUSED - SKIPPED
_REFUSAL_CODES = {FileStatus.OVER_LIMIT: "over-limit", FileStatus.ENCRYPTED: "encrypted-file"}
_OUTCOME_FIELDS = tuple(f.name for f in fields(FileOutcome))
_TARGET_FIELDS = tuple(f.name for f in fields(TargetScore))


@dataclass
class CheckResult:
    """``giaouoc check``: each file given, in order."""

    files: list[FileOutcome]

    @property
    def valid(self) -> bool:
        return all(f.valid for f in self.files)

    @property
    def any_unreadable(self) -> bool:
        return any(f.unreadable for f in self.files)

    @property
    def exit_code(self) -> int:
        """2 a file could not be read, 1 errors were found, 0 none."""
        return 2 if self.any_unreadable else 0 if self.valid else 1

    @property
    def report(self) -> Report:
        """Every file's findings, in order."""
        return Report([f for outcome in self.files for f in outcome.findings])

    @property
    def stats(self) -> dict[str, int]:
        """The files given, valid and unreadable, and the report's counts of findings."""
        return {
            "files": len(self.files),
            "valid_files": sum(f.valid for f in self.files),
            "unreadable_files": sum(bool(f.unreadable) for f in self.files),
            **self.report.stats,
        }

    def to_json(self) -> dict[str, Any]:
        """The document ``giaouoc check --json`` prints (with each feedback copy written)."""
        files = []
        for outcome in self.files:
            entry = outcome.check_json()
            if outcome.feedback:
                entry["feedback"] = outcome.feedback
            files.append(entry)
        return {"valid": self.valid, "stats": self.stats, "files": files}


@dataclass
class SchoolRow:
    """One school of the roster after a merge: its status, the file used, its score and its
    rank. ``summary`` is the score without its targets; ``score`` unpacks them (each time: a
    writer takes a school's targets once, a school at a time)."""

    school: School
    status: SchoolStatus
    reason: str
    file: str = ""
    outcome: FileOutcome | None = None
    summary: SchoolScore | None = None  # the score that counts (verified, with an appraisal)
    rank: int | None = None
    packed_targets: bytes = b""
    self_summary: SchoolScore | None = None  # the school's own score (without its targets)
    changes: tuple[Change, ...] = ()  # what the appraisal changed
    appraisal: SchoolAppraisal | None = None  # the office's row: deferral, note
    proposal: Proposal | None = None  # the award proposal (a compact with an award ladder)
    received: FileOutcome | None = None  # UNUSABLE: the newest file it sent, not usable
    by_name: bool = False  # ``received`` was tied to the school by the code in its name

    @classmethod
    def of(
        cls,
        school: School,
        status: SchoolStatus,
        reason: str,
        outcome: FileOutcome,
        appraised: Appraised,
        decided: SchoolAppraisal | None = None,
    ) -> SchoolRow:
        """The row of a school whose file ``outcome`` is used, its score's targets packed."""
        score = appraised.score
        return cls(
            school,
            status,
            reason,
            outcome.name,
            outcome,
            replace(score, targets=()),
            # as plain tuples: pickling slotted dataclasses is several times slower
            packed_targets=pack([astuple_fast(t) for t in score.targets]),
            self_summary=replace(appraised.self_score, targets=()),
            changes=appraised.changes,
            appraisal=decided,
        )

    @property
    def sent(self) -> str:
        """What the office received that it could not use, in the school's words ("tệp theo
        mẫu cũ của giao ước…"); '' unless the school is UNUSABLE."""
        if self.received is None or self.received.status not in UNUSABLE_FILES:
            return ""
        return UNUSABLE_FILES[self.received.status][0]

    @property
    def todo(self) -> str:
        """What the school must do ("gửi lại tệp theo mẫu mới…"); '' for a valid school."""
        if self.received is not None and self.received.status in UNUSABLE_FILES:
            return UNUSABLE_FILES[self.received.status][1]
        return SCHOOL_TODO[self.status]

    @property
    def deferred(self) -> bool:
        """Deferred (tạm hoãn xét): ranked, marked, not proposed for awards."""
        return self.appraisal is not None and self.appraisal.deferral is not None

    @property
    def score(self) -> SchoolScore | None:
        """The whole score, its targets unpacked."""
        if self.summary is None or not self.packed_targets:
            return self.summary
        targets = tuple(TargetScore(*values) for values in unpack(self.packed_targets))
        return replace(self.summary, targets=targets)

    @property
    def total(self) -> float | None:
        """The total that ranks the school: only a valid submission's."""
        if self.status is SchoolStatus.VALID and self.summary is not None:
            return self.summary.total
        return None


@dataclass(frozen=True)
class BlocCount:
    """How the schools of one bloc stand: counted once, for every table and message."""

    bloc: Bloc
    schools: int
    submitted: int  # sent a file, usable or not
    valid: int
    missing: int
    mean_total: float | None  # of the valid schools' totals (result periods)
    unusable: int = 0  # sent files, none usable

    @property
    def with_errors(self) -> int:
        return self.submitted - self.valid - self.unusable

    @property
    def submitted_share(self) -> float:
        return self.submitted / self.schools if self.schools else 0.0


@dataclass
class MergeResult:
    """``giaouoc merge``: every file under the folder and every school of the roster."""

    compact: Compact
    period: Period
    folder: str
    files: list[FileOutcome]
    schools: list[SchoolRow]
    started: datetime
    cache_hits: int = 0
    appraisal: Appraisal | None = None  # the appraisal book merged with the files
    appraisal_findings: list[Finding] = field(default_factory=list)
    #: the history book merged with the files (conditions over years, progress), its path
    history: History | None = None
    history_path: str = ""

    @property
    def findings(self) -> list[Finding]:
        """The findings of the files used, and of the files a school sent that could not be
        used (why each was refused: an error), then the appraisal book's."""
        used = (FileStatus.USED, FileStatus.SUPERSEDED)
        unusable = {r.school.code for r in self.schools if r.status is SchoolStatus.UNUSABLE}
        files = [
            f
            for o in self.files
            if o.status in used or (unusable and o.school in unusable)
            for f in o.findings
        ]
        return files + self.appraisal_findings

    @property
    def scored(self) -> bool:
        return self.period in RESULT_PERIODS

    @property
    def has_errors(self) -> bool:
        """A school whose submission has errors or that sent only files that cannot be used,
        or an appraisal book with errors: the merge exits 1."""
        failed = (SchoolStatus.WITH_ERRORS, SchoolStatus.UNUSABLE)
        return any(r.status in failed for r in self.schools) or any(
            f.severity is Severity.ERROR for f in self.appraisal_findings
        )

    @cached_property
    def open_errors(self) -> int:
        """Errors that would change a result while they remain: a school's submission with
        errors, a file sent but unusable, an error of the appraisal book (a change without its
        reason), a tie the voters have not decided. While any remains, every document and slip
        is a draft (DỰ THẢO) that says how many. Counted once the merge is done."""
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def draft(self) -> bool:
        """The documents are a draft (DỰ THẢO): an error that would change a result remains."""
        return self.open_errors > 0

    def members(self, bloc: Bloc) -> list[SchoolRow]:
        return self._by_bloc.get(bloc.code, [])

    @cached_property
    def _by_bloc(self) -> dict[str, list[SchoolRow]]:
        # one pass for all blocs: a province's 100 blocs cost no more than 3
        by_bloc: dict[str, list[SchoolRow]] = {}
        for row in self.schools:
            by_bloc.setdefault(row.school.bloc, []).append(row)
        return by_bloc

    @cached_property
    def blocs(self) -> list[BlocCount]:
        """Per bloc, in the compact's order: computed once."""
        counts = []
        for bloc in self.compact.blocs:
            members = self.members(bloc)
            totals = [r.total for r in members if r.total is not None]
            counts.append(
                BlocCount(
                    bloc,
                    schools=len(members),
                    submitted=sum(r.status is not SchoolStatus.MISSING for r in members),
                    valid=sum(r.status is SchoolStatus.VALID for r in members),
                    missing=sum(r.status is SchoolStatus.MISSING for r in members),
                    mean_total=sum(totals) / len(totals) if totals else None,
                    unusable=sum(r.status is SchoolStatus.UNUSABLE for r in members),
                )
            )
        return counts

    def school_count(self, status: SchoolStatus) -> int:
        return sum(r.status is status for r in self.schools)

    def file_counts(self) -> dict[FileStatus, int]:
        """Files per status, in the order they are first met."""
        counts: dict[FileStatus, int] = {}
        for outcome in self.files:
            if outcome.status is not None:
                counts[outcome.status] = counts.get(outcome.status, 0) + 1
        return counts

    def to_json(self, written: Any = None, **head: Any) -> dict[str, Any]:
        """The document ``giaouoc merge --json`` prints (``written``: the summary, or None;
        ``head``: more keys before the lists)."""
        document: dict[str, Any] = json.loads("".join(self.json_text(written, **head)))
        return document

    def json_text(
        self, written: Any = None, indent: int | None = None, **head: Any
    ) -> Iterator[str]:
        """The same document as text, a piece at a time: one school, file or finding per piece
        (the document of 10,000 schools is never one object in memory)."""
        top = {"summary": str(written) if written else None, "period": self.period.value, **head}

        def dumps(value: Any, level: int) -> str:
            text = json.dumps(value, ensure_ascii=False, indent=indent, default=str)
            return text.replace("\n", "\n" + " " * indent * level) if indent else text

        pad = "\n" + " " * indent if indent else ""
        separator = "," if indent else ", "
        yield "{" + separator.join(f"{pad}{json.dumps(k)}: {dumps(v, 1)}" for k, v in top.items())
        lists: dict[str, Iterable[Any]] = {
            "schools": (self._school_json(row) for row in self.schools),
            "files": (_file_json(o) for o in self.files),
            "findings": (f.to_json() for f in self.findings),
        }
        for key, items in lists.items():
            yield f"{separator}{pad}{json.dumps(key)}: ["
            for number, item in enumerate(items):
                inner = "\n" + " " * indent * 2 if indent else ""
                yield ("," if number else "") + inner + dumps(item, 2)
            yield (pad if indent else "") + "]"
        yield ("\n" if indent else "") + "}"

    def _school_json(self, row: SchoolRow) -> dict[str, Any]:
        """A school as ``--json`` carries it; with a history book, the history used."""
        found = _school_json(row)
        if self.history is not None:
            found["history"] = school_history(self, row)
        return found


def _file_json(outcome: FileOutcome) -> dict[str, Any]:
    return {
        "file": outcome.name,
        "status": outcome.status,
        "school": outcome.school,
        "reason": outcome.reason,
        "detail": outcome.detail,
    }


def _proposal(proposal: Proposal) -> dict[str, Any]:
    return {
        "awards": proposal.awards,
        "candidates": proposal.candidates,
        "votes": proposal.votes,
        "voters": proposal.voters,  # the members present of the body that voted
        "reasons": proposal.reasons,
        "ties": {code: _tie(tie) for code, tie in proposal.ties.items()},
    }


def _tie(tie: Tie) -> dict[str, Any]:
    """A tie as ``--json`` carries it: who was tied for how many places, how each criterion
    settled it, what the voters decided, and whether it is still open."""
    return {
        "bloc": tie.bloc,
        "award": tie.award,
        "body": tie.body,
        "total": tie.total,
        "schools": list(tie.schools),
        "places": tie.places,
        "steps": [
            {
                "criterion": step.criterion.words,
                "chosen": list(step.chosen),
                "behind": list(step.behind),
                "values": dict(step.values),
            }
            for step in tie.steps
        ],
        "decided": list(tie.decided),
        "reasons": [d.reason for d in tie.decisions if d.reason],
        "empty": tie.empty,
        "chosen": list(tie.chosen),
        "open": tie.open,
    }


def _school_json(row: SchoolRow) -> dict[str, Any]:
    score = row.score  # its targets unpacked for this school only
    targets = []
    if score is not None:
        targets = [
            {
                "code": t.code,
                "registration": t.registration,
                "result": t.result,
                "met": t.met,
                "points": t.points,
                **({"reason": t.reason} if t.reason else {}),  # 0 points without evidence
            }
            for t in score.targets
        ]
    return {
        "code": row.school.code,
        "name": row.school.name,
        "bloc": row.school.bloc,
        "status": row.status,
        "reason": row.reason,
        "todo": row.todo,
        "file": row.file,
        "total": score.total if score and row.status is not SchoolStatus.MISSING else None,
        "tier": score.tier if score and score.tier else None,
        "rank": row.rank,
        "self_total": row.self_summary.total if row.self_summary else None,
        "deferred": row.appraisal.deferred_text if row.appraisal else "",
        "excluded_from_awards": bool(score and score.excluded),
        **({"below_floor": list(score.floor_missed)} if score and score.floor_missed else {}),
        **(
            {"caps": [{"kind": k, "of": key, "taken": taken} for k, key, taken in score.caps]}
            if score and score.caps
            else {}
        ),
        "proposal": _proposal(row.proposal) if row.proposal is not None else None,
        "changes": [
            {
                "target": c.target,
                "reported": c.reported,
                "verified": c.verified,
                "points_before": c.points_before,
                "points_after": c.points_after,
                "reason": c.reason,
                "evidence": c.evidence,
            }
            for c in row.changes
        ],
        "targets": targets,
    }
