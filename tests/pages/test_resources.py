"""Every national "further resource" opens or says where to ask for it: on each training module's page of the site
(a link to its public address, on the publisher's own site) and in handbook.pdf (the address printed, or the
where-to-ask line). The addresses and where each was read are in national/SOURCES.md."""

from __future__ import annotations

import html
import re

import yaml

from handbook.edition import load_edition
from handbook.edition.models import Resource
from handbook.paths import PROJECT
from helpers import DATA
from printed import pages_text

EDITION = load_edition(DATA)


def resources():
    return [(module, r) for module in EDITION.modules for r in module.resources]


def items(page: str) -> list[str]:
    """The list items of a page's "Further resources" section, as HTML."""
    section = page.split('id="further-resources"', 1)[1].split("<h2", 1)[0]
    return re.findall(r"<li>(.*?)</li>", section, re.S)


def test_every_national_resource_has_an_address_or_a_place_to_ask():
    national = [
        Resource(**r)
        for path in sorted((PROJECT / "national" / "modules").glob("*.yaml"))
        for r in yaml.safe_load(path.read_text(encoding="utf-8")).get("resources", [])
    ]
    assert len(national) >= 17 and [r.id for r in national if not (r.url or r.ask)] == []
    assert {r.id for r in national} <= {r.id for _, r in resources()}  # the sample shows them all


def test_the_site_links_each_address_or_says_where_to_ask(built_site_html):
    for module, resource in resources():
        page = (built_site_html / "staff" / "training" / module.id / "index.html").read_text(encoding="utf-8")
        item = next(i for i in items(page) if html.escape(resource.title, quote=False) in i)
        if resource.url:
            assert f'href="{resource.url}"' in item, resource.id
        else:
            assert "href" not in item and f"No public address on record: ask {resource.ask} for it." in html.unescape(
                re.sub(r"<[^>]+>", "", item)
            ), resource.id


def test_the_handbook_prints_each_address_or_where_to_ask(built_site):
    book = "".join(pages_text(built_site / "staff" / "downloads" / "handbook.pdf")).replace(" ", "")
    for _, resource in resources():
        shown = resource.url or f"No public address on record: ask {resource.ask} for it."
        assert shown.replace(" ", "") in book, resource.id
