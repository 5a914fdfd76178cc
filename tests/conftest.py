"""Shared fixtures: small editions to break on purpose, the CLI in-process, and one built default site."""
from __future__ import annotations

import pathlib
import shutil
import textwrap

import pytest

from handbook import cli

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"


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


def write(path: pathlib.Path, text: str) -> pathlib.Path:
    """Write dedented text to path (creating folders)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


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
    from handbook.build import build
    out = tmp_path_factory.mktemp("site")
    build(DATA, out, ["staff", "public"])
    return out


@pytest.fixture(scope="session")
def built_site_html(tmp_path_factory) -> pathlib.Path:
    """The default edition's two sites without PDFs, built once for the session (fast page tests)."""
    from handbook.build import build
    out = tmp_path_factory.mktemp("site-html")
    build(DATA, out, ["staff", "public"], pdf=False)
    return out
