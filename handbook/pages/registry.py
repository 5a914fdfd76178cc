"""The one list of pages: which pages a build has, for which audience, in which order.

Every page the sites show and every chapter of handbook.pdf is an entry here, with the function
that renders it. A page exists when its `exists` test says its data is there; a page not listed
for an audience is not built for it, so it cannot reach that audience's HTML, search index or
sitemap. The MkDocs hooks (navigation and generated files), the offline renderer (reading grades,
benchmark) and the handbook PDF all read this list and nothing else.
Each page's path is its key's in links.SOURCES (`src("key")`), where pages that link it look it up too.
"""

from __future__ import annotations

import functools
import math
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

from .. import prose, text
from ..edition import Edition
from ..edition import models as m
from ..text import theme_text
from ..view import BOTH, PUBLIC, STAFF
from . import about, downloads, home, links, own, partners, performance, process, training
from .context import Context
from .links import src
from .markdown import render

# The parts of handbook.pdf, in order; a page names the part it is a chapter of.
PARTS = ("About and mission", "Training", "Trainers' tools", "Partners", "How we work", "Policies")


@dataclass(frozen=True)
class Page:
    src: str  # the page's path in the site, e.g. "training/purpose.md"
    title: str  # the title in the navigation (never rendered as a template)
    section: str | None = None  # navigation section, None for top level
    audiences: frozenset = STAFF
    summary: str = ""  # one line for the home page's map of the handbook
    render: Callable[[Context], str] | None = None  # the page's Markdown, heading included
    part: str | None = None  # the part of handbook.pdf it is a chapter of (None: not in the PDF)
    own: bool = False  # a department's own page (its HTML is cleaned once MkDocs made it)

    def markdown(self, ctx: Context) -> str:
        """The page's Markdown for ctx; prose in it is a token while a stash is collecting."""
        return self.render(ctx)

    def rendered(self, ctx: Context) -> tuple[str, prose.Stash]:
        """The page's Markdown with its prose stashed away from Python-Markdown, and the stash."""
        with prose.collecting() as stash:
            return self.render(ctx), stash


def of_edition(function: Callable[[Edition], str]) -> Callable[[Context], str]:
    """A render function of the edition alone, as a render function of a context."""

    @functools.wraps(function)
    def render(ctx: Context) -> str:
        return function(ctx.edition)

    return render


def home_pages(e: Edition) -> list[Page]:
    return [
        Page(src("home"), "Home", audiences=BOTH, render=home.home_page, part="About and mission"),
        Page(
            src("start-here"),
            "Start here",
            render=start_here,
            summary="new to the team? your first two weeks: what to read and which sessions to attend",
        ),
    ]


WORDS_PER_MINUTE = 200
SECOND_WEEK = (
    "curriculum",
    "standards",
    "staff-expectations",
    "partners-internal",
    "partners-external",
    "situations",
    "programs",
    "help",
)  # the pages (links.SOURCES) to read in week two, in this order


def reading_minutes(markdown_text: str) -> int:
    """Minutes to read a page's Markdown at WORDS_PER_MINUTE (at least one)."""
    words = len(re.findall(r"[^\W\d_]+", re.sub(r"<[^>]+>|\(([^)]*\.md|https?:[^)]*)\)", " ", markdown_text)))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def start_here(ctx: Context) -> str:
    """A new hire's first day and first week (orientation.yaml: people to meet, the ride-along, the modules
    and cases to read with their reading times, the case system), then what to read in week two, and the
    onboarding sessions."""
    page_list = pages(ctx.edition, ctx.audience)
    by_src = {page.src: page for page in page_list}
    modules = {x.id: src("module", x.id) for x in ctx.edition.modules}
    readable = {key: src(key) for key in m.READABLE_PAGES}

    def reading(path):
        """'[Title](link) (about N minutes)' for a page of this build, or '' when it has no such page."""
        page = by_src.get(path)
        if page is None:
            return ""
        body, stash = page.rendered(Context(edition=ctx.edition, audience=ctx.audience, src=path))
        minutes = reading_minutes(stash.fill(body))
        return (
            f"[{text.plain(page.title)}]({posixpath.relpath(path, posixpath.dirname(ctx.src) or '.')}) "
            f"(about {minutes} minute{'s' if minutes != 1 else ''})"
        )

    def orientation(steps):
        found = []
        for step in steps:
            link = reading(modules.get(step.read) or readable.get(step.read, "")) if step.read else ""
            if step.read and not link:
                continue  # a page this edition does not have (no case studies, say)
            found.append({"read": link, "text": step.text})
        return found

    o = ctx.edition.orientation
    named = {modules.get(s.read) or readable.get(s.read) for s in o.first_day + o.first_week if s.read}
    policies = tuple(src("policy", policy.id) for policy in ctx.edition.policies)
    sources = [path for path in tuple(map(src, SECOND_WEEK)) + policies if path not in named]
    return render(
        "pages/start-here.md.j2",
        j=ctx.edition.jurisdiction,
        modules=ctx.edition.modules,
        first_day=orientation(o.first_day),
        first_week=orientation(o.first_week),
        case_system=ctx.edition.process.case_system,
        page_link=links.linker(ctx.src),
        week_two=[f"Read {link}." for link in map(reading, sources) if link],
        words_per_minute=WORDS_PER_MINUTE,
    )


