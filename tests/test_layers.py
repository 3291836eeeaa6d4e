"""The layers of docs/design.md, held by a test: each layer imports only the layers below it.

    front ends   cli/, demo.py, excel/        -> api (and each other)
    api          api.py, __init__.py            -> jobs, workbooks, core
    jobs         jobs/                          -> workbooks, core
    workbooks    workbooks/                     -> core
    core         core/                          -> core only: no spreadsheet library, no file

The core opens no file: it takes and returns models and plain values.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "giaouoc_xl"

ORDER = ["core", "workbooks", "jobs", "api", "front"]
SPREADSHEET_LIBRARIES = {"openpyxl", "xlsxwriter", "python_calamine", "xlwings", "pyopenvba"}
#: Modules and calls through which a program reads or writes files.
FILE_MODULES = {"io", "os", "shutil", "tempfile", "zipfile", "glob", "pathlib", "subprocess"}
FILE_CALLS = {"open", "read_bytes", "read_text", "write_bytes", "write_text", "unlink", "mkdir"}


def layer_of(module: str) -> str:
    """'giaouoc_xl.core.model' -> 'core'."""
    parts = module.split(".")[1:]
    if not parts or parts[0] in ("api", "__init__"):
        return "api"
    if parts[0] in ("core", "workbooks", "jobs"):
        return parts[0]
    return "front"  # cli, demo, excel


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(module: str, path: Path) -> list[tuple[str, int]]:
    """Every module ``module`` imports (absolute names), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            # "from . import x" imports the module x when there is one
            for alias in node.names:
                found.append((f"{target}.{alias.name}", node.lineno))
    return found


MODULES = modules()


@pytest.mark.parametrize("module", list(MODULES))
def test_a_layer_imports_only_the_layers_below(module: str) -> None:
    layer = layer_of(module)
    for target, line in imports(module, MODULES[module]):
        if target not in MODULES:
            continue  # a third-party module, or a name inside a module
        other = layer_of(target)
        allowed = (
            other == "api"
            if layer == "front" and other != "front"
            else (ORDER.index(other) <= ORDER.index(layer))
        )
        assert allowed, f"{MODULES[module].name}:{line}: {layer} {module} imports {other} {target}"


@pytest.mark.parametrize("module", [m for m in MODULES if layer_of(m) == "core"])
def test_the_core_opens_no_file_and_knows_no_spreadsheet(module: str) -> None:
    path = MODULES[module]
    for target, line in imports(module, path):
        top = target.split(".")[0]
        assert top not in SPREADSHEET_LIBRARIES, f"{path.name}:{line} imports {target}"
        assert top not in FILE_MODULES, f"{path.name}:{line} imports {target}"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            assert name not in FILE_CALLS, f"{path.name}:{node.lineno} calls {name}()"


def test_the_rule_catches_a_core_module_that_imports_openpyxl(tmp_path: Path) -> None:
    # the test above must fail on a core module that reaches for a spreadsheet library
    bad = tmp_path / "model.py"
    bad.write_text("from openpyxl import load_workbook\n", encoding="utf-8")
    (target, _), *_ = imports("giaouoc_xl.core.model", bad)
    assert target.split(".")[0] in SPREADSHEET_LIBRARIES
