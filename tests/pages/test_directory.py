"""Partner and program directories: grouping, the inverted situation page, module partner lists, PDF links."""

from __future__ import annotations

import re

from handbook import text
from handbook.edition import load_edition
from handbook.pages import downloads
from handbook.pages import partners as directory
from handbook.pages import registry as site
from handbook.pages.context import Context
from helpers import DATA

EDITION = load_edition(DATA)


def text_of(markup: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))


def test_situations_invert_the_partner_data():
    groups = dict(directory.by_situation(EDITION.partners))
    for partner in EDITION.partners:
        assert partner.situations, partner.id
        for situation in partner.situations:
            assert partner in groups[situation]
    assert list(groups) == sorted(groups, key=str.lower)
    assert sum(len(g) for g in groups.values()) == sum(len(p.situations) for p in EDITION.partners)


def test_situation_page_links_every_partner_to_its_directory_entry():
    page = directory.situations_page(EDITION.partners)
    for partner in EDITION.partners:
        kind_page = "internal.md" if partner.kind == "internal" else "external.md"
        assert f"]({kind_page}#partner-{partner.id})" in page
    assert "## Vacant or open buildings" in page


def test_directory_pages_group_by_category_and_keep_to_their_kind():
    page = directory.partners_page(EDITION.partners, "internal")
    for partner in EDITION.partners:
        assert (text.plain(partner.name) in page) == (partner.kind == "internal")
    assert "## Land bank" in page and "**When to contact them**" in page
    assert page.count("### ") == sum(p.kind == "internal" for p in EDITION.partners)


def test_page_functions_show_only_the_partners_they_are_given():
    few = [p for p in EDITION.partners if p.public]
    page = directory.situations_page(few)
    assert "Neighborhood Policing Unit" not in page  # police: public: false
    assert "Tenants Union" in page


def test_programs_page_lists_every_program_and_indexes_needs():
    page = directory.programs_page(EDITION.programs, EDITION.partners)
    for program in EDITION.programs:
        assert f"### {text.plain(program.name)} {{ #program-{program.id} }}" in page
    for need, _ in directory.by_need(EDITION.programs):
        assert f"| {text.plain(need[0].upper() + need[1:])} |" in page


def test_module_pages_show_their_kind_of_partner():
    internal = directory.partners_block(EDITION.partners, "internal", "training/internal-partners.md")
    assert "](../partners/internal.md#partner-police)" in internal
    assert "Tenants Union" not in internal
    assert directory.partners_block(EDITION.partners, None, "training/purpose.md") == ""


def test_partner_pages_are_on_the_staff_site_only_for_now():
    staff = {p.src for p in site.pages(EDITION, "staff")}
    public = {p.src for p in site.pages(EDITION, "public")}
    assert {"partners/internal.md", "partners/external.md", "partners/situations.md", "partners/programs.md"} <= staff
    assert not any(src.startswith("partners/") for src in public)


def test_pdf_links_only_when_the_build_writes_pdfs(monkeypatch):
    found = downloads.agendas(EDITION.module("purpose"))
    page = "training/purpose.md"
    assert downloads.links(Context(EDITION, "staff", page), found) == ""  # mkdocs serve, --no-pdf
    block = downloads.links(Context(EDITION, "staff", page, downloads=True), found)
    assert 'href="../../downloads/agenda-purpose-onboarding.pdf"' in block
    assert downloads.links(Context(EDITION, "public", page, downloads=True), found) == ""  # agendas are for staff
    assert Context(EDITION, "staff", page).root == "../../" and Context(EDITION, "staff", "index.md").root == ""


def test_built_pages_link_to_pdfs_that_exist(built_site):
    pages = {
        "staff": [
            "training/purpose",
            "training/codes-and-processes",
            "partners/internal",
            "partners/external",
            "partners/situations",
            "partners/programs",
            "",
        ],
        "public": [""],
    }
    for audience, paths in pages.items():
        for path in paths:
            index = built_site / audience / path / "index.html"
            links = re.findall(r'href="([^"]+\.pdf)"', index.read_text(encoding="utf-8"))
            assert links, index
            for link in links:
                assert (index.parent / link).resolve().is_file(), (index, link)
    home = (built_site / "staff/index.html").read_text(encoding="utf-8")
    assert "downloads/handbook.pdf" in home
    public_home = (built_site / "public/index.html").read_text(encoding="utf-8")
    assert "downloads/repair-resources.pdf" in public_home and "handbook.pdf" not in public_home


def test_built_module_4_lists_internal_partners(built_site):
    page = text_of((built_site / "staff/training/internal-partners/index.html").read_text(encoding="utf-8"))
    assert "Our partners inside city government" in page
    assert "Maple Falls Police Department, Neighborhood Policing Unit" in page


def test_no_pdf_build_has_no_pdf_links(minimal, tmp_path, run):
    code, _, err = run("build", "--data", minimal, "--out", tmp_path / "out", "--no-pdf")
    assert code == 0, err
    assert ".pdf" not in (tmp_path / "out/staff/index.html").read_text(encoding="utf-8")
    assert not (tmp_path / "out/staff/downloads").exists()
