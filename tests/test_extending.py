"""Adding a page is one registry entry plus its render function; adding a data kind is one row in
edition/kinds.py (plus its model). A dummy of each, planted in a fixture, shows up everywhere."""

from __future__ import annotations

import dataclasses

import pypdf
import pytest
from pydantic import BaseModel, ConfigDict

from handbook import view
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
    public: bool = False


class NoticesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    notices: list[Notice] = []


NOTICES = kinds.Kind(
    "notices",
    "notices.yaml",
    NoticesFile,
    "notices",
    "Notices posted on properties.",
    unwrap="notices",
    collections=(kinds.Collection("notices", "notice", "Posted notices"),),
    public=True,
    example="notices:\n  - id: board-up\n    title: BOARD-UP-EXAMPLE",
    sheet=Notice,
)


@pytest.fixture
def with_notices(monkeypatch):
    monkeypatch.setattr(kinds, "KINDS", kinds.KINDS + (NOTICES,))


def test_a_new_kind_is_read_checked_and_documented(with_notices, minimal):
    write(
        minimal / "notices.yaml",
        """
        notices:
          - id: board-up
            title: Board-up order
          - id: board-up
            title: Second board-up order
    """,
    )
    with pytest.raises(EditionError) as caught:
        load_edition(minimal)
    assert [str(p) for p in caught.value.problems] == [
        f"{minimal / 'notices.yaml'}:4:9: duplicate notice id 'board-up' (already used at {minimal / 'notices.yaml'}:2)"
    ]

    write(
        minimal / "notices.yaml",
        "notices:\n  - id: board-up\n    title: Board-up order\n  - id: fence\n    title: Fence\n",
    )
    edition = load_edition(minimal)
    assert [n.title for n in edition.part("notices")] == ["Board-up order", "Fence"]
    assert [item.id for item, _ in places(edition)["notice"]] == ["board-up", "fence"]
    assert ("Posted notices", "Board-up order") in {
        (provenance.heading(r.kind), r.name) for r in provenance.rows(edition)
    }
    assert "notices.schema.json" in schema.generate()
    assert "## `notices.yaml`" in about.reference_page() and "Notices posted on properties." in about.reference_page()


def test_a_new_kind_merges_over_a_base(with_notices, minimal, tmp_path):
    write(minimal / "notices.yaml", "notices:\n  - id: board-up\n    title: Board-up order\n")
    city = tmp_path / "city"
    write(city / "jurisdiction.yaml", f"extends: {minimal}\nname: City of Testing\n")
    write(city / "notices.yaml", "notices:\n  - id: fence\n    title: Fence order\n")
    assert [n.id for n in load_edition(city).part("notices")] == ["board-up", "fence"]


def dummy_section(edition):
    return [
        registry.Page(
            "more/dummy.md",
            "Dummy page",
            "Dummy section",
            part="Policies",
            render=lambda ctx: f"# Dummy page\n\nDUMMY-MARKER for {ctx.audience}.\n",
        )
    ]


def test_a_new_page_is_in_the_nav_the_site_and_the_handbook_pdf(monkeypatch, minimal, tmp_path):
    monkeypatch.setattr(registry, "SECTIONS", registry.SECTIONS + (dummy_section,))
    out = tmp_path / "out"
    build(minimal, out, ["staff"])
    page = (out / "staff/more/dummy/index.html").read_text(encoding="utf-8")
    assert "DUMMY-MARKER for staff." in page
    home = (out / "staff/index.html").read_text(encoding="utf-8")
    assert "Dummy section" in home and 'href="more/dummy/"' in home  # in the navigation
    handbook = pypdf.PdfReader(out / "staff/downloads/handbook.pdf")
    assert "DUMMY-MARKER for staff." in " ".join(p.extract_text() for p in handbook.pages)


def test_a_new_kind_reaches_the_reference_the_public_edition_and_the_public_site_rule(with_notices, minimal):
    """The kinds table's `example` and `public` are the Data reference's example and public notes, the public
    edition's filter and the placeholder rule of the public site: one row reaches all of them."""
    page = about.reference_page()
    section = page.split("## `notices.yaml`")[1].split("\n## ")[0]
    assert "```yaml\nnotices:\n  - id: board-up\n    title: BOARD-UP-EXAMPLE\n```" in section
    assert "Each item is on the public site only when it says `public: true`." in section

    write(
        minimal / "notices.yaml",
        """
        notices:
          - id: board-up
            title: Board-up order TBD
            public: true
          - id: fence
            title: Fence order
    """,
    )
    edition = load_edition(minimal)
    assert [n.id for n in view.for_audience(edition, "public").more["notices"]] == ["board-up"]
    assert [str(w) for w in edition.warnings if "TBD" in w.message] == [
        f"{minimal / 'notices.yaml'}:3:12: warning: the public site cannot help a resident yet: "
        "notices.0.title says 'TBD', "
        "which residents would read on a public page; write the real value, or leave the key out (the page then "
        "says whom to ask)"
    ]


def test_a_staff_kind_stays_off_the_public_edition(monkeypatch, minimal):
    monkeypatch.setattr(kinds, "KINDS", kinds.KINDS + (dataclasses.replace(NOTICES, public=False),))
    write(minimal / "notices.yaml", "notices:\n  - id: board-up\n    title: Board-up order TBD\n    public: true\n")
    edition = load_edition(minimal)
    assert [n.id for n in edition.part("notices")] == ["board-up"]
    assert "notices" not in view.for_audience(edition, "public").more
    assert not [w for w in edition.warnings if "TBD" in w.message]
    assert (
        "Staff only: nothing here reaches the public site."
        in about.reference_page().split("## `notices.yaml`")[1].split("\n## ")[0]
    )


def test_a_new_kind_with_a_sheet_is_exported_and_imported(with_notices, minimal, tmp_path, run):
    write(minimal / "notices.yaml", "notices:\n  - id: board-up\n    title: Board-up order\n")
    sheet = tmp_path / "notices.csv"
    code, out, err = run("export", "notices", sheet, "--data", minimal)
    assert (code, out) == (0, f"wrote 1 notices to {sheet}\n"), err
    assert sheet.read_text(encoding="utf-8-sig").splitlines() == ["id,title,public", "board-up,Board-up order,"]
    sheet.write_text("id,title,public\nboard-up,Board-up order,true\nfence,Fence order,false\n", encoding="utf-8")
    code, out, err = run("import", "notices", sheet, "--data", minimal)
    assert (code, out) == (0, f"{minimal / 'notices.yaml'}: 1 notices added, 1 updated, 0 unchanged\n"), err
    assert [(n.id, n.public) for n in load_edition(minimal).part("notices")] == [("board-up", True), ("fence", False)]
    sheet.write_text("id,title\nfence,Fence order\nfence,Again\n", encoding="utf-8")
    code, _, err = run("import", "notices", sheet, "--data", minimal)
    assert code == 1 and "give each notice its own id" in err
