"""The one list of pages: which pages a build has, for which audience, in which order.

Every page the sites show and every chapter of handbook.pdf is an entry here, with the function
that renders it (a `Page`, page.py). SECTIONS lists the functions of the navigation's sections: Home is
here (its Start here page reads this list), the others are in sections.py. Each returns only the pages whose
data exists; a page not listed for an audience is not built for it, so it cannot reach that audience's HTML,
search index or sitemap. The site's sources (site/sources.py: navigation, pages and extra files, for MkDocs
through mkdocs/plugin.py and for Zensical), the offline renderer (reading grades, benchmark) and the handbook
PDF (pdf/chapters.py) all read this list and nothing else.
Each page's path is its key's in links.SOURCES (`src("key")`), where pages that link it look it up too.
"""

from __future__ import annotations

import math
import posixpath
import re
from collections.abc import Callable

from .. import prose, text
from ..edition import Edition
from ..edition import models as m
from ..text import theme_text
from ..view import BOTH
from . import home, links, performance
from .context import Context
from .links import src
from .markdown import render
from .page import Page
from .sections import about_pages, own_pages, partner_pages, process_pages, training_pages

# The parts of handbook.pdf, in order; a page names the part it is a chapter of.
PARTS = ("About and mission", "Training", "Trainers' tools", "Partners", "How we work", "Policies")


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


def extra_files(edition: Edition, audience: str) -> list[tuple[str, str]]:
    """Files a site serves besides its pages (the aggregates as CSV): (path in the site, text)."""
    return performance.files(edition, audience)


# The navigation, section by section: each function lists the pages of its section that have data.
# Adding a page is one entry in one of these (sections.py; or one more function there) plus its render function.
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
