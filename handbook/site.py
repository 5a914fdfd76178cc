"""Which pages a build has, for which audience, in which order; shared by the hooks and the macros.

A page is either a file in docs/ or generated from the data (one per module, one per policy).
Every page names the audiences it belongs to; a page not listed for an audience is not built
for it, so it cannot reach that audience's HTML, search index or sitemap.
"""
from __future__ import annotations

import os
import pathlib
from dataclasses import dataclass

from .department_pages import source as department_source
from .edition import DATA_ENV, Edition
from .text import theme_text

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
    content: str | None = None    # for a department's own pages: their Markdown

    def source(self) -> str:
        """The Markdown of a generated page: front matter and one macro call, no data text."""
        if self.content is not None:
            return self.content
        return f"---\nrender_macros: true\n---\n\n{{{{ {self.macro} }}}}\n"

    @property
    def generated(self) -> bool:
        return self.macro is not None or self.content is not None


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
    all_pages += [
        Page("trainers/agendas.md", "Session agendas", "Trainers", macro="agendas_page()", summary=(
            "every session's agenda with clock times and breaks, ready to print")),
        Page("trainers/plan.md", "Training plan", "Trainers", macro="plan_page()", summary=(
            "when each module meets and a sample plan for a new cohort")),
        Page("trainers/case-studies.md", "Case studies", "Trainers", macro="case_studies_page()"),
        Page("trainers/decision-matrix.md", "Decision matrix", "Trainers", macro="matrix_page()"),
        Page("trainers/economics.md", "Economics of compliance", "Trainers", macro="economics_page()"),
    ]
    all_pages += partner_pages()
    all_pages += process_pages(edition)
    all_pages += [Page(f"pages/{page.id}.md", page.title, page.section, BOTH if page.public else STAFF,
                       content=department_source(page)) for page in edition.pages]
    all_pages.append(Page("about-data.md", "About this data", "About", summary=(
        "what the data holds and when each part was last verified")))
    all_pages.append(Page("about-sources.md", "Where this content comes from", "About", summary=(
        "which parts are national, which were changed here and which are local"),
        macro="provenance_page()"))
    all_pages.append(Page("reference.md", "Data reference", "About", summary=(
        "every key of every data file, for the person who keeps the handbook up to date")))
    return [page for page in all_pages if audience in page.audiences]


def process_pages(edition: Edition) -> list[Page]:
    """The case process guide, its standards and the adopted policies (public where the data says)."""
    found = []
    process = edition.process
    if process.steps or process.categories:
        found.append(Page("process/complaints.md", "How we handle a complaint", "How we work", BOTH, summary=(
            "what happens after a problem is reported, how fast we respond and when a case is closed")))
    if process.service_standards:
        found.append(Page("process/standards.md", "Our service standards", "How we work", BOTH, summary=(
            "what we promise every resident and owner, and how we measure it")))
    if process.staff_expectations:
        found.append(Page("process/staff-expectations.md", "Staff expectations", "How we work", summary=(
            "updates, photos and closing a case: what every inspector does on every case")))
    if any(partner.contacts for partner in edition.partners) or edition.programs:
        found.append(Page("process/help.md", "Where to get help", "How we work", BOTH, summary=(
            "programs that help owners pay for repairs, and offices and groups that can help")))
    for policy in edition.policies:
        found.append(Page(f"policies/{policy.id}.md", policy.title, "Policies", BOTH if policy.public else STAFF,
                          summary="what the city has promised to do, and how it reports on it",
                          macro=f'policy_page("{policy.id}")'))
    return found


def partner_pages() -> list[Page]:
    """The partner and program directories (staff only; residents get "Where to get help")."""
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
