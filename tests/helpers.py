"""What many tests share: the project's folders and a way to write a data file. Fixtures are in conftest.py."""

from __future__ import annotations

import pathlib
import re
import textwrap

from handbook.edition.checks import NOT_READY

TESTS = pathlib.Path(__file__).resolve().parent
ROOT = TESTS.parent
DATA = ROOT / "data"
FIXTURES = TESTS / "fixtures"
HOSTILE = TESTS / "hostile"


# One public category and the case-export settings that measure it: what a test of case exports starts from.
URGENT_PROCESS = """
categories:
  - id: urgent
    name: Urgent
    initial_response: 24 hours
    resolution_target: 2 business days
    public: true
"""
URGENT_CASES = """
files: [exports/cases.{suffix}]
columns:
  id: Case Number
  category: Case Type
  opened: Date Opened
  first_response: First Inspection
  closed: Date Closed
categories:
  "Dangerous Building": urgent
"""


def write(path: pathlib.Path, text: str) -> pathlib.Path:
    """Write dedented text to path (creating folders)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def fill_fixmes(edition: pathlib.Path) -> None:
    """What a keeper does with a new edition: write a real value wherever it says FIXME, and nothing else."""
    for path in edition.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r'"FIXME: ([^"]*)"', lambda m: '"' + m.group(1)[0].upper() + m.group(1)[1:] + '"', text)
        path.write_text(re.sub(r"FIXME: ?", "", text), encoding="utf-8")


def other_warnings(edition) -> list[str]:
    """An edition's warnings as text, leaving out those about a public site that cannot help a resident yet
    (checks.NOT_READY: a bare test edition has no contact or categories) for tests of other rules."""
    return [str(w) for w in edition.warnings if NOT_READY not in w.message]


CITY_CONTACT = """public_contact:
  phone: "311, or 555-0100 from outside the city"
  email: codes@example.org
  report_url: https://www.example.org/report
  address: 1 Civic Plaza
  hours: Monday to Friday, 8 a.m. to 5 p.m.
"""


def fill_as_a_city(edition: pathlib.Path) -> None:
    """What a city does with a new edition before it publishes: every FIXME filled in (fill_fixmes), and the
    public contact written: how residents report a problem (a phone line with two numbers, a web form) and
    whom to contact."""
    fill_fixmes(edition)
    path = edition / "jurisdiction.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("public_contact:")
    end = text.index("\n\n", start)
    path.write_text(text[:start] + CITY_CONTACT.rstrip("\n") + text[end:], encoding="utf-8")


def search_entries(site: pathlib.Path) -> list[dict]:
    """A built site's search index, in either engine's format: MkDocs' search/search_index.json ("docs") or
    Zensical's search.json ("items"); each entry with its location, title and text."""
    import json

    for path, key in ((site / "search" / "search_index.json", "docs"), (site / "search.json", "items")):
        if path.is_file():
            return [
                {name: entry[name] for name in ("location", "title", "text")}
                for entry in json.loads(path.read_text(encoding="utf-8"))[key]
            ]
    raise AssertionError(f"{site}: no search index in either format")
