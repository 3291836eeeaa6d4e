"""Benchmark of the end-of-term merge: ``giaouoc merge BOOK FOLDER --out SUMMARY.xlsx``.

Run from the repository root::

    python bench/bench_merge.py [--sizes 60,500,2000] [--n10000] [--out DIR] [--json]

Every figure is measured in the same run, on the same machine and the same files, and reported
as a ratio to a baseline measured alongside it, so the report does not depend on how fast the
machine is. Nothing is asserted: the script prints a report (or JSON with ``--json``) ending in
a summary of the goals, PASS or MISS, ready to paste into a README.

1. The Thanh Ba sample's 59 schools are repeated into a roster of ``max(sizes) + 1`` schools,
   each with its own code and name. ``max(sizes) + 1`` filled year-end submissions are written
   once (``clean_answers``; every 50th file registers a target below its threshold, so some
   schools have errors), into ``files/``. For each size ``N`` a folder of hard links to the
   first ``N`` files and a compact book whose roster is the first ``N + 1`` schools are made:
   every size is a district where all schools but one have returned their workbook.
2. Every measured command runs in its own process, start-up included, through a tiny wrapper
   that reports its peak memory (``ru_maxrss``) and that of its largest child (the merge reads
   files in a pool of worker processes):

   - ``giaouoc merge BOOK FOLDER --out OUT --period cuoi-nam --jobs 2 --json`` (the real CLI:
     reading the compact book, reading, checking and scoring every file, the summary with its
     charts, the cache);
   - the minimal pipeline: python-calamine reads the three sheets of every file on 2 processes,
     one plain row per file is kept, XlsxWriter writes them on one sheet;
   - the openpyxl-default merge: the same with ``openpyxl.load_workbook`` (slow: measured up to
     ``--openpyxl-max`` files and extrapolated linearly beyond).

   Each is run ``--repeat`` times, interleaved; the best time and the highest memory are kept.
3. Re-merge: after the cold merge of the re-merge size, the next school's file is added to the
   folder and the CLI run again into the same ``--out`` (its cache is next to the summary).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from time import perf_counter
from typing import Any

# Measure the code of this checkout (an editable install may point at another one); the
# subprocesses get the same path through PYTHONPATH.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from giaouoc_xl import __version__
from giaouoc_xl.core.compact_rules import rule_findings
from giaouoc_xl.core.model import Bloc, Compact, Direction, Period, ValueKind
from giaouoc_xl.core.samples import sample
from giaouoc_xl.core.school_form import school_file_name
from giaouoc_xl.core.simulate import clean_answers
from giaouoc_xl.core.thresholds import school_targets
from giaouoc_xl.jobs.cache import cache_path
from giaouoc_xl.workbooks.compact.writer import write_compact_book
from giaouoc_xl.workbooks.school.writer import render_school_workbook

REPO = Path(__file__).resolve().parents[1]
SAMPLE = "thanh-ba-2020-2021"
PERIOD = Period.YEAR_END
JOBS = 2  # the target machine has 2 cores
MISTAKE_EVERY = 50  # every 50th submission registers a target below its threshold
COUNTRY = 45_000  # schools in the whole country, about

# The goals.
GOAL_VS_MINIMAL = 4.0  # giaouoc merge / minimal pipeline, end to end: at most
GOAL_VS_OPENPYXL = 8.0  # openpyxl-default merge / giaouoc merge: at least
GOAL_LINEAR = 1.3  # ms per file at the largest N / at 500: at most
GOAL_MEMORY_MB = 300.0  # peak of the parent and of the largest worker: at most
GOAL_MEMORY_FLAT = 1.25  # peak at the largest N / at the smallest N: at most
GOAL_REMERGE = 0.4  # re-merge after one new file / cold merge: at most
GOAL_PROVINCE = 1.15  # ms per file, N in blocs of 20 / N in the sample's 3 blocs: at most
GOAL_SIZE = 2000  # the size the ratio goals are stated for (else the largest size)

# --------------------------------------------------------------------------- measured commands

# Runs a module or a script as __main__ and writes its exit code and peak memory (KiB) to the
# report file: its own and that of its largest waited-for child (the worker processes). Its own
# is VmHWM where there is /proc: on Linux ru_maxrss survives exec, so a process started from
# this (larger) benchmark process would report at least the benchmark's own peak.
WRAPPER = """
import json, resource, runpy, sys, traceback


def own_peak_kb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


