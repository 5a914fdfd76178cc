"""Every edition, read page by page as its users would: the sample, the three real cities and a fresh
`handbook new` edition. No empty page or chapter, no file or key names in reader text, the national
material and its credit everywhere."""

from __future__ import annotations

import html
import html.parser
import json
import pathlib
import re

import pypdf
import pytest

from handbook.build import build
from handbook.edition import load_edition
from helpers import DATA, ROOT, fill_as_a_city, fill_fixmes
from printed import hyphen_breaks, print_problems, split_cards, ua_problems

EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir())
KEEPER_PAGES = ("about-data", "about-sources", "reference")  # pages written for the person who keeps the data


@pytest.fixture(scope="module")
def edition_sites(tmp_path_factory, run_module):
    """Each edition built once, both audiences, with PDFs."""
    work = tmp_path_factory.mktemp("editions")
    fresh = work / "fresh"
    assert run_module("new", fresh, "--name", "City of Testing")[0] == 0
    fill_as_a_city(fresh)
    found = {}
    for edition in [DATA, *EXAMPLES, fresh]:
        out = work / f"site-{edition.name}"
        build(edition, out, ["staff", "public"])
        found[edition.name] = out
    return found


@pytest.fixture(scope="module")
def run_module():
    from handbook import cli

    def runner(*args):
        return cli.main([str(a) for a in args]), "", ""

    return runner


class Blocks(html.parser.HTMLParser):
    """The article's blocks in order: (tag, text)."""

    BLOCKS = {"h1", "h2", "h3", "h4", "p", "li", "td", "th", "pre", "dd", "dt", "summary", "figcaption"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[list] = []
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.blocks.append([tag, ""])
        self.open.append(tag)

    def handle_endtag(self, tag):
        if self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_data(self, data):
        if self.blocks:
            self.blocks[-1][1] += data


def article(path: pathlib.Path) -> str:
    page = path.read_text(encoding="utf-8")
    return page[page.index("<article") : page.index("</article>")] if "<article" in page else ""


def empty_sections(body: str) -> list[str]:
    """Headings with nothing under them before the next heading of the same or a higher level."""
    parser = Blocks()
    parser.feed(body)
    blocks = [(tag, " ".join(text.replace("¶", "").split())) for tag, text in parser.blocks]
    found = []
    for i, (tag, text) in enumerate(blocks):
        if tag not in ("h2", "h3", "h4"):
            continue
        level = int(tag[1])
        rest = []
        for other, other_text in blocks[i + 1 :]:
            if other in ("h1", "h2", "h3", "h4") and int(other[1]) <= level:
                break
            rest.append(other_text)
        if not any(rest):
            found.append(text)
    return found


def empty_tables(body: str) -> list[str]:
    """Tables with no body row that holds text."""
    found = []
    for table in re.findall(r"<table.*?</table>", body, re.S):
        rows = re.findall(r"<tbody>(.*?)</tbody>", table, re.S)
        cells = re.sub(r"<[^>]+>", "", " ".join(rows)).strip()
        if not cells:
            found.append(re.sub(r"<[^>]+>", " ", table)[:80])
    return found


@pytest.mark.parametrize("name", ["data", *[p.name for p in EXAMPLES], "fresh"])
def test_no_page_is_an_empty_shell(edition_sites, name):
    out = edition_sites[name]
    for audience in ("staff", "public"):
        for path in sorted((out / audience).rglob("index.html")):
            body = article(path)
            if not body:
                continue
            where = f"{name} {audience} {path.parent.relative_to(out / audience)}"
            assert empty_sections(body) == [], where
            assert empty_tables(body) == [], where
            assert not re.search(r"Showing 1 of 1 rows", body), where


@pytest.mark.parametrize("name", ["data", *[p.name for p in EXAMPLES], "fresh"])
def test_no_reader_page_names_a_file_or_a_key(edition_sites, name):
    out = edition_sites[name]
    for audience in ("staff", "public"):
        for path in sorted((out / audience).rglob("index.html")):
            if any(part in KEEPER_PAGES for part in path.relative_to(out / audience).parts):
                continue
            words = html.unescape(re.sub(r"<[^>]+>", " ", article(path)))
            assert not re.search(r"\b[\w-]+\.yaml\b", words), (name, audience, path)
            keys = re.findall(r"\b[a-z]+_[a-z_]+\b", words)  # data keys are written snake_case
            assert keys == [], (name, audience, path, keys)


@pytest.mark.parametrize("name", [p.name for p in EXAMPLES])
def test_every_city_has_the_national_workshop_material(edition_sites, name):
    staff = edition_sites[name] / "staff"
    cases = html.unescape(re.sub(r"<[^>]+>", " ", article(staff / "trainers/case-studies/index.html")))
    assert "An older widow who cannot keep up" in cases
    economics = article(staff / "trainers/economics/index.html")
    assert "Left to the owner after repairs" in economics
    handbook = " ".join(page.extract_text() for page in pypdf.PdfReader(staff / "downloads/handbook.pdf").pages)
    assert "An older widow who cannot keep up" in handbook


@pytest.mark.parametrize("name", ["data", *[p.name for p in EXAMPLES], "fresh"])
def test_the_national_guide_is_credited_on_the_site_and_in_the_handbook(edition_sites, name):
    staff = edition_sites[name] / "staff"
    about = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article(staff / "about-curriculum/index.html"))).split())
    assert "Center for Community Progress" in about and "Code Enforcement Training Guide" in about
    assert "November 2025" in about
    handbook = " ".join(page.extract_text() for page in pypdf.PdfReader(staff / "downloads/handbook.pdf").pages)
    assert "Center for Community Progress" in " ".join(handbook.split())


