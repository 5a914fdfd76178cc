"""What the public pages say to a resident: what is missing and whom to ask (never "to be decided"),
one tap-to-call link per number, the appeal route in residents' words, wide tables as cards on a phone,
and no Markdown escapes shown to a reader."""

from __future__ import annotations

import html.parser
import re

from handbook import prose, view
from handbook.build import build
from handbook.edition import load_edition
from handbook.pages import downloads, registry
from handbook.pages.context import Context
from handbook.pages.markdown import phone
from helpers import DATA, ROOT, write

PLACEHOLDER = re.compile(r"to be (decided|confirmed|completed)", re.I)


def public_pages(folder) -> dict[str, str]:
    edition = view.for_audience(load_edition(folder), "public")
    return {page.src: text for page, text in registry.render_all(edition, "public")}


def words(markdown: str) -> str:
    return " ".join(re.sub(r"<[^>]+>|\\", " ", markdown).split())


def test_an_edition_that_says_nothing_yet_tells_residents_whom_to_ask(minimal):
    pages = public_pages(minimal)
    home = words(pages["index.md"])
    assert (
        "This guide does not yet say how to report a problem. To find out, ask Department of Testing at the "
        "Testville." in home
    )
    assert "This guide does not yet say how fast we respond to a report." in home
    assert not any(PLACEHOLDER.search(text) for text in pages.values())


def test_what_is_missing_is_said_with_the_contact_there_is(minimal):
    write(
        minimal / "jurisdiction.yaml",
        "name: Testville\ndepartment: Department of Testing\nmission: x\npublic_contact:\n  email: codes@example.org\n",
    )
    write(
        minimal / "process.yaml",
        """
        categories:
          - id: danger
            name: Danger
            initial_response: 24 hours
            public: true
        steps:
          - {id: look, title: We look, who: An inspector, what_happens: We visit., public: true}
        escalation: The inspector tells the City Attorney's Office.
        """,
    )
    pages = public_pages(minimal)
    home, guide = words(pages["index.md"]), words(pages["process/complaints.md"])
    assert "does not yet say how to report a problem. To find out, e-mail [codes@example" in home
    assert "how fast we respond" not in home.lower().split("report a problem")[0]  # promised only when said
    assert "| within 24 hours | No time set yet |" in pages["process/complaints.md"]
    assert "This guide does not yet say how to appeal a decision, or by when. To find out, e-mail" in guide
    assert "Attorney" not in guide  # the staff procedure stays on the staff site
    assert not any(PLACEHOLDER.search(text) for text in pages.values())
    staff = {page.src: text for page, text in registry.render_all(load_edition(minimal), "staff")}
    assert "The inspector tells the City Attorney's Office." in staff["process/complaints.md"]


def test_a_timed_service_standard_says_how_fast_when_there_is_no_category(minimal):
    write(
        minimal / "process.yaml",
        """
        summary: We look into every report.
        service_standards:
          - {id: calls, commitment: We return every call., target: 1 business day, public: true}
          - {id: kind, commitment: We are kind., public: true}
        """,
    )
    pages = public_pages(minimal)
    home, guide = words(pages["index.md"]), words(pages["process/complaints.md"])
    assert "**Within 1 business day:** We return every call." in guide and "We are kind" not in guide
    assert "does not yet say how soon we first come out to look at a report" in guide
    assert "does not yet say how fast" not in home and "does not yet say how fast" not in guide


def test_the_appeal_route_is_shown_to_residents(minimal):
    write(
        minimal / "process.yaml",
        """
        appeal: Write to the Housing Appeals Board within 10 calendar days of the notice.
        escalation: The inspector tells the City Attorney's Office.
        """,
    )
    guide = public_pages(minimal)["process/complaints.md"]
    assert "If you do not agree" in guide and "within 10 calendar days of the notice" in guide
    assert "Attorney" not in guide
    sample = words(public_pages(DATA)["process/complaints.md"])
    assert "within 10 calendar days of the date on the notice" in sample and "Attorney" not in sample


def test_a_phone_field_gives_one_link_per_number():
    assert phone("311, or 216-664-2000 from outside the city") == (
        "[311](tel:311), or [216\\-664\\-2000](tel:2166642000) from outside the city"
    )
    assert phone("555-0100") == "[555\\-0100](tel:5550100)"
    assert phone("the front desk") == "the front desk"  # no number: shown as written, no link
    assert phone("555-0100 ext. 12") == "[555\\-0100](tel:5550100) ext\\. 12"


