"""Checks run in headless Chromium: requests that leave the machine, axe-core, phone-width overflow.

Each check takes a Playwright page (or context) and returns what it found, so the same function
is used on the built site and on the deliberately broken pages in tests/browser/broken/.
"""

from __future__ import annotations

import functools
import http.server
import os
import pathlib
import shutil
import threading
import urllib.parse
from dataclasses import dataclass

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
LOCAL_HOST = "127.0.0.1"
NOT_NETWORK = ("data", "blob", "about")  # URL schemes that never leave the page

# WCAG 2.1 level A and AA rules, as axe-core tags them.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Rules switched off, each with the reason. Keep this empty unless a rule is wrong for us.
EXCLUDED_RULES: dict[str, str] = {}


def chromium_path() -> str | None:
    """The Chromium to drive: Debian's package, or whatever `chromium` is on PATH."""
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    return shutil.which("chromium")


def in_ci() -> bool:
    """True in continuous integration (CI=true), where a missing browser is a failure."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def require_chromium() -> str:
    """Chromium's path; without one the browser tests fail under CI and are skipped elsewhere."""
    import pytest

    path = chromium_path()
    if path is None:
        reason = "the browser tests need Debian's chromium (apt-get install chromium)"
        if in_ci():
            pytest.fail(f"CI is set and Chromium is missing: {reason}", pytrace=False)
        pytest.skip(reason)
    return path


def axe_script() -> str:
    """axe-core as shipped inside the axe-playwright-python package (no network needed)."""
    import axe_playwright_python

    return (pathlib.Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


class Server:
    """A folder served on 127.0.0.1 (a free port) from a background thread."""

    def __init__(self, folder: pathlib.Path):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
        self.url = f"http://{LOCAL_HOST}:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def html_pages(site_dir: pathlib.Path) -> list[str]:
    """Every HTML page of a built site, as paths relative to it (index.html, training/purpose/index.html...)."""
    return sorted(str(p.relative_to(site_dir)) for p in site_dir.rglob("*.html"))


def is_local(url: str) -> bool:
    """True when loading url stays on this machine."""
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in NOT_NETWORK or parts.hostname == LOCAL_HOST


class RequestLog:
    """Records every request of a browser context and stops (aborts) any that would leave 127.0.0.1."""

    def __init__(self, context):
        self.urls: list[str] = []
        context.on("request", lambda request: self.urls.append(request.url))
        context.route("**/*", self._route)

    def _route(self, route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def external(self) -> list[str]:
        return [url for url in self.urls if not is_local(url)]


@dataclass
class Tab:
    """A page in its own browser context, with the log of every request it made."""

    page: object
    log: RequestLog


def new_tab(browser, viewport: dict, color_scheme: str = "light") -> Tab:
    """A fresh context and page of the given size; its requests are recorded and kept on 127.0.0.1."""
    context = browser.new_context(viewport=viewport, color_scheme=color_scheme, service_workers="block")
    log = RequestLog(context)
    return Tab(context.new_page(), log)


def visit(tab: Tab, url: str) -> int:
    """Load url in the tab; return where its requests start in the tab's log."""
    start = len(tab.log.urls)
    tab.page.goto(url, wait_until="load")
    return start


def external_since(tab: Tab, start: int) -> list[str]:
    """The requests to other hosts made since position start of the tab's log."""
    return [url for url in tab.log.urls[start:] if not is_local(url)]


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the loaded page, one line each (rule: targets)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script())
    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in EXCLUDED_RULES},
    }
    results = page.evaluate("options => axe.run(document, options)", options)
    lines = []
    for violation in results["violations"]:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return lines


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
