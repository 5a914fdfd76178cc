"""The public build holds only what the data marks public: HTML, search index, sitemap and PDFs.

One edition is built with a unique marker planted in every staff-only place the data allows;
each marker must appear in the staff build and nowhere in the public build.
"""

from __future__ import annotations

import gzip
import json
import pathlib
import re
import shutil

import pypdf
import pytest
import yaml

from handbook.build import build
from handbook.edition import load_edition
from helpers import DATA, write

MARKERS = {
    "contact": "Zqcontact",  # a non-public contact of a public partner
    "partner": "Zqpartner",  # a non-public partner
    "program": "Zqprogram",  # a non-public program
    "category": "Zqcategory",  # a non-public case category
    "standard": "Zqstandard",  # a non-public service standard
    "step": "Zqstep",  # a non-public step
    "staff_notes": "Zqstaffnotes",  # a public step's staff notes
    "policy": "Zqpolicy",  # a non-public policy
    "page": "Zqpage",  # a department page without `public: true`
    "updates": "Zqupdates",  # a field: a public category's updates
    "case_system": "Zqcasesystem",  # a field: the case tracking system
    "expectation": "Zqexpectation",  # a field: the staff expectations
    "when_to_contact": "Zqwhen",  # a field: when to contact a public partner
}


def plant_markers(edition: pathlib.Path) -> None:
    """Put each marker in its staff-only place in a copy of the default edition."""

    def edit(name, change):
        path = edition / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    def partners(data):
        public = next(p for p in data["partners"] if p["public"])
        public["contacts"].append({"name": MARKERS["contact"] + " Person", "phone": "555-0199"})
        public["when_to_contact"].append(MARKERS["when_to_contact"] + " situation")
        data["partners"].append(
            {
                "id": "secret-partner",
                "name": MARKERS["partner"] + " Office",
                "kind": "internal",
                "category": "housing",
                "what_they_do": "Helps staff.",
                "contacts": [{"name": "Desk", "phone": "555-0198", "public": True}],
            }
        )

    def programs(data):
        data["programs"].append(
            {
                "id": "secret-program",
                "name": MARKERS["program"] + " Grant",
                "provider": "community-development",
                "helps_with": ["roof"],
                "who_qualifies": "Anyone",
                "cost_to_owner": "Free",
                "how_to_apply": "Call.",
            }
        )

    def process(data):
        data["case_system"] = MARKERS["case_system"]
        data["categories"][0]["updates"] = MARKERS["updates"] + " every day"
        data["categories"].append(
            {
                "id": "secret-category",
                "name": MARKERS["category"] + " category",
                "initial_response": "1 hours",
                "resolution_target": "2 calendar days",
            }
        )
        data["service_standards"].append({"id": "secret-standard", "commitment": MARKERS["standard"] + " promise"})
        data["steps"][0]["staff_notes"] = MARKERS["staff_notes"] + " note"
        data["steps"].insert(
            2,
            {
                "id": "secret-step",
                "title": MARKERS["step"] + " step",
                "who": "Staff",
                "what_happens": "Internal review.",
            },
        )
        data["staff_expectations"][0]["body"] = MARKERS["expectation"] + " body"

    edit("partners.yaml", partners)
    edit("programs.yaml", programs)
    edit("process.yaml", process)
    write(
        edition / "policies" / "internal-review.yaml",
        f"""
        id: internal-review
        title: {MARKERS["policy"]} review policy
        adopted_by: The program manager
        commitments:
          - id: review
            text: Every case file is reviewed each quarter.
        """,
    )
    write(edition / "pages" / "internal.md", f"# Internal notes\n\n{MARKERS['page']} is for staff.\n")
    write(edition / "pages" / "snow.md", "---\npublic: true\ntitle: Snow on sidewalks\n---\n\nClear the walk.\n")


def texts(site: pathlib.Path) -> dict[str, str]:
    """Every file of a built site as text: HTML, JSON, XML, gzip-ed sitemaps and PDFs (via pypdf)."""
    found = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".pdf":
            found[str(path)] = "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
        elif path.suffix == ".gz":
            found[str(path)] = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        else:
            found[str(path)] = path.read_bytes().decode("utf-8", "replace")
    return found


