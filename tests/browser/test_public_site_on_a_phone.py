"""Each edition's public site on a 390 x 844 phone, as a resident uses it: a number to tap (one link per
number), a way to report a problem, how long a report takes (every public category's targets, a public
service standard's target, or the city's word that it publishes no time and whom to ask), no placeholder
text, no page that scrolls sideways, and the one-page repair sheet two taps from the home page where the
edition has repair programs.

EDITIONS is the list of editions to try; the lead extends it. The three example cities hold the facts their
own pages publish (issue 27) and pass every test here."""

from __future__ import annotations

import re
import urllib.parse

import pytest

from browser.checks import Server, html_pages, new_tab
from handbook import cli
from handbook.build import build
from handbook.edition import load_edition
from handbook.edition.checks import tells_how_long
from handbook.pages import downloads
from helpers import DATA, ROOT, fill_as_a_city

PHONE_390 = {"width": 390, "height": 844}
PLACEHOLDERS = re.compile(r"to be (decided|confirmed|determined|completed)|\bTBD\b|FIXME", re.I)
TEL = re.compile(r"^tel:\+?\d+$")
CITIES = ("cleveland", "carlsbad", "lees-summit")
EDITIONS = ["data", "fresh", *CITIES]


@pytest.fixture(scope="module")
def public_sites(tmp_path_factory):
    """Each edition's public site, with its PDFs, served on its own port; and the edition it was built from."""
    work = tmp_path_factory.mktemp("public-phone")
    folders = {"data": DATA, **{name: ROOT / "examples" / name for name in CITIES}}
    fresh = folders["fresh"] = work / "fresh"
    assert cli.main(["new", str(fresh), "--name", "City of Testing"]) == 0
    fill_as_a_city(fresh)
    found, servers = {}, []
    for name in EDITIONS:
        site = work / f"site-{name}"
        build(folders[name], site, ["public"], pdf=True)
        server = Server(site / "public")
        servers.append(server)
        found[name] = (server.url, site / "public", load_edition(folders[name]))
    yield found
    for server in servers:
        server.close()


@pytest.fixture
def phone(browser):
    tab = new_tab(browser, PHONE_390)
    yield tab
    tab.page.context.close()


def article_text(page) -> str:
    return " ".join(page.locator("article").inner_text().split())


def public_pages(folder) -> list[str]:
    return [p for p in html_pages(folder) if p.endswith("index.html") and not p.startswith("404")]


@pytest.mark.parametrize("name", EDITIONS)
def test_no_public_page_scrolls_sideways_or_shows_a_placeholder(public_sites, phone, name):
    base, folder, _ = public_sites[name]
    wide, placeholders = {}, {}
    for path in public_pages(folder):
        phone.page.goto(urllib.parse.urljoin(base, path.removesuffix("index.html")), wait_until="load")
        width = phone.page.evaluate("document.scrollingElement.scrollWidth")
        # a table that scrolls inside its box hides columns off the side: every cell must be on the screen
        cells = phone.page.eval_on_selector_all(
            "article td",
            "cells => cells.map(c => c.getBoundingClientRect()).filter(r => r.width > 0).map(r => Math.round(r.right))",
        )
        if width > PHONE_390["width"] or max(cells, default=0) > PHONE_390["width"]:
            wide[path] = (width, max(cells, default=0))
        found = PLACEHOLDERS.search(phone.page.locator("body").inner_text())
        if found:
            placeholders[path] = found.group(0)
    assert wide == {} and placeholders == {}
    assert not phone.log.external()


@pytest.mark.parametrize("name", EDITIONS)
def test_the_home_page_offers_a_number_to_tap_and_a_way_to_report(public_sites, phone, name):
    base, _, edition = public_sites[name]
    page = phone.page
    page.goto(base, wait_until="load")
    section = page.locator("article")
    tel = section.locator('a[href^="tel:"]')
    assert tel.count() >= 1, article_text(page)[:600]
    for link in tel.all():
        assert TEL.match(link.get_attribute("href")), link.get_attribute("href")  # digits and + only
        # one number reads on one line: never "216-664-" at a line's end and "2000" on the next
        assert link.evaluate("a => a.getClientRects().length") == 1, link.inner_text()
    box = tel.first.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_390["width"]  # on the screen: tappable
    assert box["height"] >= 16
    contact = edition.jurisdiction.public_contact
    assert contact.phone or contact.report_url
    words = article_text(page)
    assert "Report a problem" in words and "does not yet say how to report" not in words
    if contact.report_url:
        assert section.get_by_role("link", name="Report it online").count() == 1


def test_a_phone_field_with_two_numbers_gives_two_links(public_sites, phone):
    """The filled scaffold's phone is '311, or 555-0100 from outside the city': two links, never one of
    all the digits (3115550100), and the words between them stay text."""
    base, _, _ = public_sites["fresh"]
    phone.page.goto(base, wait_until="load")
    hrefs = phone.page.locator('article a[href^="tel:"]').evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert "tel:311" in hrefs and "tel:5550100" in hrefs and "tel:3115550100" not in hrefs
    assert phone.page.locator('article a[href="tel:311"]').first.inner_text() == "311"
    assert "311, or 555-0100 from outside the city" in article_text(phone.page)


@pytest.mark.parametrize("name", EDITIONS)
def test_the_site_says_how_long_a_report_takes(public_sites, phone, name):
    """Every public category's targets; without one, each public service standard's target; and the city's
    own word when it publishes no time (on the home page too): never 'does not yet say how fast'."""
    base, _, edition = public_sites[name]
    process = edition.process
    assert tells_how_long(process), "the site cannot say how long a report takes"
    phone.page.goto(urllib.parse.urljoin(base, "process/complaints/"), wait_until="load")
    words = article_text(phone.page)
    public = [c for c in process.categories if c.public]
    for category in public:
        assert category.initial_response.words() in words, category.id
        if category.resolution_target:
            assert category.resolution_target.words() in words, category.id
    if not public:
        for standard in process.service_standards:
            if standard.public and standard.target:
                assert standard.target.words() in words.lower(), standard.id
    said = " ".join(process.timing_not_published.split())
    assert said in words and "does not yet say how fast" not in words
    phone.page.goto(base, wait_until="load")
    home = article_text(phone.page)
    assert "does not yet say how fast" not in home
    if not public:
        assert said in home


@pytest.mark.parametrize("name", EDITIONS)
def test_the_repair_sheet_is_two_taps_from_home(public_sites, phone, name):
    base, folder, edition = public_sites[name]
    if not downloads.public_programs(edition):
        pytest.skip("this edition has no public repair programs, so no repair sheet")
    page = phone.page
    page.goto(base, wait_until="load")
    page.locator('article a[href="process/help/"]').first.click()  # tap 1: Where to get help
    page.wait_for_load_state("load")
    assert page.url.rstrip("/").endswith("process/help")
    sheet = page.locator('article a[href$="downloads/repair-resources.pdf"]').first
    assert sheet.is_visible() and sheet.inner_text() == "Download PDF: Repair resource sheet for owners (1 page)"
    target = urllib.parse.urljoin(page.url, sheet.get_attribute("href"))  # tap 2: the sheet
    response = page.request.get(target)
    assert response.status == 200 and response.body()[:5] == b"%PDF-"
