"""`handbook serve` in the browser: a broken edit shows its errors in the page, a fix clears them.

Each test runs the real command on a free port of 127.0.0.1 with a copy of the smallest edition,
edits the copy's files while a page is open, and waits (up to a bound, not against a clock) for
MkDocs' live reload to bring the page up to date.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from browser.checks import DESKTOP, new_tab
from helpers import FIXTURES

MODULE = pathlib.Path("edition/modules/01-basics.yaml")
WAIT_MS = 60_000  # a bound for one rebuild and reload on a busy machine, not a speed target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(url: str, process: subprocess.Popen, bound: float = 120) -> None:
    """Poll url until the server answers (any status), at most `bound` seconds."""
    end = time.monotonic() + bound
    while time.monotonic() < end:
        if process.poll() is not None:
            pytest.fail(f"handbook serve exited with {process.returncode}:\n{process.stderr.read()}")
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except urllib.error.HTTPError:
            return  # an answer: the errors page says 503
        except OSError:
            time.sleep(0.3)
    pytest.fail("handbook serve did not answer")


@pytest.fixture
def serve(tmp_path):
    """Start `handbook serve` on a copy of the minimal edition (after `prepare` changed it); yields its url."""
    started = []

    def start(prepare=lambda edition: None) -> str:
        edition = tmp_path / "edition"
        shutil.copytree(FIXTURES / "minimal", edition)
        prepare(edition)
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "handbook.cli", "serve", "--data", "edition", "--addr", f"127.0.0.1:{port}"],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        url = f"http://127.0.0.1:{port}/"
        wait_until_serving(url, process)
        return url

    yield start
    for process in started:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def tab(browser):
    opened = new_tab(browser, DESKTOP)
    yield opened
    opened.page.context.close()


def test_a_broken_edit_shows_its_place_in_the_page_and_a_fix_clears_it(serve, tab, tmp_path):
    url = serve()
    page = tab.page
    page.goto(url, wait_until="load")
    assert page.locator("#handbook-serve-errors").count() == 0
    assert "The Basics" in page.inner_text("body")

    module = tmp_path / MODULE
    good = module.read_text(encoding="utf-8")
    lines = good.splitlines()
    module.write_text(good + "trainig_staff: Everyone\n", encoding="utf-8")
    banner = page.wait_for_selector("#handbook-serve-errors", timeout=WAIT_MS)
    expected = f"{MODULE}:{len(lines) + 1}:1: unknown key 'trainig_staff'; did you mean 'training_staff'?"
    assert expected in banner.inner_text()
    assert page.locator("nav.md-nav").count() > 0  # the last good build is still there under the banner

    module.write_text(good.replace("title: The Basics", "title: The Basics, Revised"), encoding="utf-8")
    page.wait_for_selector("#handbook-serve-errors", state="detached", timeout=WAIT_MS)
    page.wait_for_function("document.body.innerText.includes('The Basics, Revised')", timeout=WAIT_MS)


def test_started_on_broken_data_it_shows_the_errors_then_the_site_once_fixed(serve, tab, tmp_path):
    def break_it(edition):
        jurisdiction = edition / "jurisdiction.yaml"
        jurisdiction.write_text(jurisdiction.read_text(encoding="utf-8") + '"<em>loud</em>": 1\n', encoding="utf-8")

    url = serve(break_it)
    page = tab.page
    response = page.goto(url, wait_until="load")
    assert response.status == 503
    banner = page.wait_for_selector("#handbook-serve-errors", timeout=WAIT_MS)
    assert "edition/jurisdiction.yaml:4:1: unknown key '<em>loud</em>'" in banner.inner_text()
    assert page.locator("#handbook-serve-errors em").count() == 0  # the message is text, never markup
    assert page.locator("script:not([src])").count() <= 1  # only MkDocs' own live reload

    jurisdiction = tmp_path / "edition/jurisdiction.yaml"
    jurisdiction.write_text(
        jurisdiction.read_text(encoding="utf-8").replace('"<em>loud</em>": 1\n', ""), encoding="utf-8"
    )
    page.wait_for_selector("#handbook-serve-errors", state="detached", timeout=WAIT_MS)
    page.wait_for_selector("nav.md-nav", timeout=WAIT_MS)
    assert "Testville" in page.title()


def test_stopped_by_sigterm_it_removes_its_builds_from_the_temporary_folder(tmp_path):
    """A service manager or `kill` stops the preview with SIGTERM; it left its builds in /tmp each time."""
    shutil.copytree(FIXTURES / "minimal", tmp_path / "edition")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "handbook.cli", "serve", "--data", "edition", "--addr", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temporary)},
    )
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/", process)
        assert list(temporary.glob("handbook-serve-*"))  # the builds it serves
        process.terminate()
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert list(temporary.glob("handbook-serve-*")) == []
    assert "Traceback" not in process.stderr.read()
