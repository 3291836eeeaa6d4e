"""The README tells the truth: the command reference is the CLI's real `--help`, every finding
code is listed, and the two set-up commands are there."""

from __future__ import annotations

import click

from giaouoc_xl.cli import cli
from giaouoc_xl.core.codes import APPRAISAL_CODES, FILE_CODES
from giaouoc_xl.core.codes import BOOK_CODES as READER_CODES
from giaouoc_xl.core.codes import RULE_CODES as CODES
from giaouoc_xl.core.codes import SUBMISSION_CODES as CHECK_CODES

from .readme_help import BLOCKS, README, documented_block, help_text, iter_commands

TEXT = README.read_text(encoding="utf-8")


def test_command_reference_is_the_real_help() -> None:
    # On failure, after a deliberate CLI change: python -m tests.readme_help
    assert documented_block(TEXT, "help") == BLOCKS["help"]() + "\n"


def test_every_command_is_documented() -> None:
    documented = {line[5:-1] for line in TEXT.splitlines() if line.startswith("### `giaouoc")}
    assert documented == {" ".join(("giaouoc", *path)) for path in iter_commands()}


def test_every_finding_code_is_listed() -> None:
    assert documented_block(TEXT, "codes") == BLOCKS["codes"]() + "\n"
    for code in {**CODES, **READER_CODES, **CHECK_CODES, **FILE_CODES, **APPRAISAL_CODES}:
        assert f"| `{code}` |" in TEXT


def test_the_two_set_up_commands() -> None:
    assert "pip install -c constraints.txt -e . && giaouoc demo" in TEXT
    assert 'pip install -c constraints.txt -e ".[dev]" && pytest' in TEXT


def _sections(help_page: str) -> dict[str, list[str]]:
    """Heading -> its rows (continuation lines of a wrapped description left out)."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in help_page.splitlines():
        if not line.strip():
            current = None  # a section ends at a blank line (an epilog may follow)
        elif not line.startswith(" ") and line.endswith(":"):
            current = sections.setdefault(line[:-1], [])
        elif current is not None and line.startswith("  ") and line[2] != " ":
            current.append(line.strip())
    return sections


def test_arguments_are_listed_as_arguments_never_as_options() -> None:
    # The help is laid out by the CLI itself, the same under every click it allows: click 8.5
    # gives arguments a help record, which once put them under "Tùy chọn".
    for path in iter_commands():
        command = cli
        for name in path:
            command = command.commands[name]  # type: ignore[attr-defined]
        arguments = [p for p in command.params if isinstance(p, click.Argument)]
        sections = _sections(help_text(path))
        # every row under "Tùy chọn" is an option ("-h, --help …"), never an argument
        assert all(row.startswith("-") for row in sections.get("Tùy chọn", [])), path
        for argument in arguments:
            metavar = argument.help_metavar()  # type: ignore[attr-defined]
            row = next((r for r in sections.get("Tham số", []) if r.split()[0] == metavar), "")
            description = row[len(metavar) :].strip()
            assert description and description[0].isupper(), (path, metavar, row)
        assert ("Tham số" in sections) == bool(arguments), path
        assert set(sections) <= {"Tham số", "Tùy chọn", "Lệnh"}, (path, set(sections))


def test_readme_is_nfc() -> None:
    import unicodedata

    assert unicodedata.normalize("NFC", TEXT) == TEXT


def test_every_status_code_is_listed() -> None:
    assert documented_block(TEXT, "statuses") == BLOCKS["statuses"]() + "\n"
