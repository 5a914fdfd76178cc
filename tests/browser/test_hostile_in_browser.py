"""The edition of tests/hostile/injection/ in a real browser: no injected code runs on any page,
nor in the search results, where Material writes result titles and text into the page."""
from __future__ import annotations

import pathlib
import shutil

import pytest

from browser.checks import Server, html_pages, visit
from handbook.build import build

TESTS = pathlib.Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    shutil.copytree(TESTS / "fixtures" / "minimal", work / "edition")
    shutil.copytree(TESTS / "hostile" / "injection", work / "edition", dirs_exist_ok=True)
    build(work / "edition", work / "site", ["staff"], pdf=False)
    server = Server(work / "site" / "staff")
    yield work / "site" / "staff", server
    server.close()


def test_no_injected_code_runs(desktop, hostile_site):
    site_dir, server = hostile_site
    for page in html_pages(site_dir):
        visit(desktop, server.url + page)
        assert desktop.page.evaluate("window.HOSTILE") is None, page


def test_search_results_show_the_text_as_written(desktop, hostile_site):
    _, server = hostile_site
    page = desktop.page
    visit(desktop, server.url)
    page.wait_for_load_state("networkidle")
    page.locator("input.md-search__input").click()
    page.keyboard.type("Basics")
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    page.locator(".md-search-result__more summary").evaluate_all("els => els.forEach(e => e.click())")
    results = page.locator(".md-search-result").inner_text()
    assert "<script>window.HOSTILE=3</script>" in results
    assert page.locator(".md-search-result script, .md-search-result img").count() == 0
    assert page.evaluate("window.HOSTILE") is None
