"""The handbook's chapters as HTML for print: each registry page with a `part`, its Markdown made HTML.

Links between pages become links inside the PDF, links that would lead nowhere on paper become text,
addresses break well, and each section is kept on one page where it fits; the chapters are grouped by part
(registry.PARTS). documents.py puts them in chunks and the handbook's template.
"""

from __future__ import annotations

import html
import posixpath
import re

from .. import text
from ..edition import Edition
from ..pages import registry

MARKDOWN_EXTENSIONS = ["admonition", "attr_list", "tables"]  # as in mkdocs.yml


def page_html(markdown_text: str, src: str) -> str:
    """A handbook page's Markdown as HTML, its links to other pages turned into links inside the PDF."""
    import markdown  # third-party, loaded when a PDF is made (not by a build with nothing to do)

    body = markdown.markdown(markdown_text, extensions=MARKDOWN_EXTENSIONS)

    def inside(match: re.Match) -> str:
        target, anchor = match.group(1), match.group(2)
        if anchor:
            return f'href="#{anchor}"'
        return f'href="#{section_id(posixpath.normpath(posixpath.join(posixpath.dirname(src), target)))}"'

    body = re.sub(r'href="([^"#:]*\.md)(?:#([^"]*))?"', inside, body)
    return outside_links_only(body)


def for_print(body: str) -> str:
    """A chapter's HTML made ready for paper: addresses that break well, sections kept on one page."""
    return keep_together(breakable_links(figure_tables(body)))


def figure_tables(body: str) -> str:
    """Tables with a right-aligned column of figures (the economics) get class "figures": sized to their content."""

    def mark(match: re.Match) -> str:
        return ('<table class="figures">' if "text-align: right" in match.group(1) else "<table>") + match.group(1)

    return re.sub(r"<table>(\s*<thead>.*?</thead>)", mark, body, flags=re.S)


def breakable_links(body: str) -> str:
    """The text of every e-mail and web link that shows its address, breakable only at @, dots and slashes."""

    def breakable(match: re.Match) -> str:
        return match.group(1) + text.breakable_html(html.unescape(match.group(2))) + match.group(3)

    return re.sub(r'(<a href="(?:mailto:|https?:)[^"]*"[^>]*>)([^<]*[@/.][^<]*)(</a>)', breakable, body)


def keep_together(body: str) -> str:
    """Each h3 section, and each h2 section with no h3 in it (a case, a program, a partner), in a
    <div class="keep"> that the print stylesheet keeps on one page unless it is taller than a page."""
    pieces = re.split(r"(?=^<h[123][\s>])", body, flags=re.M)
    found = []
    for i, piece in enumerate(pieces):
        following = pieces[i + 1] if i + 1 < len(pieces) else ""
        section = piece.startswith("<h3") or (piece.startswith("<h2") and not following.startswith("<h3"))
        if section and piece.count("<div") == piece.count("</div>"):
            piece = f'<div class="keep">\n{piece}</div>\n'
        found.append(piece)
    return "".join(found)


def outside_links_only(body: str) -> str:
    """Links that lead nowhere in a PDF (relative ones, which would point into the build machine) as text."""
    return re.sub(r'<a [^>]*href="(?!#|https?:|mailto:|tel:)[^"]*"[^>]*>(.*?)</a>', r"\1", body, flags=re.S | re.I)


def section_id(src: str) -> str:
    return "page-" + text.slug(src.removesuffix(".md"))


def handbook_sections(edition: Edition) -> list[dict]:
    """The chapters of handbook.pdf, part by part, as the page registry lists them (agendas have PDFs of their own)."""
    sections = []
    for page, md_text, stash in registry.chapters(edition):
        title = md_text.lstrip().splitlines()[0].removeprefix("# ")
        sections.append(
            {
                "id": section_id(page.src),
                "title": markdown_title(title),
                "part": page.part,
                "html": for_print(outside_links_only(stash.fill(page_html(md_text, page.src)))),
            }
        )
    return sections


def markdown_title(heading: str) -> str:
    """The text of a Markdown heading (its escapes removed) for the table of contents."""
    return html.unescape(re.sub(r"\\(.)", r"\1", heading))


def handbook_parts(sections: list[dict]) -> list[dict]:
    """The chapters grouped by part, in the order of registry.PARTS; parts without a chapter left out."""
    found = []
    for title in registry.PARTS:
        chosen = [s for s in sections if s["part"] == title]
        if chosen:
            found.append(
                {"number": len(found) + 1, "title": title, "id": "part-" + text.slug(title), "sections": chosen}
            )
    return found