def own_pages(e: Edition) -> list[Page]:
    """A department's own pages (pages/*.md), public when their front matter says so."""
    return [
        Page(
            src("own", page.id),
            page.title,
            page.section,
            BOTH if page.public else STAFF,
            own=True,
            render=functools.partial(own.markdown, page=page),
        )
        for page in e.pages
    ]


def about_pages(e: Edition) -> list[Page]:
    return [
        Page(
            src("curriculum"),
            "About this curriculum",
            "About",
            render=of_edition(about.curriculum_about),
            part="About and mission",
            summary="where the five modules come from, who they are for and what they assume",
        ),
        Page(
            src("about-data"),
            "About this data",
            "About",
            render=of_edition(about.data_page),
            summary="what the data holds and when each part was last verified",
        ),
        Page(
            src("about-sources"),
            "Where this content comes from",
            "About",
            render=of_edition(about.provenance_page),
            summary="which parts are national, which were changed here and which are local",
        ),
        Page(
            src("reference"),
            "Data reference",
            "About",
            render=lambda ctx: about.reference_page(),
            summary="every key of every data file, for the person who keeps the handbook up to date",
        ),
    ]


def training_pages(e: Edition) -> list[Page]:
    found = [
        Page(
            src("curriculum-overview"),
            "Curriculum overview",
            "Training",
            render=of_edition(training.curriculum_page),
            part="Training",
            summary="the five modules, how long each session takes and how often it is repeated",
        )
    ]
    found += [
        Page(
            src("module", x.id),
            f"{x.number}. {x.label}",
            "Training",
            part="Training",
            render=functools.partial(training.module_page, module_id=x.id),
        )
        for x in e.modules
    ]
    w = e.workshops
    found += [
        Page(
            src("agendas"),
            "Session agendas",
            "Trainers",
            render=training.agendas_section,
            part="Trainers' tools",
            summary="every session's agenda with clock times and breaks, ready to print",
        ),
        Page(
            src("plan"),
            "Training plan",
            "Trainers",
            render=of_edition(training.plan_page),
            part="Trainers' tools",
            summary="when each module meets and a sample plan for a new cohort",
        ),
    ]
    if w.case_studies or w.tools:
        found.append(
            Page(
                src("case-studies"),
                "Case studies",
                "Trainers",
                part="Trainers' tools",
                render=of_edition(training.case_studies_page),
            )
        )
    if w.matrix:
        found.append(
            Page(
                src("decision-matrix"),
                "Decision matrix",
                "Trainers",
                part="Trainers' tools",
                render=of_edition(training.matrix_page),
            )
        )
    if w.economics:
        found.append(
            Page(
                src("economics"),
                "Economics of compliance",
                "Trainers",
                part="Trainers' tools",
                render=of_edition(training.economics_page),
            )
        )
    return found


def partner_pages(e: Edition) -> list[Page]:
    """The partner and program directories (staff only; residents get "Where to get help")."""
    kinds_present = {partner.kind for partner in e.partners}
    found = [
        Page(
            src(partners.directory(kind)),
            title,
            "Partners",
            part="Partners",
            render=functools.partial(partners.partners_section, kind=kind),
            summary=summary,
        )
        for kind, title, summary in (
            ("internal", "Inside city government", "the city offices we work with, what they do and when to call them"),
            (
                "external",
                "Outside city government",
                "agencies, nonprofits and community groups we work with, and when to call them",
            ),
        )
        if kind in kinds_present
    ]
    if e.partners:
        found.append(
            Page(
                src("situations"),
                "Which partner for which situation",
                "Partners",
                part="Partners",
                render=partners.situations_section,
                summary="the partners to call for a situation you face in the field",
            )
        )
    if e.programs:
        found.append(
            Page(
                src("programs"),
                "Repair and assistance programs",
                "Partners",
                part="Partners",
                render=partners.programs_section,
                summary="programs that help owners pay for repairs, and the one-page sheet to hand out",
            )
        )
    return found


