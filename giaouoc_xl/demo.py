"""The whole job on the Thanh Ba sample, end to end (``giaouoc demo``).

Compact book -> 59 school workbooks -> simulated returns at the end of the year, with the
mistakes of real life (a school that never sends, one that sends twice, an old template, a file
from another district, registrations below the threshold, decimal commas, an Excel lock file)
-> check -> merge -> summary workbook.
"""

from __future__ import annotations

import os
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .core.model import Compact, Direction, Level, Organizer, Period, School, ValueKind
from .core.samples import sample
from .core.school_form import school_file_name
from .core.simulate import clean_answers
from .core.thresholds import school_targets
from .jobs.merge import MergeResult, merge
from .workbooks.compact_book import load_compact, write_compact_book
from .workbooks.school_book import build_school_workbook, write_school_workbooks
from .workbooks.summary_book import write_summary

SAMPLE = "thanh-ba-2020-2021"


@dataclass
class DemoResult:
    book: Path
    templates: list[Path]
    returns: Path
    summary: Path
    merge: MergeResult
    seconds: float


def revised(compact: Compact) -> tuple[Compact, Compact]:
    """(revision 1 as first sent, revision 2 in force): revision 2 raised one threshold."""
    targets = list(compact.targets)
    index = next(i for i, t in enumerate(targets) if t.code == "CT03.1")
    first = targets[index].model_copy(
        update={"thresholds": dict.fromkeys([Level.MN, Level.TH, Level.THCS], 90.0)}
    )
    old = compact.model_copy(
        update={"revision": 1, "targets": (*targets[:index], first, *targets[index + 1 :])}
    )
    return old, compact.model_copy(update={"revision": 2})


def simulate_returns(compact: Compact, old: Compact, folder: Path, seed: int = 2021) -> None:
    """Write the files schools send back at the end of the year, with real-life mistakes."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    when = datetime(2020, 10, 1, tzinfo=UTC)
    schools = list(compact.schools)
    missing = schools[-1]  # never sends its file
    stale = schools[5]  # fills in the template of revision 1
    twice = schools[30]  # sends a corrected file later
    below = {schools[2].code, schools[24].code, schools[45].code}  # registers below a threshold
    for index, school in enumerate(schools):
        if school is missing:
            continue
        source = old if school is stale else compact
        answers = clean_answers(source, school, Period.YEAR_END, seed=index)
        applicable = school_targets(source, school)
        for target, _threshold in applicable:
            typed = answers.targets[target.code]
            result = typed.get("result:cuoi-nam")
            if (
                target.kind is ValueKind.PERCENT
                and isinstance(result, float)
                and rng.random() < 0.25
            ):
                # a result that misses the registration, now and then, as in real life
                typed["result:cuoi-nam"] = (
                    max(0.0, result - rng.choice([0.5, 1.0, 2.0]))
                    if target.direction is Direction.AT_LEAST
                    else result
                )
            if (
                target.kind is ValueKind.PERCENT
                and isinstance(typed.get("registration"), float)
                and rng.random() < 0.2
            ):
                typed["registration"] = f"{typed['registration']:g}".replace(
                    ".", ","
                )  # a decimal comma, typed as text
        if school.code in below:
            target, threshold = next(
                (t, th)
                for t, th in applicable
                if t.kind is ValueKind.PERCENT and t.direction is Direction.AT_LEAST
            )
            answers.targets[target.code]["registration"] = float(threshold) - 2
        if index % 7 == 0:
            target = applicable[index % len(applicable)][0]
            answers.targets[target.code]["comment"] = (
                "Đề nghị điều chỉnh chỉ tiêu này cho phù hợp với điều kiện của trường."
            )
        path = folder / school_file_name(school.code, school.name)
        build_school_workbook(source, school, path, when, answers)
        if school is twice:
            first = (
                folder / "tai_ve" / f"{path.stem} (1).xlsx"
            )  # the first version, in a sub-folder
            first.parent.mkdir(exist_ok=True)
            early = clean_answers(compact, school, Period.YEAR_END, seed=999)
            build_school_workbook(compact, school, first, when, early)
            os.utime(first, (time.time() - 86400, time.time() - 86400))
    # a file from a school of another district, sent here by mistake
    other = compact.model_copy(
        update={
            "id": "cam-khe-2020-2021",
            "organizer": Organizer(
                name="Phòng Giáo dục và Đào tạo huyện Cẩm Khê",
                parent="UBND HUYỆN CẨM KHÊ",
                place="Cẩm Khê",
            ),
            "schools": (
                School(
                    code="05012",
                    name="Trường Tiểu học Sơn Tình",
                    levels=(Level.TH,),
                    bloc="K-TH",
                    commune="Xã Sơn Tình",
                ),
            ),
        }
    )
    stranger = other.schools[0]
    build_school_workbook(
        other,
        stranger,
        folder / school_file_name(stranger.code, stranger.name),
        when,
        clean_answers(other, stranger, Period.YEAR_END),
    )
    # Excel's lock file of a workbook open on the sender's machine
    (folder / f"~${school_file_name(schools[10].code, schools[10].name)}").write_bytes(
        b"\x00" * 165
    )


def run_demo(outdir: str | os.PathLike[str], jobs: int | None = None) -> DemoResult:
    """The whole job into ``outdir``: book, templates, returns, summary."""
    start = time.perf_counter()
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    old, current = revised(sample(SAMPLE))
    book = write_compact_book(current, out / f"so_giao_uoc_{SAMPLE}.xlsx")
    compact = load_compact(book)  # what staff would use: the book, validated
    templates = write_school_workbooks(compact, out / "mau_truong", jobs=jobs)
    returns = out / "bai_nop"
    simulate_returns(compact, old, returns)
    result = merge(
        compact,
        returns,
        Period.YEAR_END,
        jobs=jobs,
        cache=out / ".bang_tong_hop.xlsx.giaouoc-cache.json",
    )
    summary = write_summary(result, out / "bang_tong_hop.xlsx")
    return DemoResult(book, templates, returns, summary, result, time.perf_counter() - start)
