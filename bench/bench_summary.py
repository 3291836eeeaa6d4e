"""Benchmark of the summary writer against XlsxWriter's own cost of writing the same workbook.

Run from the repository root::

    python bench/bench_summary.py [--n 2000] [--repeat 3] [--files DIR] [--json]

Every figure is measured in the same run, on the same merge result, and reported as a ratio, so
the report does not depend on how fast the machine is. Nothing is asserted.

1. ``N`` filled year-end submissions are written (as ``bench_merge.py`` writes them; ``--files``
   reuses a folder of them) and merged once, in this process, twice: the district model (the
   sample's three blocs of about N/3 schools) and the province model (the same schools in blocs of
   20, one level per bloc: 100 blocs for N = 2000).
2. ``render_summary`` is timed (best of ``--repeat``).
3. The floor: every call the summary writer makes on XlsxWriter (workbook, sheets, formats,
   charts; the documents' sheets too, of XlsxWriter's Worksheet subclassed) is recorded once,
   then replayed into a new workbook with no logic of ours between the calls; the replay must
   write the same workbook, part for part (said when it does not). The replay's own dispatch (the same calls on objects that do nothing) is measured
   too and taken off, so the floor is what XlsxWriter alone costs to write these cells.
4. The ratio ``render_summary / floor``, for both models, and the time per school of the province
   against the district (it must not grow with the number of blocs).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import gc
import json
import sys
import tempfile
import tracemalloc
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from time import perf_counter
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

import xlsxwriter  # noqa: E402
from bench_merge import JOBS, PERIOD, SAMPLE, big_roster, generate, province  # noqa: E402

from giaouoc_xl.core.results import MergeResult  # noqa: E402
from giaouoc_xl.core.samples import sample  # noqa: E402
from giaouoc_xl.jobs.merge import merge  # noqa: E402
from giaouoc_xl.workbooks.summary import render_summary  # noqa: E402

GOAL_VS_FLOOR = 1.3  # render_summary / XlsxWriter writing the same calls: at most
GOAL_PROVINCE = 1.15  # time per school, 100 blocs of 20 / 3 blocs: at most (does not grow)
WHEN = datetime(2021, 6, 1)

# --------------------------------------------------------------------------- record and replay


class Ref:
    """An XlsxWriter object of the recording, by number (the workbook is 0)."""

    __slots__ = ("oid",)

    def __init__(self, oid: int) -> None:
        self.oid = oid


class Recording:
    def __init__(self) -> None:
        self.calls: list[tuple[int, str, Any, Any, int | None]] = []
        self.options: dict[str, Any] = {}
        self.count = 1


def _encode(value: Any) -> Any:
    if isinstance(value, _Proxy):
        return Ref(value._oid)
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_encode(v) for v in value)
    return value


def _real(value: Any) -> Any:
    if isinstance(value, _Proxy):
        return value._real
    if isinstance(value, dict):
        return {k: _real(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_real(v) for v in value)
    return value


def _xlsxwriter_object(value: Any) -> bool:
    """An object of XlsxWriter's classes or of a subclass of ours (the documents' worksheet,
    ``DocumentSheet``): its calls are XlsxWriter's work, recorded and replayed."""
    return any(cls.__module__.startswith("xlsxwriter.") for cls in type(value).__mro__)


def parts(path: Path) -> dict[str, bytes]:
    """A workbook's parts, save-time noise left out (the creation date in docProps/core.xml)."""
    with zipfile.ZipFile(path) as package:
        return {n: package.read(n) for n in package.namelist() if n != "docProps/core.xml"}


class _Proxy:
    """Stands for an XlsxWriter object: calls it, and records each call with its arguments."""

    def __init__(self, real: Any, recording: Recording, oid: int) -> None:
        self._real, self._recording, self._oid = real, recording, oid

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._real, name)
        if not callable(attribute):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            result = attribute(*_real(args), **_real(kwargs))
            rid = None
            if result is not None and _xlsxwriter_object(result):
                rid = self._recording.count
                self._recording.count += 1
                result = _Proxy(result, self._recording, rid)
            self._recording.calls.append((self._oid, name, _encode(args), _encode(kwargs), rid))
            return result

        return call


