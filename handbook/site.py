"""Which pages a build has, for which audience, in which order; shared by the hooks and the macros.

A page is either a file in docs/ or generated from the data (one per module, one per policy).
Every page names the audiences it belongs to; a page not listed for an audience is not built
for it, so it cannot reach that audience's HTML, search index or sitemap.
"""
from __future__ import annotations

import os
import pathlib
from dataclasses import dataclass

from .edition import DATA_ENV, Edition

AUDIENCE_ENV = "HANDBOOK_AUDIENCE"
AUDIENCES = ("staff", "public")
STAFF = frozenset({"staff"})
BOTH = frozenset({"staff", "public"})


@dataclass(frozen=True)
class Page:
    src: str                      # path under docs/, e.g. "training/purpose.md"
    title: str                    # the title in the navigation (never rendered as a template)
    section: str | None = None    # navigation section, None for top level
    audiences: frozenset = STAFF
    summary: str = ""             # one line for the home page's map of the handbook
    macro: str | None = None      # for generated pages: the macro call that renders the body

    def source(self) -> str:
        """The Markdown of a generated page: front matter and one macro call, no data text."""
        return f"---\nrender_macros: true\n---\n\n{{{{ {self.macro} }}}}\n"


def settings(config_dir: pathlib.Path) -> tuple[pathlib.Path, str]:
    """The data folder and audience of this build, from $HANDBOOK_DATA and $HANDBOOK_AUDIENCE."""
    data = os.environ.get(DATA_ENV)
    data_dir = pathlib.Path(data) if data else pathlib.Path(config_dir) / "data"
    audience = os.environ.get(AUDIENCE_ENV) or "staff"
    if audience not in AUDIENCES:
        raise ValueError(f"{AUDIENCE_ENV}={audience!r}: the audience must be one of {', '.join(AUDIENCES)}")
    return data_dir, audience


def pages(edition: Edition, audience: str) -> list[Page]:
    """Every page of the site for one audience, in navigation order."""
    all_pages = [
        Page("index.md", "Home", audiences=BOTH),
        Page("training/index.md", "Curriculum overview", "Training", summary=(
            "the five modules, how long each session takes and how often it is repeated")),
    ]
    for module in edition.modules:
        all_pages.append(Page(f"training/{module.id}.md", f"{module.number}. {module.label}", "Training",
                              macro=f'module_page("{module.id}")'))
    all_pages += partner_pages()
    all_pages.append(Page("about-data.md", "About this data", "About", summary=(
        "what the data holds and when each part was last verified")))
    return [page for page in all_pages if audience in page.audiences]


def partner_pages() -> list[Page]:
    """The partner and program directories (staff only for now)."""
    return [
        Page("partners/internal.md", "Inside city government", "Partners", macro='partners_page("internal")', summary=(
            "the city offices we work with, what they do and when to call them")),
        Page("partners/external.md", "Outside city government", "Partners", macro='partners_page("external")', summary=(
            "agencies, nonprofits and community groups we work with, and when to call them")),
        Page("partners/situations.md", "Which partner for which situation", "Partners", macro="situations_page()",
             summary="the partners to call for a situation you face in the field"),
        Page("partners/programs.md", "Repair and assistance programs", "Partners", macro="programs_page()",
             summary="programs that help owners pay for repairs, and the one-page sheet to hand out"),
    ]


def nav(page_list: list[Page]) -> list:
    """The MkDocs `nav` for a page list: sections in first-seen order."""
    result: list = []
    sections: dict[str, list] = {}
    for page in page_list:
        if page.section is None:
            result.append({page.title: page.src})
            continue
        if page.section not in sections:
            sections[page.section] = []
            result.append({page.section: sections[page.section]})
        sections[page.section].append({page.title: page.src})
    return result


def guide(page_list: list[Page]) -> list[dict]:
    """The home page's map: one line per page that has a summary."""
    return [{"title": page.title, "link": page.src, "text": page.summary} for page in page_list if page.summary]
