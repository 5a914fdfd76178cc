"""The annual report PDF: the year's workload by category and source, targets met, education
provided, business license trends where given, and the charts. `handbook report --pdf` writes it
as of 31 December; the build writes the year the exports run to, from the public edition."""
from __future__ import annotations

import pathlib

from ..cases.exports import Export
from ..edition import Edition
from . import writer
from .documents import annual_html


def write(edition: Edition, export: Export, year: int, target: pathlib.Path, as_of=None) -> None:
    """Lay out the report for year into target (a tagged PDF with a title, as every handbook PDF)."""
    import datetime as dt

    html = annual_html(edition, export, year, as_of or dt.date(year, 12, 31))
    css = writer.STYLESHEET.read_text(encoding="utf-8")
    writer.write_pdf(html, css, str(target), False)
