"""The printable PDFs: HTML from templates/pdf/*.html.j2, one print stylesheet, WeasyPrint.

build_pdfs() renders each document's HTML (cheap), then lays out only the PDFs whose HTML,
stylesheet and renderer version changed since the last build (cached by their hash), in
parallel over the machine's cores, and copies every PDF into <site>/downloads/ of each audience
it belongs to. The repair resource sheet must fit on one Letter page; when it does not, the
build stops and says how many programs would fit.
"""
from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import functools
import hashlib
import importlib.metadata
import logging
import os
import pathlib
import posixpath
import re
import shutil
import time

import jinja2
import markdown
from markupsafe import Markup

from . import directory, downloads, render, text
from .audience import for_audience
from .build import BuildFailed
from .downloads import Download
from .edition import Edition, places
from .render import TEMPLATES

ASSETS = pathlib.Path(__file__).parent / "assets"
STYLESHEET = ASSETS / "print.css"
VERSION = "1"  # raise when a change here alters the PDFs without altering their HTML
OPTIONS = {"pdf_variant": "pdf/ua-1"}  # tagged PDF with a structure tree, title and language
MARKDOWN_EXTENSIONS = ["admonition", "attr_list", "tables"]  # as in mkdocs.yml
KEEP_DAYS = 30  # cached PDFs not used for this long are removed


@dataclasses.dataclass
class Job:
    download: Download
    html: str
    one_page: bool = False


# --------------------------------------------------------------------------- HTML of each document

@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), undefined=jinja2.StrictUndefined,
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(date_words=render.date_words, first_upper=text.first_upper,
                       minutes_words=text.minutes_words, md=md, md_inline=md_inline)
    return env


def md(value: object) -> Markup:
    """Prose from the data as HTML: Markdown formatting kept, raw HTML shown as written."""
    return Markup(markdown.markdown(text.prose(value)))


def md_inline(value: object) -> Markup:
    """Prose as HTML without the paragraph around it, for a list item."""
    return Markup(re.sub(r"\A<p>(.*)</p>\Z", r"\1", str(md(value)), flags=re.S))


def html_of(template: str, edition: Edition, title: str, **values) -> str:
    """A document's HTML; every template extends pdf/base.html.j2 (title, language, author)."""
    j = edition.jurisdiction
    return environment().get_template(f"pdf/{template}").render(
        title=title, lang=j.language, author=f"{j.department}, {j.name}", j=j, **values)


def sheet_html(edition: Edition, programs: list) -> str:
    """The repair resource sheet for owners: programs by need, each with how to apply."""
    numbered = {p.id: i for i, p in enumerate(programs, 1)}
    dates = [p.last_verified for p in programs if p.last_verified]
    return html_of("repair-resources.html.j2", edition, f"{edition.jurisdiction.name}: help with home repairs",
                   programs=programs, number=numbered, needs=directory.by_need(programs),
                   checked=max(dates) if dates else None)


def contacts_html(edition: Edition, today: dt.date) -> str:
    """Every partner with its contacts, internal then external, and when each was verified."""
    kinds = [(directory.TITLES[kind], directory.by_category([p for p in edition.partners if p.kind == kind]))
             for kind in ("internal", "external")]
    return html_of("partner-contacts.html.j2", edition, f"{edition.jurisdiction.name}: partner contact list",
                   kinds=[k for k in kinds if k[1]], today=today)


def agenda_rows(segments: list) -> list[dict]:
    """Segments split by day, each with its start offset from the start of that day."""
    days: list[dict] = []
    for segment in segments:
        if not days or days[-1]["day"] != segment.day:
            days.append({"day": segment.day, "rows": [], "minutes": 0, "breaks": 0})
        day = days[-1]
        start = day["minutes"] + day["breaks"]
        day["rows"].append({"start": f"{start // 60}:{start % 60:02d}", "s": segment})
        day["breaks" if segment.is_break else "minutes"] += segment.minutes
    return days


def agenda_html(edition: Edition, module, session: str) -> str:
    """A session agenda for trainers: date and trainer lines, timed segments, totals."""
    segments = getattr(module.agenda, session)
    days = agenda_rows(segments)
    return html_of("agenda.html.j2", edition, f"Module {module.number}: {module.title}, {session} session agenda",
                   m=module, session=session, timing=getattr(module.timing, session), days=days,
                   minutes=sum(d["minutes"] for d in days), breaks=sum(d["breaks"] for d in days))


