"""The PDFs, read back with pypdf: pages, names, totals, metadata, tagging, the one-page limit, the cache."""

from __future__ import annotations

import datetime as dt
import html
import pathlib
import re

import pypdf

from handbook.edition import load_edition
from handbook.pages import downloads, registry
from handbook.pdf import documents, engine, sheet, writer
from helpers import DATA

EDITION = load_edition(DATA)


def reader(site: pathlib.Path, audience: str, name: str) -> pypdf.PdfReader:
    return pypdf.PdfReader(site / audience / "downloads" / name)


def text(doc: pypdf.PdfReader) -> str:
    """Every page's text, with runs of white space as one space."""
    return " ".join(" ".join(page.extract_text().split()) for page in doc.pages)


def test_each_audience_gets_its_pdfs(built_site):
    staff = {p.name for p in (built_site / "staff/downloads").iterdir()}
    public = {p.name for p in (built_site / "public/downloads").iterdir()}
    assert public == {"repair-resources.pdf", "process-guide.pdf", "annual-report-2026.pdf"}  # cases.yaml: the report
    expected = {d.file for d in downloads.all_downloads(EDITION)}
    assert staff == expected
    assert "agenda-codes-and-processes-refresher.pdf" in staff and len(expected) == 15


def test_repair_sheet_is_one_page_with_every_public_program(built_site):
    for audience in ("staff", "public"):
        doc = reader(built_site, audience, "repair-resources.pdf")
        assert len(doc.pages) == 1
        assert doc.metadata.title == "City of Maple Falls: help with home repairs"
        words = text(doc)
        for program in downloads.public_programs(EDITION):
            assert program.name in words
            assert program.phone in words
        assert "Your inspector" in words and "Phone" in words


def test_contact_list_has_every_partner_and_contact_with_dates(built_site):
    doc = reader(built_site, "staff", "partner-contacts.pdf")
    words = text(doc)
    for partner in EDITION.partners:
        assert partner.name in words
        for contact in partner.contacts:
            assert contact.phone in words
        assert f"Verified {partner.last_verified:%B} {partner.last_verified.day}, {partner.last_verified.year}" in words
    assert words.index("Partners inside city government") < words.index("Partners outside city government")
    today = dt.date.today()
    assert f"printed {today:%B} {today.day}, {today.year}".lower() in words.lower()
    assert len(doc.pages) >= 2


def test_agenda_totals_are_the_sum_of_their_segments(built_site):
    start = "9:00"  # training_start 09:00, on the 12-hour clock
    for module in EDITION.modules:
        for session in downloads.SESSIONS:
            segments = getattr(module.agenda, session)
            if not segments:
                continue
            doc = reader(built_site, "staff", downloads.agenda_file(module, session))
            words = text(doc)
            assert len(doc.pages) == 1, (module.id, session)
            total = int(re.search(r"Total: (\d+) minutes", words).group(1))
            assert total == sum(s.minutes for s in segments), (module.id, session)
            assert "Date" in words and "Trainer" in words and "Room" in words and f"{start}–" in words
            assert "Goal of the session" in words
            for segment in segments:
                assert ("Break" if segment.is_break else segment.activity.split()[0]) in words


def test_agenda_pdf_has_clock_times_that_restart_each_day():
    html_text = documents.agenda_html(EDITION, EDITION.module("codes-and-processes"), "onboarding", 13 * 60)
    times = re.findall(r"<td>(\d{1,2}:\d\d–\d{1,2}:\d\d [AP]M)</td>", html_text)
    assert times[:5] == ["1:00–1:15 PM", "1:15–1:55 PM", "1:55–2:10 PM", "2:10–2:35 PM", "2:35–3:00 PM"]
    assert times[5] == "1:00–1:20 PM"  # day 2 starts at the start time again
    assert "Day 1: 1:00–3:00 PM, 1 hour 45 minutes of training and 15 minutes of breaks" in html.unescape(html_text)