def test_start_here_comes_first_for_a_new_hire(edition_sites):
    staff = edition_sites["data"] / "staff"
    home = article(staff / "index.html")
    links = re.findall(r'href="([^"#]+)"', home)
    assert links[0].startswith("start-here"), links[:3]
    start = html.unescape(re.sub(r"<[^>]+>", " ", article(staff / "start-here/index.html")))
    assert re.search(r"Read About this curriculum \(about \d+ minutes?\)", " ".join(start.split()))
    assert "3–4 hours over 2 days" in start


def test_what_a_source_leaves_open_says_it_is_not_set_and_whom_to_ask(edition_sites):
    page = html.unescape(
        re.sub(r"<[^>]+>", " ", article(edition_sites["cleveland"] / "staff/partners/internal/index.html"))
    )
    assert "Who may contact them Not set yet; ask your supervisor" in " ".join(page.split())
    assert "Any inspector" not in page


@pytest.mark.parametrize("name", [p.name for p in EXAMPLES])
def test_every_example_passes_strict_with_its_reading_grade(name, run):
    code, out, err = run("check", "--strict", "--data", ROOT / "examples" / name)
    assert code == 0, err
    assert "warning" not in err


def test_a_new_edition_with_its_fixmes_filled_passes_strict_and_builds(tmp_path, run):
    edition = tmp_path / "city"
    assert run("new", edition, "--name", "City of Testing")[0] == 0
    code, _, err = run("build", "--data", edition, "--out", tmp_path / "out", "--no-pdf")
    assert code == 1 and "public site not built: " in err  # not published half-written
    assert (tmp_path / "out/staff/index.html").exists() and not (tmp_path / "out/public").exists()
    fill_fixmes(edition)
    code, _, err = run("check", "--strict", "--data", edition)
    assert code == 1 and "it gives no way to report a problem" in err  # no contact yet: not ready for residents
    fill_as_a_city(edition)
    code, _, err = run("check", "--strict", "--data", edition)
    assert code == 0, err
    code, _, err = run("build", "--strict", "--data", edition, "--out", tmp_path / "out", "--no-pdf")
    assert code == 0, err
    assert (tmp_path / "out/public/process/help/index.html").exists()  # programs.yaml was written
    first_line = (edition / "programs.yaml").read_text().splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=_schemas/programs.schema.json"
    assert (edition / "_schemas" / "programs.schema.json").exists() and (edition / "pages" / "_example.md").exists()


def test_public_home_puts_contact_first_and_promises_only_what_it_has(edition_sites):
    home = " ".join(
        html.unescape(re.sub(r"<[^>]+>", " ", article(edition_sites["data"] / "public/index.html"))).split()
    )
    assert home.index("Contact us") < home.index("Our mission")
    assert "how to report a problem" in home
    cleveland = " ".join(
        html.unescape(re.sub(r"<[^>]+>", " ", article(edition_sites["cleveland"] / "public/index.html"))).split()
    )
    assert "Contact us" in cleveland and "216-664-2000" in cleveland  # researched from the City's pages
    assert "does not yet say how to report" not in cleveland and "to be decided" not in cleveland


