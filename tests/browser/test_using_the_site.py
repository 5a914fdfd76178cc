"""The built site used as a person would: search, the navigation, the print view, a phone's menu."""

from __future__ import annotations

import pathlib
import urllib.parse

import pytest
from playwright.sync_api import expect

from handbook.edition import load_edition
from handbook.pages import registry as site

DATA = pathlib.Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def edition():
    return load_edition(DATA)


def search(tab, base_url: str, words: str) -> list[dict]:
    """Type words into Material's search box; return the results as {path, text}."""
    page = tab.page
    page.goto(base_url)
    page.wait_for_load_state("networkidle")  # the search index has loaded
    page.locator("input.md-search__input").click()
    page.keyboard.type(words)
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    results = []
    for link in page.locator(".md-search-result__item a.md-search-result__link").all():
        path = urllib.parse.urlsplit(link.get_attribute("href")).path
        results.append({"path": path, "text": " ".join(link.inner_text().split())})
    return results


def test_search_finds_a_module_by_its_title(desktop, sites, edition):
    module = edition.modules[2]
    results = search(desktop, sites["staff"].url, module.title)
    assert results[0]["path"] == f"/training/{module.id}/"
    assert module.title in results[0]["text"]
    assert not desktop.log.external()


@pytest.mark.parametrize("audience", ["staff", "public"])
def test_search_finds_a_partner_by_name(desktop, sites, built_site, edition, audience):
    partner = next(p for p in edition.partners if audience == "staff" or p.public)
    results = search(desktop, sites[audience].url, partner.name)
    assert any(partner.name in result["text"] for result in results), results
    if audience == "staff":  # the partner's own entry in the directory
        assert any(r["path"] == f"/partners/{partner.kind}/" for r in results), results
    assert not desktop.log.external()


def test_navigation_leads_through_the_modules(desktop, sites, edition):
    page = desktop.page
    first, second = edition.modules[0], edition.modules[1]
    page.goto(sites["staff"].url)
    page.locator(".md-sidebar--primary .md-nav__link", has_text=first.label).first.click()
    page.wait_for_url(f"**/training/{first.id}/")
    assert first.title in page.locator("h1").inner_text()
    page.locator(".md-footer__link--next").click()  # the "Next" link at the foot of the page
    page.wait_for_url(f"**/training/{second.id}/")
    assert second.title in page.locator("h1").inner_text()
    page.go_back()
    page.wait_for_url(f"**/training/{first.id}/")


def test_phone_menu_opens_and_leads_to_a_page(phone, sites, edition):
    page = phone.page
    module = edition.modules[-1]
    section = next(p.section for p in site.pages(edition, "staff") if p.src == f"training/{module.id}.md")
    page.goto(sites["staff"].url)
    link = page.locator(".md-sidebar--primary .md-nav__link", has_text=module.label).first
    expect(link).not_to_be_in_viewport()  # the menu is closed on a phone
    page.locator("label.md-header__button[for='__drawer']").click()
    page.locator(".md-sidebar--primary label.md-nav__link", has_text=section).click()
    expect(link).to_be_in_viewport()
    link.click()
    page.wait_for_url(f"**/training/{module.id}/")
    assert module.title in page.locator("h1").inner_text()


def test_print_view_shows_the_content_without_navigation(desktop, sites, edition):
    page = desktop.page
    module = edition.modules[0]
    page.goto(sites["staff"].url + f"training/{module.id}/")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        assert page.locator(chrome).first.is_hidden(), f"{chrome} is shown in the print view"
    assert page.locator("article h1").is_visible()
    assert module.summary.split()[0] in page.locator("article").inner_text()
    page.emulate_media(media="screen")
    assert page.locator(".md-sidebar--primary").is_visible()