def page_html(markdown_text: str, src: str) -> str:
    """A handbook page's Markdown as HTML, its links to other pages turned into links inside the PDF."""
    body = markdown.markdown(markdown_text, extensions=MARKDOWN_EXTENSIONS)

    def inside(match: re.Match) -> str:
        target, anchor = match.group(1), match.group(2)
        if anchor:
            return f'href="#{anchor}"'
        return f'href="#{section_id(posixpath.normpath(posixpath.join(posixpath.dirname(src), target)))}"'
    return re.sub(r'href="([^"#:]*\.md)(?:#([^"]*))?"', inside, body)


def section_id(src: str) -> str:
    return "page-" + text.slug(src.removesuffix(".md"))


def handbook_sections(edition: Edition) -> list[dict]:
    """The chapters of handbook.pdf: the curriculum, every module, the directories, the process guide,
    the policies and the workshop material (the agendas have PDFs of their own)."""
    from . import process_pages, render_training

    pages = [("training/index.md", "# Training curriculum\n\n" + render.curriculum_page(edition))]
    for module in edition.modules:
        src = f"training/{module.id}.md"
        block = directory.partners_block(edition.partners, module.shows_partners, src)
        pages.append((src, render.module_page(edition, module.id, block)))
    pages += [(directory.PAGES["internal"], directory.partners_page(edition.partners, "internal")),
              (directory.PAGES["external"], directory.partners_page(edition.partners, "external")),
              (directory.SITUATIONS_PAGE, directory.situations_page(edition.partners)),
              (directory.PROGRAMS_PAGE, directory.programs_page(edition.programs, edition.partners))]
    process = edition.process
    if process.steps or process.categories:
        pages.append(("process/complaints.md", "# How we handle a complaint\n\n" + process_pages.complaint_guide(edition)))
    if process.service_standards:
        pages.append(("process/standards.md", "# Our service standards\n\n" + process_pages.standards_page(edition)))
    if process.staff_expectations:
        pages.append(("process/staff-expectations.md", "# Staff expectations\n\n" + process_pages.expectations_page(edition)))
    pages += [(f"policies/{policy.id}.md", process_pages.policy_page(edition, policy.id)) for policy in edition.policies]
    if edition.workshops.case_studies:
        pages.append(("trainers/case-studies.md", render_training.case_studies_page(edition)))
    if edition.workshops.economics:
        pages.append(("trainers/economics.md", render_training.economics_page(edition)))
    sections = []
    for src, md in pages:
        title = md.lstrip().splitlines()[0].removeprefix("# ")
        sections.append({"id": section_id(src), "title": markdown_title(title), "html": page_html(md, src)})
    return sections


def markdown_title(heading: str) -> str:
    """The text of a Markdown heading (its escapes removed) for the table of contents."""
    return re.sub(r"\\(.)", r"\1", heading).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def handbook_html(edition: Edition, today: dt.date) -> str:
    """The whole staff handbook: cover, contents with page numbers, chapters."""
    return html_of("handbook.html.j2", edition, f"{edition.jurisdiction.name} code enforcement handbook",
                   sections=handbook_sections(edition), today=today)


def guide_html(edition: Edition) -> str:
    """The process guide of an audience's edition: categories, steps, standards (staff notes if present)."""
    j = edition.jurisdiction
    return html_of("process-guide.html.j2", edition, f"{j.name}: how we handle a complaint",
                   p=edition.process, contact=j.public_contact)


def jobs(edition: Edition, today: dt.date, audiences=("staff", "public")) -> list[Job]:
    """Every PDF of the edition with its HTML; the process guide once per audience, from its own edition."""
    found = []
    for audience in audiences:
        for d in downloads.process_guide(edition, audience):
            found.append(Job(d, guide_html(for_audience(edition, audience))))
    for d in downloads.repair_sheet(edition):
        found.append(Job(d, sheet_html(edition, downloads.public_programs(edition)), one_page=True))
    for d in downloads.contact_list(edition):
        found.append(Job(d, contacts_html(edition, today)))
    for d in downloads.whole_handbook(edition):
        found.append(Job(d, handbook_html(edition, today)))
    for module in edition.modules:
        for session in downloads.SESSIONS:
            if getattr(module.agenda, session):
                found.append(Job(downloads.agenda(module, session), agenda_html(edition, module, session)))
    return found


# --------------------------------------------------------------------------- laying out (in worker processes)

class SheetTooLong(Exception):
    """A one-page document needed more pages."""


def layout(html: str, css: str):
    """WeasyPrint's layout of a document, and what WeasyPrint logged while making it."""
    import weasyprint

    logged: list[str] = []
    handler = _Collect(logged)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        document = weasyprint.HTML(string=html, base_url=str(ASSETS)).render(
            stylesheets=[weasyprint.CSS(string=css)], **OPTIONS)
    finally:
        logger.removeHandler(handler)
    return document, logged


