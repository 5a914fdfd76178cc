"""How the PDFs print, read back from the real files with pdfplumber and pypdf: no blank page, a title on
the first page, no table that goes on without its header row, no case, program or partner card split
over two pages, addresses that break at sensible points, every PDF tagged with a title and an outline."""
from __future__ import annotations

import datetime as dt
import html
import html.parser
import pathlib
import re

import pdfplumber
import pypdf

from handbook.edition import load_edition
from handbook.pdf import documents
from helpers import DATA

EDITION = load_edition(DATA)
MARGIN_TOP, MARGIN_BOTTOM = 0.7 * 72, 0.75 * 72    # print.css's page margins: running heads and feet sit outside


def squeeze(words: str) -> str:
    return " ".join(words.replace("\u200b", "").split())


class Rows(html.parser.HTMLParser):
    """The cells of every body row of every table in a document's HTML."""

    def __init__(self):
        super().__init__()
        self.rows, self.row, self.cell, self.section = [], None, None, None

    def handle_starttag(self, tag, attrs):
        if tag in ("thead", "tbody", "tfoot"):
            self.section = tag
        elif tag == "tr" and self.section == "tbody":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(squeeze("".join(self.cell)))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def body_rows(document_html: str) -> list[str]:
    """Each body row as the words a page would start with: its first cell and the first word of the next."""
    parser = Rows()
    parser.feed(document_html)
    found = []
    for row in parser.rows:
        cells = [c for c in row if c]
        if len(cells) >= 2:
            found.append(f"{cells[0]} {cells[1].split()[0]}")
    return found


def first_lines(path: pathlib.Path) -> list[str]:
    """The first line of text of each page's body (running heads and feet left out)."""
    lines = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            words = [w for w in page.extract_words() if MARGIN_TOP - 2 < w["top"] and w["bottom"] < page.height - MARGIN_BOTTOM]
            if not words:
                lines.append("")
                continue
            top = min(w["top"] for w in words)
            lines.append(squeeze(" ".join(w["text"] for w in sorted(words, key=lambda w: w["x0"]) if w["top"] - top < 3)))
    return lines


def pages_text(path: pathlib.Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [squeeze(page.extract_text() or "") for page in pdf.pages]


def jobs() -> dict[str, str]:
    return {job.download.file: job.html for job in documents.jobs(EDITION, dt.date.today(), ("staff",))}


def test_every_pdf_names_itself_on_its_first_page_is_tagged_titled_and_has_an_outline(built_site):
    sources = jobs()
    for audience in ("staff", "public"):
        for path in sorted((built_site / audience / "downloads").glob("*.pdf")):
            heading = html.unescape(re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", sources[path.name], re.S).group(1)))
            assert squeeze(heading) in pages_text(path)[0], path      # the document's title is text on page 1
            doc = pypdf.PdfReader(path)
            assert doc.metadata.title and "/StructTreeRoot" in doc.trailer["/Root"], path
            assert doc.outline, path                                   # bookmarks from the headings
            assert all(page.extract_text().strip() for page in doc.pages), path   # no blank page


def test_no_page_goes_on_with_a_table_row_without_its_header(built_site):
    for name, source in jobs().items():
        rows = body_rows(source)
        path = built_site / "staff" / "downloads" / name
        for number, line in enumerate(first_lines(path)[1:], 2):
            started = [row for row in rows if line.startswith(row)]
            assert not started, (name, number, line)


def test_no_case_program_or_partner_is_split_over_two_pages(built_site):
    book = pages_text(built_site / "staff/downloads/handbook.pdf")
    for case in EDITION.workshops.case_studies:
        last = squeeze(re.sub(r"[*_`]", "", (case.what_if or [case.question])[-1]))[:40]
        assert any(case.title in page and last in page for page in book), case.id
    for program in EDITION.programs:
        assert any(program.name in page and program.who_qualifies[:40] in page and program.how_to_apply[:40] in page
                   and "Last verified" in page[page.index(program.who_qualifies[:40]):] for page in book), program.id
    contacts = pages_text(built_site / "staff/downloads/partner-contacts.pdf")
    for partner in EDITION.partners:
        assert any(partner.name in page and all(c.phone in page for c in partner.contacts) for page in contacts), partner.id


def test_addresses_break_after_at_signs_and_dots_never_at_a_hyphen(built_site):
    for name in ("partner-contacts.pdf", "handbook.pdf"):
        with pdfplumber.open(built_site / "staff/downloads" / name) as pdf:
            lines = [squeeze(line) for page in pdf.pages for line in (page.extract_text() or "").splitlines()]
        for partner in EDITION.partners:
            for contact in partner.contacts:
                email = contact.email
                for at in (i for i, ch in enumerate(email) if ch == "-"):
                    assert not [line for line in lines if line.endswith(email[:at + 1][-12:])], (name, email)


def test_the_economics_table_gives_its_labels_room():
    html_text = documents.for_print(documents.page_html("| Figure | Amount |\n|---|---:|\n| A long label | $1 |\n", "x.md"))
    assert '<table class="figures">' in html_text
    book = jobs()["handbook.pdf"]
    assert book.count('<table class="figures">') == len(EDITION.workshops.economics)


def test_the_economics_labels_stay_on_one_line(built_site):
    with pdfplumber.open(built_site / "staff/downloads/handbook.pdf") as pdf:
        lines = [squeeze(line) for page in pdf.pages for line in (page.extract_text() or "").splitlines()]
    for example in EDITION.workshops.economics:
        for figure in [example.value, *example.owed, *example.repairs]:
            label = squeeze(figure.label)
            assert any(line.startswith(label) or line.startswith(f"Less: {label}") for line in lines), label


def test_the_handbooks_repeated_tables_get_fixed_column_widths():
    """Each table the handbook repeats per partner, program, module or agenda carries the class that gives it
    fixed column widths in print.css (the automatic layout of hundreds of them took a third of the time)."""
    book = documents.handbook_html(EDITION, dt.date(2026, 12, 1))
    css = (pathlib.Path(documents.TEMPLATES).parent / "assets" / "print.css").read_text(encoding="utf-8")
    heads = re.findall(r"<table([^>]*)>\s*<thead>\s*<tr>\s*((?:<th>[^<]*</th>\s*)+)</tr>", book)
    shaped = {name: 0 for name in set(documents.TABLE_SHAPES.values())}
    for attributes, cells in heads:
        signature = tuple(html.unescape(c).strip() for c in re.findall(r"<th>([^<]*)</th>", cells))
        if signature in documents.TABLE_SHAPES:
            name = documents.TABLE_SHAPES[signature]
            assert attributes == f' class="{name}"', (signature, attributes)
            shaped[name] += 1
    assert all(shaped.values()), shaped                    # every shape occurs in the default edition
    for name in shaped:
        assert re.search(rf"table\.{name}[^{{]*\{{ table-layout: fixed; \}}", css), name