@contextlib.contextmanager
def recording_workbooks(recording: Recording) -> Iterator[None]:
    """While inside, ``xlsxwriter.Workbook(...)`` gives a recording proxy."""
    original = xlsxwriter.Workbook

    def make(filename: str, options: dict[str, Any] | None = None) -> _Proxy:
        recording.options = copy.deepcopy(options or {})  # XlsxWriter changes what it is given
        return _Proxy(original(filename, options), recording, 0)

    xlsxwriter.Workbook = make  # type: ignore[misc,assignment]
    try:
        yield
    finally:
        xlsxwriter.Workbook = original  # type: ignore[misc]


def _resolve(value: Any, objects: dict[int, Any]) -> Any:
    if isinstance(value, Ref):
        return objects[value.oid]
    if isinstance(value, dict):
        return {k: _resolve(v, objects) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_resolve(v, objects) for v in value)
    return value


def _compiled(recording: Recording) -> list[tuple[int, str, Any, Any, int | None, bool]]:
    """The calls, each marked whether its arguments hold objects to resolve."""

    def has_ref(value: Any) -> bool:
        if isinstance(value, Ref):
            return True
        if isinstance(value, dict):
            return any(has_ref(v) for v in value.values())
        if isinstance(value, (list, tuple)):
            return any(has_ref(v) for v in value)
        return False

    return [(o, n, a, k, r, has_ref(a) or has_ref(k)) for o, n, a, k, r in recording.calls]


class _Nothing:
    """An object whose every method does nothing and returns another such object."""

    def __getattr__(self, name: str) -> Any:
        return _nothing

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self


_nothing = _Nothing()


def replay(recording: Recording, calls: list[Any], output: Path | None) -> float:
    """Seconds to make the recorded calls again: into a real workbook at ``output``, or (None)
    on objects that do nothing, which measures the replay's own dispatch."""
    gc.collect()
    start = perf_counter()
    workbook: Any = (
        xlsxwriter.Workbook(str(output), copy.deepcopy(recording.options)) if output else _nothing
    )
    objects: dict[int, Any] = {0: workbook}
    for oid, name, args, kwargs, rid, refs in calls:
        if refs:
            args, kwargs = _resolve(args, objects), _resolve(kwargs, objects)
        result = getattr(objects[oid], name)(*args, **kwargs)
        if rid is not None:
            objects[rid] = result
    return perf_counter() - start


# --------------------------------------------------------------------------- measures


def timed_render(result: MergeResult, output: Path) -> float:
    gc.collect()
    start = perf_counter()
    render_summary(result, output, WHEN)
    return perf_counter() - start


def measure_model(result: MergeResult, root: Path, repeat: int, label: str) -> dict[str, Any]:
    print(f"  {label}: render, record, replay ({repeat}×)...", file=sys.stderr)
    recording = Recording()
    with recording_workbooks(recording):
        render_summary(result, root / f"{label}-recorded.xlsx", WHEN)
    calls = _compiled(recording)
    renders, replays, dispatch = [], [], []
    for r in range(repeat):
        renders.append(timed_render(result, root / f"{label}-render-{r}.xlsx"))
        replays.append(replay(recording, calls, root / f"{label}-replay-{r}.xlsx"))
        dispatch.append(replay(recording, calls, None))
    same = parts(root / f"{label}-render-0.xlsx") == parts(root / f"{label}-replay-0.xlsx")
    if not same:  # the floor would not be the cost of this workbook
        print(f"  {label}: the replay did not write the same workbook", file=sys.stderr)
    tracemalloc.start()
    render_summary(result, root / f"{label}-memory.xlsx", WHEN)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    render, floor = min(renders), min(replays) - min(dispatch)
    schools = len(result.schools)
    return {
        "schools": schools,
        "blocs": len(result.compact.blocs),
        "calls": len(calls),
        "replay_same": same,
        "render_seconds": render,
        "replay_seconds": min(replays),
        "dispatch_seconds": min(dispatch),
        "floor_seconds": floor,
        "ratio": render / floor,
        "ms_per_school": 1000 * render / schools,
        "render_peak_mb": peak / 2**20,
        "summary_mb": (root / f"{label}-render-0.xlsx").stat().st_size / 2**20,
    }


