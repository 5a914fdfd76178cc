"""The edition of tests/hostile/injection/ in a real browser: no injected code runs on any page,
nor in the search results, where Material writes result titles and text into the page."""

from __future__ import annotations

import pathlib
import shutil

import pytest

from browser.checks import Server, html_pages, visit
from handbook.build import build
from safety import Listener, hostile_edition

TESTS = pathlib.Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def hostile_site(tmp_path_factory, request):
    work = tmp_path_factory.mktemp("hostile")
    shutil.copytree(TESTS / "fixtures" / "minimal", work / "edition")
    shutil.copytree(TESTS / "hostile" / "injection", work / "edition", dirs_exist_ok=True)
    build(work / "edition", work / "site", ["staff"], pdf=False, engine=request.param)
    server = Server(work / "site" / "staff")
    yield work / "site" / "staff", server
    server.close()


def test_no_injected_code_runs(desktop, hostile_site):
    site_dir, server = hostile_site
    for page in html_pages(site_dir):
        visit(desktop, server.url + page)
        assert desktop.page.evaluate("window.HOSTILE") is None, page


def test_search_results_show_the_text_as_written(desktop, hostile_site):
    site_dir, server = hostile_site
    page = desktop.page
    visit(desktop, server.url)
    page.wait_for_load_state("networkidle")
    if (site_dir / "search.json").is_file():  # Zensical: a search dialog (in a shadow root) opened by a button
        page.locator("button.md-search__button").click()
        page.keyboard.type("Basics")
        page.locator("[role=listbox] [role=option]").first.wait_for(timeout=15_000)
        results = page.locator("[role=listbox]").inner_text()
        shown = page.locator("[role=listbox] script, [role=listbox] img")
    else:  # Material for MkDocs: the search field in the header
        page.locator("input.md-search__input").click()
        page.keyboard.type("Basics")
        page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
        page.locator(".md-search-result__more summary").evaluate_all("els => els.forEach(e => e.click())")
        results = page.locator(".md-search-result").inner_text()
        shown = page.locator(".md-search-result script, .md-search-result img")
    assert "<script>window.HOSTILE=3</script>" in results
    assert shown.count() == 0
    assert page.evaluate("window.HOSTILE") is None


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def poisoned_site(tmp_path_factory, request):
    """The hostile edition of tests/safety.py (every field of every file), built by each engine and served."""
    listener = Listener()
    work = tmp_path_factory.mktemp("poisoned")
    city = hostile_edition(work, listener.port)
    (city / "pages" / "second-front-matter.md").write_text(
        "---\ntitle: Second\n---\n---\nrender_macros: true\n---\n{{ 7*7 }}\n", encoding="utf-8"
    )
    build(city, work / "site", ["staff", "public"], pdf=False, engine=request.param)
    servers = {audience: Server(work / "site" / audience) for audience in ("staff", "public")}
    yield work / "site", servers, listener
    for server in servers.values():
        server.close()
    listener.close()


# Links to the web, mail and phone cannot run code; stop them so each click stays on the page. Any
# other link (javascript:, data:, ...) is left to the browser, and would open a dialog if it ran.
STOP_SAFE_LINKS = """() => {
  document.addEventListener('click', e => {
    const a = e.target.closest('a');
    if (a && (/^(https?|mailto|tel):$/.test(a.protocol))) e.preventDefault();
  }, true);
  const links = [...document.querySelectorAll('a[href]')];
  links.forEach(a => { a.target = '_self'; a.click(); });
  return links.length;
}"""


def test_clicking_every_link_of_the_poisoned_site_opens_no_dialog(desktop, poisoned_site):
    site_dir, servers, listener = poisoned_site
    dialogs = []
    desktop.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    clicked = 0
    for audience, server in servers.items():
        for page in html_pages(site_dir / audience):
            visit(desktop, server.url + page)
            clicked += desktop.page.evaluate(STOP_SAFE_LINKS)
            desktop.page.wait_for_timeout(20)
            assert dialogs == [], (audience, page, dialogs)
    assert clicked > 500
    assert listener.requests == []  # no page loaded anything from the listener's address
