"""What a new inspector and a trainer read on paper and on the site: the decision matrix printed with
wording for paper and without a page left empty, partners found by situation even where none is listed
(Cleveland), the contact list saying once what is missing, and the handbook's own text marked as such."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from handbook.edition import load_edition
from handbook.pages import partners, training
from handbook.pdf import documents, engine, sheet
from helpers import DATA, ROOT
from printed import pages_text

CLEVELAND = ROOT / "examples" / "cleveland"
CSS = engine.STYLESHEET.read_text(encoding="utf-8")


def chapter_pdf(edition, section: str, target) -> list[str]:
    """One chapter of handbook.pdf laid out as the book lays it out (each chapter starts a page): its pages' text."""
    sections = [s for s in documents.handbook_sections(edition) if s["id"] == section]
    parts = documents.handbook_parts(sections)
    html = documents.handbook_piece(
        edition, dt.date(2026, 12, 1), parts, False, [(p, s) for p in parts for s in p["sections"]], lambda _: ""
    )
    sheet.write_pdf(html, CSS, str(target), one_page=False)
    return pages_text(target)


def test_matrix_prints_wording_for_paper_and_its_table_follows_the_introduction(tmp_path):
    pages = chapter_pdf(load_edition(DATA), "page-trainers-decision-matrix", tmp_path / "matrix.pdf")
    text = " ".join(pages)
    assert "Choose values" not in text and "Show all rows" not in text
    assert "read across to the approaches and where to turn" in text
    first = pages[0]
    assert "Occupancy Owner situation Severity" in first  # the table starts on page 1
    assert first.count("Tools:") >= 3  # and fills it, not a page later


def test_matrix_filter_help_stays_with_the_filter_on_the_site():
    page = training.matrix_page(load_edition(DATA))
    form = re.search(r"<form[^>]*hidden>(.*?)</form>", page, re.S).group(1)
    assert "Choose values below to show only the matching rows." in form
    assert "Choose values" not in page.replace(form, "")


def test_situations_fall_back_on_when_to_contact_in_cleveland():
    edition = load_edition(CLEVELAND)
    untagged = [p for p in edition.partners if not p.situations and p.when_to_contact]
    assert untagged
    page = partners.situations_page(edition.partners)
    police = untagged[0]
    heading = police.when_to_contact[0].rstrip(".").replace("-", "\\-")
    assert f"## {heading}" in page
    assert re.search(rf"## {re.escape(heading)}\n\n\| Partner .*\n\|---.*\n\| \[{re.escape(police.name)}\]", page)
    for p in edition.partners:  # every partner is on the page, with what to do
        assert p.name in page
    others = page.split("## Other partners")[1]
    assert police.name not in others
    assert all(p.name in others for p in edition.partners if not p.situations and not p.when_to_contact)


def test_situations_are_still_preferred_where_listed():
    edition = load_edition(DATA)
    tagged = next(p for p in edition.partners if p.situations and p.when_to_contact)
    page = partners.situations_page(edition.partners)
    assert f"## {tagged.situations[0][:1].upper()}" in page
    assert f"## {tagged.when_to_contact[0].rstrip('.')}" not in page


@pytest.mark.parametrize("folder", [DATA, CLEVELAND])
def test_contact_list_says_what_is_missing_once(folder, tmp_path):
    edition = load_edition(folder)
    target = tmp_path / "contacts.pdf"
    sheet.write_pdf(documents.contacts_html(edition, dt.date(2026, 12, 1)), CSS, str(target), one_page=False)
    text = " ".join(pages_text(target))
    assert "No contact recorded" not in text
    without = [p for p in edition.partners if not p.contacts]
    assert text.count("No contact person is recorded yet") == (1 if without else 0)
    if folder == CLEVELAND:
        assert (
            f"No contact person is recorded yet for {len(without)} of these {len(edition.partners)} partners: "
            f"{without[0].name}"
        ) in text


def test_why_this_module_matters_is_marked_as_the_handbooks_own(tmp_path):
    edition = load_edition(DATA)
    pages = chapter_pdf(edition, "page-training-purpose", tmp_path / "purpose.pdf")
    text = " ".join(pages)
    why = text.split("Why this module matters", 1)[1]
    assert "This section is this handbook's own" in why.split("Key training components")[0]