@pytest.fixture(scope="module")
def marked_site(tmp_path_factory) -> pathlib.Path:
    edition = tmp_path_factory.mktemp("marked") / "data"
    shutil.copytree(DATA, edition)
    plant_markers(edition)
    out = tmp_path_factory.mktemp("marked-site")
    build(edition, out, ["staff", "public"])
    return out


@pytest.mark.parametrize("place", sorted(MARKERS))
def test_staff_only_marker_is_in_the_staff_build_and_nowhere_in_the_public_build(marked_site, place):
    marker = MARKERS[place].lower()
    staff = texts(marked_site / "staff")
    public = texts(marked_site / "public")
    assert any(marker in text.lower() for text in staff.values()), f"{place}: the marker is not on any staff page"
    leaks = [path for path, text in public.items() if marker in text.lower()]
    assert leaks == [], f"{place}: the marker reached the public build in {leaks}"


def test_both_builds_have_the_process_guide_pdf_and_the_checked_kinds_of_file(marked_site):
    for audience in ("staff", "public"):
        site = marked_site / audience
        assert (site / "downloads" / "process-guide.pdf").is_file()
        assert (site / "search" / "search_index.json").is_file()
        assert (site / "sitemap.xml").is_file()
    staff_pdf = texts(marked_site / "staff")[str(marked_site / "staff" / "downloads" / "process-guide.pdf")]
    assert MARKERS["staff_notes"] in staff_pdf and MARKERS["category"] in staff_pdf


def test_public_search_index_and_nav_hold_only_public_pages(marked_site):
    index = json.loads((marked_site / "public" / "search" / "search_index.json").read_text())
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert pages == {
        "",
        "process/complaints/",
        "process/standards/",
        "process/help/",
        "process/how-we-are-doing/",
        "policies/proactive-enforcement/",
        "pages/snow/",
    }
    home = (marked_site / "public" / "index.html").read_text()
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', home, re.S).group(0)
    assert "Training" not in nav and "Staff expectations" not in nav and "About this data" not in nav
    assert "More" in nav and "Snow on sidewalks" in nav
    staff_home = (marked_site / "staff" / "index.html").read_text()
    assert "Internal notes" in staff_home and "Staff expectations" in staff_home


def test_public_home_page_links_only_to_public_pages(marked_site):
    site = marked_site / "public"
    home = (site / "index.html").read_text()
    article = re.search(r"<article.*?</article>", home, re.S).group(0)
    assert "guide for residents" in article
    links = [href for href in re.findall(r'href="([^"#:]+)"', article) if not href.startswith("/")]
    assert "process/complaints/" in links
    for href in links:
        assert (site / href / "index.html").is_file() or (site / href).is_file(), href
    assert "training/" not in home


def test_department_pages_are_shown_as_written_unless_they_opt_in_to_macros(tmp_path):
    edition = tmp_path / "data"
    shutil.copytree(DATA, edition)
    category = load_edition(edition).process.categories[0]
    write(edition / "pages" / "as-written.md", "---\npublic: true\n---\n# As written\n\nBraces: {{ 6 * 7 }}\n")
    write(
        edition / "pages" / "with-macros.md",
        "---\npublic: true\nrender_macros: true\n---\n# With macros\n\n"
        f"Answer: {{{{ response_target('{category.id}') }}}}\n",
    )
    build(edition, tmp_path / "out", ["public"], pdf=False)
    as_written = (tmp_path / "out" / "public" / "pages" / "as-written" / "index.html").read_text()
    with_macros = (tmp_path / "out" / "public" / "pages" / "with-macros" / "index.html").read_text()
    assert "{{ 6 * 7 }}" in as_written and category.initial_response.words() in with_macros
    assert "{{" not in with_macros[with_macros.index("<article") :]


def test_a_changed_category_target_is_shown_on_the_page(tmp_path):
    edition = tmp_path / "data"
    shutil.copytree(DATA, edition)
    path = edition / "process.yaml"
    path.write_text(path.read_text().replace("initial_response: 2 business days", "initial_response: 3 business days"))
    build(edition, tmp_path / "out", ["public"], pdf=False)
    page = (tmp_path / "out" / "public" / "process" / "complaints" / "index.html").read_text()
    row = next(r for r in re.findall(r"<tr>.*?</tr>", page, re.S) if "Category II" in r)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    assert cells[1:] == ["within 3 business days", "within 30 calendar days"]
