"""The built site: pages, search index, audiences, text shown as written, no third-party requests."""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys

import pytest

from handbook.build import build
from handbook.edition import load_edition
from handbook.pages import training
from helpers import DATA, ROOT, search_entries, write

SPOTLIGHT_OF = {
    "purpose": "Baltimore",
    "codes-and-processes": "Cincinnati",
    "critical-skills": "Peoria",
    "internal-partners": "Cleveland",
    "external-partners": "Syracuse",
}


@pytest.fixture
def site(built_site_html) -> pathlib.Path:
    return built_site_html


def html(site: pathlib.Path, audience: str, page: str) -> str:
    return (
        (site / audience / page / "index.html").read_text(encoding="utf-8")
        if page
        else (site / audience / "index.html").read_text(encoding="utf-8")
    )


def text_of(markup: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))


def search_docs(site: pathlib.Path, audience: str) -> list[dict]:
    return search_entries(site / audience)


def test_every_module_has_a_page_with_its_parts(site):
    edition = load_edition(DATA)
    for module in edition.modules:
        page = html(site, "staff", f"training/{module.id}")
        assert f"Module {module.number}: {module.title}" in text_of(page)
        assert "Field spotlight: " + SPOTLIGHT_OF[module.id] in text_of(page)
        assert 'class="admonition example"' in page  # spotlights are admonitions
        assert "Short term" in page and "Long term" in page  # implementation steps
        assert "<table>" in page  # the overview table


def test_search_index_finds_each_module_by_a_word_from_its_body(site):
    docs = search_docs(site, "staff")
    for module_id, word in SPOTLIGHT_OF.items():
        hits = {d["location"].split("#")[0] for d in docs if word.lower() in d["text"].lower()}
        assert f"training/{module_id}/" in hits, (word, hits)


def test_curriculum_total_is_computed_from_the_data(site, default_copy):
    edition = load_edition(DATA)
    low = sum(m.timing.onboarding.minutes.low for m in edition.modules)
    assert low == 60 + 180 + 120 + 90 + 60
    assert "Onboarding across all 5 modules takes 8 hours 30 minutes to" in text_of(html(site, "staff", "training"))
    write(
        default_copy / "modules/01-purpose.yaml",
        """
        id: purpose
        timing:
          onboarding:
            minutes: 70-75
        """,
    )
    assert "takes **8 hours 40 minutes to" in training.curriculum_page(load_edition(default_copy))


def test_data_page_lists_last_verified_dates_and_stale_items(site):
    page = text_of(html(site, "staff", "about-data"))
    assert "Due for a check" in page  # the sample partner verified in 2025
    assert "November 1, 2026" in page
    assert "partner 'economic-development' was last verified" in page


def test_home_page_shows_the_jurisdiction(site):
    page = text_of(html(site, "staff", ""))
    assert "City of Maple Falls" in page and "Our mission" in page and "How to use this handbook" in page


def test_public_site_has_no_training_or_staff_pages(site):
    public = site / "public"
    assert not (public / "training").exists() and not (public / "about-data").exists()
    assert all(not d["location"].startswith(("training", "about-data")) for d in search_docs(site, "public"))
    assert "training/" not in (public / "sitemap.xml").read_text()


def test_no_page_requests_a_third_party_host(site):
    for page in site.rglob("*.html"):
        markup = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", markup):
            assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", tag), (page, tag)
    for css in site.rglob("*.css"):
        assert "fonts.googleapis" not in css.read_text(encoding="utf-8", errors="ignore")


def test_data_text_is_shown_as_written_never_run(minimal, tmp_path):
    path = minimal / "modules/01-basics.yaml"
    text = path.read_text()
    text = text.replace("title: The Basics", 'title: "Basics {{ 7*7 }} <script>alert(1)</script>"')
    text = text.replace(
        "summary: A short module used by the tests.",
        'summary: "Use **care** {% if true %}yes{% endif %} <img src=x onerror=alert(2)>"',
    )
    path.write_text(text)
    build(minimal, tmp_path / "out", ["staff"], pdf=False)
    page = (tmp_path / "out/staff/training/basics/index.html").read_text()
    assert "{{ 7*7 }}" in page and "49" not in text_of(page)
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "49" not in title and "<" not in title and "&lt;script&gt;" in title
    start = page.index('<nav class="md-nav md-nav--primary"')
    nav = page[start : page.index("</nav>", start)]
    assert "Basics &#123;&#123; 7*7 &#125;&#125; &lt;script&gt;" in nav and "<script>alert" not in nav
    assert "{% if true %}yes{% endif %}" in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert "<strong>care</strong>" in page  # Markdown formatting allowed in prose


def test_plain_mkdocs_build_uses_the_edition_its_plugin_names(tmp_path):
    """Run by hand, `mkdocs build` builds the edition that the handbook plugin's typed configuration names."""
    config = (ROOT / "mkdocs.yml").read_text()
    assert "      edition: data\n" in config and "\ndocs_dir: docs\n" in config
    config = (
        config.replace("      edition: data\n", f"      edition: {ROOT / 'tests/fixtures/minimal'}\n")
        .replace("\ndocs_dir: docs\n", f"\ndocs_dir: {ROOT / 'docs'}\n")
        .replace("custom_dir: docs/overrides", f"custom_dir: {ROOT / 'docs/overrides'}")
    )
    (tmp_path / "mkdocs.yml").write_text(config)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(tmp_path / "mkdocs.yml"),
            "-d",
            str(tmp_path / "plain"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "The Basics" in (tmp_path / "plain/training/basics/index.html").read_text()
