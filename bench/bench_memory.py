"""What one file costs a worker in memory: the budget of the workers' memory ceiling, measured.

Run from the repository root::

    python bench/bench_memory.py [--json]

Each file is examined in a fresh process set up as a merge's worker is (the same memory ceiling,
:data:`giaouoc_xl.jobs.file_job.MAX_MEMORY_PER_WORKER` beyond what the process had at start),
and the process reports its peak address space and peak resident memory above that start.
The files:

- the largest legitimate sheets the guard lets through (20,000 rows × 100 columns = 2 million
  cells, the guard's cell limit) in every format read: .xlsx, .xls, .xlsb, .ods;
- the demo's real submissions (the usual case);
- hostile files that only the ceiling stops (a compound file whose FAT loops makes
  python-calamine grow a buffer without end; without the ceiling it took 24 GB here).

Nothing is asserted: the script prints the table for the README.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PROBE = r"""
import json, os, sys, time
sys.path.insert(0, {root!r})
from giaouoc_xl.core.samples import sample
from giaouoc_xl.jobs import file_job
from giaouoc_xl.jobs.isolation import _limit_memory
from giaouoc_xl.workbooks.intake.native import LOG_DIR_ENV

def status(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) * 1024

compact = sample("thanh-ba-2020-2021")
os.environ["RUST_BACKTRACE"] = "0"
os.environ[LOG_DIR_ENV] = sys.argv[2]
start_size, start_rss = status("VmSize"), status("VmRSS")
_limit_memory(file_job.MAX_MEMORY_PER_WORKER)
started = time.perf_counter()
outcome = file_job.examine_file(compact, sys.argv[1], os.path.basename(sys.argv[1]))
print(json.dumps({{
    "status": str(outcome.status),
    "seconds": time.perf_counter() - started,
    "peak_address_mb": (status("VmPeak") - start_size) / 2**20,
    "peak_resident_mb": (status("VmHWM") - start_rss) / 2**20,
}}))
"""


def _grid(rows: int, cols: int) -> list[tuple[int, int, object]]:
    return [(r, c, r * cols + c + 0.5) for r in range(rows) for c in range(cols)]


def build(folder: Path) -> dict[str, Path]:
    import xlsxwriter

    from tests import wild
    from tests.libreoffice import convert

    rows, cols = 20_000, 100
    files: dict[str, Path] = {}
    path = folder / "lon_nhat.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Chỉ tiêu")
    for r in range(rows):
        ws.write_row(r, 0, [r * cols + c + 0.5 for c in range(cols)])
    wb.close()
    files["xlsx, 20.000 × 100 (2 triệu ô)"] = path
    for fmt in ("xls", "ods"):  # as LibreOffice saves them
        (converted,) = convert(path, folder / fmt, fmt)
        files[f"{fmt}, 20.000 × 100 (LibreOffice)"] = converted
    xlsb = folder / "lon_nhat.xlsb"
    xlsb.write_bytes(wild.xlsb_bytes(_grid(rows, cols)))
    files["xlsb, 20.000 × 100"] = xlsb
    hostile = folder / "vong_fat.xls"
    hostile.write_bytes(wild.cfb_fat_loop(wild.xls_bytes()))
    files["xls, FAT lặp vô hạn (3 KB)"] = hostile
    return files


def measure(path: Path, log_dir: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(root=str(ROOT)), str(path), log_dir],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:  # the process died: its ceiling stopped it
        return {"status": f"process ended ({done.returncode})", "stderr": done.stderr[-200:]}
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from giaouoc_xl.jobs.file_job import MAX_MEMORY_PER_WORKER

    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryDirectory() as logs:
        files = build(Path(folder))
        demo = Path(folder) / "demo"
        from giaouoc_xl import api
        from giaouoc_xl.demo import revised

        old, compact = revised(api.sample("thanh-ba-2020-2021"))
        api.simulate_returns(compact, old, demo)
        files["bài nộp của demo (mẫu giao ước)"] = next(demo.glob("0*.xlsx"))
        results = {name: measure(path, logs) for name, path in files.items()}
    budget = MAX_MEMORY_PER_WORKER / 2**20
    if args.json:
        print(json.dumps({"budget_mb": budget, "files": results}, ensure_ascii=False, indent=1))
        return
    print(f"Memory ceiling per worker: {budget:.0f} MB of address space beyond its start\n")
    print("| file | status | peak address space | peak resident | seconds |")
    print("|---|---|---|---|---|")
    for name, r in results.items():
        if "peak_address_mb" in r:
            print(
                f"| {name} | {r['status']} | {r['peak_address_mb']:.0f} MB | "
                f"{r['peak_resident_mb']:.0f} MB | {r['seconds']:.2f} |"
            )
        else:
            print(f"| {name} | {r['status']} | — | — | — |")


if __name__ == "__main__":
    main()