def test_staff_pages_mark_staff_only_contacts(edition_sites):
    page = html.unescape(re.sub(r"<[^>]+>", " ", article(edition_sites["data"] / "staff/partners/internal/index.html")))
    assert "(staff only)" in page


def outline(reader: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    """The PDF's bookmarks in order: (depth, title, page index)."""
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, " ".join(item.title.split()), reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def empty_pdf_sections(path: pathlib.Path) -> list[str]:
    """Bookmarked headings of handbook.pdf with no text under them before the next heading of the same or a
    higher level (the running header and the page number at the foot of each page left out)."""
    reader = pypdf.PdfReader(path)
    marks = [mark for mark in outline(reader) if mark[1] not in ("Contents",)][1:]  # after the cover
    if not marks:
        return []
    pages = [page.extract_text().splitlines() for page in reader.pages]
    body = " ".join(" ".join(lines[:-2]) for lines in pages[marks[0][2] :])  # header, page number
    body = " ".join(body.split()).casefold()  # part titles print in capitals
    found, starts, at = [], [], 0
    for _, title, _ in marks:
        title = title.casefold()
        at = body.index(title, at)
        while body[at + len(title) : at + len(title) + 1] == ";" or body[max(at - 2, 0) : at] == "; ":
            at = body.index(title, at + 1)  # a name in a list of names ("Find a program by need"), not a heading
        starts.append((at, at + len(title)))
        at += len(title)
    for i, (depth, title, _) in enumerate(marks):
        end = next((starts[j][0] for j in range(i + 1, len(marks)) if marks[j][0] <= depth), len(body))
        if not re.search(r"\w", body[starts[i][1] : end]):
            found.append(title)
    return found


@pytest.mark.parametrize("name", ["data", *[p.name for p in EXAMPLES], "fresh"])
def test_no_pdf_chapter_is_empty(edition_sites, name):
    downloads = edition_sites[name] / "staff" / "downloads"
    assert empty_pdf_sections(downloads / "handbook.pdf") == [], name
    for path in sorted(downloads.glob("*.pdf")):
        text = " ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
        assert not re.search(r"\b[\w-]+\.yaml\b", text), (name, path.name)


@pytest.mark.parametrize("name", [*[p.name for p in EXAMPLES], "fresh"])
def test_every_pdf_prints_well(edition_sites, name):
    """The print checks of tests/pdf/test_print.py (which checks the sample) on the real cities' editions and a
    fresh one: each PDF's title as text on its first page,
    tagged, titled, with an outline, no blank page, no page going on with a table row without its header, no
    case or program split over two pages in handbook.pdf, no partner split in partner-contacts.pdf, no address
    broken at a hyphen, the structure PDF/UA asks for with no finding of the pdfua checker."""
    source = edition_sites[name].parent / "fresh" if name == "fresh" else ROOT / "examples" / name
    edition = load_edition(source)
    assert print_problems(edition, edition_sites[name]) == [], name
    assert split_cards(edition, edition_sites[name] / "staff" / "downloads") == [], name
    assert hyphen_breaks(edition, edition_sites[name] / "staff" / "downloads") == [], name
    assert ua_problems(edition_sites[name]) == [], name


def words_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


PHONE_TEXT = re.compile(r"\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b|\b\d{3}-\d{4}\b")
EMAIL_TEXT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


@pytest.mark.parametrize("name", ["data", *[p.name for p in EXAMPLES], "fresh"])
def test_every_phone_number_and_e_mail_is_a_link(edition_sites, name):
    out = edition_sites[name]
    for audience in ("staff", "public"):
        for path in sorted((out / audience).rglob("index.html")):
            if any(part in KEEPER_PAGES for part in path.relative_to(out / audience).parts):
                continue
            outside_links = words_of(re.sub(r"<a [^>]*>.*?</a>", " ", article(path), flags=re.S))
            assert PHONE_TEXT.findall(outside_links) == [], (name, audience, path)
            assert EMAIL_TEXT.findall(outside_links) == [], (name, audience, path)


@pytest.mark.parametrize(
    "page",
    [
        "public/process/complaints",
        "public/process/help",
        "staff/partners/internal",
        "staff/partners/external",
        "staff/partners/programs",
        "staff/partners/situations",
    ],
)
def test_complaint_partner_and_program_pages_have_tel_and_mailto_links(edition_sites, page):
    body = article(edition_sites["data"] / page / "index.html")
    assert re.search(r'href="tel:\+?\d{7,}"', body), page
    if not page.endswith(("situations", "programs")):  # their tables give a phone only (programs have no e-mail)
        assert re.search(r'href="mailto:[^"@]+@[^"]+"', body), page


@pytest.mark.parametrize("name", ["data", *[p.name for p in EXAMPLES], "fresh"])
def test_public_header_and_home_put_the_residents_first(edition_sites, name):
    page = (edition_sites[name] / "public" / "index.html").read_text(encoding="utf-8")
    header = words_of(re.search(r'<div class="md-header__topic">(.*?)</div>', page, re.S).group(1))
    heading = words_of(re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)).rstrip("¶ ")
    assert header == heading, (name, header, heading)
    home = words_of(article(edition_sites[name] / "public" / "index.html"))
    contact = min(home.index(x) for x in ("Report a problem", "Contact us") if x in home)
    later = [home.index(x) for x in ("Our mission", "Our vision", "Our goals", "How we work") if x in home]
    assert contact < min(later), name
    assert "(staff only)" not in " ".join(
        words_of(article(p)) for p in (edition_sites[name] / "public").rglob("index.html")
    )


