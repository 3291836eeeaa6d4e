"""Benchmark of the school workbooks: reading returned workbooks, writing blank ones.

Run from the repository root::

    python bench/bench_school.py [--n 500] [--generate 2000] [--out DIR] [--json]

Every figure is measured in the same run, on the same machine and the same files, and reported
as a ratio to a baseline measured alongside it, so the report does not depend on how fast the
machine is. Nothing is asserted: the script prints a report (or JSON with ``--json``) ending in
a summary of the goals, PASS or MISS, ready to paste into a README.

1. ``N`` realistic filled submissions of the Thanh Ba sample are written with
   ``render_school_workbook`` (percents near the threshold, some typed as text with a decimal
   comma or as a fraction, small counts, Có/Không, levels from the list, short texts).
2. Reading, per workbook: python-calamine reading the three sheets (the floor), our
   ``read_submission`` (calamine engine), openpyxl's default ``load_workbook`` and our
   ``read_submission`` with the openpyxl engine (on a subset: openpyxl is slow). Both engines
   must give identical submissions.
3. Writing ``G`` blank workbooks with ``write_school_workbooks`` on 2 processes, against the
   naive estimate of building every workbook with ``render_school_workbook``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import random
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime
from functools import partial
from importlib import metadata
from pathlib import Path
from time import perf_counter
from typing import Any

import openpyxl
from python_calamine import CalamineWorkbook

# Measure the code of this checkout (an editable install may point at another one); worker
# processes inherit the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import giaouoc_xl
from giaouoc_xl import __version__
from giaouoc_xl.core.check import check_submission
from giaouoc_xl.core.model import Compact, Direction, Period, School, Target, ValueKind
from giaouoc_xl.core.samples import sample
from giaouoc_xl.core.school_form import META, SCHOOL, TARGETS, Answers, school_file_name
from giaouoc_xl.core.submission import CellValue, Submission, replace
from giaouoc_xl.core.thresholds import school_targets
from giaouoc_xl.jobs.templates import write_school_workbooks
from giaouoc_xl.workbooks.school.reader import read_submission
from giaouoc_xl.workbooks.school.writer import render_school_workbook

SAMPLE = "thanh-ba-2020-2021"
SHEETS = (SCHOOL, TARGETS, META)
JOBS = 2  # the target machine has 2 cores

# The goals. Writing: 2000 workbooks in 20 s on 2 cores (scaled when --generate is not 2000).
GOAL_OURS_VS_RAW = 2.0  # read_submission / calamine raw read: at most
GOAL_OPENPYXL_VS_OURS = 10.0  # openpyxl default load / read_submission: at least
GOAL_WRITE_SECONDS = 20.0
GOAL_WRITE_COUNT = 2000


# --------------------------------------------------------------------------- realistic answers

PRINCIPALS = (
    "Nguyễn Thị Hoa",
    "Trần Văn Minh",
    "Lê Thị Thu Hà",
    "Phạm Quốc Hùng",
    "Hoàng Thị Lan",
    "Đỗ Mạnh Cường",
    "Bùi Thị Ngọc Ánh",
    "Vũ Đức Thắng",
)
PHRASES = (
    "Đã triển khai",
    "Áp dụng đầy đủ",
    "Đang thực hiện",
    "Thực hiện theo kế hoạch",
    "Hoàn thành",
)
NOTES = (
    "Số liệu đến ngày 31/5",
    "Theo báo cáo tổng kết",
    "Có 1 học sinh chuyển đi",
    "Đã rà soát lại",
)
COMMENTS = (
    "Đề nghị giữ nguyên chỉ tiêu",
    "Đề nghị giảm ngưỡng cho trường vùng khó",
    "Nhất trí với dự thảo",
)


def _percent(rng: random.Random, threshold: float, direction: Direction | None) -> Any:
    """A percent near ``threshold``, as a school would type it.

    Mostly a number; sometimes text with a decimal comma ("98,5"); sometimes a fraction
    (0.985) when the threshold is above 1 (the reader scales it, as the status formula does).
    """
    spread = 2.0 if threshold >= 20 else max(0.1, threshold * 0.5)
    # At-least targets are mostly met (values at or above), at-most ones mostly below.
    bias = spread * 0.3 * (-1 if direction is Direction.AT_MOST else 1)
    value = min(100.0, max(0.0, threshold + bias + rng.uniform(-spread, spread)))
    value = round(value, 1 if threshold >= 1 else 2)
    roll = rng.random()
    if roll < 0.2:
        return f"{value:g}".replace(".", ",")  # "98,5" (or "100")
    if roll < 0.3 and threshold > 1 and value > 0:
        return round(value / 100, 4)
    return int(value) if value == int(value) else value


def _count(rng: random.Random, threshold: float, direction: Direction | None) -> Any:
    """A small count near ``threshold``; now and then typed as text."""
    t = int(threshold)
    if direction is Direction.AT_LEAST:
        value = rng.randint(max(0, t - 2), t + 3)
    else:  # exactly / at most, usually 0: mostly met
        value = t if rng.random() < 0.85 else t + rng.randint(1, 2)
    return str(value) if rng.random() < 0.05 else value


def _value(rng: random.Random, target: Target, threshold: Any) -> Any:
    """A value of ``target``'s kind, realistic for its threshold."""
    if target.kind is ValueKind.PERCENT:
        return _percent(rng, float(threshold), target.direction)
    if target.kind is ValueKind.COUNT:
        return _count(rng, float(threshold), target.direction)
    if target.kind is ValueKind.YES_NO:
        return "Có" if rng.random() < 0.9 else "Không"
    if target.kind is ValueKind.LEVEL:
        # Mostly the threshold level or one above it, sometimes any level of the list.
        choices = list(target.choices)
        if threshold in choices and rng.random() < 0.8:
            at = choices.index(threshold)
            return choices[min(len(choices) - 1, at + rng.randint(0, 1))]
        return rng.choice(choices)
    return rng.choice(PHRASES)


