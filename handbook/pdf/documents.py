"""The HTML of each printable PDF: templates/pdf/*.html.j2 filled from the edition.

Rendering HTML is cheap; laying it out is the engine's job (engine.py). The whole handbook's
chapters come from the page registry, so a page and its chapter are written once; chapters.py makes
each chapter's HTML and groups them by part, this module puts them in chunks and the handbook's template.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import html
import re

import jinja2
from markupsafe import Markup

from .. import prose, text
from ..cases import charts, exports, measure
from ..edition import Edition
from ..pages import downloads, partners, performance
from ..pages.downloads import Download
from ..paths import TEMPLATES
from ..schedule import agenda as agendas
from ..schedule import plan as plans
from ..view import for_audience
from .chapters import handbook_parts, handbook_sections, outside_links_only


@dataclasses.dataclass
class Book:
    """handbook.pdf in pieces that are laid out apart, on every core, and joined (pdf/book.py): the front
    (cover and contents) and the chapters in chunks. Each chapter starts on a new page, so a chunk lays out
    exactly as its pages would in the whole book. A link to another chunk points at JOIN_LINK + its id
    until the join makes it a link inside the PDF; the contents hold PAGE_MARK where a page number goes."""

    front: str
    chunks: list[str]
    parts: list[list[str]]  # for each chunk, the outline titles of the parts that start in it
    targets: list[list[str]]  # for each chunk, the ids of its entries in the contents

    @property
    def html(self) -> str:
        """Every piece, as one text: what the cache key is taken from."""
        return "\n".join([self.front, *self.chunks])


@dataclasses.dataclass
class Job:
    download: Download
    html: str
    one_page: bool = False
    book: Book | None = None


# --------------------------------------------------------------------------- HTML of each document


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        date_words=text.date_words,
        first_upper=text.first_upper,
        count="{:,}".format,
        minutes_words=text.minutes_words,
        md=md,
        md_inline=md_inline,
        address=address,
    )
    return env


def address(value: object) -> Markup:
    """An e-mail or web address that breaks after @, dots and slashes, never at a hyphen."""
    return Markup(text.breakable_html(value))


def md(value: object) -> Markup:
    """Prose from the data as clean HTML (handbook.prose: the one path for the site and the PDFs)."""
    return Markup(outside_links_only(prose.html(value)))


def md_inline(value: object) -> Markup:
    """Prose as clean HTML without the paragraph around it, for a list item."""
    return Markup(outside_links_only(prose.inline_html(value)))


def html_of(template: str, edition: Edition, title: str, **values) -> str:
    """A document's HTML; every template extends pdf/base.html.j2 (title, language, author)."""
    j = edition.jurisdiction
    return (
        environment()
        .get_template(f"pdf/{template}")
        .render(title=title, lang=j.language, author=f"{j.department}, {j.name}", j=j, **values)
    )


def sheet_html(edition: Edition, programs: list) -> str:
    """The repair resource sheet for owners: programs by need, each with how to apply."""
    numbered = {p.id: i for i, p in enumerate(programs, 1)}
    dates = [p.last_verified for p in programs if p.last_verified]
    return html_of(
        "repair-resources.html.j2",
        edition,
        f"{edition.jurisdiction.name}: help with home repairs",
        programs=programs,
        number=numbered,
        needs=partners.by_need(programs),
        checked=min(dates) if dates else None,
    )  # the oldest check: every program is at least this fresh


def contacts_html(edition: Edition, today: dt.date) -> str:
    """Every partner with its contacts, internal then external, and when each was verified."""
    kinds = [
        (partners.TITLES[kind], partners.by_category([p for p in edition.partners if p.kind == kind]))
        for kind in ("internal", "external")
    ]
    return html_of(
        "partner-contacts.html.j2",
        edition,
        f"{edition.jurisdiction.name}: partner contact list",
        kinds=[k for k in kinds if k[1]],
        today=today,
        partner_count=len(edition.partners),
        without_contacts=[p.name for p in edition.partners if not p.contacts],
    )


