"""The macros a department's own page may call (`render_macros: true`): each renders one part of the
handbook for the page's audience. This table is the whole list.

A page never holds an object: handbook.pages.own reads each `{{ name("id", ...) }}` call itself, with
string arguments only, checks every argument against the ids of the page's audience (ARGUMENTS), and
calls the Python function here with the page's context. What comes back is Markdown text. There is no
template engine between a page and these functions, so there is nothing a page can walk from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..edition import Edition
from . import about, home, partners, process, training
from .context import Context
from .markdown import render


@dataclass(frozen=True)
class Argument:
    """What one argument of a macro names: its noun in messages and the ids an audience's edition has."""

    noun: str
    ids: Callable[[Edition], list[str]]


PARTNER = Argument("partner", lambda e: [p.id for p in e.partners])
CATEGORY = Argument("case category", lambda e: [c.id for c in e.process.categories])
MODULE = Argument("training module", lambda e: [x.id for x in e.modules])
POLICY = Argument("policy", lambda e: [p.id for p in e.policies])
KIND = Argument("partner directory", lambda e: ["internal", "external"])


@dataclass(frozen=True)
class Macro:
    function: Callable[..., str]  # (ctx, *ids) -> Markdown
    arguments: tuple[Argument, ...]  # what each string argument names, checked before the call
    description: str


def partner_card(ctx: Context, partner_id: str) -> str:
    """One partner's contact card, e.g. {{ partner_card("land-bank") }}."""
    return render("pages/partner_card.md.j2", p=ctx.edition.partner(partner_id))


def response_target(ctx: Context, category_id: str) -> str:
    """How fast we respond to one case category, e.g. {{ response_target("unsafe-structure") }}."""
    category = next(c for c in ctx.edition.process.categories if c.id == category_id)
    return render("pages/response_target.md.j2", c=category)


MACROS: dict[str, Macro] = {
    "home_page": Macro(home.home_page, (), "the home page: who we are, how to reach us, the map of the site"),
    "curriculum_page": Macro(
        lambda ctx: training.curriculum_page(ctx.edition),
        (),
        "the training curriculum: every module with its session lengths",
    ),
    "module_page": Macro(training.module_page, (MODULE,), 'one training module\'s page, e.g. module_page("purpose")'),
    "partners_page": Macro(
        partners.partners_section,
        (KIND,),
        'one partner directory: partners_page("internal") or partners_page("external")',
    ),
    "situations_page": Macro(partners.situations_section, (), "which partner to call for which situation"),
    "programs_page": Macro(partners.programs_section, (), "the repair and assistance programs for owners"),
    "complaint_guide": Macro(
        lambda ctx: process.complaint_guide(ctx.edition),
        (),
        "how a complaint becomes a case: categories, targets and steps",
    ),
    "service_standards": Macro(
        lambda ctx: process.standards_page(ctx.edition), (), "the service standards with their measurable targets"
    ),
    "staff_expectations": Macro(
        lambda ctx: process.expectations_page(ctx.edition),
        (),
        "what every inspector does on every case (staff site only)",
    ),
    "help_page": Macro(
        lambda ctx: process.help_page(ctx.edition), (), "programs and partners that help owners, with their contacts"
    ),
    "policy_page": Macro(
        lambda ctx, policy_id: process.policy_page(ctx.edition, policy_id),
        (POLICY,),
        'one adopted policy, e.g. policy_page("proactive-enforcement")',
    ),
    "agendas_page": Macro(lambda ctx: training.agendas_page(ctx.edition), (), "every session agenda with clock times"),
    "data_page": Macro(
        lambda ctx: about.data_page(ctx.edition), (), "what the data holds and when each part was last verified"
    ),
    "partner_card": Macro(partner_card, (PARTNER,), 'one partner\'s contact card, e.g. partner_card("land-bank")'),
    "response_target": Macro(
        response_target,
        (CATEGORY,),
        'how fast we respond to one case category, e.g. response_target("unsafe-structure")',
    ),
}