def fake_answers(compact: Compact, school: School, rng: random.Random) -> tuple[Answers, int]:
    """What a school types: registration and year-end result everywhere, the first term for
    some schools (where the target collects it), a few notes and comments, the signature.
    Also returns how many registration/result cells were filled."""
    with_term1 = rng.random() < 0.4
    targets: dict[str, dict[str, Any]] = {}
    filled = 0
    for target, threshold in school_targets(compact, school):
        typed: dict[str, Any] = {
            "registration": _value(rng, target, threshold),
            f"result:{Period.YEAR_END.value}": _value(rng, target, threshold),
        }
        if with_term1 and Period.TERM1 in target.periods:
            typed[f"result:{Period.TERM1.value}"] = _value(rng, target, threshold)
        filled += len(typed)
        if rng.random() < 0.1:
            typed["note"] = rng.choice(NOTES)
        if rng.random() < 0.05:
            typed["comment"] = rng.choice(COMMENTS)
        targets[target.code] = typed
    principal = rng.choice(PRINCIPALS)
    signing = {
        "principal": principal,
        "phone": f"09{rng.randint(0, 99_999_999):08d}",
        "email": f"c{school.code}@phutho.edu.vn",
        "date": date(2020, 10, rng.randint(5, 28)),
        "commitment": "Có",
    }
    return Answers(targets=targets, signing=signing), filled


# --------------------------------------------------------------------------- 1. filled files

_FILL: dict[str, Any] = {}  # per worker process: compact, output dir, seed, generated_at


def _init_fill(outdir: str, seed: int, generated_at: datetime) -> None:
    _FILL.update(compact=sample(SAMPLE), outdir=outdir, seed=seed, generated_at=generated_at)


def _write_filled(index: int) -> tuple[str, int]:
    """Write filled submission number ``index``: school ``index`` mod 59 (a real roster school,
    so the checker checks everything), in a file named by the index.

    The random stream depends only on (seed, index), so the files do not depend on which
    process writes them."""
    compact: Compact = _FILL["compact"]
    base = compact.schools[index % len(compact.schools)]
    school = base
    rng = random.Random(_FILL["seed"] * 1_000_003 + index)
    answers, filled = fake_answers(compact, school, rng)
    path = Path(_FILL["outdir"]) / f"{index:05d}_{school_file_name(school.code, school.name)}"
    render_school_workbook(compact, school, path, _FILL["generated_at"], answers)
    return str(path), filled


