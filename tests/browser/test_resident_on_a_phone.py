"""A resident with a phone, on each edition's public site: from the home page, at most two taps reach a
page that shows how to call (a tappable phone number, or plainly that the guide does not yet say, and
whom to ask, where the city's source gives none) and how fast the city responds (its targets, or that
the guide does not yet say). And search finds the response-time table from the words a resident types."""

from __future__ import annotations

import re
import urllib.parse

import pytest

from browser.checks import PHONE, Server, new_tab
from handbook import cli, text
from handbook.build import build
from handbook.edition import load_edition
from helpers import DATA, ROOT, fill_as_a_city

EDITIONS = {"data": DATA, **{p.name: p for p in sorted((ROOT / "examples").iterdir()) if p.is_dir()}}
NO_PHONE = "This guide does not yet say how to report a problem."
NO_TARGETS = re.compile(r"This guide does not yet say how fast we (first )?respond", re.I)
MENU = "label.md-header__button[for='__drawer']"


@pytest.fixture(scope="module")
def public_sites(tmp_path_factory):
    """Each edition's public site (no PDFs) served on its own port, and the edition it was built from."""
    work = tmp_path_factory.mktemp("resident")
    editions = dict(EDITIONS)
    fresh = work / "fresh"
    assert cli.main(["new", str(fresh), "--name", "City of Testing"]) == 0
    fill_as_a_city(fresh)
    editions["fresh"] = fresh
    found, servers = {}, []
    for name, folder in editions.items():
        build(folder, work / f"site-{name}", ["public"], pdf=False)
        server = Server(work / f"site-{name}" / "public")
        servers.append(server)
        found[name] = (server.url, load_edition(folder))
    yield found
    for server in servers:
        server.close()


def what_a_resident_needs(edition) -> tuple[str | None, list[str]]:
    """The phone digits the page must offer as a tel: link (None: the source gives none), and the
    words the page must show on how long a report takes: every public category's first response; without
    categories, one of the timed service standards or the statement that no time is published (empty: the
    page must say that it does not yet say how fast)."""
    phone = edition.jurisdiction.public_contact.phone
    digits = next((d for _, d in text.phone_parts(phone) if d), None)  # its first number (one link each)
    targets = [c.initial_response.words() for c in edition.process.categories if c.public]
    if targets:
        return digits, targets
    process = edition.process
    either = [s.target.words() for s in process.service_standards if s.public and s.target]
    if process.timing_not_published:
        either.append(" ".join(process.timing_not_published.split()[:8]))
    return digits, [either] if either else []


def answers(page, digits, targets) -> bool:
    """Does the page on screen show how to call and how fast, in a form a phone can use?"""
    article = page.locator("article")
    words = " ".join(article.inner_text().split())
    if digits:
        tel = article.locator(f'a[href="tel:{digits}"]')
        if not tel.count() or not tel.first.is_visible():
            return False
        box = tel.first.bounding_box()
        if not box or box["x"] < 0 or box["x"] + box["width"] > PHONE["width"]:
            return False  # off the side of the screen: not tappable
    elif NO_PHONE not in words:
        return False
    if targets:  # each target, or for a list, any one of its words
        return all(
            any(t.lower() in words.lower() for t in target) if isinstance(target, list) else target in words
            for target in targets
        )
    return bool(NO_TARGETS.search(words))


def taps_from(page, base: str) -> list[str]:
    """The hrefs of the visible links in the article that lead to another page of the site."""
    found = []
    for link in page.locator("article a[href]").all():
        href = link.get_attribute("href") or ""
        if urllib.parse.urljoin(page.url, href).startswith(base) and "#" not in href and link.is_visible():
            found.append(href)
    return found


def tap(page, url: str, selector: str) -> None:
    """Open url and tap the first element matching selector; wait for the page it leads to."""
    page.goto(url, wait_until="load")
    page.locator(selector).first.click()
    page.wait_for_load_state("load")


def reach(tab, base: str, digits, targets) -> list[str] | None:
    """The pages (home page first, at most two taps) that lead to one that answers, or None."""
    page = tab.page
    page.goto(base, wait_until="load")
    if answers(page, digits, targets):
        return [base]
    first = taps_from(page, base)
    menu = page.locator(
        ".md-sidebar--primary .md-nav--primary > .md-nav__list > .md-nav__item > a.md-nav__link"
    ).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    second = []
    for href in first:  # one tap on the home page
        tap(page, base, f'article a[href="{href}"]')
        if answers(page, digits, targets):
            return [base, page.url]
        second += [(page.url, other) for other in taps_from(page, base)]
    for via, href in second:  # and one more on that page
        tap(page, via, f'article a[href="{href}"]')
        if answers(page, digits, targets):
            return [base, via, page.url]
    for href in menu:  # tap the menu, tap an entry
        page.goto(base, wait_until="load")
        page.locator(MENU).click()
        page.locator(f'.md-sidebar--primary a.md-nav__link[href="{href}"]').first.click()
        page.wait_for_load_state("load")
        if answers(page, digits, targets):
            return [base, "menu", page.url]
    return None


@pytest.mark.parametrize("name", [*EDITIONS, "fresh"])
def test_two_taps_reach_a_phone_number_and_the_response_targets(browser, public_sites, name):
    base, edition = public_sites[name]
    digits, targets = what_a_resident_needs(edition)
    tab = new_tab(browser, PHONE)
    try:
        path = reach(tab, base, digits, targets)
        assert path is not None, (name, digits, targets)
        assert not tab.log.external()
    finally:
        tab.page.context.close()


def test_the_sample_edition_offers_a_tappable_number(public_sites):
    """Where the data has a public phone, the test above insists on a tel: link (not a sentence saying the
    guide does not yet give one): the sample and a new edition filled in as a city would."""
    for name in ("data", "fresh"):
        assert what_a_resident_needs(public_sites[name][1])[0]


def search(tab, base: str, words: str) -> list[str]:
    """Type words into the search box on a phone; the result links' paths and fragments."""
    page = tab.page
    page.goto(base)
    page.wait_for_load_state("networkidle")
    page.locator("label.md-header__button[for='__search']").click()
    page.locator("input.md-search__input").click()
    page.keyboard.type(words)
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    # the results are drawn again as each letter arrives: read them all at once, until two readings agree
    hrefs, previous = [], None
    for _ in range(75):
        hrefs = page.eval_on_selector_all(
            ".md-search-result__item a.md-search-result__link", "links => links.map(link => link.getAttribute('href'))"
        )
        if hrefs and hrefs == previous:
            break
        previous = hrefs
        page.wait_for_timeout(200)
    found = []
    for href in hrefs:
        parts = urllib.parse.urlsplit(href)
        found.append(parts.path + ("#" + parts.fragment if parts.fragment else ""))
    return found


@pytest.mark.parametrize("name", ["data", "lees-summit"])
@pytest.mark.parametrize("words", ["how long", "how fast", "when"])
def test_search_finds_the_response_table_from_a_residents_words(browser, public_sites, name, words):
    base, _ = public_sites[name]
    tab = new_tab(browser, PHONE)
    try:
        results = search(tab, base, words)
        assert any(r.startswith("/process/complaints/") for r in results[:5]), results
    finally:
        tab.page.context.close()
