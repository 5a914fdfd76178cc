"""The one-page repair sheet, laid out for real and read back with pdfplumber: two level columns, a fit
that only gets worse as programs are added, type of 10 pt and more, and `on_sheet` choosing what it prints."""

from __future__ import annotations

import pathlib
import re

import pdfplumber
import pytest

from handbook.edition import load_edition, models
from handbook.pages import downloads, partners
from handbook.pdf import documents, engine
from handbook.pdf import sheet as pdf_sheet
from helpers import DATA

EDITION = load_edition(DATA)
CSS = engine.STYLESHEET.read_text(encoding="utf-8")


def program(i: int, long: bool = False) -> models.Program:
    words = " and who have lived there for at least two years before they apply" if long else ""
    return models.Program(
        id=f"p{i}",
        name=f"Repair Fund {i}",
        provider="community-development",
        helps_with=["roof", "porch and steps"] if i % 2 else ["furnace"],
        who_qualifies="Owners who live in the home" + words,
        cost_to_owner="Free",
        how_to_apply="Call the fund's office.",
        phone="555-0170",
        languages=["English", "Spanish"],
        public=True,
    )


def sheet(programs: list, tmp_path: pathlib.Path) -> pathlib.Path:
    target = tmp_path / "sheet.pdf"
    pdf_sheet.write_pdf(documents.sheet_html(EDITION, programs), CSS, str(target), one_page=True)
    return target


def column_heights(path: pathlib.Path) -> tuple[float, float]:
    """The height of the text of each column of cards, between the heading 'Programs' and the footer."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        top = next(w["bottom"] for w in words if w["text"] == "Programs")
        bottom = next(
            w["top"] for w in words if w["text"] == EDITION.jurisdiction.department.split()[0] and w["top"] > top
        )
        cards = [w for w in words if top < w["top"] and w["bottom"] < bottom]
        heights = []
        for column in ([w for w in cards if w["x0"] < page.width / 2], [w for w in cards if w["x0"] >= page.width / 2]):
            heights.append(max(w["bottom"] for w in column) - min(w["top"] for w in column))
        return tuple(heights)


def test_the_default_sheet_has_two_level_columns_and_large_type(tmp_path):
    path = sheet(downloads.public_programs(EDITION), tmp_path)
    left, right = column_heights(path)
    assert abs(left - right) < max(left, right) / 3, (left, right)
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == 1
        small = {round(c["size"], 1) for c in pdf.pages[0].chars if c["size"] < 9.95}
    assert small == set()  # no type under 10 pt anywhere on the sheet


def test_seven_short_programs_fit_with_level_columns(tmp_path):
    path = sheet([program(i) for i in range(1, 8)], tmp_path)
    left, right = column_heights(path)
    assert abs(left - right) < max(left, right) / 3, (left, right)


def test_fit_only_gets_worse_as_programs_are_added():
    programs = downloads.public_programs(EDITION) + [program(i, long=i % 3 == 0) for i in range(10, 16)]
    pages = [
        pdf_sheet.sheet_pages(documents.sheet_html(EDITION, programs[:n]), CSS) for n in range(5, len(programs) + 1)
    ]
    assert pages == sorted(pages), pages  # once a sheet is too long, more never fits
    assert pages[0] == 1 and pages[-1] > 1


def test_a_sheet_too_long_names_the_place_the_programs_and_how_much(tmp_path):
    programs = downloads.public_programs(EDITION) + [program(i) for i in range(10, 13)]
    with pytest.raises(pdf_sheet.SheetTooLong) as raised:
        sheet(programs, tmp_path)
    pages, inches = raised.value.args
    assert pages == 2 and 0 < inches < 11


def test_split_point_levels_the_columns():
    assert pdf_sheet.split_point([1, 1, 1, 1]) == 2
    assert pdf_sheet.split_point([3, 1, 1, 1]) == 1
    assert pdf_sheet.split_point([1, 1, 1, 3]) == 3
    assert pdf_sheet.split_point([2]) == 1  # one card: the first column
    assert pdf_sheet.split_point([]) == 0


def test_on_sheet_false_keeps_a_public_program_on_the_website_only(default_copy, run):
    programs = default_copy / "programs.yaml"
    programs.write_text(
        programs.read_text().replace("  - id: tax-payment-plan\n", "  - id: tax-payment-plan\n    on_sheet: false\n")
    )
    edition = load_edition(default_copy)
    assert "Property Tax Payment Plan" not in [p.name for p in downloads.public_programs(edition)]
    assert "Property Tax Payment Plan" in [p.name for p in edition.programs if p.public]
    assert "Property Tax Payment Plan" not in documents.sheet_html(edition, downloads.public_programs(edition))
    page = partners.programs_page(edition.programs, edition.partners)
    card = page[page.index("#program-tax-payment-plan }") :]
    assert re.search(r"\*\*On the public sheet\*\* \| No", card[: card.index("Last verified")])


def test_on_sheet_true_on_a_staff_only_program_is_an_error(default_copy, run):
    programs = default_copy / "programs.yaml"
    text = programs.read_text()
    start = text.index("  - id: tax-payment-plan\n")
    block = text[start:].replace("    public: true\n", "    on_sheet: true\n", 1)
    programs.write_text(text[:start] + block)
    code, out, err = run("check", "--data", default_copy)
    assert code == 1
    line = next(i for i, x in enumerate(programs.read_text().splitlines(), 1) if "on_sheet: true" in x)
    assert f"programs.yaml:{line}:" in out + err
    assert "'on_sheet: true' but is not public" in out + err
