"""xlwings Lite: the scripts of the button table, as xlwings Lite itself finds and runs them.

xlwings Lite imports the user's ``main.py`` as a module and asks xlwings which functions of it are
scripts (``xlwings.server.custom_scripts_meta``: every function with ``__xlscript__``, under the
name it has in that module); a click calls one by that name (``custom_scripts_call``). Here a fresh
Python does the same with ``main.py`` holding ``from giaouoc_xl.excel.lite import *``, with
python-calamine made unimportable, as in the browser (Pyodide has no build of it).

``python -m tests.test_lite`` rewrites the README's list of the scripts from the table.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import xlwings as xw
from pyopenvba.apps.excel import ExcelApplication

from giaouoc_xl.core.buttons import BUTTONS, SHEET
from giaouoc_xl.excel import actions
from giaouoc_xl.excel.workbook import RESULTS_SHEET

from .conftest import ROOT, edit_book, run_cli
from .readme_help import README, documented_block
from .test_excel import actions_of, payload, results_rows

COMMITTED = ROOT / "workbook_templates" / "so_giao_uoc.xlsm"

#: What xlwings Lite does with main.py, in a fresh Python where python-calamine (and sqlite3,
#: which Pyodide loads only on demand) cannot be imported: the module built as Lite builds it, the scripts' metadata, each script run on the
#: book sent as JSON (argv[1]); the result as JSON on argv[2].
LITE = r"""
import asyncio, importlib.abc, importlib.util, json, os, sys

attempts = []

class NoCalamine(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "python_calamine":
            attempts.append(name)
            raise ImportError(f"no python-calamine here: {name}")
        if name.split(".")[0] in ("sqlite3", "_sqlite3"):  # Pyodide loads it only on demand
            raise ImportError(f"no sqlite3 here: {name}")
        return None

sys.meta_path.insert(0, NoCalamine())
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
os.environ["XLWINGS_ON_SERVER"] = "true"

import xlwings as xw
import xlwings.server

main = importlib.util.module_from_spec(importlib.util.spec_from_loader("main", loader=None))
exec("from giaouoc_xl.excel.lite import *", main.__dict__)
meta = xlwings.server.custom_scripts_meta(main)
with open(sys.argv[1], encoding="utf-8") as f:
    data = json.load(f)
done = {}
for entry in meta:
    book = xw.Book(json=data)
    book = asyncio.run(
        xlwings.server.custom_scripts_call(
            main, entry["function_name"], typehint_to_value={xw.Book: book}
        )
    )
    done[entry["function_name"]] = book.json()["actions"]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(
        {
            "meta": meta,
            "actions": done,
            "attempts": attempts,
            "loaded": sorted(m for m in sys.modules if m.startswith("python_calamine")),
        },
        f,
    )
"""


def render() -> str:
    """The README's list of the xlwings Lite scripts, from the button table."""
    lines = [
        f"| Nút | Script | Tên hình | Ô (sheet *{SHEET}*) | Trong xlwings Lite |",
        "|---|---|---|---|---|",
    ]
    for button in BUTTONS:
        lite = (
            "chạy đầy đủ"
            if button.in_lite
            else "hướng dẫn dùng Excel trên máy tính hoặc lệnh `giaouoc`"
        )
        lines.append(
            f"| **{button.caption}** | `{button.script}` | `{button.shape}` | `{button.cell}` "
            f"| {lite} |"
        )
    return "\n".join(lines) + "\n"


def update() -> None:
    text = README.read_text(encoding="utf-8")
    start = "<!-- lite:start -->\n"
    text = text.replace(start + documented_block(text, "lite"), start + render() + "\n")
    README.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def broken_book(books: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return edit_book(
        books["thanh-ba-2020-2021"],
        tmp_path_factory.mktemp("lite") / "so.xlsx",
        {("Chỉ tiêu", "H2"): 150, ("Danh sách trường", "D2"): "K-XX"},
    )


@pytest.fixture(scope="module")
def lite_run(broken_book: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("lite_run")
    book_json, result = folder / "book.json", folder / "result.json"
    book_json.write_text(json.dumps(payload(broken_book), ensure_ascii=False), encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", LITE, str(book_json), str(result)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    return found


def _shapes(path: Path) -> set[str]:
    app = ExcelApplication.open(path, with_vba=False)
    return {shape.name for view in app.sheets() for shape in view.shapes()}


def test_readme_lists_the_scripts_of_the_table() -> None:
    # On failure, after a deliberate change of the table: python -m tests.test_lite
    assert documented_block(README.read_text(encoding="utf-8"), "lite") == render() + "\n"


@pytest.mark.slow
def test_star_import_registers_every_button_of_the_table(lite_run: dict[str, Any]) -> None:
    registered = {m["function_name"]: m["button"] for m in lite_run["meta"]}
    assert registered == {button.script: button.lite_button for button in BUTTONS}


@pytest.mark.slow
def test_every_shape_of_the_committed_book_has_a_registered_script(
    lite_run: dict[str, Any],
) -> None:
    bound = {m["button"].partition("]")[0].removeprefix("[") for m in lite_run["meta"]}
    assert _shapes(COMMITTED) == bound == {button.shape for button in BUTTONS}


@pytest.mark.slow
def test_lite_never_imports_python_calamine(lite_run: dict[str, Any]) -> None:
    assert lite_run["attempts"] == []
    assert lite_run["loaded"] == []


@pytest.mark.slow
def test_check_without_calamine_writes_what_the_command_line_finds(
    lite_run: dict[str, Any], broken_book: Path
) -> None:
    done = lite_run["actions"]["kiem_tra_giao_uoc"]
    # the same actions as the button in this Python, where python-calamine is importable
    here = xw.Book(json=payload(broken_book))
    actions.check_compact(here)
    assert done == actions_of(here)
    # and the findings the command line reads from the file with python-calamine
    added = next(a for a in done if a["func"] == "addSheet")
    assert added["args"][1] == RESULTS_SHEET
    rows = results_rows(done, payload(broken_book), added["args"][0])
    cli = run_cli("compact", "check", broken_book, "--json").json()["findings"]
    assert cli and [(r[2], r[5]) for r in rows[2:]] == [
        (f"{f['sheet']}!{f['cell']}", f["code"]) for f in cli
    ]


@pytest.mark.slow
def test_each_script_does_the_work_or_says_where(lite_run: dict[str, Any]) -> None:
    for button in BUTTONS:
        done = lite_run["actions"][button.script]
        (alert,) = [a for a in done if a["func"] == "alert"]
        says_elsewhere = "xlwings Lite" in alert["args"][0]
        assert says_elsewhere is not button.in_lite, button.script
        assert any(a["func"] == "addSheet" for a in done) is button.in_lite, button.script


if __name__ == "__main__":
    update()
