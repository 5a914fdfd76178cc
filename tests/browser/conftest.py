"""One headless Chromium and one served site for every browser test of the session."""

from __future__ import annotations

import pathlib

import pytest

from browser.checks import CHROMIUM_ARGS, DESKTOP, PHONE, Server, new_tab, require_chromium
from handbook.view import AUDIENCES

BROKEN = pathlib.Path(__file__).resolve().parent / "broken"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright. Missing browser: a failure under CI, a skip elsewhere."""
    path = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def sites(built_site):
    """Each audience's built site served at the root of its own port, as it is deployed."""
    servers = {audience: Server(built_site / audience) for audience in AUDIENCES}
    yield servers
    for server in servers.values():
        server.close()


@pytest.fixture(scope="session")
def broken_server():
    """The deliberately broken pages that prove each check can fail."""
    server = Server(BROKEN)
    yield server
    server.close()


@pytest.fixture
def desktop(browser):
    """A fresh desktop-sized page whose requests are recorded (and stopped if they leave 127.0.0.1)."""
    tab = new_tab(browser, DESKTOP)
    yield tab
    tab.page.context.close()


@pytest.fixture
def phone(browser):
    """A fresh phone-sized page (375 x 812 CSS pixels), requests recorded the same way."""
    tab = new_tab(browser, PHONE)
    yield tab
    tab.page.context.close()