def generate_filled(n: int, outdir: Path, seed: int, generated_at: datetime) -> dict[str, Any]:
    """Write ``n`` filled submissions into ``outdir`` on ``JOBS`` processes."""
    outdir.mkdir(parents=True, exist_ok=True)
    start = perf_counter()
    with ProcessPoolExecutor(
        JOBS, initializer=_init_fill, initargs=(str(outdir), seed, generated_at)
    ) as pool:
        results = list(pool.map(_write_filled, range(n), chunksize=max(1, n // (JOBS * 8))))
    seconds = perf_counter() - start
    return {
        "paths": [Path(p) for p, _ in results],
        "cells_written": sum(f for _, f in results),
        "seconds": seconds,
    }


# --------------------------------------------------------------------------- 2. reading


def calamine_raw(path: Path) -> list[Any]:
    """The floor: python-calamine reading our three sheets, nothing else."""
    wb = CalamineWorkbook.from_path(str(path))
    try:
        return [wb.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in SHEETS]
    finally:
        wb.close()


def openpyxl_default(path: Path) -> list[Any]:
    """What a naive reader does: openpyxl's default load, then the values of our three sheets
    (the load is nearly all of the cost)."""
    wb = openpyxl.load_workbook(path)
    try:
        return [[list(row) for row in wb[name].iter_rows(values_only=True)] for name in SHEETS]
    finally:
        wb.close()


def _time_interleaved(
    paths: list[Path], methods: dict[str, Callable[[Path], Any]], passes: int
) -> dict[str, list[float]]:
    """Seconds per file for each method, from the best pass (lowest total) of ``passes``.

    Methods are interleaved file by file, and their order alternates from file to file, so a
    slow moment of the machine or a cold cache hits them alike. What a method returns is
    dropped at once: keeping hundreds of results alive would make the garbage collector's full
    passes slower and slower, a cost a real merge (which keeps only scores) does not pay."""
    names = list(methods)
    times = {name: [[0.0] * len(paths) for _ in range(passes)] for name in names}
    for p in range(passes):
        gc.collect()
        for i, path in enumerate(paths):
            order = names if (i + p) % 2 == 0 else names[::-1]
            for name in order:
                start = perf_counter()
                methods[name](path)
                times[name][p][i] = perf_counter() - start
    return {name: min(times[name], key=sum) for name in names}


def _ms(seconds: list[float]) -> dict[str, float]:
    return {
        "mean_ms": 1000 * sum(seconds) / len(seconds),
        "median_ms": 1000 * statistics.median(seconds),
        "files": len(seconds),
    }


def _count_cells(submission: Submission) -> tuple[int, int]:
    """(filled registration/result cells, cells with a problem) of a submission."""
    cells: list[CellValue] = []
    for row in submission.rows:
        if row.registration is not None:
            cells.append(row.registration)
        cells.extend(row.results.values())
    return sum(not c.blank for c in cells), sum(bool(c.problem) for c in cells)


def time_reading(paths: list[Path], compact: Compact, subset: int, passes: int) -> dict[str, Any]:
    """Reading times per workbook, their ratios, and the engines' agreement."""
    ours_calamine = partial(read_submission, compact=compact)
    ours_openpyxl = partial(read_submission, compact=compact, engine="openpyxl")

    def read_and_check(path: Path) -> Any:
        return check_submission(compact, read_submission(path, compact), Period.YEAR_END)

    # Warm-up: imports, caches and the first file's disk read are not part of the figures.
    calamine_raw(paths[0])
    ours_calamine(paths[0])
    read_and_check(paths[0])
    openpyxl_default(paths[0])
    ours_openpyxl(paths[0])

    print(f"  reading {len(paths)} files with calamine ({passes} passes)...", file=sys.stderr)
    fast = _time_interleaved(
        paths,
        {
            "calamine_raw": calamine_raw,
            "ours_calamine": ours_calamine,
            "read_and_check": read_and_check,
        },
        passes,
    )
    sub = paths[:subset]
    print(f"  reading {len(sub)} files with openpyxl ({passes} passes)...", file=sys.stderr)
    slow = _time_interleaved(
        sub, {"openpyxl_default": openpyxl_default, "ours_openpyxl": ours_openpyxl}, passes
    )

    # Identical results: calamine and openpyxl engines on the subset (not timed).
    mismatches = [
        path.name
        for path in sub
        if replace(ours_calamine(path), engine="") != replace(ours_openpyxl(path), engine="")
    ]
    # Sanity: every value typed is read back, none with a problem (all values are valid).
    counts = [_count_cells(ours_calamine(path)) for path in paths]

    figures = {
        "calamine_raw": _ms(fast["calamine_raw"]),
        "ours_calamine": _ms(fast["ours_calamine"]),
        "read_and_check": _ms(fast["read_and_check"]),
        "openpyxl_default": _ms(slow["openpyxl_default"]),
        "ours_openpyxl": _ms(slow["ours_openpyxl"]),
        # Ours on the same files as openpyxl, from the calamine passes: interleaved with
        # openpyxl it would pay for the garbage openpyxl leaves (its collections).
        "ours_calamine_subset": _ms(fast["ours_calamine"][: len(sub)]),
    }
    ours = figures["ours_calamine"]["mean_ms"]
    return {
        "passes": passes,
        **figures,
        "ratio_ours_vs_calamine_raw": ours / figures["calamine_raw"]["mean_ms"],
        "ratio_check_vs_calamine_raw": figures["read_and_check"]["mean_ms"]
        / figures["calamine_raw"]["mean_ms"],
        "ratio_openpyxl_default_vs_ours": figures["openpyxl_default"]["mean_ms"]
        / figures["ours_calamine_subset"]["mean_ms"],
        "ratio_ours_openpyxl_vs_ours": figures["ours_openpyxl"]["mean_ms"]
        / figures["ours_calamine_subset"]["mean_ms"],
        "compared": len(sub),
        "mismatches": len(mismatches),
        "mismatched_files": mismatches[:10],
        "identical": not mismatches,
        "cells_read": sum(c for c, _ in counts),
        "cells_with_problem": sum(p for _, p in counts),
    }


# --------------------------------------------------------------------------- 3. writing


def big_compact(compact: Compact, g: int) -> Compact:
    """The sample's roster repeated up to ``g`` schools, each with its own code."""
    repeats = -(-g // len(compact.schools))
    schools = (list(compact.schools) * repeats)[:g]
    return compact.model_copy(
        update={
            "schools": tuple(
                s.model_copy(update={"code": f"{i:05d}"}) for i, s in enumerate(schools)
            )
        }
    )


def time_writing(
    compact: Compact, g: int, outdir: Path, naive_count: int, generated_at: datetime
) -> dict[str, Any]:
    """``write_school_workbooks`` of ``g`` schools on ``JOBS`` processes, against the naive
    estimate: one ``render_school_workbook`` per school, perfectly shared by ``JOBS`` cores."""
    big = big_compact(compact, g)

    # Naive baseline: build workbooks one by one in this process (after one warm-up build).
    naive_dir = outdir / "naive"
    naive_dir.mkdir(parents=True, exist_ok=True)
    schools = list(big.schools)[: max(1, min(naive_count, g))]
    render_school_workbook(big, schools[0], naive_dir / "warm-up.xlsx", generated_at)
    print(f"  building {len(schools)} workbooks one by one...", file=sys.stderr)
    start = perf_counter()
    for school in schools:
        render_school_workbook(
            big, school, naive_dir / school_file_name(school.code, school.name), generated_at
        )
    naive_ms = 1000 * (perf_counter() - start) / len(schools)
    naive_seconds = naive_ms * g / 1000 / JOBS

    print(f"  writing {g} blank workbooks on {JOBS} processes...", file=sys.stderr)
    blank_dir = outdir / "blank"
    start = perf_counter()
    written = write_school_workbooks(big, blank_dir, jobs=JOBS, generated_at=generated_at)
    seconds = perf_counter() - start

    goal_seconds = GOAL_WRITE_SECONDS * g / GOAL_WRITE_COUNT
    return {
        "workbooks": g,
        "written": len(written),
        "jobs": JOBS,
        "seconds": seconds,
        "workbooks_per_second": g / seconds,
        "ms_per_workbook": 1000 * seconds / g,
        "goal_seconds": goal_seconds,
        "ratio_to_goal": seconds / goal_seconds,
        "naive_built": len(schools),
        "naive_ms_per_workbook": naive_ms,
        "naive_estimate_seconds": naive_seconds,
        "speedup_vs_naive": naive_seconds / seconds,
    }


# --------------------------------------------------------------------------- report


def _versions() -> dict[str, str]:
    packages = {}
    for name in ("python-calamine", "openpyxl", "XlsxWriter", "pydantic"):
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = "?"
    return {
        "giaouoc_xl": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "cpus": str(os.cpu_count()),
        **packages,
    }


def _goals(figures: dict[str, Any]) -> list[tuple[bool, str]]:
    """(passed, text) of each goal."""
    r, w = figures["reading"], figures["writing"]
    return [
        (
            r["ratio_ours_vs_calamine_raw"] <= GOAL_OURS_VS_RAW,
            f"read_submission / calamine raw read = {r['ratio_ours_vs_calamine_raw']:.2f}× "
            f"(goal ≤ {GOAL_OURS_VS_RAW:g}×)",
        ),
        (
            r["ratio_check_vs_calamine_raw"] <= GOAL_OURS_VS_RAW,
            f"read_submission + check_submission / calamine raw read = "
            f"{r['ratio_check_vs_calamine_raw']:.2f}× (goal ≤ {GOAL_OURS_VS_RAW:g}×)",
        ),
        (
            r["ratio_openpyxl_default_vs_ours"] >= GOAL_OPENPYXL_VS_OURS,
            f"openpyxl default load / read_submission = {r['ratio_openpyxl_default_vs_ours']:.1f}× "
            f"(goal ≥ {GOAL_OPENPYXL_VS_OURS:g}×)",
        ),
        (
            r["identical"],
            f"calamine and openpyxl engines identical on {r['compared'] - r['mismatches']}"
            f"/{r['compared']} submissions (goal: all)",
        ),
        (
            w["ratio_to_goal"] <= 1.0 and w["written"] == w["workbooks"],
            f"{w['workbooks']} blank workbooks in {w['seconds']:.1f} s = "
            f"{w['ratio_to_goal']:.2f} of the {w['goal_seconds']:g} s goal (goal ≤ 1.0)",
        ),
    ]


def _lines(figures: dict[str, Any]) -> Iterator[str]:
    v, g, r, w = figures["versions"], figures["generation"], figures["reading"], figures["writing"]
    yield "giaouoc_xl school workbook benchmark"
    yield (
        f"  giaouoc_xl {v['giaouoc_xl']} ({Path(giaouoc_xl.__file__).parent.parent}), "
        f"Python {v['python']}, {v['platform']}, "
        f"{v['cpus']} CPUs; python-calamine {v['python-calamine']}, openpyxl {v['openpyxl']}, "
        f"XlsxWriter {v['XlsxWriter']}"
    )
    yield ""
    yield f"1. Filled submissions ({SAMPLE}, its {figures['sample_schools']} schools cycled)"
    yield (
        f"   {g['files']} workbooks, {g['cells_written']} registration/result cells typed, "
        f"written in {g['seconds']:.1f} s on {JOBS} processes "
        f"({1000 * g['seconds'] / g['files']:.1f} ms per workbook, informational)"
    )
    yield ""
    yield f"2. Reading one returned workbook (best of {r['passes']} passes, interleaved)"
    yield f"   {'method':<44} {'files':>5} {'mean ms':>8} {'median':>8}"
    rows = (
        ("calamine raw read (3 sheets)", r["calamine_raw"]),
        ("read_submission, calamine engine", r["ours_calamine"]),
        ("read_submission + check_submission", r["read_and_check"]),
        ("  same, on the openpyxl subset", r["ours_calamine_subset"]),
        ("read_submission, openpyxl engine", r["ours_openpyxl"]),
        ("openpyxl.load_workbook default (+3 sheets)", r["openpyxl_default"]),
    )
    for label, m in rows:
        yield f"   {label:<44} {m['files']:>5} {m['mean_ms']:>8.2f} {m['median_ms']:>8.2f}"
    yield f"   read_submission / calamine raw          {r['ratio_ours_vs_calamine_raw']:>7.2f}×"
    yield f"   read + check / calamine raw             {r['ratio_check_vs_calamine_raw']:>7.2f}×"
    yield f"   openpyxl default / read_submission      {r['ratio_openpyxl_default_vs_ours']:>7.1f}×"
    yield f"   openpyxl engine / calamine engine       {r['ratio_ours_openpyxl_vs_ours']:>7.1f}×"
    identical = "yes" if r["identical"] else "no"
    yield (
        f"   identical (calamine vs openpyxl engine): {identical}, "
        f"{r['mismatches']} mismatches in {r['compared']} submissions"
    )
    if r["mismatched_files"]:
        yield f"   first mismatches: {', '.join(r['mismatched_files'])}"
    yield (
        f"   read back: {r['cells_read']} of {g['cells_written']} typed cells, "
        f"{r['cells_with_problem']} with a problem"
    )
    yield ""
    yield f"3. Writing blank school workbooks ({w['workbooks']} schools, {w['jobs']} processes)"
    yield (
        f"   write_school_workbooks: {w['seconds']:.2f} s, {w['workbooks_per_second']:.0f} "
        f"workbooks/s ({w['ms_per_workbook']:.2f} ms each), {w['written']} files"
    )
    yield (
        f"   naive render_school_workbook: {w['naive_ms_per_workbook']:.1f} ms each "
        f"(measured on {w['naive_built']}) × {w['workbooks']} / {w['jobs']} cores "
        f"= {w['naive_estimate_seconds']:.1f} s estimated"
    )
    yield f"   speed-up vs naive estimate: {w['speedup_vs_naive']:.1f}×"
    scaled = f" (scaled to {w['goal_seconds']:g} s)" if w["workbooks"] != GOAL_WRITE_COUNT else ""
    yield (
        f"   goal {GOAL_WRITE_COUNT} workbooks in {GOAL_WRITE_SECONDS:g} s{scaled}: "
        f"{w['ratio_to_goal']:.2f} of the goal"
    )
    yield ""
    yield (
        f"Summary ({v['cpus']} CPUs, {g['files']} filled submissions, "
        f"{w['workbooks']} blank workbooks)"
    )
    for passed, text in figures["goals"]:
        yield f"  [{'PASS' if passed else 'MISS'}] {text}"


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=500, help="filled submissions to read")
    parser.add_argument("--generate", type=int, default=2000, help="blank workbooks to write")
    parser.add_argument("--out", type=Path, help="keep the files in DIR (default: a temp dir)")
    parser.add_argument("--subset", type=int, default=50, help="files read with openpyxl")
    parser.add_argument("--passes", type=int, default=2, help="reading passes (best is kept)")
    parser.add_argument("--naive", type=int, default=50, help="workbooks built one by one")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.n < 1 or args.generate < 1 or args.subset < 1 or args.passes < 1:
        parser.error("--n, --generate, --subset and --passes must be at least 1")

    compact = sample(SAMPLE)
    generated_at = datetime.now(UTC)
    root_context: contextlib.AbstractContextManager[Any] = (
        contextlib.nullcontext(str(args.out))
        if args.out is not None
        else tempfile.TemporaryDirectory(prefix="giaouoc-bench-")
    )
    with root_context as root_name:
        root = Path(root_name)
        print(f"bench_school: files in {root}", file=sys.stderr)
        print(f"  writing {args.n} filled submissions...", file=sys.stderr)
        generation = generate_filled(args.n, root / "filled", args.seed, generated_at)
        reading = time_reading(generation["paths"], compact, min(args.subset, args.n), args.passes)
        writing = time_writing(compact, args.generate, root, args.naive, generated_at)

    figures: dict[str, Any] = {
        "versions": _versions(),
        "sample_schools": len(compact.schools),
        "generation": {
            "files": len(generation["paths"]),
            "cells_written": generation["cells_written"],
            "seconds": generation["seconds"],
        },
        "reading": reading,
        "writing": writing,
    }
    figures["goals"] = _goals(figures)
    if args.json:
        out = dict(figures)
        out["goals"] = [{"passed": p, "goal": text} for p, text in figures["goals"]]
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print("\n".join(_lines(figures)))


if __name__ == "__main__":
    main()
