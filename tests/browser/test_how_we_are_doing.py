"""The "How we are doing" pages in Chromium: axe-core finds no WCAG 2.1 A/AA violation in either colour
scheme, nothing is wider than a phone, no request leaves the machine, and each chart is an image with
a name whose text follows the page's colour. On the default edition and on Lee's Summit, whose policy
sets no time to resolve a case (so that chart is left out, and a sentence says why)."""

from __future__ import annotations

import pytest

from browser.checks import DESKTOP, PHONE, Server, axe_violations, external_since, horizontal_overflow, new_tab, visit
from handbook.build import build
from helpers import DATA, ROOT

PAGES = {"public": "process/how-we-are-doing/", "staff": "process/performance/"}
EDITIONS = {"data": (DATA, 3), "lees-summit": (ROOT / "examples" / "lees-summit", 2)}  # and its charts


@pytest.fixture(scope="module", params=sorted(EDITIONS))
def served(request, tmp_path_factory):
    out = tmp_path_factory.mktemp("how-site")
    data, charts = EDITIONS[request.param]
    build(data, out, ["staff", "public"], pdf=False)
    servers = {audience: Server(out / audience) for audience in PAGES}
    servers["charts"] = charts
    yield servers
    for audience in PAGES:
        servers[audience].close()


@pytest.mark.parametrize("viewport, scheme", [(DESKTOP, "light"), (PHONE, "dark")])
@pytest.mark.parametrize("audience", sorted(PAGES))
def test_the_pages_pass_axe_and_fit(browser, served, audience, viewport, scheme):
    tab = new_tab(browser, viewport, scheme)
    try:
        start = visit(tab, served[audience].url + PAGES[audience])
        assert axe_violations(tab.page) == []
        assert horizontal_overflow(tab.page) == 0
        assert external_since(tab, start) == []
        charts = tab.page.locator("svg.chart[role=img]")
        assert charts.count() == served["charts"]
        assert tab.page.locator("svg.chart title").first.text_content() == "Cases received each quarter"
        # the chart's text takes the page's text colour (light text on the dark scheme)
        colours = tab.page.evaluate("""() => [getComputedStyle(document.querySelector('svg.chart text')).fill,
                                              getComputedStyle(document.querySelector('.md-typeset')).color]""")
        assert colours[0] == colours[1]
    finally:
        tab.page.context.close()
