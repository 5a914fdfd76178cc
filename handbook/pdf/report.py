"""The annual report PDF: the year's workload by category and source, targets met, education
provided, business license trends where given, and the charts. `handbook report --pdf` and the build
(the year the exports run to, from the public edition) both measure it as of measure.year_as_of."""

from __future__ import annotations

import pathlib

from ..cases import measure
from ..cases.exports import Export
from ..edition import Edition
from . import engine, sheet
from .documents import annual_html


def write(edition: Edition, export: Export, year: int, target: pathlib.Path, as_of=None) -> None:
    """Lay out the report for year into target (a tagged PDF with a title, as every handbook PDF)."""
    html = annual_html(edition, export, year, as_of or measure.year_as_of(export, year))
    css = engine.STYLESHEET.read_text(encoding="utf-8")
    sheet.write_pdf(html, css, str(target), False)
