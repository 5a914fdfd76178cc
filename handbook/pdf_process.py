"""The process guide as a tagged PDF (process-guide.pdf), made with WeasyPrint.

render_process_guide() prints whatever the edition it is given holds: build.py passes the
edition as each audience may see it (handbook.audience.for_audience), so the public PDF has
no staff-only item or field. The markup is in templates/pdf_process/guide.html.j2, the print
styles in guide.css beside it.
"""
from __future__ import annotations

import datetime as dt
import functools
import pathlib
import re

import jinja2
import markdown
from markupsafe import Markup

from . import text
from .edition import Edition
from .process_pages import contact_line

TEMPLATES = pathlib.Path(__file__).parent / "templates" / "pdf_process"
FILE_NAME = "process-guide.pdf"


def md(value: object) -> Markup:
    """Prose from the data as HTML: Markdown formatting kept, raw HTML shown as written."""
    return Markup(markdown.markdown(text.prose(value)))


def md_inline(value: object) -> Markup:
    """Prose as HTML without the paragraph around it, for a list item."""
    return Markup(re.sub(r"\A<p>(.*)</p>\Z", r"\1", str(md(value)), flags=re.S))


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(md=md, md_inline=md_inline)
    return env


def guide_html(edition: Edition) -> str:
    """The HTML of the process guide."""
    j = edition.jurisdiction
    return environment().get_template("guide.html.j2").render(
        j=j, p=edition.process, contact=contact_line(edition),
        title=f"{j.name}: how we handle a complaint", today=dt.date.today().isoformat())


def render_process_guide(edition: Edition, path: pathlib.Path | str) -> pathlib.Path:
    """Write the process guide of `edition` to path as a tagged PDF (PDF/UA-1, with title and language)."""
    from weasyprint import CSS, HTML  # imported here: loading WeasyPrint takes a moment

    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=guide_html(edition), base_url=str(TEMPLATES)).write_pdf(
        path, stylesheets=[CSS(filename=str(TEMPLATES / "guide.css"))], pdf_variant="pdf/ua-1")
    return path


def build_process_guides(edition: Edition, site_dirs: dict[str, pathlib.Path]) -> list[str]:
    """The process guide for each audience's site, in <site>/downloads/; returns one note per file."""
    from .audience import for_audience

    notes = []
    for audience, site_dir in site_dirs.items():
        target = render_process_guide(for_audience(edition, audience), pathlib.Path(site_dir) / "downloads" / FILE_NAME)
        notes.append(f"{audience}/downloads/{FILE_NAME}: the process guide, {target.stat().st_size // 1024} KB")
    return notes