def process_pages(e: Edition) -> list[Page]:
    """The case process guide, its standards and the adopted policies (public where the data says)."""
    found = []
    p = e.process
    if p.steps or p.categories or p.summary or p.escalation or p.appeal or p.timing_not_published:
        found.append(
            Page(
                src("complaints"),
                "How we handle a complaint",
                "How we work",
                BOTH,
                render=process.complaint_section,
                part="How we work",
                summary=(
                    "how to report a problem and how fast we respond"
                    + (", and what happens at each step until the case is closed" if p.steps else "")
                ),
            )
        )
    if p.service_standards:
        found.append(
            Page(
                src("standards"),
                "Our service standards",
                "How we work",
                BOTH,
                part="How we work",
                render=lambda ctx: "# Our service standards\n\n" + process.standards_page(ctx.edition),
                summary="what we promise every resident and owner, and how we measure it",
            )
        )
    if p.staff_expectations:
        found.append(
            Page(
                src("staff-expectations"),
                "Staff expectations",
                "How we work",
                part="How we work",
                render=lambda ctx: "# Staff expectations\n\n" + process.expectations_page(ctx.edition),
                summary="updates, photos and closing a case: what every inspector does on every case",
            )
        )
    if any(partner.contacts for partner in e.partners) or e.programs:
        found.append(
            Page(
                src("help"),
                "Where to get help",
                "How we work",
                BOTH,
                render=process.help_section,
                summary="programs that help owners pay for repairs, and offices and groups that can help",
            )
        )
    if performance.has_cases(e):  # the case exports measured: the public figures, and the staff's own
        found += [
            Page(
                src("how-we-are-doing"),
                "How we are doing",
                "How we work",
                PUBLIC,
                render=performance.public_page,
                summary="how often we met our response and resolution targets, from our case records",
            ),
            Page(
                src("performance"),
                "How we are doing (staff)",
                "How we work",
                STAFF,
                render=performance.staff_page,
                summary="targets met by category and district, the open backlog and the cases past due",
            ),
        ]
    for policy in e.policies:
        found.append(
            Page(
                src("policy", policy.id),
                policy.title,
                "Policies",
                BOTH if policy.public else STAFF,
                part="Policies",
                render=functools.partial(policy_page, policy_id=policy.id),
                summary="what the city has promised to do, and how it reports on it",
            )
        )
    return found


def policy_page(ctx: Context, policy_id: str) -> str:
    """A policy; a policy that reports on its work links the annual report when the case exports exist."""
    page = process.policy_page(ctx.edition, policy_id)
    if ctx.edition.policy(policy_id).reporting:
        links = downloads.links(ctx, downloads.annual_report(ctx.edition), heading="The latest report")
        page += ("\n" + links) if links else ""
    return page


def extra_files(edition: Edition, audience: str) -> list[tuple[str, str]]:
    """Files a site serves besides its pages (the aggregates as CSV): (path in the site, text)."""
    return performance.files(edition, audience)


# The navigation, section by section: each function lists the pages of its section that have data.
# Adding a page is one entry in one of these (or one more function here) plus its render function.
SECTIONS: tuple[Callable[[Edition], list[Page]], ...] = (
    home_pages,
    training_pages,
    partner_pages,
    process_pages,
    own_pages,
    about_pages,
)


def all_pages(edition: Edition) -> list[Page]:
    """Every page of the handbook, for every audience, in navigation order; only pages whose data exists."""
    return [page for section in SECTIONS for page in section(edition)]


def pages(edition: Edition, audience: str) -> list[Page]:
    """Every page of the site for one audience, in navigation order."""
    return [page for page in all_pages(edition) if audience in page.audiences]


def find(page_list: list[Page], src: str) -> Page:
    """The page with this source path."""
    for page in page_list:
        if page.src == src:
            return page
    raise KeyError(f"no page '{src}' in this build")


def context(edition: Edition, audience: str, page: Page, page_list: list[Page], downloads: bool = False) -> Context:
    """The context a page is rendered in: the audience's edition, the page, the home page's map."""
    return Context(
        edition=edition,
        audience=audience,
        src=page.src,
        downloads=downloads,
        guide=guide(page_list) if page.src == src("home") else [],
    )


def render_all(edition: Edition, audience: str, downloads: bool = False) -> list[tuple[Page, str]]:
    """Each page of the audience's site with its Markdown (prose already as HTML), in navigation order."""
    page_list = pages(edition, audience)
    found = []
    for page in page_list:
        markdown_text, stash = page.rendered(context(edition, audience, page, page_list, downloads))
        found.append((page, stash.fill(markdown_text)))
    return found


def chapters(edition: Edition) -> list[tuple[Page, str, prose.Stash]]:
    """The chapters of handbook.pdf, part by part (PARTS), in navigation order within a part: each with its
    Markdown and its prose (no download links)."""
    staff = [page for page in pages(edition, "staff") if page.part]
    ordered = sorted(staff, key=lambda page: PARTS.index(page.part))
    return [
        (page, *page.rendered(Context(edition=edition, audience="staff", src=page.src, printed=True)))
        for page in ordered
    ]


def nav(page_list: list[Page]) -> list:
    """The MkDocs `nav` for a page list: sections in first-seen order, titles escaped for the theme."""
    result: list = []
    sections: dict[str, list] = {}
    for page in page_list:
        if page.section is None:
            result.append({theme_text(page.title): page.src})
            continue
        if page.section not in sections:
            sections[page.section] = []
            result.append({theme_text(page.section): sections[page.section]})
        sections[page.section].append({theme_text(page.title): page.src})
    return result


def guide(page_list: list[Page]) -> list[dict]:
    """The home page's map: one line per page that has a summary."""
    return [{"title": page.title, "link": page.src, "text": page.summary} for page in page_list if page.summary]
