"""Every built page of both audiences, made by each site engine (MkDocs, Zensical), in Chromium at desktop and
phone size: no request leaves 127.0.0.1, axe-core finds no WCAG 2.1 A/AA violation, and nothing is wider than a
phone.

Each page is visited once per viewport (the `survey` fixture); the tests below read its findings,
so that a failure names the check and lists every page that broke it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from browser.checks import (
    DESKTOP,
    PHONE,
    Server,
    axe_violations,
    external_since,
    horizontal_overflow,
    html_pages,
    new_tab,
    visit,
)
from handbook.build import build
from handbook.view import AUDIENCES
from helpers import DATA

# Each size is seen in one of the site's two colour schemes, so that axe checks the contrast of both.
VIEWPORTS = {"desktop": (DESKTOP, "light"), "phone": (PHONE, "dark")}


@dataclass
class Findings:
    """What one visit of one page found."""

    external: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    overflow: int = 0


@dataclass
class Survey:
    """Findings per (audience, viewport, page), and requests to other hosts made between visits."""

    pages: dict[tuple[str, str, str], Findings] = field(default_factory=dict)
    late: list[str] = field(default_factory=list)


@pytest.fixture(scope="session", params=["mkdocs", "zensical"])
def engine_site(request, built_site, sites, tmp_path_factory):
    """The default edition's two sites as each site engine makes them (MkDocs: the session's site), served."""
    if request.param == "mkdocs":
        yield built_site, sites
        return
    out = tmp_path_factory.mktemp("zensical-site")
    build(DATA, out, list(AUDIENCES), engine="zensical")
    servers = {audience: Server(out / audience) for audience in AUDIENCES}
    yield out, servers
    for server in servers.values():
        server.close()


@pytest.fixture(scope="session")
def survey(browser, engine_site) -> Survey:
    """Visit every page of both sites at both sizes once."""
    built_site, sites = engine_site
    result = Survey()
    for viewport_name, (viewport, scheme) in VIEWPORTS.items():
        tab = new_tab(browser, viewport, scheme)
        for audience in AUDIENCES:
            for page in html_pages(built_site / audience):
                start = visit(tab, sites[audience].url + page)
                violations = axe_violations(tab.page)  # meanwhile late requests (the search index) are made
                result.pages[audience, viewport_name, page] = Findings(
                    external=external_since(tab, start), violations=violations, overflow=horizontal_overflow(tab.page)
                )
        result.late += tab.log.external()  # the whole log: also what was requested between visits
        tab.page.context.close()
    return result


def _failures(survey, audience: str, what) -> list[str]:
    """One line per (viewport, page) whose findings fail the check `what`."""
    lines = []
    for (aud, viewport, page), findings in sorted(survey.pages.items()):
        problem = what(findings)
        if aud == audience and problem:
            lines.append(f"{audience}/{page} at {viewport} size: {problem}")
    return lines


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_page_was_visited(survey, engine_site, audience):
    pages = html_pages(engine_site[0] / audience)
    assert "index.html" in pages and "404.html" in pages
    assert {(aud, page) for aud, _, page in survey.pages if aud == audience} == {(audience, p) for p in pages}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_request_leaves_the_machine(survey, audience):
    failures = _failures(survey, audience, lambda f: f.external)
    assert not failures, "\n".join(failures)
    assert not survey.late


@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_accessibility_violation(survey, audience):
    failures = _failures(survey, audience, lambda f: "; ".join(f.violations))
    assert not failures, "axe-core (WCAG 2.1 A and AA) found:\n" + "\n".join(failures)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_pages_fit_the_screen(survey, audience):
    failures = _failures(survey, audience, lambda f: f"{f.overflow}px wider than the screen" if f.overflow > 0 else "")
    assert not failures, "\n".join(failures)