report, kind, target, *args = sys.argv[1:]
sys.argv = [target, *args]
code, crash = 0, ""
try:
    if kind == "module":
        runpy.run_module(target, run_name="__main__", alter_sys=True)
    else:
        runpy.run_path(target, run_name="__main__")
except SystemExit as exit_:
    code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
except BaseException as error:
    traceback.print_exc()
    code, crash = 3, f"{type(error).__name__}: {error}"
sys.stdout.flush()
with open(report, "w") as out:
    json.dump({
        "exit": code,
        "crash": crash,
        "self_kb": own_peak_kb(),
        "children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }, out)
sys.exit(code)
"""

# The baselines: read the three sheets of every file on 2 processes (calamine or openpyxl's
# default load), keep one plain row per file, write them with XlsxWriter on one sheet.
MINIMAL = '''
"""Minimal merge: ENGINE FOLDER OUT."""
import os
import sys
from concurrent.futures import ProcessPoolExecutor

SHEETS = ("Trường", "Chỉ tiêu", "_giaouoc")


def _cell(grid, row, col):
    return grid[row][col] if row < len(grid) and col < len(grid[row]) else None


def _row(path, grids):
    school, targets, meta = grids
    codes = [r[1] for r in targets[4:] if len(r) > 1 and r[1] not in (None, "")]
    return [
        os.path.basename(path),
        str(_cell(school, 1, 1)),
        str(_cell(school, 2, 1)),
        str(_cell(school, 4, 1)),
        str(_cell(meta, 2, 1)),
        str(_cell(meta, 4, 1))[:12],
        len(codes),
    ]


def read_calamine(path):
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(path)
    try:
        grids = [wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in SHEETS]
    finally:
        wb.close()
    return _row(path, grids)


def read_openpyxl(path):
    import openpyxl

    wb = openpyxl.load_workbook(path)
    try:
        grids = [[list(r) for r in wb[n].iter_rows(values_only=True)] for n in SHEETS]
    finally:
        wb.close()
    return _row(path, grids)


def main(engine, folder, out):
    import xlsxwriter

    paths = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        paths.extend(os.path.join(root, f) for f in sorted(files) if f.endswith(".xlsx"))
    read = read_calamine if engine == "calamine" else read_openpyxl
    with ProcessPoolExecutor(2) as pool:
        rows = list(pool.map(read, paths, chunksize=16))
    wb = xlsxwriter.Workbook(out)
    ws = wb.add_worksheet("Tổng hợp")
    ws.write_row(0, 0, ["Tệp", "Mã trường", "Tên trường", "Khối", "Giao ước", "Mẫu", "Chỉ tiêu"])
    for i, row in enumerate(rows, start=1):
        ws.write_row(i, 0, row)
    wb.close()
    print(len(rows))


if __name__ == "__main__":
    main(*sys.argv[1:4])
'''


def run_measured(root: Path, kind: str, target: str, args: list[str], label: str) -> dict[str, Any]:
    """Run ``target`` (a module or a script) in a fresh process through the wrapper: wall time,
    exit code, peak memory of the process and of its largest child, and its stdout."""
    report = root / "report.json"
    report.unlink(missing_ok=True)
    stdout_path = root / "stdout.txt"
    path = [str(REPO), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    with stdout_path.open("wb") as stdout:
        start = perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", WRAPPER, str(report), kind, target, *args],
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=env,
            check=False,
        )
        seconds = perf_counter() - start
    data = json.loads(report.read_text()) if report.exists() else {"exit": done.returncode}
    if data["exit"] not in (0, 1) or done.returncode not in (0, 1):
        tail = done.stderr.decode(errors="replace")[-2000:]
        raise RuntimeError(f"{label} failed (exit {done.returncode}): {data.get('crash')}\n{tail}")
    return {
        "seconds": seconds,
        "exit": data["exit"],
        "parent_mb": data["self_kb"] / 1024,
        "child_mb": data["children_kb"] / 1024,
        "stdout": stdout_path.read_text(encoding="utf-8"),
    }


def giaouoc_merge(root: Path, book: Path, folder: Path, out: Path, label: str) -> dict[str, Any]:
    """The real CLI, end to end; its JSON is checked for the expected statuses."""
    args = ["merge", str(book), str(folder), "--out", str(out), "--period", PERIOD.value]
    args += ["--jobs", str(JOBS), "--json"]
    run = run_measured(root, "module", "giaouoc_xl.cli", args, label)
    data = json.loads(run.pop("stdout"))
    schools: dict[str, int] = {}
    for school in data["schools"]:
        schools[school["status"]] = schools.get(school["status"], 0) + 1
    files: dict[str, int] = {}
    for file in data["files"]:
        files[file["status"]] = files.get(file["status"], 0) + 1
    run["schools"], run["files"] = schools, files
    run["findings"] = len(data["findings"])
    cache = cache_path(out)
    run["summary_mb"] = out.stat().st_size / 2**20 if out.exists() else 0.0
    run["cache_mb"] = cache.stat().st_size / 2**20 if cache.exists() else 0.0
    return run


def minimal_merge(
    root: Path, script: Path, engine: str, folder: Path, out: Path, label: str
) -> dict[str, Any]:
    run = run_measured(root, "path", str(script), [engine, str(folder), str(out)], label)
    run["rows"] = int(run.pop("stdout").strip() or 0)
    return run


# --------------------------------------------------------------------------- 1. the files


def big_roster(compact: Compact, n: int) -> Compact:
    """The sample's roster repeated up to ``n`` schools, each with its own code and name (the
    blocs are kept: K-MN, K-TH, K-THCS)."""
    schools = (list(compact.schools) * (n // len(compact.schools) + 1))[:n]
    return compact.model_copy(
        update={
            "schools": tuple(
                s.model_copy(update={"code": f"{i:05d}", "name": f"{s.name} {i}"})
                for i, s in enumerate(schools)
            )
        }
    )


def province(compact: Compact, size: int = 20) -> Compact:
    """The same schools in blocs of ``size``, one school level per bloc (a province's clusters
    of schools): N = 2000 gives about 100 blocs."""
    order = {s.code: i for i, s in enumerate(compact.schools)}
    by_level = sorted(compact.schools, key=lambda s: ([lv.value for lv in s.levels], order[s.code]))
    blocs: list[Bloc] = []
    schools = []
    for levels, members in itertools.groupby(by_level, key=lambda s: s.levels):
        group = list(members)
        name = "-".join(lv.value for lv in levels)
        for number, start in enumerate(range(0, len(group), size), start=1):
            code = f"{name}-{number:03d}"
            blocs.append(Bloc(code=code, name=f"Cụm thi đua {name} số {number}"))
            schools += [s.model_copy(update={"bloc": code}) for s in group[start : start + size]]
    schools.sort(key=lambda s: order[s.code])
    return compact.model_copy(update={"blocs": tuple(blocs), "schools": tuple(schools)})


def with_mistake(compact: Compact, index: int, answers: Any) -> bool:
    """Every ``MISTAKE_EVERY``-th school registers its first at-least percent 5 points below
    the threshold (an error: the school is listed with errors, not ranked)."""
    if index % MISTAKE_EVERY != MISTAKE_EVERY - 1:
        return False
    school = compact.schools[index]
    for target, threshold in school_targets(compact, school):
        if (
            target.kind is ValueKind.PERCENT
            and target.direction is Direction.AT_LEAST
            and float(threshold) >= 10
            and "registration" in answers.targets.get(target.code, {})
        ):
            answers.targets[target.code]["registration"] = float(threshold) - 5
            return True
    return False


_FILL: dict[str, Any] = {}  # per worker process: the big roster, output dir, generated_at


def _init_fill(n: int, outdir: str, generated_at: datetime, spread: bool = False) -> None:
    _FILL.update(
        compact=big_roster(sample(SAMPLE), n), outdir=outdir, generated_at=generated_at,
        spread=spread,
    )  # fmt: skip


def with_shortfalls(compact: Compact, index: int, answers: Any) -> int:
    """Lower the result of a few numeric targets of school ``index`` below what it registered
    (0 to 5 of them, chosen by the index), as a year's results really fall: the totals spread
    and ties are a few schools, not the whole bloc. How many were lowered."""
    rng = random.Random(index)
    numeric = [
        t for t in compact.targets
        if t.kind in (ValueKind.PERCENT, ValueKind.COUNT)
        and t.direction in (Direction.AT_LEAST, Direction.AT_MOST)
        and t.code in answers.targets and f"result:{PERIOD.value}" in answers.targets[t.code]
    ]  # fmt: skip
    lowered = rng.sample(numeric, min(len(numeric), rng.randint(0, 5)))
    for target in lowered:
        typed = answers.targets[target.code]
        registered = float(typed.get("registration", typed[f"result:{PERIOD.value}"]))
        worse = registered - 2 if target.direction is Direction.AT_LEAST else registered + 2
        if target.kind is ValueKind.PERCENT:
            worse = min(100.0, worse)
        typed[f"result:{PERIOD.value}"] = max(0.0, worse)
    return len(lowered)


def _write_filled(index: int) -> tuple[str, bool]:
    compact: Compact = _FILL["compact"]
    school = compact.schools[index]
    answers = clean_answers(compact, school, PERIOD, seed=index)
    if _FILL["spread"]:
        with_shortfalls(compact, index, answers)
    mistake = with_mistake(compact, index, answers)
    path = Path(_FILL["outdir"]) / school_file_name(school.code, school.name)
    render_school_workbook(compact, school, path, _FILL["generated_at"], answers)
    return path.name, mistake


def generate(n: int, outdir: Path, generated_at: datetime, spread: bool = False) -> dict[str, Any]:
    """Write the submissions of schools 0 .. n-1 of the big roster on ``JOBS`` processes; with
    ``spread``, each school falls short of a few of its targets (:func:`with_shortfalls`)."""
    outdir.mkdir(parents=True, exist_ok=True)
    start = perf_counter()
    with ProcessPoolExecutor(
        JOBS, initializer=_init_fill, initargs=(n, str(outdir), generated_at, spread)
    ) as pool:
        results = list(pool.map(_write_filled, range(n), chunksize=max(1, n // (JOBS * 16))))
    return {
        "names": [name for name, _ in results],
        "mistakes": [i for i, (_, mistake) in enumerate(results) if mistake],
        "seconds": perf_counter() - start,
    }


def link_folder(files: Path, names: list[str], folder: Path) -> None:
    """``folder`` with hard links to ``names`` of ``files`` (the same bytes for every size)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        os.link(files / name, folder / name)


# --------------------------------------------------------------------------- 2. and 3. merging


def _best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Best time and highest memory of repeated runs (plus the first run's other figures)."""
    best = dict(min(runs, key=lambda r: r["seconds"]))
    best["parent_mb"] = max(r["parent_mb"] for r in runs)
    best["child_mb"] = max(r["child_mb"] for r in runs)
    best["peak_mb"] = max(best["parent_mb"], best["child_mb"])
    best["all_seconds"] = [r["seconds"] for r in runs]
    return best


def measure(args: argparse.Namespace, root: Path, compact: Compact) -> dict[str, Any]:
    sizes: list[int] = args.sizes
    largest = max(sizes)
    remerge_size = GOAL_SIZE if GOAL_SIZE in sizes else largest
    generated_at = datetime(2026, 1, 1, tzinfo=UTC)

    big = big_roster(compact, largest + 1)
    problems = rule_findings(big)
    if problems:
        raise RuntimeError(f"the big roster is not a valid compact: {problems[:3]}")
    if args.files is not None:  # a folder of files an earlier run wrote (--out DIR/files)
        files = args.files
        names = [school_file_name(s.code, s.name) for s in big.schools[: largest + 1]]
        missing = [n for n in names if not (files / n).exists()]
        if missing:
            raise RuntimeError(f"{files} lacks {len(missing)} files, e.g. {missing[0]}")
        generation = {"names": names, "mistakes": [], "seconds": 0.0, "reused": str(files)}
    else:
        print(f"  writing {largest + 1} filled submissions on {JOBS} processes...", file=sys.stderr)
        files = root / "files"
        generation = generate(largest + 1, files, generated_at)
        names = generation["names"]

    script = root / "minimal_merge.py"
    script.write_text(MINIMAL, encoding="utf-8")
    books: dict[int, Path] = {}
    folders: dict[int, Path] = {}
    for n in sizes:
        books[n] = write_compact_book(
            big.model_copy(update={"schools": big.schools[: n + 1]}), root / f"book-{n}.xlsx"
        )
        folders[n] = root / f"n{n}"
        link_folder(files, names[:n], folders[n])
    # The province: the same files of the re-merge size, its schools in blocs of 20.
    provincial = province(big.model_copy(update={"schools": big.schools[: remerge_size + 1]}))
    province_book = write_compact_book(provincial, root / f"book-{remerge_size}-province.xlsx")

    out_dir = root / "out"
    out_dir.mkdir()

    # Warm-up: the first runs pay for compiling .pyc files and for a cold disk cache.
    smallest = min(sizes)
    print("  warm-up runs...", file=sys.stderr)
    giaouoc_merge(root, books[smallest], folders[smallest], out_dir / "warm-up.xlsx", "warm-up")
    for engine in ("calamine", "openpyxl"):
        minimal_merge(
            root, script, engine, folders[smallest], out_dir / f"warm-up-{engine}.xlsx", "warm-up"
        )

    results: dict[int, dict[str, Any]] = {}
    for n in sizes:
        runs: dict[str, list[dict[str, Any]]] = {"giaouoc": [], "minimal": [], "openpyxl": []}
        warm_runs: list[dict[str, Any]] = []
        province_runs: list[dict[str, Any]] = []
        use_openpyxl = n <= args.openpyxl_max
        for r in range(args.repeat):
            print(f"  N={n}: repetition {r + 1}/{args.repeat}...", file=sys.stderr)
            out = out_dir / f"n{n}-r{r}" / "summary.xlsx"
            out.parent.mkdir()
            order = (
                ["giaouoc", "minimal", "openpyxl"]
                if r % 2 == 0
                else ["openpyxl", "minimal", "giaouoc"]
            )
            for method in order:
                if method == "giaouoc":
                    runs[method].append(
                        giaouoc_merge(root, books[n], folders[n], out, f"giaouoc merge N={n}")
                    )
                elif method == "minimal":
                    runs[method].append(
                        minimal_merge(
                            root,
                            script,
                            "calamine",
                            folders[n],
                            out.with_name("minimal.xlsx"),
                            f"minimal N={n}",
                        )
                    )
                elif use_openpyxl:
                    runs[method].append(
                        minimal_merge(
                            root,
                            script,
                            "openpyxl",
                            folders[n],
                            out.with_name("openpyxl.xlsx"),
                            f"openpyxl N={n}",
                        )
                    )
            if n == remerge_size:
                province_runs.append(
                    giaouoc_merge(
                        root,
                        province_book,
                        folders[n],
                        out.with_name("province.xlsx"),
                        f"province N={n}",
                    )
                )
                # One more school returns its workbook: merge again into the same --out.
                extra = folders[n] / names[n]
                os.link(files / names[n], extra)
                try:
                    warm_runs.append(
                        giaouoc_merge(root, books[n], folders[n], out, f"re-merge N={n}+1")
                    )
                finally:
                    extra.unlink()
        entry: dict[str, Any] = {
            "files": n,
            "roster": n + 1,
            "mistakes": sum(1 for i in generation["mistakes"] if i < n),
            "giaouoc": _best(runs["giaouoc"]),
            "minimal": _best(runs["minimal"]),
        }
        if runs["openpyxl"]:
            entry["openpyxl"] = _best(runs["openpyxl"])
        if warm_runs:
            entry["remerge"] = _best(warm_runs)
        if province_runs:
            entry["province"] = _best(province_runs)
            entry["province"]["blocs"] = len(provincial.blocs)
        results[n] = entry

    _extrapolate_openpyxl(results)
    return {
        "generation": {
            "files": len(names),
            "mistakes": len(generation["mistakes"]),
            "seconds": generation["seconds"],
            "reused": generation.get("reused", ""),
        },
        "remerge_size": remerge_size,
        "sizes": {str(n): results[n] for n in sizes},
    }


def _extrapolate_openpyxl(results: dict[int, dict[str, Any]]) -> None:
    """Sizes above ``--openpyxl-max``: a line through the two largest measured sizes (or
    through the origin when only one was measured)."""
    measured = sorted(n for n, e in results.items() if "openpyxl" in e)
    if not measured:
        return
    for n, entry in results.items():
        if "openpyxl" in entry:
            entry["openpyxl"]["extrapolated"] = False
            continue
        if len(measured) >= 2:
            a, b = measured[-2], measured[-1]
            ta, tb = (results[m]["openpyxl"]["seconds"] for m in (a, b))
            seconds = tb + (n - b) * (tb - ta) / (b - a)
            basis = f"extrapolated linearly from N={a} and N={b}"
        else:
            b = measured[-1]
            seconds = results[b]["openpyxl"]["seconds"] * n / b
            basis = f"extrapolated linearly from N={b}"
        entry["openpyxl"] = {"seconds": seconds, "extrapolated": True, "basis": basis}


# --------------------------------------------------------------------------- profile


def profile(root: Path, compact: Compact, n: int, jobs: int, top: int) -> str:
    """cProfile of the in-process ``merge`` + ``write_summary`` of the size-``n`` folder
    (``jobs=1`` profiles the reading and checking too; with more, only the parent)."""
    import cProfile
    import io
    import pstats

    from giaouoc_xl.jobs.merge import merge
    from giaouoc_xl.workbooks.summary import write_summary

    book = big_roster(compact, n + 1)
    profiler = cProfile.Profile()
    profiler.enable()
    result = merge(book, root / f"n{n}", PERIOD, jobs=jobs, cache=None)
    write_summary(result, root / "out" / "profile.xlsx")
    profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(top)
    return text.getvalue()


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


def _derive(figures: dict[str, Any]) -> dict[str, Any]:
    """Ratios, ms per file, memory slope and the whole-country estimate."""
    sizes = sorted(int(n) for n in figures["sizes"])
    by = {n: figures["sizes"][str(n)] for n in sizes}
    largest, smallest = sizes[-1], sizes[0]
    ref = GOAL_SIZE if GOAL_SIZE in sizes else largest
    base = 500 if 500 in sizes and largest != 500 else (sizes[-2] if len(sizes) > 1 else largest)
    per_file = {n: 1000 * by[n]["giaouoc"]["seconds"] / n for n in sizes}
    marginal = {
        b: 1000 * (by[b]["giaouoc"]["seconds"] - by[a]["giaouoc"]["seconds"]) / (b - a)
        for a, b in itertools.pairwise(sizes)
    }
    peak = {n: by[n]["giaouoc"]["peak_mb"] for n in sizes}
    slope = (
        (peak[largest] - peak[smallest]) / (largest - smallest) * 1000
        if largest > smallest
        else 0.0
    )
    derived: dict[str, Any] = {
        "ref_size": ref,
        "linear_base": base,
        "ms_per_file": {str(n): per_file[n] for n in sizes},
        "marginal_ms_per_file": {str(n): v for n, v in marginal.items()},
        "ratio_vs_minimal": by[ref]["giaouoc"]["seconds"] / by[ref]["minimal"]["seconds"],
        "ratio_linear": per_file[largest] / per_file[base],
        "peak_mb": {str(n): peak[n] for n in sizes},
        "max_peak_mb": max(peak.values()),
        "ratio_memory": peak[largest] / peak[smallest],
        "mb_per_1000_files": slope,
        "country_schools": COUNTRY,
        "country_seconds": per_file[largest] * COUNTRY / 1000,
        "country_peak_mb": peak[largest] + slope * (COUNTRY - largest) / 1000,
    }
    if "openpyxl" in by[ref]:
        derived["ratio_openpyxl"] = by[ref]["openpyxl"]["seconds"] / by[ref]["giaouoc"]["seconds"]
    rs = figures["remerge_size"]
    if "remerge" in by[rs]:
        derived["ratio_remerge"] = by[rs]["remerge"]["seconds"] / by[rs]["giaouoc"]["seconds"]
    if "province" in by[rs]:
        derived["ratio_province"] = by[rs]["province"]["seconds"] / by[rs]["giaouoc"]["seconds"]
    return derived


def _goals(figures: dict[str, Any]) -> list[tuple[bool, str]]:
    d = figures["derived"]
    ref, largest, base = d["ref_size"], max(map(int, figures["sizes"])), d["linear_base"]
    goals = [
        (
            d["ratio_vs_minimal"] <= GOAL_VS_MINIMAL,
            f"giaouoc merge of {ref} / minimal pipeline, end to end = "
            f"{d['ratio_vs_minimal']:.2f}× (goal ≤ {GOAL_VS_MINIMAL:g}×)",
        )
    ]
    if "ratio_openpyxl" in d:
        extrapolated = figures["sizes"][str(ref)]["openpyxl"]["extrapolated"]
        goals.append(
            (
                d["ratio_openpyxl"] >= GOAL_VS_OPENPYXL,
                f"openpyxl-default merge{' (extrapolated)' if extrapolated else ''} / giaouoc "
                f"merge of {ref} = {d['ratio_openpyxl']:.1f}× (goal ≥ {GOAL_VS_OPENPYXL:g}×)",
            )
        )
    ms = d["ms_per_file"]
    steps = list(d["marginal_ms_per_file"].values())
    marginal = (
        f"; marginal ms per file {' → '.join(f'{v:.2f}' for v in steps)}" if len(steps) > 1 else ""
    )
    goals.append(
        (
            d["ratio_linear"] <= GOAL_LINEAR,
            f"ms per file at N={largest} / at N={base} = {ms[str(largest)]:.2f} / "
            f"{ms[str(base)]:.2f} = {d['ratio_linear']:.2f} (goal ≤ {GOAL_LINEAR:g}){marginal}",
        )
    )
    goals.append(
        (
            d["max_peak_mb"] <= GOAL_MEMORY_MB,
            f"peak memory (parent or largest worker) {d['max_peak_mb']:.0f} MB "
            f"(goal ≤ {GOAL_MEMORY_MB:g} MB)",
        )
    )
    smallest = min(map(int, figures["sizes"]))
    goals.append(
        (
            d["ratio_memory"] <= GOAL_MEMORY_FLAT,
            f"peak memory at N={largest} / at N={smallest} = {d['ratio_memory']:.2f} "
            f"(+{d['mb_per_1000_files']:.1f} MB per 1000 files; goal ≤ {GOAL_MEMORY_FLAT:g}, flat)",
        )
    )
    if "ratio_province" in d:
        rs = figures["remerge_size"]
        blocs = figures["sizes"][str(rs)]["province"]["blocs"]
        goals.append(
            (
                d["ratio_province"] <= GOAL_PROVINCE,
                f"ms per file, {rs} schools in {blocs} blocs of 20 / in 3 blocs = "
                f"{d['ratio_province']:.2f} (goal ≤ {GOAL_PROVINCE:g}: does not grow with blocs)",
            )
        )
    if "ratio_remerge" in d:
        goals.append(
            (
                d["ratio_remerge"] <= GOAL_REMERGE,
                f"re-merge after one new file of {figures['remerge_size']} / cold merge = "
                f"{d['ratio_remerge']:.2f} (goal ≤ {GOAL_REMERGE:g})",
            )
        )
    return goals


def _statuses(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


def _lines(figures: dict[str, Any]) -> Iterator[str]:
    v, g, d = figures["versions"], figures["generation"], figures["derived"]
    sizes = sorted(int(n) for n in figures["sizes"])
    by = {n: figures["sizes"][str(n)] for n in sizes}
    yield "giaouoc_xl merge benchmark"
    yield (
        f"  giaouoc_xl {v['giaouoc_xl']} ({REPO}), Python {v['python']}, {v['platform']}, "
        f"{v['cpus']} CPUs; python-calamine {v['python-calamine']}, openpyxl {v['openpyxl']}, "
        f"XlsxWriter {v['XlsxWriter']}"
    )
    yield ""
    yield f"1. Submissions ({SAMPLE}, its {figures['sample_schools']} schools cycled)"
    if g.get("reused"):
        yield f"   {g['files']} filled year-end workbooks written by an earlier run ({g['reused']})"
    else:
        yield (
            f"   {g['files']} filled year-end workbooks ({g['mistakes']} with a registration "
            f"below its threshold), written in {g['seconds']:.1f} s on {JOBS} processes "
            f"({1000 * g['seconds'] / g['files']:.1f} ms per workbook, informational)"
        )
    yield "   size N: a folder of the first N files, a compact book of the first N+1 schools"
    yield ""
    yield (
        f"2. Merging, end to end: each command in its own process (start-up included), "
        f"{JOBS} processes, best of {figures['repeat']} runs"
    )
    yield f"   {'N':>6} {'method':<24} {'seconds':>8} {'ms/file':>8} {'parent MB':>10} {'worker MB':>10}"
    for n in sizes:
        e = by[n]
        for key, label in (
            ("giaouoc", "giaouoc merge (CLI)"),
            ("minimal", "minimal (calamine)"),
            ("openpyxl", "openpyxl-default"),
            ("province", "giaouoc, blocs of 20"),
        ):
            if key not in e:
                continue
            m = e[key]
            if m.get("extrapolated"):
                yield (
                    f"   {n:>6} {label:<24} {m['seconds']:>8.2f} {1000 * m['seconds'] / n:>8.2f}"
                    f"   ({m['basis']})"
                )
                continue
            yield (
                f"   {n:>6} {label:<24} {m['seconds']:>8.2f} {1000 * m['seconds'] / n:>8.2f} "
                f"{m['parent_mb']:>10.0f} {m['child_mb']:>10.0f}"
            )
        gm = e["giaouoc"]
        yield (
            f"   {'':>6} schools: {_statuses(gm['schools'])}; files: {_statuses(gm['files'])}; "
            f"{gm['findings']} findings; summary {gm['summary_mb']:.2f} MB, "
            f"cache {gm['cache_mb']:.2f} MB"
        )
    yield ""
    ref = d["ref_size"]
    yield f"   giaouoc merge / minimal pipeline at N={ref}: {d['ratio_vs_minimal']:.2f}×"
    if "ratio_openpyxl" in d:
        yield f"   openpyxl-default / giaouoc merge at N={ref}: {d['ratio_openpyxl']:.1f}×"
    yield "   marginal ms per file (time added per file from the previous size):"
    for n, value in d["marginal_ms_per_file"].items():
        yield f"     up to N={n}: {value:.2f} ms"
    yield (
        "   peak memory per size (MB): "
        + ", ".join(f"N={n}: {p:.0f}" for n, p in d["peak_mb"].items())
    )
    rs = figures["remerge_size"]
    if "remerge" in by[rs]:
        w, c = by[rs]["remerge"], by[rs]["giaouoc"]
        yield ""
        yield f"3. Re-merge after one new file (N={rs} + 1, the same --out and its cache)"
        yield (
            f"   cold {c['seconds']:.2f} s, re-merge {w['seconds']:.2f} s = "
            f"{d['ratio_remerge']:.2f} of the cold merge; schools: {_statuses(w['schools'])}"
        )
    largest = sizes[-1]
    yield ""
    yield f"4. The whole country (about {COUNTRY:,} schools) on one such machine"
    yield (
        f"   {d['ms_per_file'][str(largest)]:.2f} ms per file (N={largest}) × {COUNTRY:,} = "
        f"{d['country_seconds']:.0f} s ({d['country_seconds'] / 60:.1f} min) for a cold merge"
    )
    yield (
        f"   peak memory, extrapolated linearly from N={sizes[0]} and N={largest}: "
        f"{d['country_peak_mb']:.0f} MB"
    )
    if "ratio_remerge" in d:
        yield (
            f"   a re-merge after a few new files, at the ratio above: about "
            f"{d['country_seconds'] * d['ratio_remerge']:.0f} s"
        )
    yield ""
    yield f"Summary ({v['cpus']} CPUs, sizes {', '.join(map(str, sizes))})"
    for passed, text in figures["goals"]:
        yield f"  [{'PASS' if passed else 'MISS'}] {text}"
    if figures.get("profile"):
        yield ""
        yield figures["profile"]


# --------------------------------------------------------------------------- main


def _sizes(text: str) -> list[int]:
    sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes are positive integers, e.g. 60,500,2000")
    return sizes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", type=_sizes, default=[60, 500, 2000], help="submission counts (60,500,2000)"
    )
    parser.add_argument("--n10000", action="store_true", help="add N=10000 to the sizes")
    parser.add_argument("--repeat", type=int, default=2, help="runs per measure (best is kept)")
    parser.add_argument(
        "--openpyxl-max", type=int, default=500, help="largest N merged with openpyxl"
    )
    parser.add_argument(
        "--profile", action="store_true", help="append a cProfile of the largest merge"
    )
    parser.add_argument("--profile-jobs", type=int, default=1, help="jobs of the profiled merge")
    parser.add_argument("--out", type=Path, help="keep the files in DIR (default: a temp dir)")
    parser.add_argument(
        "--files", type=Path, help="reuse the submissions an earlier --out DIR kept (DIR/files)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.n10000:
        args.sizes = sorted({*args.sizes, 10_000})
    if args.repeat < 1 or args.openpyxl_max < 1:
        parser.error("--repeat and --openpyxl-max must be at least 1")

    compact = sample(SAMPLE)
    root_context: contextlib.AbstractContextManager[Any] = (
        contextlib.nullcontext(str(args.out))
        if args.out is not None
        else tempfile.TemporaryDirectory(prefix="giaouoc-bench-merge-")
    )
    with root_context as root_name:
        root = Path(root_name)
        root.mkdir(parents=True, exist_ok=True)
        if any(root.iterdir()):
            parser.error(f"--out {root} is not empty")
        print(f"bench_merge: files in {root}", file=sys.stderr)
        figures: dict[str, Any] = {
            "versions": _versions(),
            "sample_schools": len(compact.schools),
            "repeat": args.repeat,
            **measure(args, root, compact),
        }
        if args.profile:
            n = max(args.sizes)
            print(f"  profiling merge + write_summary of N={n}...", file=sys.stderr)
            figures["profile"] = (
                f"cProfile: merge(jobs={args.profile_jobs}) + write_summary, N={n}, "
                f"by cumulative time\n" + profile(root, compact, n, args.profile_jobs, 30)
            )
    figures["derived"] = _derive(figures)
    figures["goals"] = _goals(figures)
    if args.json:
        out = dict(figures)
        out["goals"] = [{"passed": p, "goal": text} for p, text in figures["goals"]]
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print("\n".join(_lines(figures)))


if __name__ == "__main__":
    main()