def merged(compact: Any, folder: Path) -> MergeResult:
    return merge(compact, folder, PERIOD, jobs=JOBS, cache=None)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="submissions (2000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure (best is kept)")
    parser.add_argument("--files", type=Path, help="a folder of bench_merge's files to reuse")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    compact = big_roster(sample(SAMPLE), args.n)
    with tempfile.TemporaryDirectory(prefix="giaouoc-bench-summary-") as work:
        root = Path(work)
        folder = args.files
        if folder is None:
            folder = root / "files"
            print(f"  writing {args.n} filled submissions...", file=sys.stderr)
            generate(args.n, folder, datetime(2026, 1, 1, tzinfo=UTC))
        print("  merging (district, province)...", file=sys.stderr)
        district = merged(compact, folder)
        provincial = merged(province(compact), folder)
        if len(district.schools) != args.n:
            raise RuntimeError(f"expected {args.n} schools, got {len(district.schools)}")
        figures = {
            "district": measure_model(district, root, args.repeat, "district"),
            "province": measure_model(provincial, root, args.repeat, "province"),
        }
    d, p = figures["district"], figures["province"]
    figures["province_vs_district"] = p["ms_per_school"] / d["ms_per_school"]
    goals = [
        (
            d["ratio"] <= GOAL_VS_FLOOR,
            f"summary of {d['schools']} schools in {d['blocs']} blocs / XlsxWriter floor = "
            f"{d['ratio']:.2f}× (goal ≤ {GOAL_VS_FLOOR:g}×)",
        ),
        (
            p["ratio"] <= GOAL_VS_FLOOR,
            f"summary of {p['schools']} schools in {p['blocs']} blocs / XlsxWriter floor = "
            f"{p['ratio']:.2f}× (goal ≤ {GOAL_VS_FLOOR:g}×)",
        ),
        (
            figures["province_vs_district"] <= GOAL_PROVINCE,
            f"time per school, {p['blocs']} blocs / {d['blocs']} blocs = "
            f"{figures['province_vs_district']:.2f} (goal ≤ {GOAL_PROVINCE:g}: does not grow)",
        ),
    ]
    if args.json:
        figures["goals"] = [{"passed": ok, "goal": text} for ok, text in goals]
        print(json.dumps(figures, indent=2, ensure_ascii=False))
        return
    print("giaouoc_xl summary benchmark (one process, the same merge result)")
    print(
        f"   {'model':<10} {'schools':>7} {'blocs':>5} {'calls':>9} {'render s':>9} "
        f"{'floor s':>8} {'ratio':>6} {'ms/school':>9} {'peak MB':>8} {'file MB':>8}"
    )
    for label, m in figures.items():
        if not isinstance(m, dict):
            continue
        print(
            f"   {label:<10} {m['schools']:>7} {m['blocs']:>5} {m['calls']:>9} "
            f"{m['render_seconds']:>9.2f} {m['floor_seconds']:>8.2f} {m['ratio']:>6.2f} "
            f"{m['ms_per_school']:>9.2f} {m['render_peak_mb']:>8.1f} {m['summary_mb']:>8.2f}"
        )
    print("   floor = replay of the same XlsxWriter calls minus the replay's own dispatch")
    print("Summary")
    for ok, text in goals:
        print(f"  [{'PASS' if ok else 'MISS'}] {text}")


if __name__ == "__main__":
    main()
