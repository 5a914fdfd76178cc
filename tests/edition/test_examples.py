"""The three example editions: each builds for both audiences, shows its local facts and keeps
the national modules it does not change; a change to national/ reaches them on the next build."""

from __future__ import annotations

import html.parser
import pathlib
import re
import shutil

import pytest

from handbook.build import build
from handbook.edition import load_edition, provenance
from helpers import ROOT

EXAMPLES = ROOT / "examples"
NATIONAL_PAGES = {
    "purpose": "Establishing the Purpose of Code Enforcement",
    "codes-and-processes": "Technical Knowledge, Codes, and Processes",
    "external-partners": "Coordinating with External Public and Community Partners",
}


class _Text(html.parser.HTMLParser):
    """The visible text of a page's main article."""

    def __init__(self):
        super().__init__()
        self.depth, self.parts = 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "article" or self.depth:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def text_of(page: pathlib.Path) -> str:
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture(scope="module")
def example_sites(tmp_path_factory):
    """Each example edition built once (no PDFs): {name: out folder with staff/ and public/}."""
    sites = {}
    for name in ("cleveland", "carlsbad", "lees-summit"):
        out = tmp_path_factory.mktemp(name)
        build(EXAMPLES / name, out, ["staff", "public"], strict=True, pdf=False)
        sites[name] = out
    return sites


@pytest.mark.parametrize("name", ["cleveland", "carlsbad", "lees-summit"])
def test_each_example_keeps_the_national_modules(example_sites, name):
    for page, title in NATIONAL_PAGES.items():
        assert title in text_of(example_sites[name] / "staff" / "training" / page / "index.html")
    assert (example_sites[name] / "public" / "index.html").is_file()
    assert not (example_sites[name] / "public" / "about-sources").exists()  # the provenance page is for staff


def test_cleveland_module_4_is_its_own(example_sites):
    page = text_of(example_sites["cleveland"] / "staff" / "training" / "internal-partners" / "index.html")
    assert "Module 4: Coordinating with Internal City Partners" in page
    assert "Our Problem Properties Roundtable" in page
    for department in (
        "Community Development",
        "The Cleveland Land Bank",
        "The Mayor's Office and its Problem Properties Roundtable",
        "The Department of Aging",
    ):
        assert department in page
    assert "Webinar, Strategic Code Enforcement Management Academy" in page  # resources inherited from national


PHONE = re.compile(r"\b\d{3}-\d{3}-\d{4}\b")


@pytest.mark.parametrize("name", ["cleveland", "carlsbad", "lees-summit"])
def test_every_number_an_example_publishes_is_in_its_sources(name):
    """A real city's phone numbers are researched, not invented: each one is listed in SOURCES.md."""
    edition = load_edition(EXAMPLES / name)
    sources = (EXAMPLES / name / "SOURCES.md").read_text(encoding="utf-8")
    numbers = set(PHONE.findall(edition.jurisdiction.public_contact.phone))
    numbers |= {n for p in edition.partners for c in p.contacts for n in PHONE.findall(c.phone)}
    numbers |= {n for p in edition.programs for n in PHONE.findall(p.phone)}
    assert numbers, "an example a city could publish gives residents a number to call"
    assert {n for n in numbers if n not in sources} == set()
    assert re.search(r"\| \d{4}-\d{2}-\d{2} \|", sources)  # each source with the date it was read


def test_cleveland_public_site_says_how_to_report_and_where_to_appeal(example_sites):
    edition = load_edition(EXAMPLES / "cleveland")
    assert edition.jurisdiction.public_contact.phone == "311 (inside Cleveland) or 216-664-2000 (from anywhere)"
    assert {p.id for p in edition.partners if p.kind == "internal" and not p.public} >= {"land-bank", "police"}
    home = text_of(example_sites["cleveland"] / "public" / "index.html")
    assert "216-664-2000" in home and "https://clevelandohio.gov/311" in home
    complaints = text_of(example_sites["cleveland"] / "public" / "process" / "complaints" / "index.html")
    assert "Board of Building Standards and Building Appeals" in complaints and "30 days" in complaints
    helping = text_of(example_sites["cleveland"] / "public" / "process" / "help" / "index.html")
    assert "Repair-A-Home (RAH)" in helping and "216-664-2045" in helping


def test_cleveland_directory_marks_missing_contacts_to_be_completed(example_sites):
    page = text_of(example_sites["cleveland"] / "staff" / "partners" / "internal" / "index.html")
    partners = load_edition(EXAMPLES / "cleveland").partners
    assert page.count("Contacts: to be completed") == sum(p.kind == "internal" and not p.contacts for p in partners)
    assert page.count("Contacts: to be completed") >= 6  # no source names the Land Bank's line, etc.


