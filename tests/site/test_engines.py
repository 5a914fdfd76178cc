"""`handbook build --engine zensical`: the same sources, the same Markdown step, the same pages as MkDocs.

Zensical (from Material for MkDocs' makers, its successor) reads the sources folder handbook.site.sources
writes and runs the handbook's Markdown extension, but no MkDocs plugin. Each real edition is built with both
engines; every page of both audiences must have the same text, the same navigation and the same search entries.
"""

from __future__ import annotations

import html.parser
import pathlib

import pytest

from handbook.build import build
from handbook.problems import BuildFailed
from handbook.site import zensical
from helpers import DATA, ROOT, search_entries

EDITIONS = {
    "sample": DATA,
    "cleveland": ROOT / "examples" / "cleveland",
    "lees-summit": ROOT / "examples" / "lees-summit",
}
ENGINES = ("mkdocs", "zensical")


class Parts(html.parser.HTMLParser):
    """A page's article text and its primary navigation's links."""

    def __init__(self):
        super().__init__()
        self.article = self.nav = 0
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self.article += 1
        elif tag == "nav" and "md-nav--primary" in (attrs.get("class") or ""):
            self.nav = 1
        elif tag == "nav" and self.nav:
            self.nav += 1
        elif tag == "a" and self.nav and attrs.get("href") and "md-nav__link" in (attrs.get("class") or ""):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "article":
            self.article -= 1
        elif tag == "nav" and self.nav:
            self.nav -= 1

    def handle_data(self, data):
        if self.article:
            self.text.append(data)

    @classmethod
    def of(cls, path: pathlib.Path) -> Parts:
        parts = cls()
        parts.feed(path.read_text(encoding="utf-8"))
        return parts


def words(parts: Parts) -> str:
    return " ".join("".join(parts.text).split())


@pytest.fixture(scope="module")
def engine_sites(tmp_path_factory) -> dict[tuple[str, str], pathlib.Path]:
    out = {}
    for name, data in EDITIONS.items():
        for engine in ENGINES:
            folder = tmp_path_factory.mktemp(f"{name}-{engine}")
            build(data, folder, ["staff", "public"], pdf=False, engine=engine)
            out[name, engine] = folder
    return out


def pages(site: pathlib.Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("*.html") if p.name != "404.html"}


@pytest.mark.parametrize("name", EDITIONS)
@pytest.mark.parametrize("audience", ["staff", "public"])
def test_both_engines_make_the_same_pages_with_the_same_text(engine_sites, name, audience):
    mkdocs, zensical_site = engine_sites[name, "mkdocs"] / audience, engine_sites[name, "zensical"] / audience
    assert pages(mkdocs) == pages(zensical_site) and len(pages(mkdocs)) >= 3
    for page in sorted(pages(mkdocs)):
        assert words(Parts.of(mkdocs / page)) == words(Parts.of(zensical_site / page)), page


def nav(links: list[str]) -> list[str]:
    """The navigation's links in order, written alike ('./x/' is 'x/'; the current page's own link left out)."""
    return [link.removeprefix("./") for link in links if link not in (".", "./")]


@pytest.mark.parametrize("name", EDITIONS)
def test_both_engines_give_the_same_navigation(engine_sites, name):
    for audience in ("staff", "public"):
        mkdocs, other = (
            nav(Parts.of(engine_sites[name, engine] / audience / "index.html").links) for engine in ENGINES
        )
        assert len(mkdocs) >= 3 and mkdocs == other


@pytest.mark.parametrize("name", EDITIONS)
def test_both_engines_index_the_same_pages_for_search(engine_sites, name):
    for audience in ("staff", "public"):
        found = {engine: search_entries(engine_sites[name, engine] / audience) for engine in ENGINES}
        pages_found = {engine: {e["location"].split("#")[0] for e in entries} for engine, entries in found.items()}
        assert pages_found["mkdocs"] == pages_found["zensical"]
        assert {e["title"] for e in found["mkdocs"]} == {e["title"] for e in found["zensical"]}
    staff_only = set(pages(engine_sites[name, "mkdocs"] / "staff")) - set(
        pages(engine_sites[name, "mkdocs"] / "public")
    )
    for entry in search_entries(engine_sites[name, "zensical"] / "public"):
        assert entry["location"].split("#")[0] + "index.html" not in staff_only, entry["location"]


def test_a_failed_zensical_run_is_a_clear_error_and_leaves_the_site(minimal, tmp_path, monkeypatch):
    out = tmp_path / "site"
    build(minimal, out, ["staff"], pdf=False, engine="zensical")
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    monkeypatch.setattr(zensical.sys, "executable", "/bin/false")
    with pytest.raises(BuildFailed, match="did not build with Zensical"):
        build(minimal, out, ["staff"], pdf=False, engine="zensical", force=True)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert not [p for p in out.rglob(".sources-*")]  # the sources folder it wrote is gone


def test_without_zensical_the_build_says_how_to_install_it(minimal, tmp_path, monkeypatch):
    monkeypatch.setattr(zensical, "installed", lambda: None)
    with pytest.raises(BuildFailed, match=r"pip install -e '\.\[zensical\]'"):
        build(minimal, tmp_path / "site", ["staff"], pdf=False, engine="zensical")


def test_the_pinned_version_is_the_one_installed():
    assert zensical.installed() == zensical.VERSION
    assert f'"zensical=={zensical.VERSION}"' in (ROOT / "pyproject.toml").read_text()


def test_zensical_runs_in_a_child_that_dies_with_the_build(minimal, tmp_path, monkeypatch):
    """Zensical's process asks the kernel to end it with the build's (children.die_with_parent), and that works:
    a child started the same way is gone once its parent is killed with SIGKILL."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from handbook import children

    seen = {}
    real_run = subprocess.run

    def run(*args, **kwargs):
        seen.update(kwargs)
        return real_run(*args, **kwargs)

    monkeypatch.setattr(zensical.subprocess, "run", run)
    build(minimal, tmp_path / "site", ["staff"], pdf=False, engine="zensical")
    assert seen["preexec_fn"] is children.die_with_parent

    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys, time\nfrom handbook import children\n"
            "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'], "
            "preexec_fn=children.die_with_parent)\nprint(child.pid, flush=True)\ntime.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    child = int(parent.stdout.readline())
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    for _ in range(50):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(child, signal.SIGKILL)
        raise AssertionError("the child outlived its killed parent")
