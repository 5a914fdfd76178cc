"""The macros a department's own page may call (`render_macros: true`): each renders one part of the
handbook for the page's audience. This table is the whole list; the sandbox offers nothing else, and
the mkdocs-macros module registers the same functions by name."""
from __future__ import annotations

from collections.abc import Callable

from . import about, home, partners, process, training
from .context import Context
from .markdown import render


def partner_card(ctx: Context, partner_id: str) -> str:
    """One partner's contact card, e.g. {{ partner_card("land-bank") }}."""
    partner = ctx.edition.partner(partner_id)
    return render("pages/partner_card.md.j2", p=partner)


def response_target(ctx: Context, category_id: str) -> str:
    """How fast we respond to one case category, e.g. {{ response_target("unsafe-structure") }}."""
    for category in ctx.edition.process.categories:
        if category.id == category_id:
            return render("pages/response_target.md.j2", c=category)
    raise KeyError(f"no case category with the id '{category_id}'")


MACROS: dict[str, Callable[..., str]] = {
    "home_page": home.home_page,
    "curriculum_page": lambda ctx: training.curriculum_page(ctx.edition),
    "module_page": training.module_page,
    "partners_page": partners.partners_section,
    "situations_page": partners.situations_section,
    "programs_page": partners.programs_section,
    "complaint_guide": lambda ctx: process.complaint_guide(ctx.edition),
    "service_standards": lambda ctx: process.standards_page(ctx.edition),
    "staff_expectations": lambda ctx: process.expectations_page(ctx.edition),
    "help_page": lambda ctx: process.help_page(ctx.edition),
    "policy_page": lambda ctx, policy_id: process.policy_page(ctx.edition, policy_id),
    "agendas_page": lambda ctx: training.agendas_page(ctx.edition),
    "data_page": lambda ctx: about.data_page(ctx.edition),
    "partner_card": partner_card,
    "response_target": response_target,
}

DESCRIPTIONS: dict[str, str] = {
    "home_page": "the home page: who we are, how to reach us, the map of the site",
    "curriculum_page": "the training curriculum: every module with its session lengths",
    "module_page": 'one training module\'s page, e.g. module_page("purpose")',
    "partners_page": 'one partner directory: partners_page("internal") or partners_page("external")',
    "situations_page": "which partner to call for which situation",
    "programs_page": "the repair and assistance programs for owners",
    "complaint_guide": "how a complaint becomes a case: categories, targets and steps",
    "service_standards": "the service standards with their measurable targets",
    "staff_expectations": "what every inspector does on every case (staff site only)",
    "help_page": "programs and partners that help owners, with their contacts",
    "policy_page": 'one adopted policy, e.g. policy_page("proactive-enforcement")',
    "agendas_page": "every session agenda with clock times",
    "data_page": "what the data holds and when each part was last verified",
    "partner_card": 'one partner\'s contact card, e.g. partner_card("land-bank")',
    "response_target": 'how fast we respond to one case category, e.g. response_target("unsafe-structure")',
}