class _Collect(logging.Handler):
    def __init__(self, into: list[str]):
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record):
        self.into.append(record.getMessage())


def write_pdf(html: str, css: str, target: str, one_page: bool) -> tuple[int, list[str]]:
    """Lay out and write one PDF (atomically); returns its page count and WeasyPrint's warnings."""
    document, logged = layout(html, css)
    if one_page and len(document.pages) > 1:
        raise SheetTooLong(len(document.pages))
    document.write_pdf(target + ".part", **OPTIONS)
    os.replace(target + ".part", target)
    return len(document.pages), logged


def page_count(html: str, css: str) -> int:
    return len(layout(html, css)[0].pages)


# --------------------------------------------------------------------------- the build step

def cache_key(html: str, css: str) -> str:
    """A PDF's inputs as one hash: its HTML, the stylesheet, this module's and WeasyPrint's versions."""
    digest = hashlib.sha256()
    for part in (VERSION, importlib.metadata.version("weasyprint"), repr(sorted(OPTIONS.items())), css, html):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()[:32]


def fitting(edition: Edition, css: str) -> int:
    """How many of the public programs (in file order) fit on the one-page sheet."""
    programs = downloads.public_programs(edition)
    low, high = 0, len(programs) - 1  # the answer is in [low, high]; all of them do not fit
    while low < high:
        middle = (low + high + 1) // 2
        if page_count(sheet_html(edition, programs[:middle]), css) == 1:
            low = middle
        else:
            high = middle - 1
    return low


def too_long_message(edition: Edition, css: str, pages: int) -> str:
    """path:line:column of the first program that does not fit, how many fit, and what to do."""
    listed = downloads.public_programs(edition)
    fit = fitting(edition, css)
    place = {program.id: where for program, where in places(edition)["program"]}[listed[fit].id]
    path, line, column = place.at()   # the file that wrote it, a base edition's too
    return (f"{path}:{line}:{column}: the repair resource sheet (repair-resources.pdf) must fit on one "
            f"Letter page, but the {len(listed)} public programs need {pages} pages; only the first {fit} fit, "
            f"so this one and the {len(listed) - fit - 1} after it do not. Shorten the programs' text "
            f"(who_qualifies, how_to_apply) or set 'public: false' on {len(listed) - fit} of them.")


def run(todo: list[tuple[Job, pathlib.Path]], css: str) -> list[str]:
    """Write the PDFs not in the cache, in parallel when there is more than one; returns warnings."""
    if not todo:
        return []
    workers = min(len(todo), os.cpu_count() or 1)
    args = [(job.html, css, str(path), job.one_page) for job, path in todo]
    if workers == 1:
        results = [write_pdf(*a) for a in args]
    else:
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(write_pdf, *zip(*args)))
    return [f"{job.download.file}: {message}" for (job, _), (_, logged) in zip(todo, results) for message in logged]


def prune(cache_dir: pathlib.Path) -> None:
    """Remove cached PDFs nobody used for KEEP_DAYS days."""
    limit = time.time() - KEEP_DAYS * 86400
    for path in cache_dir.glob("*.pdf"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def build_pdfs(edition: Edition, sites: dict[str, pathlib.Path], cache_dir: pathlib.Path | None = None,
               today: dt.date | None = None) -> list[str]:
    """Write every audience's PDFs into <site>/downloads/; returns notes for the build's output."""
    started = time.perf_counter()
    today = today or dt.date.today()
    cache_dir = pathlib.Path(cache_dir or pathlib.Path(".cache") / "pdf")
    cache_dir.mkdir(parents=True, exist_ok=True)
    css = STYLESHEET.read_text(encoding="utf-8")
    wanted = [job for job in jobs(edition, today, tuple(sites)) if job.download.audiences & sites.keys()]
    planned = [(job, cache_dir / f"{cache_key(job.html, css)}.pdf") for job in wanted]
    todo = [(job, path) for job, path in planned if not path.exists()]
    todo.sort(key=lambda pair: -len(pair[0].html))  # the longest first, so the pool ends together
    try:
        warnings = run(todo, css)
    except SheetTooLong as exc:
        raise BuildFailed(too_long_message(edition, css, exc.args[0])) from None
    for job, path in planned:
        os.utime(path)
        for audience in job.download.audiences & sites.keys():
            folder = pathlib.Path(sites[audience]) / downloads.FOLDER
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, folder / job.download.file)
    prune(cache_dir)
    seconds = time.perf_counter() - started
    notes = [f"PDFs: {len(planned)} written ({len(todo)} laid out, {len(planned) - len(todo)} unchanged "
             f"and reused from {cache_dir}) in {seconds:.1f} s"]
    return notes + [f"warning: PDF {message}" for message in warnings]
