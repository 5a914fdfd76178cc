"""The pages of each navigation section after Home, one function per section (registry.SECTIONS lists them
in navigation order): Training and Trainers, Partners, How we work and Policies, a department's own pages, About.

Each function returns the pages of its section whose data exists, with the function that renders each.
Adding a page is one `Page(src("key"), ...)` entry here plus its render function in the section's module.
"""

from __future__ import annotations

import functools

from ..edition import Edition
from ..view import BOTH, PUBLIC, STAFF
from . import about, downloads, own, partners, performance, process, training
from .context import Context
from .links import src
from .page import Page, of_edition


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
