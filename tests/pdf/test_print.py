"""How the PDFs print, read back from the real files with pdfplumber and pypdf: no blank page, a title on
the first page, no table that goes on without its header row, no case, program or partner card split
over two pages, addresses that break at sensible points, every PDF tagged with a title and an outline."""

from __future__ import annotations

import datetime as dt
import html
import pathlib
import re

import pdfplumber

from handbook import text
from handbook.edition import load_edition
from handbook.pdf import chapters, documents, engine, sheet
from helpers import DATA
from printed import hyphen_breaks, print_problems, split_cards, squeeze, ua_problems

EDITION = load_edition(DATA)


def jobs() -> dict[str, str]:
    return {job.download.file: job.html for job in documents.jobs(EDITION, dt.date.today(), ("staff",))}


def test_every_pdf_names_itself_on_its_first_page_is_tagged_titled_and_has_an_outline(built_site):
    """Also: no blank page, and no page that goes on with a table row without its header (printed.py;
    tests/pages/test_every_edition.py asks the same of the real cities' editions)."""
    assert print_problems(EDITION, built_site) == []


def test_every_pdf_has_the_structure_pdf_ua_asks_for(built_site):
    """Header cells with their scope, unique /IDs in the /IDTree, links held by their /Link elements, the catalog's
    language, marking and title shown; and no finding of the pdfua checker (printed.ua_problems;
    tests/pages/test_every_edition.py asks the same of the real cities' editions and a fresh one)."""
    assert ua_problems(built_site) == []


def test_no_case_program_or_partner_is_split_over_two_pages(built_site):
    assert split_cards(EDITION, built_site / "staff" / "downloads") == []


def test_addresses_break_after_at_signs_and_dots_never_at_a_hyphen(built_site):
    """printed.hyphen_breaks (tests/pages/test_every_edition.py asks the same of the real cities' editions)."""
    assert hyphen_breaks(EDITION, built_site / "staff" / "downloads") == []


def test_an_address_has_a_span_only_around_a_piece_that_could_break():
    """Letters and digits have no break inside them; only a piece with a hyphen (or other punctuation) gets the
    span that keeps it on one line (the spans around every piece made the partner pages a fifth slower)."""
    assert text.breakable_html("jane.doe@city-of-maple.gov") == (
        'jane.\u200bdoe@\u200b<span class="unbroken">city-of-maple</span>.\u200bgov'
    )
    assert text.breakable_html("a&b<c") == 'a&amp;\u200b<span class="unbroken">b&lt;c</span>'


def test_a_long_address_in_a_narrow_column_breaks_after_dots_and_never_at_a_hyphen(tmp_path):
    address = "code.enforcement.intake@department-of-neighborhood-services.city-of-maple-falls.example.gov"
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
        f'<p style="width: 1.6in">{text.breakable_html(address)}</p></body></html>'
    )
    css = engine.STYLESHEET.read_text(encoding="utf-8")
    sheet.write_pdf(page, css, str(tmp_path / "address.pdf"), False)
    with pdfplumber.open(tmp_path / "address.pdf") as pdf:
        lines = [squeeze(line) for line in pdf.pages[0].extract_text().splitlines()]
    body = lines[: lines.index(next(line for line in lines if line.endswith("example.gov"))) + 1]
    assert "".join(body) == address and len(body) >= 4, body
    assert all(line[-1] in "@." for line in body[:-1]), body
    assert "department-of-neighborhood-services." in body, body


def test_the_economics_table_gives_its_labels_room():
    html_text = chapters.for_print(
        chapters.page_html("| Figure | Amount |\n|---|---:|\n| A long label | $1 |\n", "x.md")
    )
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
    assert all(shaped.values()), shaped  # every shape occurs in the default edition
    for name in shaped:
        assert re.search(rf"table\.{name}[^{{]*\{{ table-layout: fixed; \}}", css), name