def test_handbook_has_cover_contents_by_part_and_every_chapter(built_site):
    doc = reader(built_site, "staff", "handbook.pdf")
    assert len(doc.pages) > 20
    assert "Code enforcement handbook" in " ".join(doc.pages[0].extract_text().split())
    contents = " ".join(doc.pages[1].extract_text().split())  # cover, then contents: no blank page between
    assert contents.startswith("Contents")
    sections = documents.handbook_sections(EDITION)
    titles = [s["title"] for s in sections]
    assert len(titles) == 2 + len(EDITION.modules) + 1 + 5 + 4 + 3 + len(EDITION.policies)
    assert {
        "Who we are: mission, vision and goals",
        "About this curriculum",
        "How we handle a complaint",
        "Staff expectations",
        "Proactive Code Enforcement Policy",
        "Session agendas",
        "Training plan",
        "Case studies",
        "Decision matrix",
        "Economics of compliance",
    } <= set(titles)
    parts = [f"Part {i}: {part}" for i, part in enumerate(registry.PARTS, 1)]
    positions = [contents.index(part) for part in parts]  # every part, in order, its chapters under it
    assert positions == sorted(positions)
    for section in sections:
        part = registry.PARTS.index(section["part"])
        at = contents.index(section["title"])
        assert positions[part] < at < (positions[part + 1] if part + 1 < len(positions) else len(contents)), section
    numbers = []
    for title in titles:
        number = int(re.search(re.escape(title) + r"[ .]*(\d+)", contents).group(1))
        chapter_start = " ".join(doc.pages[number - 1].extract_text().split())
        assert title in chapter_start, (title, number)  # the contents' page number is right
        numbers.append(number)
    assert numbers == sorted(numbers)
    words = text(doc)
    for partner in EDITION.partners:
        assert partner.name in words
    for program in EDITION.programs:
        assert program.name in words
    assert " ".join(EDITION.jurisdiction.mission.split()[:8]) in words
    assert EDITION.jurisdiction.public_contact.phone in words
    top = [
        item.title if not isinstance(item, list) else [x.title for x in item if not isinstance(x, list)]
        for item in doc.outline
    ]
    for i, part in enumerate(parts):  # the outline: parts, their chapters under them
        chapters = top[top.index(part) + 1]
        assert chapters == [s["title"] for s in sections if s["part"] == registry.PARTS[i]], part


def test_pdfs_are_tagged_with_title_language_and_author(built_site):
    titles = {
        job.download.file: html.unescape(re.search(r"<title>(.*?)</title>", job.html).group(1))
        for job in documents.jobs(EDITION, dt.date.today())
    }
    for folder in (built_site / "staff/downloads", built_site / "public/downloads"):
        for path in folder.iterdir():
            doc = pypdf.PdfReader(path)
            root = doc.trailer["/Root"]
            assert doc.metadata.title == titles[path.name], path
            assert EDITION.jurisdiction.department in doc.metadata.author
            assert root["/Lang"] == EDITION.jurisdiction.language
            assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"], path


def test_pdf_step_logged_no_warnings(tmp_path):
    notes = writer.build_pdfs(EDITION, {"public": tmp_path / "public"}, cache_dir=tmp_path / "cache")
    assert not [n for n in notes if n.startswith("warning")], notes
    assert notes[0].startswith("PDFs: 3 written (3 laid out")  # the repair sheet, the process guide, the annual report


def test_unchanged_pdfs_come_from_the_cache(built_site, build_cache, default_copy, tmp_path):
    cache = build_cache / "pdf"  # where handbook.build put them ($HANDBOOK_CACHE)
    assert any(cache.glob("*.pdf"))
    assert not (built_site.parent / ".cache").exists()  # never beside the published folder
    sites = {"staff": tmp_path / "staff", "public": tmp_path / "public"}
    notes = writer.build_pdfs(EDITION, sites, cache_dir=cache)
    assert "(0 laid out, 16 unchanged" in notes[0], notes
    programs = default_copy / "programs.yaml"
    programs.write_text(programs.read_text().replace("Safe Roof Grant", "Safe Roof Repair Grant"))
    notes = writer.build_pdfs(load_edition(default_copy), sites, cache_dir=cache)
    assert "(2 laid out, 14 unchanged" in notes[0], notes  # the sheet and the handbook
    assert "Safe Roof Repair Grant" in text(pypdf.PdfReader(tmp_path / "public/downloads/repair-resources.pdf"))


