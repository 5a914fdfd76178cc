"""The process guide pages, department page loading, the process guide PDF and reading grades."""

from __future__ import annotations

import re

import pypdf

from handbook.edition import load_edition
from handbook.mkdocs import readability
from handbook.pages import process as process_pages
from handbook.problems import EditionError
from handbook.view import for_audience
from helpers import DATA, write


def test_steps_are_a_numbered_flow_with_what_each_side_is_told():
    edition = load_edition(DATA)
    page = process_pages.complaint_guide(for_audience(edition, "public"))
    numbered = re.findall(r"^(\d+)\. \*\*(.+?)\*\*", page, re.M)
    assert [title for _, title in numbered] == [s.title for s in edition.process.steps]
    assert [int(n) for n, _ in numbered] == list(range(1, len(numbered) + 1))
    assert page.count("What the owner is told") == len(edition.process.steps)
    assert "For staff" not in page and "Updates (staff)" not in page
    staff_page = process_pages.complaint_guide(edition)
    assert staff_page.count('!!! note "For staff"') == len(edition.process.steps)


def test_targets_are_written_in_words_from_the_data():
    edition = load_edition(DATA)
    edition.process.categories[0].initial_response.amount = 1
    edition.process.categories[0].initial_response.unit = "business_days"
    page = process_pages.complaint_guide(edition)
    assert "| within 1 business day | within 3 calendar days |" in page
    assert "within 1 business day" in process_pages.standards_page(edition)


def test_department_page_front_matter_mistakes_are_reported_with_their_place(default_copy, run):
    write(default_copy / "pages" / "snow.md", "---\ntitle: Snow\npublik: true\n---\n\nText\n")
    code, _, err = run("check", "--data", default_copy)
    assert code == 1
    assert re.search(r"pages/snow\.md:3:1: unknown key 'publik'; did you mean 'public'\?", err)


def test_department_page_file_names_must_be_ids(default_copy):
    write(default_copy / "pages" / "Snow Removal.md", "Text\n")
    try:
        load_edition(default_copy)
    except EditionError as exc:
        assert "is not a valid page file name" in str(exc)
    else:
        raise AssertionError("a page named 'Snow Removal.md' was accepted")


def test_process_guide_pdf_is_tagged_with_title_and_language(built_site):
    edition = for_audience(load_edition(DATA), "public")
    reader = pypdf.PdfReader(built_site / "public/downloads/process-guide.pdf")
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert reader.metadata.title == "City of Maple Falls: how we handle a complaint"
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "within 24 hours" in text and "We close the case" in text
    assert edition.process.steps[0].staff_notes == "" and "For staff" not in text


def test_default_public_pages_read_at_or_below_the_configured_grade():
    edition = load_edition(DATA)
    readings = readability.grades(DATA)
    assert {r.page.src for r in readings} >= {
        "index.md",
        "process/complaints.md",
        "process/standards.md",
        "policies/proactive-enforcement.md",
    }
    for reading in readings:
        assert reading.words > 100, reading.page.src
        assert reading.grade <= edition.jurisdiction.reading_grade_max, (reading.page.src, reading.grade)


def test_check_warns_about_a_public_page_that_is_hard_to_read(default_copy, run):
    write(
        default_copy / "pages" / "legal.md",
        "---\npublic: true\n---\n# Legal\n\n"
        + (
            "Notwithstanding any contrary determination, administrative adjudication of alleged municipal "
            "ordinance infractions necessitates comprehensive evidentiary documentation, including "
            "photographic substantiation and contemporaneous observational memoranda. "
        )
        * 3,
    )
    write(default_copy / "pages" / "internal.md", "# Internal\n\n" + "Incomprehensible bureaucratic verbiage. " * 5)
    code, out, err = run("check", "--data", default_copy)
    assert code == 0
    assert re.search(r"reading grade\s+\d+\.\d  Legal \(pages/legal\.md", out)
    assert "internal.md" not in out  # staff-only pages are not graded
    assert "the public page 'Legal' (pages/legal.md) reads at grade" in err
    code, _, err = run("check", "--strict", "--data", default_copy)
    assert code == 1 and "treated as errors" in err


def test_plain_text_drops_markup_and_ends_each_block():
    text = readability.plain_text("# Title\n\n| A | B |\n|---|---|\n| one | two |\n\n- **Bold** [link](x.md)\n")
    assert text == "Title. A. B. one. two. Bold link."


def test_staff_process_guide_keeps_the_staff_notes(built_site):
    text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(built_site / "staff/downloads/process-guide.pdf").pages
    )
    assert "For staff" in text and "CaseTrack" in text


def test_complaint_page_links_the_printable_guide(built_site):
    for audience in ("staff", "public"):
        page = (built_site / audience / "process/complaints/index.html").read_text()
        assert 'href="../../downloads/process-guide.pdf"' in page
