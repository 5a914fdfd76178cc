"""The case process guide, service standards, staff expectations, help and policy pages.

Pure functions of an edition that return Markdown. Each page shows whatever the edition it is
given holds: the public edition (handbook.view.for_audience) has no staff-only items or
fields, so these pages never decide by themselves what the public may see.
"""

from __future__ import annotations

from ..edition import Edition
from ..edition import models as m
from . import downloads
from .context import Context
from .markdown import render


def complaint_section(ctx: Context) -> str:
    """How we handle a complaint, with the printable guide for this audience."""
    links = downloads.links(ctx, downloads.process_guide(ctx.edition, ctx.audience))
    return "# How we handle a complaint\n\n" + (links + "\n\n" if links else "") + complaint_guide(ctx.edition)


def complaint_guide(edition: Edition) -> str:
    """How a complaint becomes a case: categories with targets, the steps, disagreements."""
    return render(
        "pages/complaints.md.j2", p=edition.process, contact=edition.jurisdiction.public_contact, j=edition.jurisdiction
    )


def standards_page(edition: Edition) -> str:
    """The service standards with their measurable targets."""
    return render("pages/standards.md.j2", p=edition.process)


def expectations_page(edition: Edition) -> str:
    """What every inspector does on every case (staff only: the public edition has none)."""
    return render("pages/staff-expectations.md.j2", p=edition.process)


def help_page(edition: Edition) -> str:
    """Programs that help owners pay for repairs, and the partners that can help, with contacts."""
    names = {partner.id: partner.name for partner in edition.partners}
    return render("pages/help.md.j2", programs=edition.programs, partners=edition.partners, provider=names)


def help_section(ctx: Context) -> str:
    """Where to get help, with the one-page repair sheet to print or hand on when the edition has one."""
    links = downloads.links(ctx, downloads.repair_sheet(ctx.edition))
    return "# Where to get help\n\n" + (links + "\n\n" if links else "") + help_page(ctx.edition)


def policy_page(edition: Edition, policy_id: str) -> str:
    """One adopted policy: objectives, measurable commitments, reporting."""
    return render("pages/policy.md.j2", policy=edition.policy(policy_id), cadence_words=m.cadence_words)
