"""School workbooks many at once.

All schools of the same level(s) get the same workbook but for their identity. Writing 2000
workbooks one by one with XlsxWriter costs about 35 ms each; instead the workbook is built once
per level combination for a placeholder school (:func:`~.writer.render_school_workbook`), and
each school's copy replaces the placeholder strings (XML-escaped) in the package parts that hold
them: its name (and the name in capitals of its heading), code, bloc, commune (and the place name
of its date line). A school whose texts take more lines than the placeholder's somewhere (a long
name wrapped in the heading: its rows are taller) is built directly
(:func:`~.writer.identity_lines`). A test checks that a copy made this way has the same content
as a workbook built directly for that school.
"""

from __future__ import annotations

import os
import zipfile
from datetime import datetime
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from ...core.model import Compact, Level, School
from ...core.school_form import school_file_name
from ..atomic import atomic_output
from .document import school_place
from .writer import identity_lines, render_school_workbook

_TOKENS = {
    "code": "GIAOUOCxCODEx",
    "name": "GIAOUOCxNAMEx",
    "bloc": "GIAOUOCxBLOCx",
    "commune": "Xã GIAOUOCxPLACEx",  # its place name (the commune without "Xã") is the rest
}
#: What the writer makes of the placeholders: the name in capitals, the place name.
_DERIVED = {"name_upper": "GIAOUOCXNAMEX", "place": "GIAOUOCxPLACEx"}

_Part = tuple[zipfile.ZipInfo, bytes, bool]  # a package part, its bytes, whether to patch it


class SchoolWorkbookFactory:
    """Writes school workbooks of one compact quickly, from one built template per level set."""

    def __init__(self, compact: Compact, generated_at: datetime) -> None:
        self.compact = compact
        self.generated_at = generated_at
        self._templates: dict[tuple[Level, ...], list[_Part]] = {}
        self._lines: dict[tuple[Level, ...], tuple[int, ...]] = {}

    def _placeholder(self, levels: tuple[Level, ...]) -> School:
        return School(
            code=_TOKENS["code"],
            name=_TOKENS["name"],
            levels=levels,
            bloc=_TOKENS["bloc"],
            commune=_TOKENS["commune"],
        )

    def _template(self, levels: tuple[Level, ...]) -> list[_Part]:
        if levels not in self._templates:
            placeholder = self._placeholder(levels)
            assert placeholder.name.upper() == _DERIVED["name_upper"]
            assert school_place(self.compact, placeholder) == _DERIVED["place"]
            buffer = BytesIO()
            render_school_workbook(self.compact, placeholder, buffer, self.generated_at)
            parts = []
            with zipfile.ZipFile(BytesIO(buffer.getvalue())) as package:
                for info in package.infolist():
                    data = package.read(info)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    parts.append((info, data, b"GIAOUOC" in data))
            self._templates[levels] = parts
            self._lines[levels] = identity_lines(self.compact, placeholder)
        return self._templates[levels]

    def write(self, school: School, outdir: str | os.PathLike[str]) -> Path:
        path = Path(outdir) / school_file_name(school.code, school.name)
        parts = self._template(school.levels)
        if identity_lines(self.compact, school) != self._lines[school.levels]:
            with atomic_output(path) as tmp:  # rows of other heights: its own build
                render_school_workbook(self.compact, school, tmp, self.generated_at)
            return path
        values = {  # the whole commune before its place name, which is part of its token
            "code": school.code,
            "name": school.name,
            "bloc": school.bloc,
            "commune": school.commune,
        }
        derived = {
            "name_upper": school.name.upper(),
            "place": school_place(self.compact, school),
        }
        replacements = [
            (_TOKENS[key].encode(), xml_escape(value).encode()) for key, value in values.items()
        ] + [(_DERIVED[key].encode(), xml_escape(value).encode()) for key, value in derived.items()]
        with (
            atomic_output(path) as tmp,
            zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package,
        ):
            for info, data, patch in parts:
                if patch:
                    for token, value in replacements:
                        data = data.replace(token, value)
                package.writestr(info, data)
        return path
