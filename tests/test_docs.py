"""The README tells the truth: the command reference is the CLI's real `--help`, every finding
code is listed, and the two set-up commands are there."""

from __future__ import annotations

from giaouoc_xl.check import CODES as CHECK_CODES
from giaouoc_xl.compact_book import READER_CODES
from giaouoc_xl.compact_rules import CODES
from giaouoc_xl.filecheck import FILE_CODES

from .readme_help import BLOCKS, README, documented_block, iter_commands

TEXT = README.read_text(encoding="utf-8")


def test_command_reference_is_the_real_help() -> None:
    # On failure, after a deliberate CLI change: python -m tests.readme_help
    assert documented_block(TEXT, "help") == BLOCKS["help"]() + "\n"


def test_every_command_is_documented() -> None:
    documented = {line[5:-1] for line in TEXT.splitlines() if line.startswith("### `giaouoc")}
    assert documented == {" ".join(("giaouoc", *path)) for path in iter_commands()}


def test_every_finding_code_is_listed() -> None:
    assert documented_block(TEXT, "codes") == BLOCKS["codes"]() + "\n"
    for code in {**CODES, **READER_CODES, **CHECK_CODES, **FILE_CODES}:
        assert f"| `{code}` |" in TEXT


def test_the_two_set_up_commands() -> None:
    assert "pip install -e . && giaouoc demo" in TEXT
    assert 'pip install -e ".[dev]" && pytest' in TEXT


def test_readme_is_nfc() -> None:
    import unicodedata

    assert unicodedata.normalize("NFC", TEXT) == TEXT


def test_every_status_code_is_listed() -> None:
    assert documented_block(TEXT, "statuses") == BLOCKS["statuses"]() + "\n"