def agenda_html(edition: Edition, module, session: str, start: int | None = None, date: dt.date | None = None) -> str:
    """A session agenda for trainers: goal, date, trainer and room lines, clock times, totals, what to bring.
    Each day starts at `start` (minutes after midnight; default: training_start); schedule.agenda does the sums."""
    j = edition.jurisdiction
    start = text.parse_clock(j.training_start) if start is None else start
    a = agendas.session_agenda(module, session, start, j.clock)
    if date:
        a = agendas.dated(a, plans.session_dates(j, date, len(a.days)))
    return html_of(
        "agenda.html.j2",
        edition,
        f"Module {module.number}: {module.title}, {session} session agenda",
        m=module,
        a=a,
        session=session,
        timing=getattr(module.timing, session),
        bring=a.bring(edition),
        materials=lambda items: "; ".join(agendas.available(items, edition)),
    )


def plan_html(edition: Edition, plan: plans.Plan, years: int) -> str:
    """A cohort's training plan for trainers: one table of every session day, month by month, with a line for
    the room; why a session left its due date (a holiday, a weekend, a day already taken); the days skipped."""
    j = edition.jurisdiction
    months: list[tuple[str, list[dict]]] = []
    weekend_moves = 0
    for session in plan.sessions:
        count = len(session.meetings)
        note = ""
        if session.series == "onboarding":
            skipped = [
                (d, n)
                for d, n in sorted(plan.holidays.items())
                if session.due <= d < session.meetings[-1].date and d.weekday() < 5
            ]
            note = "; ".join(f"{name} ({d:%a}, {d:%B} {d.day}) skipped" for d, name in skipped)
        elif session.due != session.date:
            due = session.due
            holiday, weekend = plan.holidays.get(due), due.weekday() >= 5
            weekend_moves += weekend and not holiday
            note = f"Moved from {due:%A}, {due:%B} {due.day}" + (
                f" ({holiday})" if holiday else "" if weekend else ": another session that day"
            )
        for day, meeting in enumerate(session.meetings, start=1):
            month = f"{meeting.date:%B} {meeting.date.year}"
            if not months or months[-1][0] != month:
                months.append((month, []))
            title = session.title + (f" {session.number}" if session.series != "onboarding" else "")
            months[-1][1].append(
                {
                    "date": f"{meeting.date:%B} {meeting.date.day}",
                    "day": f"{meeting.date:%a}",
                    "time": meeting.times(),
                    "module": f"{session.module.number}. {session.module.label}",
                    "session": title + (f" (day {day} of {count})" if count > 1 else ""),
                    "note": note if day == 1 else "",
                }
            )
    return html_of(
        "plan.html.j2",
        edition,
        f"{j.name}: training plan for a cohort starting {text.date_words(plan.start)}",
        plan=plan,
        years=years,
        months=months,
        holidays=plan.holidays_skipped(),
        weekend_moves=weekend_moves,
    )


PAGE_MARK = "@@page:{}@@"  # in the front: the page number of the entry with this id
JOIN_LINK = "https://handbook-join.invalid/#"  # a link into another chunk, until the join
CHUNK_CHARS = 40_000  # chapters are grouped into chunks of about this much HTML


def handbook_book(edition: Edition, today: dt.date) -> Book:
    """The whole staff handbook: cover, contents by part with page numbers, the chapters part by part."""
    parts = handbook_parts(handbook_sections(edition))
    groups = chunked([(part, s) for part in parts for s in part["sections"]])
    chunks = [handbook_piece(edition, today, parts, False, group, PAGE_MARK.format) for group in groups]
    defined = [set(re.findall(r'\sid="([^"]+)"', chunk)) for chunk in chunks]
    everywhere = set().union(*defined)
    starting = [[part for part, s in group if s is part["sections"][0]] for group in groups]
    return Book(
        front=linked_across(handbook_piece(edition, today, parts, True, [], PAGE_MARK.format), set(), everywhere),
        chunks=[linked_across(chunk, own, everywhere) for chunk, own in zip(chunks, defined)],
        parts=[[html.unescape(f"Part {part['number']}: {part['title']}") for part in found] for found in starting],
        targets=[
            [s["id"] for _, s in group] + [part["id"] for part in found] for group, found in zip(groups, starting)
        ],
    )