def test_cleveland_provenance_shows_national_changed_and_local(example_sites):
    statuses = {(r.kind, r.name): (r.status, r.changed) for r in provenance.rows(load_edition(EXAMPLES / "cleveland"))}
    assert statuses[("module", "1. Establishing the Purpose of Code Enforcement")] == (provenance.NATIONAL_WORD, [])
    status, changed = statuses[("module", "4. Coordinating with Internal City Partners")]
    assert status == provenance.CHANGED and {"components", "spotlights", "steps", "agenda"} <= set(changed)
    assert "timing" not in changed  # the Roundtable has its segment; the session keeps its length
    assert statuses[("partner", "Cleveland Land Bank")] == (provenance.LOCAL, [])
    page = text_of(example_sites["cleveland"] / "staff" / "about-sources" / "index.html")
    assert "Coordinating with Internal City Partners Changed here (agenda, audience, components," in page


def test_carlsbad_staff_expectations_use_energov(example_sites):
    edition = load_edition(EXAMPLES / "carlsbad")
    assert edition.process.case_system == "EnerGov"
    assert {s.id: s.target.words() for s in edition.process.service_standards if s.target} == {
        "return-calls": "within 1 business day"
    }
    cadences = {e.id: e.cadence for e in edition.process.staff_expectations}
    assert cadences["weekly-status"] == "Weekly" and cadences["category-1-daily"] == "Daily until resolved"
    assert edition.process.categories == []  # the snapshot gives no targets, so none are invented
    page = text_of(example_sites["carlsbad"] / "staff" / "about-sources" / "index.html")
    assert "Keep EnerGov up to date Added here" in page
    assert "within one business day" in text_of(example_sites["carlsbad"] / "public" / "index.html")
    expectations = text_of(example_sites["carlsbad"] / "staff" / "process" / "staff-expectations" / "index.html")
    assert "EnerGov" in expectations and "Daily until resolved" in expectations
    assert not (example_sites["carlsbad"] / "public" / "process" / "staff-expectations").exists()
    assert "760-602-2703" in text_of(example_sites["carlsbad"] / "public" / "index.html")
    complaints = text_of(example_sites["carlsbad"] / "public" / "process" / "complaints" / "index.html")
    assert "appeal form" in complaints and "the officer tells" not in complaints  # written for residents
    assert "760-434-2868" in text_of(example_sites["carlsbad"] / "public" / "process" / "help" / "index.html")


def test_lees_summit_policy_investigates_within_five_business_days(example_sites):
    policy = load_edition(EXAMPLES / "lees-summit").policy("proactive-enforcement")
    assert policy.commitments[0].target.words() == "within 5 business days"
    assert "within five business days" in policy.commitments[0].text
    assert policy.reporting.to == "Community and Economic Development Committee"
    assert "Every complaint is investigated within five business days." in text_of(
        example_sites["lees-summit"] / "public" / "index.html"
    )
    for audience in ("staff", "public"):
        page = text_of(example_sites["lees-summit"] / audience / "policies" / "proactive-enforcement" / "index.html")
        assert "within five business days" in page and "within 5 business days" in page
    complaints = text_of(example_sites["lees-summit"] / "public" / "process" / "complaints" / "index.html")
    assert "LS Connect" in complaints and "816-969-1200" in complaints and "usually gives 10 days" in complaints


def test_a_change_to_a_national_module_reaches_an_example(tmp_path):
    shutil.copytree(ROOT / "national", tmp_path / "national")
    city = tmp_path / "examples" / "cleveland"
    shutil.copytree(EXAMPLES / "cleveland", city)
    jurisdiction = city / "jurisdiction.yaml"
    jurisdiction.write_text(jurisdiction.read_text().replace("extends: national", "extends: ../../national"))
    module = tmp_path / "national" / "modules" / "01-purpose.yaml"
    module.write_text(
        module.read_text().replace(
            "title: Establishing the Purpose of Code Enforcement", "title: Why Code Enforcement Exists"
        )
    )
    build(city, tmp_path / "site", ["staff"], pdf=False)
    page = text_of(tmp_path / "site" / "staff" / "training" / "purpose" / "index.html")
    assert "Module 1: Why Code Enforcement Exists" in page
    assert "Our Problem Properties Roundtable" in text_of(
        tmp_path / "site" / "staff" / "training" / "internal-partners" / "index.html"
    )


def test_cleveland_keeps_only_the_resources_its_source_names():
    module = load_edition(EXAMPLES / "cleveland").module("internal-partners")
    assert [r.publisher for r in module.resources] == ["Strategic Code Enforcement Management Academy (SCEMA)"] * 2
    assert "Community Ambassadors Program" not in [r.title for r in module.resources]