def test_private_programs_stay_off_the_sheet(default_copy, tmp_path):
    programs = default_copy / "programs.yaml"
    programs.write_text(
        programs.read_text()
        .replace("  - id: tax-payment-plan\n", "  - id: tax-payment-plan\n    public: false\n")
        .replace(
            "    status: open\n    public: true\n    last_verified: 2026-03-27\n",
            "    status: open\n    last_verified: 2026-03-27\n",
        )
    )
    edition = load_edition(default_copy)
    assert "Property Tax Payment Plan" not in [p.name for p in downloads.public_programs(edition)]
    writer.build_pdfs(edition, {"public": tmp_path}, cache_dir=tmp_path / "cache")
    words = text(pypdf.PdfReader(tmp_path / "downloads/repair-resources.pdf"))
    assert "Property Tax Payment Plan" not in words and "Safe Roof Grant" in words


def extra_programs(count: int) -> str:
    """YAML for more public programs, each about as long as a real one."""
    return "".join(
        f"""
  - id: extra-program-{i}
    name: Neighborhood Repair Fund {i}
    provider: riverbend-ndc
    helps_with: [roof, furnace, porch and steps]
    who_qualifies: Owners who live in the home and earn at or below 80% of the area median income
    cost_to_owner: Grant of up to $10,000 with no repayment
    how_to_apply: Call the fund's office and ask for an application form by mail.
    phone: 555-0170
    languages: [English, Spanish]
    public: true
"""
        for i in range(count)
    )


def test_sheet_that_cannot_fit_stops_the_build_and_says_how_many_fit(default_copy, tmp_path, run):
    out = tmp_path / "out"
    code, _, err = run("build", "--data", default_copy, "--out", out, "--audience", "public", "--no-pdf")
    assert code == 0, err
    before = (out / "public/index.html").read_bytes()
    programs = default_copy / "programs.yaml"
    programs.write_text(programs.read_text() + extra_programs(6))
    code, _, err = run("build", "--data", default_copy, "--out", out, "--audience", "public")
    assert code == 1
    found = re.search(
        r"programs.yaml:(\d+):\d+: the repair resource sheet .* one Letter page, but its (\d+) "
        r"programs need \d pages, [\d.]+ inches \(about \d+ lines\) more than one page holds; "
        r"only the first (\d+) fit",
        err,
    )
    assert found, err
    line, total, fit = (int(n) for n in found.groups())
    assert total == 15
    edition = load_edition(default_copy)
    listed = downloads.public_programs(edition)
    css = engine.STYLESHEET.read_text()
    assert sheet.sheet_pages(documents.sheet_html(edition, listed[:fit]), css) == 1
    assert sheet.sheet_pages(documents.sheet_html(edition, listed[: fit + 1]), css) > 1
    lines = programs.read_text().splitlines()
    assert lines[line - 1].strip() == f"- id: {listed[fit].id}"  # points at the first one that does not fit
    assert "was not changed" in err
    assert (out / "public/index.html").read_bytes() == before
    assert not (out / "public/downloads").exists()


def test_no_document_opens_on_a_blank_page_and_each_names_itself_first(built_site):
    for audience in ("staff", "public"):
        for path in sorted((built_site / audience / "downloads").glob("*.pdf")):
            doc = pypdf.PdfReader(path)
            first = " ".join(doc.pages[0].extract_text().split())
            assert first, path  # the title is readable text
            blank = [i + 1 for i, page in enumerate(doc.pages) if not page.extract_text().strip()]
            assert blank == [], (path, blank)


def test_the_process_guide_has_no_handbook_cover(built_site):
    html = documents.guide_html(EDITION)
    assert 'class="cover"' not in html
    doc = reader(built_site, "public", "process-guide.pdf")
    assert "how we handle a complaint" in " ".join(doc.pages[0].extract_text().split()).lower()


def test_the_sheet_footer_gives_the_oldest_check():
    programs = downloads.public_programs(EDITION)
    oldest = min(p.last_verified for p in programs if p.last_verified)
    assert f"Every program checked since {oldest:%B} {oldest.day}, {oldest.year}" in documents.sheet_html(
        EDITION, programs
    )
