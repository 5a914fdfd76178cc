"""Shared fixtures: small editions to break on purpose, the CLI in-process, and one built default site."""
from __future__ import annotations

import os
import pathlib
import shutil

import pytest

from handbook import cli, paths
from handbook.build import build
from helpers import DATA, FIXTURES

# Tests that build a whole site or drive a browser: `pytest -m "not slow"` leaves them out.
SLOW_FIXTURES = {"built_site", "built_site_html", "sites", "browser", "injection_site", "lees_summit_site",
                 "books", "marked_site"}      # handbook.pdf laid out whole and in chunks; a site per staff-only field


def pytest_collection_modifyitems(items):
    """Mark browser tests `browser` and tests that build a site `slow`, so a fast loop can leave them out."""
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)
        elif SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session", autouse=True)
def build_cache(tmp_path_factory) -> pathlib.Path:
    """The build cache of the test session ($HANDBOOK_CACHE for the command line, handbook.paths.CACHE for a build
    called in-process), so tests leave the project's .cache/ alone."""
    folder = tmp_path_factory.mktemp("cache")
    os.environ["HANDBOOK_CACHE"] = str(folder)
    os.environ.setdefault("MPLCONFIGDIR", str(folder / "matplotlib"))     # as the command line sets it
    paths.CACHE = folder
    return folder


@pytest.fixture
def minimal(tmp_path) -> pathlib.Path:
    """A copy of the smallest valid edition, to be changed by a test."""
    target = tmp_path / "edition"
    shutil.copytree(FIXTURES / "minimal", target)
    return target


@pytest.fixture
def default_copy(tmp_path) -> pathlib.Path:
    """A copy of the default edition in data/, to be changed by a test."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture
def run(capsys):
    """Run the handbook CLI in-process; returns (exit code, stdout, stderr)."""
    def runner(*args: str):
        try:
            code = cli.main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err
    return runner


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> pathlib.Path:
    """The default edition built once for the whole session: OUT/staff and OUT/public."""
    out = tmp_path_factory.mktemp("site")
    build(DATA, out, ["staff", "public"])
    return out


@pytest.fixture(scope="session")
def built_site_html(tmp_path_factory) -> pathlib.Path:
    """The default edition's two sites without PDFs, built once for the session (fast page tests)."""
    out = tmp_path_factory.mktemp("site-html")
    build(DATA, out, ["staff", "public"], pdf=False)
    return out