def handbook_piece(edition: Edition, today: dt.date, parts: list[dict], front: bool, chapters: list, page_of) -> str:
    """A piece of the handbook: the front (cover and contents, page_of(id) giving each entry's page) and the
    given (part, chapter) pairs, as one HTML document."""
    return shaped_tables(
        html_of(
            "handbook.html.j2",
            edition,
            f"{edition.jurisdiction.name} code enforcement handbook",
            parts=parts,
            today=today,
            front=front,
            chapters=chapters,
            page_of=page_of,
        )
    )


def chunked(chapters: list[tuple[dict, dict]]) -> list[list[tuple[dict, dict]]]:
    """The chapters in order, in groups of about CHUNK_CHARS of HTML (a longer chapter alone)."""
    groups, size = [[]], 0
    for part, section in chapters:
        if size >= CHUNK_CHARS:
            groups.append([])
            size = 0
        groups[-1].append((part, section))
        size += len(section["html"])
    return [group for group in groups if group]


def linked_across(document: str, own: set[str], everywhere: set[str]) -> str:
    """A piece's links to an id in another piece, pointed at JOIN_LINK (WeasyPrint drops a link to an id it
    cannot find); links to an id found nowhere are left alone, for WeasyPrint to report."""

    def across(match: re.Match) -> str:
        target = match.group(1)
        return f'href="{JOIN_LINK}{target}"' if target not in own and target in everywhere else match.group(0)

    return re.sub(r'href="#([^"]+)"', across, document)


def handbook_html(edition: Edition, today: dt.date) -> str:
    """The whole handbook as one HTML document (contents without page numbers): for comparing renderers."""
    parts = handbook_parts(handbook_sections(edition))
    return handbook_piece(
        edition, today, parts, True, [(part, s) for part in parts for s in part["sections"]], lambda _: ""
    )


# The tables the handbook repeats once per partner, program, module or agenda, by their header row (the
# site's templates write it): print.css gives each shape fixed column widths suited to what it holds, so
# WeasyPrint need not measure every cell of hundreds of tables (at ten times the data, the automatic
# layout of 900 tables took a third of the handbook's time). Every other table is sized to its content.
TABLE_SHAPES = {
    ("About this partner", ""): "facts",
    ("About this program", ""): "facts",
    ("Overview", ""): "facts",
    ("Contact", "Title", "Phone", "E-mail"): "people",
    ("Time", "Activity", "Method", "Lead", "Materials"): "timeline",
    ("Partner", "What they do", "Who may call"): "directory",
    ("Property type", "Occupancy", "Owner situation", "Severity", "Suggested approaches", "Where to turn"): "matrix",
}
_TABLE_HEAD = re.compile(r"<table>(\s*<thead>\s*<tr>\s*)((?:<th>[^<]*</th>\s*)+)</tr>")


def shaped_tables(document: str) -> str:
    """The document with its TABLE_SHAPES class ("facts", "people", ...) on each table of such a header."""

    def shape(match: re.Match) -> str:
        cells = tuple(html.unescape(c).strip() for c in re.findall(r"<th>([^<]*)</th>", match.group(2)))
        name = TABLE_SHAPES.get(cells)
        return f'<table class="{name}">{match.group(1)}{match.group(2)}</tr>' if name else match.group(0)

    return _TABLE_HEAD.sub(shape, document)


def guide_html(edition: Edition) -> str:
    """The process guide of an audience's edition: categories, steps, standards (staff notes if present)."""
    j = edition.jurisdiction
    return html_of(
        "process-guide.html.j2",
        edition,
        f"{j.name}: how we handle a complaint",
        p=edition.process,
        contact=j.public_contact,
    )


