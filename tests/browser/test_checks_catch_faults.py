"""Each browser check fails when it should: pages in tests/browser/broken/ are broken on purpose."""

from __future__ import annotations

import pytest

from browser import checks
from browser.checks import axe_violations, external_since, horizontal_overflow, visit


def test_an_external_image_is_reported_and_stopped(desktop, broken_server):
    start = visit(desktop, broken_server.url + "external.html")
    assert external_since(desktop, start) == ["http://example.com/logo.png"]
    # The request was stopped before it left: the image did not load.
    assert desktop.page.evaluate("document.querySelector('img').naturalWidth") == 0


def test_an_unlabeled_field_and_pale_text_are_reported(desktop, broken_server):
    visit(desktop, broken_server.url + "inaccessible.html")
    rules = {line.split(" ")[0] for line in axe_violations(desktop.page)}
    assert {"label", "color-contrast"} <= rules


def test_a_page_wider_than_a_phone_is_reported(phone, broken_server):
    visit(phone, broken_server.url + "wide.html")
    assert horizontal_overflow(phone.page) > 0


def test_the_wide_page_fits_a_desktop_screen(desktop, broken_server):
    visit(desktop, broken_server.url + "wide.html")
    assert horizontal_overflow(desktop.page) == 0


def test_local_requests_are_not_reported():
    assert checks.is_local("http://127.0.0.1:8000/assets/x.css")
    assert checks.is_local("data:image/png;base64,AAAA")
    assert not checks.is_local("https://fonts.googleapis.com/css")
    assert not checks.is_local("http://localhost.example.com/")


def test_missing_chromium_fails_under_ci(monkeypatch):
    monkeypatch.setattr(checks, "chromium_path", lambda: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set and Chromium is missing"):
        checks.require_chromium()


def test_missing_chromium_skips_outside_ci(monkeypatch):
    monkeypatch.setattr(checks, "chromium_path", lambda: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="need Debian's chromium"):
        checks.require_chromium()
