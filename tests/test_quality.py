"""Lint, format and types are part of the one test command (configured in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def _run(*command: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"


def test_ruff_lint() -> None:
    _run("ruff", "check", ".")


def test_ruff_format() -> None:
    _run("ruff", "format", "--check", ".")


def test_mypy() -> None:
    _run("mypy")


def test_lint_sees_only_the_project(tmp_path: Path) -> None:
    # A virtual environment kept inside the checkout, under any of the usual names, holds
    # scripts ruff would flag (XlsxWriter installs vba_extract.py into bin/): never linted.
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "giaouoc_xl").mkdir()
    (tmp_path / "giaouoc_xl" / "ok.py").write_text('"""Fine."""\n')
    for venv in (".v", "env", "venv", ".venv", ".env-3.11", "build", "dist"):
        (tmp_path / venv / "bin").mkdir(parents=True)
        (tmp_path / venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
        (tmp_path / venv / "bin" / "vba_extract.py").write_text("import os, sys\nx=1\n")
    for command in (["check", "."], ["format", "--check", "."]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *command], cwd=tmp_path, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
    # and the same project file with a fault is still found
    (tmp_path / "giaouoc_xl" / "bad.py").write_text("import os, sys\nx=1\n")
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 1 and "bad.py" in done.stdout
