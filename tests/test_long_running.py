"""A Python that stays running (Excel's, a notebook, any caller of the library): a compact edited
and checked again in the same process is judged as it is now, never from what an earlier
compact left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from giaouoc_xl.api import check_file
from giaouoc_xl.core.codes import FileStatus
from giaouoc_xl.core.model import Compact, Direction, Level, Period, Target, ValueKind

from .test_check import SCHOOL, TB, make


def _changed(compact: Compact, code: str, **update: object) -> Compact:
    targets = tuple(t.model_copy(update=update) if t.code == code else t for t in compact.targets)
    return compact.model_copy(update={"targets": targets})


def _count_target(compact: Compact) -> Target:
    """A count target (a unit printed in messages) that applies to the school, with a floor."""
    return next(
        t
        for t in compact.targets_for(SCHOOL.levels)
        if t.kind is ValueKind.COUNT and t.direction is Direction.AT_LEAST and t.unit
    )


def _of(path: Path, compact: Compact, code: str, finding: str) -> list[str]:
    outcome = check_file(compact, path, Period.REGISTRATION)
    return [f.message for f in outcome.findings if f.target == code and f.code == finding]


def test_a_reworded_target_is_quoted_as_it_is_now(tmp_path: Path) -> None:
    path = make(tmp_path)
    target = TB.targets_for(SCHOOL.levels)[0]
    assert not _of(path, TB, target.code, "locked-cell-changed")
    reworded = _changed(TB, target.code, text="Nội dung đã sửa lại sau khi gửi mẫu")
    # the wording is not normative: both compacts judge alike, so their fingerprints agree
    assert reworded.fingerprint == TB.fingerprint
    (message,) = _of(path, reworded, target.code, "locked-cell-changed")
    assert "Nội dung đã sửa lại sau khi gửi mẫu" in message
    # and the first compact, checked again, is still the first compact
    assert not _of(path, TB, target.code, "locked-cell-changed")


def test_a_changed_unit_and_threshold_are_used_at_once(tmp_path: Path) -> None:
    target = _count_target(TB)
    floor = target.thresholds[Level.TH]
    assert isinstance(floor, float)

    def low(answers: object) -> None:
        answers.targets[target.code]["registration"] = floor - 1  # type: ignore[attr-defined]

    path = make(tmp_path, change=low)
    (before,) = _of(path, TB, target.code, "below-threshold")
    assert target.unit in before
    renamed = _changed(TB, target.code, unit="đơn vị mới")
    (after,) = _of(path, renamed, target.code, "below-threshold")
    assert "đơn vị mới" in after and "đơn vị mới" not in before
    lowered = _changed(TB, target.code, thresholds={**target.thresholds, Level.TH: floor - 2})
    # a new floor is a new template: the file, made before it, is refused as such
    assert check_file(lowered, path, Period.REGISTRATION).status is FileStatus.STALE_TEMPLATE
    assert not _of(path, lowered, target.code, "below-threshold")
    assert _of(path, TB, target.code, "below-threshold") == [before]


def test_the_merge_leaves_the_collector_as_it_found_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The merge freezes its result for the collector while it writes (no collection walks the
    result again, nor copies the slip workers' pages); a caller that stays running finds the
    collector as before, even when writing fails."""
    import gc

    import giaouoc_xl.jobs.office as office
    from giaouoc_xl import api
    from giaouoc_xl.core.errors import OutputNotWritable

    folder = tmp_path / "bai_nop"
    folder.mkdir()
    make(folder)
    frozen: list[int] = []
    original = gc.freeze

    def freeze() -> None:
        original()
        frozen.append(gc.get_freeze_count())

    monkeypatch.setattr(gc, "freeze", freeze)
    report = api.merge(TB, folder, out=tmp_path / "bang.xlsx", period=Period.REGISTRATION)
    assert report.summary and frozen and frozen[0] > 0
    assert gc.get_freeze_count() == 0

    def fails(*args: object) -> None:
        raise OutputNotWritable("Không ghi được bảng tổng hợp")

    monkeypatch.setattr(office, "write_summary", fails)
    with pytest.raises(OutputNotWritable):
        api.merge(TB, folder, out=tmp_path / "bang2.xlsx", period=Period.REGISTRATION)
    assert len(frozen) == 2 and gc.get_freeze_count() == 0
