"""Adding a page is one registry entry plus its render function; adding a data kind is one row in
edition/kinds.py (plus its model). A dummy of each, planted in a fixture, shows up everywhere."""
from __future__ import annotations

import pypdf
import pytest
from pydantic import BaseModel, ConfigDict

from handbook.build import build
from handbook.edition import kinds, load_edition, places, provenance, schema
from handbook.pages import about, registry
from handbook.problems import EditionError
from helpers import write


class Notice(BaseModel):
    """A notice posted on a property."""
    model_config = ConfigDict(extra="forbid")
    id: str
    title: str


class NoticesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    notices: list[Notice] = []


NOTICES = kinds.Kind("notices", "notices.yaml", NoticesFile, "notices", "Notices posted on properties.",
                     unwrap="notices", collections=(kinds.Collection("notices", "notice", "Posted notices"),))


@pytest.fixture
def with_notices(monkeypatch):
    monkeypatch.setattr(kinds, "KINDS", kinds.KINDS + (NOTICES,))


def test_a_new_kind_is_read_checked_and_documented(with_notices, minimal):
    write(minimal / "notices.yaml", """
        notices:
          - id: board-up
            title: Board-up order
          - id: board-up
            title: Second board-up order
    """)
    with pytest.raises(EditionError) as caught:
        load_edition(minimal)
    assert [str(p) for p in caught.value.problems] == [
        f"{minimal / 'notices.yaml'}:4:9: duplicate notice id 'board-up' (already used at "
        f"{minimal / 'notices.yaml'}:2)"]

    write(minimal / "notices.yaml", "notices:\n  - id: board-up\n    title: Board-up order\n  - id: fence\n    title: Fence\n")
    edition = load_edition(minimal)
    assert [n.title for n in edition.part("notices")] == ["Board-up order", "Fence"]
    assert [item.id for item, _ in places(edition)["notice"]] == ["board-up", "fence"]
    assert ("Posted notices", "Board-up order") in {(provenance.heading(r.kind), r.name) for r in provenance.rows(edition)}
    assert "notices.schema.json" in schema.generate()
    assert "## `notices.yaml`" in about.reference_page() and "Notices posted on properties." in about.reference_page()


def test_a_new_kind_merges_over_a_base(with_notices, minimal, tmp_path):
    write(minimal / "notices.yaml", "notices:\n  - id: board-up\n    title: Board-up order\n")
    city = tmp_path / "city"
    write(city / "jurisdiction.yaml", f"extends: {minimal}\nname: City of Testing\n")
    write(city / "notices.yaml", "notices:\n  - id: fence\n    title: Fence order\n")
    assert [n.id for n in load_edition(city).part("notices")] == ["board-up", "fence"]


def dummy_section(edition):
    return [registry.Page("more/dummy.md", "Dummy page", "Dummy section", part="Policies",
                          render=lambda ctx: f"# Dummy page\n\nDUMMY-MARKER for {ctx.audience}.\n")]


def test_a_new_page_is_in_the_nav_the_site_and_the_handbook_pdf(monkeypatch, minimal, tmp_path):
    monkeypatch.setattr(registry, "SECTIONS", registry.SECTIONS + (dummy_section,))
    out = tmp_path / "out"
    build(minimal, out, ["staff"])
    page = (out / "staff/more/dummy/index.html").read_text(encoding="utf-8")
    assert "DUMMY-MARKER for staff." in page
    home = (out / "staff/index.html").read_text(encoding="utf-8")
    assert "Dummy section" in home and 'href="more/dummy/"' in home           # in the navigation
    handbook = pypdf.PdfReader(out / "staff/downloads/handbook.pdf")
    assert "DUMMY-MARKER for staff." in " ".join(p.extract_text() for p in handbook.pages)