def test_numbers_in_page_text_become_tel_links_and_nothing_else_does():
    page = (
        '<p>Call 3-1-1 or (216) 664-2000. Room 311, 2026-11-01, <a href="https://x.org/">555-0100</a>, '
        '<code>555-0101</code>, <span title="a &gt; 555-0102">call 311</span></p>'
    )
    assert prose.call_links(page) == (
        '<p>Call <a href="tel:311">3-1-1</a> or <a href="tel:2166642000">(216) 664-2000</a>. Room 311, 2026-11-01, '
        '<a href="https://x.org/">555-0100</a>, <code>555-0101</code>, <span title="a &gt; 555-0102">call '
        '<a href="tel:311">311</a></span></p>'
    )
    tricky = '<p title="x > 555-0100">y</p><p>"555-0103"</p>'  # an attribute with '>' stays an attribute
    assert prose.call_links(tricky) == '<p title="x > 555-0100">y</p><p>"<a href="tel:5550103">555-0103</a>"</p>'
    for href in re.findall(r'href="(tel:[^"]*)"', prose.call_links(page)):
        assert re.fullmatch(r"tel:\+?\d+", href)


def test_wide_tables_are_labelled_for_cards_on_a_phone():
    table = (
        '<table>\n<thead>\n<tr>\n<th>Program</th>\n<th>Say "hi"</th>\n<th>Cost</th>\n<th>Apply</th>\n</tr>\n'
        '</thead>\n<tbody>\n<tr>\n<td>A</td>\n<td align="left">B</td>\n<td>C</td>\n<td>D</td>\n</tr>\n</tbody>\n'
        "</table>"
    )
    stacked = prose.stack_tables(table)
    assert stacked.startswith('<table data-handbook-stack="">')
    assert (
        '<td align="left" data-label="Say &quot;hi&quot;">B</td>' in stacked and '<td data-label="Apply">D' in stacked
    )
    narrow = table.replace("<th>Apply</th>\n", "").replace("<td>D</td>\n", "")
    assert prose.stack_tables(narrow) == narrow  # three columns fit a phone as they are


def test_download_links_and_matrix_choices_show_no_markdown_escapes():
    edition = load_edition(DATA)
    ctx = Context(
        edition=view.for_audience(edition, "public"), audience="public", src="process/help.md", downloads=True
    )
    links = downloads.links(ctx, downloads.repair_sheet(edition))
    assert "Download PDF: Repair resource sheet for owners (1 page)</a>" in links and "\\(" not in links
    help_page = registry.find(registry.pages(ctx.edition, "public"), "process/help.md").render(ctx)
    assert "downloads/repair-resources.pdf" in help_page  # linked from Where to get help
    matrix = registry.find(registry.pages(edition, "staff"), "trainers/decision-matrix.md").render(
        Context(edition=edition, audience="staff", src="trainers/decision-matrix.md")
    )
    assert '<option value="Single-family home">Single-family home</option>' in matrix
    assert "\\-" not in "".join(re.findall(r"<option[^>]*>[^<]*</option>", matrix))


def test_no_page_of_a_real_edition_says_to_be_decided():
    """Not on the public site, and not on the staff site either: a partner with no 'who may call' says the
    rule is not set yet and whom to ask; a target no category sets says it is not set (Cleveland has both).
    The staff site's '*to be completed*' beside a contact detail is a to-do for staff, and the Data reference
    names the phrase the readiness rule looks for: neither counts."""
    for folder in [DATA, *sorted((DATA.parent / "examples").iterdir())]:
        if not folder.is_dir():
            continue
        edition = load_edition(folder)
        public = {page.src: text for page, text in registry.render_all(view.for_audience(edition, "public"), "public")}
        assert [src for src, text in public.items() if PLACEHOLDER.search(words(text))] == [], folder.name
        staff = {page.src: text for page, text in registry.render_all(edition, "staff") if page.src != "reference.md"}
        assert [src for src, text in staff.items() if "to be decided" in words(text).lower()] == [], folder.name


class ArticleText(html.parser.HTMLParser):
    """The text of a built page's <article>, words joined by single spaces."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.parts = 0, []

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "article"

    def handle_endtag(self, tag):
        self.depth -= tag == "article"

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)

    def text(self) -> str:
        return " ".join("".join(self.parts).split())


def article(path) -> str:
    parser = ArticleText()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.text()


def test_cleveland_says_it_publishes_no_response_time_and_whom_to_ask(tmp_path):
    """Cleveland publishes no time for a first inspection: its public complaints page and home say so, in its
    timing_not_published words, where the response times would be, instead of 'does not yet say'."""
    folder = ROOT / "examples" / "cleveland"
    said = " ".join(load_edition(folder).process.timing_not_published.split())
    assert said.startswith("The City does not publish how soon an inspector first comes out")
    build(folder, tmp_path / "site", ["public"], pdf=False)
    site = tmp_path / "site" / "public"
    guide, home = article(site / "process" / "complaints" / "index.html"), article(site / "index.html")
    how_fast = guide.split("How fast we respond")[1].split("The steps of a case")[0]
    assert said in how_fast and "does not yet say how fast" not in guide
    assert said in home and "does not yet say how fast" not in home