def test_staff_pages_mark_every_staff_only_contact(edition_sites):
    edition = load_edition(DATA)
    staff_only = {c.name for p in edition.partners for c in p.contacts if not c.public}
    public = {c.name for p in edition.partners for c in p.contacts if c.public}
    assert staff_only and public
    for page in ("partners/internal", "partners/external", "process/help"):
        text = words_of(article(edition_sites["data"] / "staff" / page / "index.html"))
        shown = [name for name in staff_only if name in text]
        assert shown, page
        for name in shown:
            assert re.search(re.escape(name) + r"[^|]{0,60}?\(staff only\)", text), (page, name)
        for name in public:
            assert not re.search(re.escape(name) + r"\W{0,3}\(staff only\)", text), (page, name)
    situations = article(edition_sites["data"] / "staff" / "partners/situations/index.html")
    assert "(staff only)" in words_of(situations)


@pytest.mark.parametrize("name", ["data", "lees-summit", "fresh"])
def test_the_search_index_finds_the_response_table_from_a_residents_words(edition_sites, name):
    index = json.loads((edition_sites[name] / "public" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "stopWordFilter" not in index["config"]["pipeline"]  # "when", "how" would be dropped from a search
    table = [doc for doc in index["docs"] if doc["location"].startswith("process/complaints/#how-fast")]
    assert table, name
    words = " ".join(table[0]["title"].lower().split() + table[0]["text"].lower().split())
    for query in ("how long", "how fast", "when"):
        assert query in words, (name, query)


@pytest.mark.parametrize("name", ["data", *[p.name for p in EXAMPLES], "fresh"])
def test_every_link_inside_the_site_reaches_its_page_and_anchor(edition_sites, name):
    for audience in ("staff", "public"):
        root = (edition_sites[name] / audience).resolve()
        ids: dict[pathlib.Path, set[str]] = {}
        for path in sorted(root.rglob("index.html")):
            body = article(path)
            for href in re.findall(r'href="([^"]+)"', body):
                if re.match(r"[a-z]+:", href) or href.startswith("//"):
                    continue
                target, _, fragment = href.partition("#")
                page = (path.parent / target).resolve()
                page = page / "index.html" if page.is_dir() or not page.suffix else page
                assert page.exists(), (name, audience, path.relative_to(root), href)
                if fragment and page.suffix == ".html":
                    if page not in ids:
                        ids[page] = set(re.findall(r'id="([^"]+)"', page.read_text(encoding="utf-8")))
                    assert fragment in ids[page], (name, audience, path.relative_to(root), href)


@pytest.mark.parametrize("name", ["data", *[p.name for p in EXAMPLES], "fresh"])
def test_module_one_leads_to_its_practice_cases(edition_sites, name):
    body = article(edition_sites[name] / "staff" / "training" / "purpose" / "index.html")
    assert "workshop section" not in body
    assert re.search(r'href="\.\./\.\./trainers/case-studies/#[a-z-]+"', body), name