def annual_html(edition: Edition, export, year: int, as_of: dt.date) -> str:
    """The annual report of year, as of the end of as_of: totals only (handbook.cases.measure)."""
    found = measure.figures(export, edition, measure.year_periods(year), as_of)
    by_source = measure.figures(export, edition, measure.year_periods(year), as_of, by="source")
    categories = {c.id: c for c in edition.process.categories}
    label = str(year)
    rows = [
        {
            "name": categories[f.group].name,
            "received": f.received,
            "open": f.open,
            "response": performance.rate_words(f, "response", categories[f.group]),
            "resolution": performance.rate_words(f, "resolution", categories[f.group]),
        }
        for f in found
        if f.period == label
    ]
    sources: dict[str, dict] = {}
    for f in by_source:
        sources.setdefault(f.period, {"period": f.period, "complaint": 0, "proactive": 0, "unknown": 0})
        sources[f.period][{"not recorded": "unknown"}.get(f.group, f.group)] = f.received
    partial = measure.partial_quarter(year, as_of)
    quarters = [p.label for p in measure.year_periods(year)[1:] if p.start <= as_of]  # none after the export
    table = {(f.period, f.group): f for f in found}
    trends = []
    for key, title, percent in (
        ("received", "Cases received each quarter", False),
        ("response", "Share responded to within the target", True),
        ("resolution", "Share resolved within the target", True),
    ):
        names = performance.charted(edition, key)
        if not names:  # no category sets this target (to be decided): a sentence, no chart
            trends.append({"title": title, "svg": None, "summary": performance.untargeted(key)})
            continue
        series = {
            names[c]: [
                table[q, c].received if key == "received" else getattr(table[q, c], f"{key}_rate") for q in quarters
            ]
            for c in names
        }
        cells = {
            names[c]: [
                performance.count_words(table[q, c].received, False)
                if key == "received"
                else performance.rate_words(table[q, c], key)
                for q in quarters
            ]
            for c in names
        }
        svg = charts.for_print(
            charts.line_chart(title, quarters, series, "percent" if percent else "cases", f"annual-{key}", percent)
        )
        trends.append(
            {
                "title": title,
                "svg": Markup(svg),
                "quarters": quarters,
                "rows": [{"name": n, "cells": c} for n, c in cells.items()],
                "summary": "One line per category; the table gives every figure.",
            }
        )
    cases = edition.cases
    return html_of(
        "annual-report.html.j2",
        edition,
        f"{edition.jurisdiction.name}: how we are doing in {year}",
        year=year,
        as_of=as_of,
        year_end=as_of >= dt.date(year, 12, 31),
        rows=rows,
        sources=list(sources.values()),
        trends=trends,
        policies=[p for p in edition.policies if p.reporting],
        partial=partial and {"label": partial[0].label, "words": partial[1]},
        synthetic=cases.synthetic,
        min_count=measure.MIN_COUNT,
        education=[e for e in cases.education if e.date.year == year],
        licenses=sorted(cases.business_licenses, key=lambda x: x.year),
    )


def jobs(edition: Edition, today: dt.date, audiences=("staff", "public")) -> list[Job]:
    """Every PDF of the edition with its HTML; the process guide once per audience, from its own edition."""
    return list(iter_jobs(edition, today, audiences))


def iter_jobs(edition: Edition, today: dt.date, audiences=("staff", "public")):
    """The edition's PDFs one at a time, in the order worth laying out first: the handbook (the longest, cut in
    chunks), then the rest; the build hands each to a worker as soon as its HTML is made."""
    for d in downloads.whole_handbook(edition):
        book = handbook_book(edition, today)
        yield Job(d, book.html, book=book)
    for audience in audiences:
        for d in downloads.process_guide(edition, audience):
            yield Job(d, guide_html(for_audience(edition, audience)))
    for d in downloads.repair_sheet(edition):
        yield Job(d, sheet_html(edition, downloads.public_programs(edition)), one_page=True)
    for d in downloads.contact_list(edition):
        yield Job(d, contacts_html(edition, today))
    for module in edition.modules:
        for session in downloads.SESSIONS:
            if getattr(module.agenda, session):
                yield Job(downloads.agenda(module, session), agenda_html(edition, module, session))
    for d in downloads.annual_report(edition):
        public = for_audience(edition, "public")
        export = exports.cached(public)
        year = export.as_of.year
        yield Job(d, annual_html(public, export, year, measure.year_as_of(export, year)))
